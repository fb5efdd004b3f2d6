//! `sharing/*`: shared links.

use crate::client::Client;
use crate::error::Error;
use crate::retry::Replay;
use crate::types::sharing::{
    CreateSharedLinkWithSettingsArg, CreateSharedLinkWithSettingsError, ListSharedLinksError,
    ListSharedLinksResult, SharedLinkAlreadyExistsMetadata, SharedLinkMetadata,
};
use crate::wire::rpc;

pub async fn create_shared_link_with_settings(
    client: &Client,
    arg: &CreateSharedLinkWithSettingsArg,
) -> Result<SharedLinkMetadata, Error<CreateSharedLinkWithSettingsError>> {
    // Creating a link twice gives the same link, so a replay is harmless.
    rpc(
        client,
        "sharing/create_shared_link_with_settings",
        arg,
        Replay::Safe,
    )
    .await
}

/// Links to `path` itself (not to folders above it).
pub async fn list_direct_links(
    client: &Client,
    path: &str,
) -> Result<ListSharedLinksResult, Error<ListSharedLinksError>> {
    rpc(
        client,
        "sharing/list_shared_links",
        &serde_json::json!({ "path": path, "direct_only": true }),
        Replay::Safe,
    )
    .await
}

/// The link to `path`: a new one, or the existing one when Dropbox says it already exists
/// (from the error's metadata, else by listing the path's links).
pub async fn get_or_create_link(
    client: &Client,
    path: &str,
) -> Result<SharedLinkMetadata, Error<CreateSharedLinkWithSettingsError>> {
    let arg = CreateSharedLinkWithSettingsArg {
        path: path.to_owned(),
        settings: None,
    };
    match create_shared_link_with_settings(client, &arg).await {
        Err(Error::Route(CreateSharedLinkWithSettingsError::SharedLinkAlreadyExists {
            shared_link_already_exists: Some(SharedLinkAlreadyExistsMetadata::Metadata { metadata }),
        })) => Ok(metadata),
        Err(Error::Route(
            error @ CreateSharedLinkWithSettingsError::SharedLinkAlreadyExists { .. },
        )) => {
            let listed = list_direct_links(client, path)
                .await
                .map_err(|_| Error::Route(error.clone()))?;
            listed.links.into_iter().next().ok_or(Error::Route(error))
        }
        other => other,
    }
}
