//! File request use cases against the emulator: what a professor does every week, and the
//! refusals they can act on.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{AccountType, Emulator, EmulatorHandle, Fault, Seed};
use dropdesk_core::ErrorCode;
use dropdesk_core::account::Plan;
use dropdesk_core::requests::deadline::DeadlineInput;
use dropdesk_core::requests::{self, Grace, RequestForm};
use jiff::Timestamp;

async fn signed_in(account_type: AccountType) -> (EmulatorHandle, Client) {
    let builder = Emulator::builder().seed(Seed::Demo);
    common::signed_in(builder.account_type(account_type)).await
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
        None,
    )
    .await
    .unwrap()
    .request;
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
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(err.field(), Some("destination"));
    assert_eq!(err.to_string(), "That path is a file. Choose a folder.");

    let (_emulator, basic) = signed_in(AccountType::Basic).await;
    let err = requests::create(&basic, &homework("HW", "/HW"), Plan::Basic, now(), None)
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
    let extra = requests::create(
        &client,
        &homework("Old lab", "/Old lab"),
        Plan::Pro,
        now(),
        None,
    )
    .await
    .unwrap()
    .request;
    requests::set_open(&client, &extra.id, false).await.unwrap();

    let deleted = requests::delete_all_closed(&client).await.unwrap();

    assert_eq!(deleted, closed_before + 1);
    let left = requests::list(&client).await.unwrap();
    assert!(left.requests.iter().all(|r| r.is_open));
}

#[tokio::test]
async fn submissions_carry_late_flags_and_new_uploads_arrive_as_changes() {
    use dropbox_client::routes::files;
    use dropbox_client::types::files::UploadArg;
    use dropdesk_core::requests::submissions;

    let (emulator, client) = signed_in(AccountType::Pro).await;
    let listed = requests::list(&client).await.unwrap();
    let hw2 = listed
        .requests
        .iter()
        .find(|r| r.title.starts_with("Homework 2"))
        .unwrap();

    let now = submissions::list(&client, &hw2.id).await.unwrap();
    assert_eq!(now.files.len() as i64, hw2.file_count);
    assert_eq!(
        now.files.iter().filter(|f| f.late).count(),
        3,
        "the seed's late ones"
    );
    assert!(
        now.files.windows(2).all(|w| w[0].uploaded >= w[1].uploaded),
        "newest first"
    );

    // A student uploads now, two days after the deadline (inside the grace period).
    let folder = hw2.destination.clone().unwrap();
    let waiting = {
        let (client, id, cursor) = (client.clone(), hw2.id.clone(), now.cursor.clone());
        tokio::spawn(async move { submissions::changes(&client, &id, &cursor).await })
    };
    files::upload(
        &client,
        &UploadArg::new(format!("{folder}/linus_hw2.pdf")),
        b"%PDF".to_vec(),
    )
    .await
    .unwrap();
    let changes = waiting.await.unwrap().unwrap();
    assert!(!changes.reset);
    assert_eq!(changes.files.len(), 1);
    assert_eq!(changes.files[0].name, "linus_hw2.pdf");
    assert!(changes.files[0].late, "uploaded after the deadline");

    // A request due in six days: an upload now is on time.
    use dropbox_client::types::file_requests::{
        CreateFileRequestArgs, FileRequestDeadline, GracePeriod,
    };
    let due = Timestamp::now() + jiff::SignedDuration::from_hours(6 * 24);
    let hw3 = dropbox_client::routes::file_requests::create(
        &client,
        &CreateFileRequestArgs {
            title: "Homework 4 — Trees".into(),
            destination: "/Courses/CS101/Homework 4".into(),
            deadline: Some(FileRequestDeadline {
                deadline: due.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                allow_late_uploads: Some(GracePeriod::TwoDays),
            }),
            open: true,
            description: None,
        },
    )
    .await
    .unwrap();
    let before = submissions::list(&client, &hw3.id).await.unwrap();
    files::upload(
        &client,
        &UploadArg::new(format!("{}/ada_hw3.pdf", hw3.destination.clone().unwrap())),
        b"%PDF".to_vec(),
    )
    .await
    .unwrap();
    let changes = submissions::changes(&client, &hw3.id, &before.cursor)
        .await
        .unwrap();
    assert!(!changes.files[0].late);

    // Past the deadline on Dropbox's clock, the next upload is late.
    emulator
        .control()
        .advance_clock(std::time::Duration::from_secs(7 * 86_400))
        .await
        .unwrap();
    // A week later the old access token has expired: sign in again.
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    files::upload(
        &client,
        &UploadArg::new(format!(
            "{}/grace_hw3.pdf",
            hw3.destination.clone().unwrap()
        )),
        b"%PDF".to_vec(),
    )
    .await
    .unwrap();
    let changes = submissions::changes(&client, &hw3.id, &changes.cursor)
        .await
        .unwrap();
    assert_eq!(changes.files[0].name, "grace_hw3.pdf");
    assert!(changes.files[0].late);
}

