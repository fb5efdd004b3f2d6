//! The client against the real emulator over HTTP.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::routes::users;
use dropbox_client::types::users::AccountType;
use dropbox_client::{AccessToken, AuthError, Client, Error, Hosts};
use dropbox_emulator::{Emulator, Seed};

fn hosts_for(emulator: &dropbox_emulator::EmulatorHandle) -> Hosts {
    Hosts::single_origin(&emulator.base_url().parse().expect("a URL"))
}

#[tokio::test]
async fn get_current_account_returns_the_signed_in_professor() {
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let client = Client::new(hosts_for(&emulator), AccessToken::new(token.access_token));

    let account = users::get_current_account(&client).await.unwrap();

    assert_eq!(account.name.display_name, "Ada Lovelace");
    assert_eq!(account.account_type, AccountType::Pro);
    assert_eq!(account.account_id, token.account_id);
}

#[tokio::test]
async fn an_unknown_token_is_an_auth_error() {
    let emulator = Emulator::builder().spawn().await.unwrap();
    let client = Client::new(hosts_for(&emulator), AccessToken::new("sl.NeverIssued"));

    let err = users::get_current_account(&client).await.unwrap_err();

    assert!(
        matches!(err, Error::Auth(AuthError::InvalidAccessToken)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_stopped_server_is_a_transport_error() {
    let emulator = Emulator::builder().spawn().await.unwrap();
    let hosts = hosts_for(&emulator);
    emulator.shutdown().await;
    let client = Client::new(hosts, AccessToken::new("sl.Any"))
        .with_retry_policy(dropbox_client::RetryPolicy::never());

    let err = users::get_current_account(&client).await.unwrap_err();

    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

#[tokio::test]
async fn features_say_whether_paper_docs_are_files() {
    use dropbox_client::types::users::{FeatureFlag, UserFeature, UserFeatureValue};
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let client = Client::new(hosts_for(&emulator), AccessToken::new(token.access_token));

    let values = users::features_get_values(
        &client,
        &[UserFeature::PaperAsFiles, UserFeature::FileLocking],
    )
    .await
    .unwrap();

    assert_eq!(
        values,
        [
            UserFeatureValue::PaperAsFiles {
                paper_as_files: FeatureFlag::Enabled { enabled: true }
            },
            UserFeatureValue::FileLocking {
                file_locking: FeatureFlag::Enabled { enabled: false }
            },
        ]
    );
    let empty = users::features_get_values(&client, &[]).await.unwrap_err();
    assert!(matches!(empty, Error::Route(_)), "{empty:?}");
}
