//! Whether this account's Paper docs are files the API can reach (`paper_as_files`).

use dropbox_client::Client;
use dropbox_client::routes::users;
use dropbox_client::types::users::{FeatureFlag, UserFeature, UserFeatureValue};
use serde::Serialize;
use ts_rs::TS;

use crate::error::CoreError;

/// Whether this account's Paper docs are files the API can reach.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PaperAvailability {
    pub available: bool,
    /// Why not, in words for the user.
    pub reason: Option<String>,
}

/// Checks `users/features/get_values` for `paper_as_files`.
pub async fn availability(client: &Client) -> Result<PaperAvailability, CoreError> {
    let values = users::features_get_values(client, &[UserFeature::PaperAsFiles]).await?;
    let enabled = values.iter().any(|v| {
        matches!(
            v,
            UserFeatureValue::PaperAsFiles {
                paper_as_files: FeatureFlag::Enabled { enabled: true }
            }
        )
    });
    Ok(PaperAvailability {
        available: enabled,
        reason: (!enabled).then(|| {
            "This account's Paper docs aren't stored as files yet, so Dropdesk can't open them. \
             Open them at paper.dropbox.com."
                .to_owned()
        }),
    })
}