#[tokio::test]
async fn late_counts_cover_requests_past_their_deadline() {
    use dropdesk_core::requests::submissions;

    let (_emulator, client) = signed_in(AccountType::Pro).await;
    let listed = requests::list(&client).await.unwrap();
    // What the list asks for: requests past their deadline that have files.
    let due: Vec<String> = listed
        .requests
        .iter()
        .filter(|r| r.file_count > 0)
        .filter(|r| {
            r.deadline
                .as_deref()
                .and_then(|d| d.parse::<Timestamp>().ok())
                .is_some_and(|d| d < now())
        })
        .map(|r| r.id.clone())
        .collect();
    let mut counts = submissions::late_counts(&client, &due).await.unwrap();
    counts.sort_by(|a, b| a.id.cmp(&b.id));
    let title = |id: &str| {
        listed
            .requests
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .title
            .clone()
    };
    let mut named: Vec<(String, u32)> = counts.iter().map(|c| (title(&c.id), c.late)).collect();
    named.sort();
    assert_eq!(
        named,
        [
            ("Homework 1 — Arrays".to_owned(), 2),
            ("Homework 2 — Recursion".to_owned(), 3),
            ("Homework 3 — Linked lists".to_owned(), 3)
        ],
        "the requests whose deadline passed, with the seed's late uploads"
    );
    let err = submissions::late_counts(&client, &[String::new()])
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("ids"));
}

#[tokio::test]
async fn a_folder_share_link_is_made_once_and_reused() {
    use dropdesk_core::links::share_link;

    let (emulator, client) = signed_in(AccountType::Pro).await;
    let before = emulator.control().state().await.unwrap()["shared_links"]
        .as_u64()
        .unwrap();
    let first = share_link(&client, "/Courses/CS101/Homework 2")
        .await
        .unwrap();
    let again = share_link(&client, "/Courses/CS101/Homework 2")
        .await
        .unwrap();
    assert_eq!(first, again, "the existing link is reused");
    let after = emulator.control().state().await.unwrap()["shared_links"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);
    let err = share_link(&client, "Homework 2").await.unwrap_err();
    assert_eq!(err.field(), Some("path"));
}

#[tokio::test]
async fn the_folder_browser_lists_subfolders_by_name_and_names_the_field_on_errors() {
    let (_emulator, client) = signed_in(AccountType::Pro).await;
    let top =
        dropdesk_core::folders::subfolders(&client, &dropdesk_core::space::Space::Personal, "/")
            .await
            .unwrap();
    let names: Vec<&str> = top.folders.iter().map(|f| f.name.as_str()).collect();
    assert!(
        names.contains(&"Courses") && names.contains(&"Notes"),
        "{names:?}"
    );

    let course = dropdesk_core::folders::subfolders(
        &client,
        &dropdesk_core::space::Space::Personal,
        "/Courses/CS101/",
    )
    .await
    .unwrap();
    assert!(!course.missing);
    let paths: Vec<&str> = course.folders.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/Courses/CS101/Homework 1",
            "/Courses/CS101/Homework 2",
            "/Courses/CS101/Homework 3",
            "/Courses/CS101/Reflections"
        ],
        "files (Syllabus.pdf) are not folders"
    );

    let missing = dropdesk_core::folders::subfolders(
        &client,
        &dropdesk_core::space::Space::Personal,
        "/Courses/CS999",
    )
    .await
    .unwrap();
    assert!(
        missing.missing && missing.folders.is_empty(),
        "a folder to be created is not an error: {missing:?}"
    );
    let file = dropdesk_core::folders::subfolders(
        &client,
        &dropdesk_core::space::Space::Personal,
        "/Courses/CS101/Syllabus.pdf",
    )
    .await
    .unwrap_err();
    assert!(file.to_string().contains("is a file"), "{file}");
    let relative = dropdesk_core::folders::subfolders(
        &client,
        &dropdesk_core::space::Space::Personal,
        "Courses",
    )
    .await
    .unwrap_err();
    assert_eq!(relative.field(), Some("destination"));
}

