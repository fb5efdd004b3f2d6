//! A team member's client: home-relative by default, the team space through
//! `Dropbox-API-Path-Root`, and the 422 answers when the root is wrong.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::routes::{file_requests, files, users};
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::types::files::{ListFolderArg, Metadata};
use dropbox_client::types::users::RootInfo;
use dropbox_client::{AccessToken, Client, Error, Hosts, PathRoot, PathRootError};
use dropbox_emulator::{AccountType, Emulator, EmulatorHandle, Seed};
use futures_util::TryStreamExt;

async fn member() -> (EmulatorHandle, Client) {
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .account_type(AccountType::Business)
        .spawn()
        .await
        .unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    (
        emulator,
        Client::new(hosts, AccessToken::new(token.access_token)),
    )
}

async fn names(client: &Client, path: &str) -> Vec<String> {
    let entries: Vec<Metadata> = files::list_folder_all(client, &ListFolderArg::new(path))
        .try_collect()
        .await
        .unwrap();
    let mut names: Vec<String> = entries
        .iter()
        .map(|e| match e {
            Metadata::File(f) => f.name.clone(),
            Metadata::Folder(f) => f.name.clone(),
            Metadata::Deleted(d) => d.name.clone(),
        })
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_account_root_reaches_team_folders_and_a_request_can_collect_into_one() {
    let (_emulator, home) = member().await;
    let account = users::get_current_account(&home).await.unwrap();
    assert!(matches!(account.root_info, RootInfo::Team { .. }));
    let root = PathRoot::for_account(&account.root_info);
    assert!(root.is_some());
    let team = home.clone().with_path_root(root);

    assert_eq!(names(&home, "").await, ["Courses", "Notes"]);
    assert_eq!(names(&team, "").await, ["Ada Lovelace", "CS Department"]);

    let request = file_requests::create(
        &team,
        &CreateFileRequestArgs {
            title: "Department survey".into(),
            destination: "/CS Department/Survey".into(),
            deadline: None,
            open: true,
            description: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        request.destination.as_deref(),
        Some("/CS Department/Survey")
    );
    let again = file_requests::get(&team, &request.id).await.unwrap();
    assert_eq!(again.destination, request.destination);
}

#[tokio::test]
async fn a_wrong_root_is_refused_with_the_right_one_and_an_unreachable_namespace_without() {
    let (_emulator, home) = member().await;
    let account = users::get_current_account(&home).await.unwrap();

    let stale = home.clone().with_path_root(Some(PathRoot::Root {
        root: "999999".into(),
    }));
    let err = files::list_folder(&stale, &ListFolderArg::new(""))
        .await
        .unwrap_err();
    match err {
        Error::PathRoot(PathRootError::InvalidRoot { invalid_root }) => {
            assert_eq!(invalid_root, account.root_info);
        }
        other => panic!("expected invalid_root, got {other:?}"),
    }

    let elsewhere = home.clone().with_path_root(Some(PathRoot::NamespaceId {
        namespace_id: "999999".into(),
    }));
    let err = files::get_metadata(&elsewhere, "/Courses")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::PathRoot(PathRootError::NoPermission)),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_personal_account_sends_no_path_root_and_behaves_as_before() {
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    let account = users::get_current_account(&client).await.unwrap();
    let root = PathRoot::for_account(&account.root_info);
    assert_eq!(root, None);
    let same = client.clone().with_path_root(root);
    assert_eq!(names(&same, "").await, names(&client, "").await);
}
