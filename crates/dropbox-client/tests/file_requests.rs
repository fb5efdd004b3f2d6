//! `file_requests/*` through the client against the emulator.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::routes::file_requests;
use dropbox_client::types::file_requests::{
    CreateFileRequestArgs, FileRequestDeadline, FileRequestError, GracePeriod,
    UpdateFileRequestArgs, UpdateFileRequestDeadline,
};
use dropbox_client::{Client, Error};
use dropbox_emulator::{AccountType, Emulator, EmulatorHandle, Fault, Seed};
use futures_util::TryStreamExt;

async fn signed_in(account_type: AccountType) -> (EmulatorHandle, Client) {
    let builder = Emulator::builder().seed(Seed::Demo);
    common::signed_in(builder.account_type(account_type)).await
}

fn homework(title: &str, deadline: Option<&str>) -> CreateFileRequestArgs {
    CreateFileRequestArgs {
        title: title.into(),
        destination: format!("/Courses/CS101/{title}"),
        deadline: deadline.map(|at| FileRequestDeadline {
            deadline: at.into(),
            allow_late_uploads: Some(GracePeriod::TwoDays),
        }),
        open: true,
        description: Some("One PDF".into()),
    }
}

#[tokio::test]
async fn create_update_close_and_delete_a_request() {
    let (_emulator, client) = signed_in(AccountType::Pro).await;
    let created = file_requests::create(
        &client,
        &homework("Homework 5", Some("2030-03-21T16:00:00Z")),
    )
    .await
    .unwrap();
    assert_eq!(
        created.destination.as_deref(),
        Some("/Courses/CS101/Homework 5")
    );
    assert_eq!(
        created.deadline.as_ref().unwrap().allow_late_uploads,
        Some(GracePeriod::TwoDays)
    );
    assert_eq!(
        file_requests::get(&client, &created.id).await.unwrap(),
        created
    );

    let cleared = file_requests::update(
        &client,
        &UpdateFileRequestArgs {
            id: created.id.clone(),
            title: Some("Homework 5 — Graphs".into()),
            deadline: UpdateFileRequestDeadline::Update(None),
            ..UpdateFileRequestArgs::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(cleared.title, "Homework 5 — Graphs");
    assert!(cleared.deadline.is_none());

    let open = file_requests::delete(&client, std::slice::from_ref(&created.id))
        .await
        .unwrap_err();
    assert!(
        matches!(open, Error::Route(FileRequestError::FileRequestOpen)),
        "{open:?}"
    );
    file_requests::update(
        &client,
        &UpdateFileRequestArgs {
            id: created.id.clone(),
            open: Some(false),
            ..UpdateFileRequestArgs::default()
        },
    )
    .await
    .unwrap();
    let deleted = file_requests::delete(&client, std::slice::from_ref(&created.id))
        .await
        .unwrap();
    assert_eq!(deleted.file_requests[0].id, created.id);
    let gone = file_requests::get(&client, &created.id).await.unwrap_err();
    assert!(
        matches!(gone, Error::Route(FileRequestError::NotFound)),
        "{gone:?}"
    );
    // The demo's closed Homework 1 is swept with delete_all_closed.
    assert_eq!(
        file_requests::delete_all_closed(&client)
            .await
            .unwrap()
            .file_requests
            .len(),
        1
    );
}

#[tokio::test]
async fn list_all_streams_every_request_across_pages() {
    let (_emulator, client) = signed_in(AccountType::Pro).await;
    for n in 0..3 {
        file_requests::create(&client, &homework(&format!("Extra {n}"), None))
            .await
            .unwrap();
    }
    let all: Vec<_> = file_requests::list_all(&client, 2)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 7);
    assert_eq!(
        file_requests::count(&client)
            .await
            .unwrap()
            .file_request_count,
        7
    );
    let titles: Vec<&str> = all.iter().map(|r| r.title.as_str()).collect();
    assert_eq!(titles[0], "Homework 1 — Arrays");
    assert_eq!(titles[6], "Extra 2");
    let bad = file_requests::list_continue(&client, "not-a-cursor")
        .await
        .unwrap_err();
    assert!(
        matches!(bad, Error::Route(FileRequestError::InvalidCursor)),
        "{bad:?}"
    );
}

#[tokio::test]
async fn a_basic_account_cannot_set_a_deadline() {
    let (_emulator, client) = signed_in(AccountType::Basic).await;
    let refused = file_requests::create(&client, &homework("HW", Some("2030-01-01T00:00:00Z")))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, Error::Route(FileRequestError::ValidationError)),
        "{refused:?}"
    );
    assert!(
        file_requests::create(&client, &homework("HW", None))
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn create_many_keeps_order_and_never_replays_a_failed_create() {
    let (emulator, client) = signed_in(AccountType::Pro).await;
    let before = file_requests::count(&client)
        .await
        .unwrap()
        .file_request_count;
    let args: Vec<_> = (0..12)
        .map(|n| homework(&format!("Lab {n:02}"), None))
        .collect();
    // One create meets a 503 (not replayed), another a 429 (waited out, then sent again).
    let control = emulator.control();
    control
        .inject_fault("file_requests/create", 1, Fault::Status(503))
        .await
        .unwrap();
    control
        .inject_fault(
            "file_requests/create",
            1,
            Fault::RateLimit {
                retry_after_secs: 1,
            },
        )
        .await
        .unwrap();

    let results = file_requests::create_many(&client, &args, 4).await;

    assert_eq!(results.len(), 12);
    let failed: Vec<_> = results.iter().filter(|r| r.is_err()).collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(matches!(failed[0], Err(Error::Server { status: 503, .. })));
    for (arg, result) in args.iter().zip(&results) {
        if let Ok(request) = result {
            assert_eq!(request.title, arg.title, "answers come in the order asked");
        }
    }
    let after = file_requests::count(&client)
        .await
        .unwrap()
        .file_request_count;
    assert_eq!(after - before, 11, "no create was made twice");
    let calls = control.stats().await.unwrap().calls["file_requests/create"];
    assert_eq!(calls, 13, "twelve creates and one resend after the 429");
}