#[tokio::test]
async fn submissions_arrive_page_by_page_from_the_folder_the_request_really_uses() {
    use dropbox_client::routes::files;
    use dropbox_client::types::files::UploadArg;
    use dropdesk_core::requests::submissions;

    let (emulator, client) = signed_in(AccountType::Pro).await;
    let hw2 = requests::list(&client)
        .await
        .unwrap()
        .requests
        .into_iter()
        .find(|r| r.title.starts_with("Homework 2"))
        .unwrap();
    let folder = hw2.destination.clone().unwrap();
    let whole = submissions::list(&client, &hw2.id).await.unwrap();

    let calls = |route: &'static str| {
        let control = emulator.control();
        async move {
            control
                .stats()
                .await
                .unwrap()
                .calls
                .get(route)
                .copied()
                .unwrap_or(0)
        }
    };
    let (gets, lists) = (
        calls("file_requests/get").await,
        calls("files/list_folder").await,
    );
    let mut pages: Vec<Vec<submissions::Submission>> = Vec::new();
    let cursor = submissions::list_pages(&client, &hw2.id, Some(&folder), |p| pages.push(p))
        .await
        .unwrap();
    assert_eq!(calls("file_requests/get").await, gets + 1);
    assert_eq!(
        calls("files/list_folder").await,
        lists + 1,
        "the folder was listed once"
    );
    let mut flat: Vec<_> = pages.concat();
    flat.sort_by(|a, b| b.uploaded.cmp(&a.uploaded).then(a.name.cmp(&b.name)));
    assert_eq!(
        flat, whole.files,
        "same files and late flags as the whole list"
    );
    assert!(!cursor.is_empty());

    // A stale folder (the request moved on another device): the real one is listed.
    files::upload(
        &client,
        &UploadArg::new("/Elsewhere/stray.pdf"),
        b"%PDF".to_vec(),
    )
    .await
    .unwrap();
    let mut stale: Vec<submissions::Submission> = Vec::new();
    submissions::list_pages(&client, &hw2.id, Some("/Elsewhere"), |p| stale.extend(p))
        .await
        .unwrap();
    assert_eq!(stale.len(), whole.files.len());
    assert!(stale.iter().all(|f| f.name != "stray.pdf"));
}

async fn titled(client: &Client, title: &str) -> usize {
    requests::list(client)
        .await
        .unwrap()
        .requests
        .iter()
        .filter(|r| r.title == title)
        .count()
}

#[tokio::test]
async fn a_create_whose_answer_was_lost_finds_the_request_instead_of_making_two() {
    let (emulator, client) = signed_in(AccountType::Pro).await;
    let form = homework("Homework 5", "/Courses/CS101/Homework 5");
    emulator
        .control()
        .inject_fault("file_requests/create", 1, Fault::LoseAnswer)
        .await
        .unwrap();

    let created = requests::create(&client, &form, Plan::Pro, now(), None)
        .await
        .unwrap();

    assert!(created.found_after_lost_answer, "{created:?}");
    assert_eq!(created.request.title, "Homework 5");
    assert_eq!(titled(&client, "Homework 5").await, 1);
}

#[tokio::test]
async fn a_create_that_never_reached_dropbox_says_so_and_the_next_one_creates() {
    let (emulator, client) = signed_in(AccountType::Pro).await;
    let form = homework("Homework 6", "/Courses/CS101/Homework 6");
    emulator
        .control()
        .inject_fault("file_requests/create", 1, Fault::DropConnection)
        .await
        .unwrap();

    let refused = requests::create(&client, &form, Plan::Pro, now(), None)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Offline);
    assert!(refused.to_string().contains("not created"), "{refused}");
    assert_eq!(titled(&client, "Homework 6").await, 0);

    let created = requests::create(&client, &form, Plan::Pro, now(), None)
        .await
        .unwrap();
    assert!(!created.found_after_lost_answer);
    assert_eq!(titled(&client, "Homework 6").await, 1);
}

#[tokio::test]
async fn when_the_check_cannot_be_made_the_next_attempt_checks_first() {
    let (emulator, client) = signed_in(AccountType::Pro).await;
    let form = homework("Homework 7", "/Courses/CS101/Homework 7");
    let control = emulator.control();
    control
        .inject_fault("file_requests/create", 1, Fault::LoseAnswer)
        .await
        .unwrap();
    // The look-up after the lost answer cannot get through either.
    control
        .inject_fault("file_requests/list_v2", 8, Fault::DropConnection)
        .await
        .unwrap();
    let sent = now();
    let unknown = requests::create(&client, &form, Plan::Pro, sent, None)
        .await
        .unwrap_err();
    assert_eq!(unknown.code(), ErrorCode::OutcomeUnknown, "{unknown}");
    assert!(unknown.to_string().contains("never makes two"), "{unknown}");
    control.clear_faults().await.unwrap();

    let again = requests::create(&client, &form, Plan::Pro, now(), Some(sent))
        .await
        .unwrap();
    assert!(again.found_after_lost_answer);
    assert_eq!(titled(&client, "Homework 7").await, 1, "not created twice");
}
