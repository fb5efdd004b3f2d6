//! File request use cases against the emulator: what a professor does every week, and the
//! refusals they can act on.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{AccountType, Emulator, EmulatorHandle, Seed};
use dropdesk_core::ErrorCode;
use dropdesk_core::account::Plan;
use dropdesk_core::requests::deadline::DeadlineInput;
use dropdesk_core::requests::{self, Grace, RequestForm};
use jiff::Timestamp;

async fn signed_in(account_type: AccountType) -> (EmulatorHandle, Client) {
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .account_type(account_type)
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

fn now() -> Timestamp {
    Timestamp::now()
}

fn homework(title: &str, folder: &str) -> RequestForm {
    RequestForm {
        title: title.into(),
        destination: folder.into(),
        description: "One PDF, lastname_hw.pdf".into(),
        deadline: Some(DeadlineInput {
            date: "2099-03-21".into(),
            time: "17:00".into(),
            time_zone: "Europe/Berlin".into(),
        }),
        grace: Grace::TwoDays,
    }
}

#[tokio::test]
async fn create_edit_close_reopen_and_delete_a_request() {
    let (_emulator, client) = signed_in(AccountType::Pro).await;
    let before = requests::list(&client).await.unwrap();
    assert_eq!(before.total as usize, before.requests.len());

    let created = requests::create(
        &client,
        &homework("Homework 4 — Trees", "Courses/CS101/Homework 4"),
        Plan::Pro,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(
        created.destination.as_deref(),
        Some("/Courses/CS101/Homework 4")
    );
    assert_eq!(created.deadline.as_deref(), Some("2099-03-21T16:00:00Z"));
    assert_eq!(created.grace, Grace::TwoDays);
    assert!(created.is_open);

    let listed = requests::list(&client).await.unwrap();
    assert_eq!(listed.total, before.total + 1);
    assert_eq!(listed.requests[0].id, created.id, "newest first");

    let mut edit = homework("Homework 4 — Binary trees", "/Courses/CS101/Homework 4");
    edit.deadline = None;
    edit.description = String::new();
    let edited = requests::update(&client, &created.id, &edit, Plan::Pro, now())
        .await
        .unwrap();
    assert_eq!(edited.title, "Homework 4 — Binary trees");
    assert_eq!(edited.deadline, None, "the deadline was cleared");
    assert_eq!(edited.description, None);

    let refused = requests::delete(&client, &created.id).await.unwrap_err();
    assert_eq!(refused.field(), Some("request"));
    assert!(refused.to_string().contains("Close the request first"));

    let closed = requests::set_open(&client, &created.id, false)
        .await
        .unwrap();
    assert!(!closed.is_open);
    let reopened = requests::set_open(&client, &created.id, true)
        .await
        .unwrap();
    assert!(reopened.is_open);
    requests::set_open(&client, &created.id, false)
        .await
        .unwrap();
    requests::delete(&client, &created.id).await.unwrap();
    let after = requests::list(&client).await.unwrap();
    assert_eq!(after.total, before.total);
}

#[tokio::test]
async fn a_file_as_destination_and_a_basic_accounts_deadline_are_refused_on_their_fields() {
    let (_emulator, client) = signed_in(AccountType::Pro).await;
    let err = requests::create(
        &client,
        &homework("Syllabus quiz", "/Courses/CS101/Syllabus.pdf"),
        Plan::Pro,
        now(),
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("destination"));
    assert_eq!(err.to_string(), "That path is a file. Choose a folder.");

    let (_emulator, basic) = signed_in(AccountType::Basic).await;
    let err = requests::create(&basic, &homework("HW", "/HW"), Plan::Basic, now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert_eq!(err.field(), Some("deadline"));
}

#[tokio::test]
async fn delete_all_closed_says_how_many() {
    let (_emulator, client) = signed_in(AccountType::Pro).await;
    let listed = requests::list(&client).await.unwrap();
    let closed_before = listed.requests.iter().filter(|r| !r.is_open).count();
    let extra = requests::create(&client, &homework("Old lab", "/Old lab"), Plan::Pro, now())
        .await
        .unwrap();
    requests::set_open(&client, &extra.id, false).await.unwrap();

    let deleted = requests::delete_all_closed(&client).await.unwrap();

    assert_eq!(deleted, closed_before + 1);
    let left = requests::list(&client).await.unwrap();
    assert!(left.requests.iter().all(|r| r.is_open));
}
