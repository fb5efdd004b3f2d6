//! Shared links and sign-out through the client against the emulator.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::routes::{auth, sharing, users};
use dropbox_client::types::sharing::{
    CreateSharedLinkWithSettingsArg, CreateSharedLinkWithSettingsError, SharedLinkSettings,
};
use dropbox_client::{AuthError, Client, Error};
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};

async fn signed_in() -> (EmulatorHandle, Client) {
    common::signed_in(Emulator::builder().seed(Seed::Demo)).await
}

#[tokio::test]
async fn get_or_create_reuses_an_existing_link_and_makes_a_new_one_otherwise() {
    let (_emulator, client) = signed_in().await;
    let existing = sharing::list_direct_links(&client, "/Courses/CS101/Syllabus.pdf")
        .await
        .unwrap();
    assert_eq!(existing.links.len(), 1);

    let reused = sharing::get_or_create_link(&client, "/Courses/CS101/Syllabus.pdf")
        .await
        .unwrap();
    assert_eq!(reused.url, existing.links[0].url);
    assert_eq!(reused.kind, "file");

    let fresh = sharing::get_or_create_link(&client, "/Notes")
        .await
        .unwrap();
    assert_eq!(fresh.kind, "folder");
    assert_eq!(
        sharing::get_or_create_link(&client, "/Notes")
            .await
            .unwrap()
            .url,
        fresh.url
    );

    // With settings the error carries no metadata; the link is found by listing.
    let with_settings = sharing::create_shared_link_with_settings(
        &client,
        &CreateSharedLinkWithSettingsArg {
            path: "/Notes".into(),
            settings: Some(SharedLinkSettings { expires: None }),
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            with_settings,
            Error::Route(CreateSharedLinkWithSettingsError::SharedLinkAlreadyExists { .. })
        ),
        "{with_settings:?}"
    );
}

#[tokio::test]
async fn revoking_signs_the_token_out() {
    let (_emulator, client) = signed_in().await;
    users::get_current_account(&client).await.unwrap();
    auth::token_revoke(&client).await.unwrap();
    let after = users::get_current_account(&client).await.unwrap_err();
    assert!(
        matches!(after, Error::Auth(AuthError::InvalidAccessToken)),
        "{after:?}"
    );
}
