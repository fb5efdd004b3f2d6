//! A course's requests all at once against the emulator: closed at the end of term, reopened,
//! and the closed ones cleaned up with their files left in the folders.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::routes::files;
use dropbox_client::types::files::ListFolderArg;
use dropbox_emulator::{Emulator, Fault, Seed};
use dropdesk_core::account::Plan;
use dropdesk_core::requests::course_wide;
use dropdesk_core::requests::{self, Grace, RequestForm};

async fn entries(client: &dropbox_client::Client, folder: &str) -> usize {
    files::list_folder(client, &ListFolderArg::new(folder.to_owned()))
        .await
        .unwrap()
        .entries
        .len()
}

#[tokio::test]
async fn a_course_is_closed_reopened_and_cleaned_up_and_other_courses_stay() {
    let (emulator, client) = common::signed_in(Emulator::builder().seed(Seed::Demo)).await;
    // Another course beside the demo's CS101, with a name CS101 is the start of.
    let other = requests::create(
        &client,
        &RequestForm {
            title: "Homework 1".into(),
            destination: "/Courses/CS1010/Homework 1".into(),
            description: String::new(),
            deadline: None,
            grace: Grace::None,
        },
        Plan::Pro,
        jiff::Timestamp::now(),
        None,
    )
    .await
    .unwrap();
    let before = requests::list(&client).await.unwrap();
    let course = course_wide::count(&before, "/Courses/CS101");
    assert_eq!(course.open + course.closed, 4);
    assert!(course.open >= 2 && course.closed >= 1, "{course:?}");
    assert_eq!(course.account_total, before.total);

    let closed = course_wide::set_open_all(&client, "/courses/cs101", false)
        .await
        .unwrap();
    assert_eq!((closed.changed, closed.failed.len()), (course.open, 0));
    let list = requests::list(&client).await.unwrap();
    let after = course_wide::count(&list, "/Courses/CS101");
    assert_eq!((after.open, after.closed), (0, 4));
    let files_in_course: i64 = before
        .requests
        .iter()
        .filter(|r| {
            r.destination
                .as_deref()
                .is_some_and(|d| d.starts_with("/Courses/CS101/"))
        })
        .map(|r| r.file_count)
        .sum();
    assert!(files_in_course > 0);
    assert_eq!(after.closed_files, files_in_course);
    assert!(
        list.requests
            .iter()
            .any(|r| r.id == other.request.id && r.is_open),
        "another course's request stays open"
    );

    // One reopen refused (a 400, which is not retried) is named; the others reopen.
    emulator
        .control()
        .inject_fault("file_requests/update", 1, Fault::Status(400))
        .await
        .unwrap();
    let reopened = course_wide::set_open_all(&client, "/Courses/CS101", true)
        .await
        .unwrap();
    assert_eq!(reopened.changed + reopened.failed.len() as u32, 4);
    assert_eq!(reopened.failed.len(), 1, "{reopened:?}");
    assert!(!reopened.failed[0].reason.is_empty());
    let again = course_wide::set_open_all(&client, "/Courses/CS101", true)
        .await
        .unwrap();
    assert_eq!(
        (again.changed, again.failed.len()),
        (1, 0),
        "only the one left"
    );

    // Clean up: close two, delete the closed; their folders keep their files.
    let homework: Vec<_> = requests::list(&client)
        .await
        .unwrap()
        .requests
        .into_iter()
        .filter(|r| {
            r.destination
                .as_deref()
                .is_some_and(|d| d.starts_with("/Courses/CS101/"))
        })
        .take(2)
        .collect();
    for request in &homework {
        requests::set_open(&client, &request.id, false)
            .await
            .unwrap();
    }
    let folder = homework[0].destination.clone().unwrap();
    let files_before = entries(&client, &folder).await;
    let cleaned = course_wide::delete_closed(&client, "/Courses/CS101")
        .await
        .unwrap();
    assert_eq!(cleaned.changed, 2);
    let left = requests::list(&client).await.unwrap();
    assert_eq!(left.total, before.total - 2);
    assert_eq!(cleaned.account_total, left.total);
    assert!(
        left.requests
            .iter()
            .all(|r| !homework.iter().any(|h| h.id == r.id))
    );
    assert_eq!(
        entries(&client, &folder).await,
        files_before,
        "the files stay"
    );
}
