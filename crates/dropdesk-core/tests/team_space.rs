//! A team member signed in through the session: every call starts at the team space, the
//! picker marks the member's own folder and the team folders, and a typed folder lands where
//! the member means it (a team folder, or their own folder), never in a look-alike.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::sync::Arc;

use dropbox_client::routes::files;
use dropbox_client::types::files::{ListFolderArg, Metadata};
use dropbox_client::{Hosts, MemoryTokenStore};
use dropbox_emulator::{AccountType, Emulator, EmulatorHandle, Seed};
use dropdesk_core::folders::{self, FolderKind};
use dropdesk_core::paths::AppPaths;
use dropdesk_core::requests::{self, Grace, RequestForm};
use dropdesk_core::session::{
    BackendMode, Browser, Connection, RememberedAccount, Session, TokenStorage,
};
use dropdesk_core::space::Space;
use dropdesk_core::term::{self, PlannedRow};

const APP_KEY: &str = "teamspacetest01";

struct Setup {
    connection: Connection,
    store: Arc<MemoryTokenStore>,
    paths: AppPaths,
    _dir: tempfile::TempDir,
}

async fn business() -> (EmulatorHandle, Setup) {
    let port = common::free_port();
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .account_type(AccountType::Business)
        .app_key(APP_KEY)
        .redirect_uri(format!("http://127.0.0.1:{port}/oauth/callback"))
        .auto_approve(true)
        .spawn()
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup {
        connection: Connection {
            mode: BackendMode::Dropbox,
            hosts: Hosts::single_origin(&emulator.base_url().parse().unwrap()),
            app_key: APP_KEY.into(),
            redirect_ports: vec![port],
        },
        store: Arc::new(MemoryTokenStore::new()),
        paths: AppPaths::under(dir.path()),
        _dir: dir,
    };
    (emulator, setup)
}

fn session(setup: &Setup) -> Session {
    Session::new(
        setup.connection.clone(),
        TokenStorage {
            store: setup.store.clone(),
            problem: None,
            remembered: Some(RememberedAccount::new(&setup.paths)),
        },
        Browser::AutoApprove,
    )
}

async fn names_at(client: &dropbox_client::Client, path: &str) -> Vec<String> {
    let page = files::list_folder(client, &ListFolderArg::new(path.to_owned()))
        .await
        .unwrap();
    let mut names: Vec<String> = page
        .entries
        .iter()
        .filter_map(|e| match e {
            Metadata::Folder(f) => Some(f.name.clone()),
            _ => None,
        })
        .collect();
    names.sort();
    names
}

fn form(destination: &str) -> RequestForm {
    RequestForm {
        title: "Team homework".into(),
        destination: destination.into(),
        description: String::new(),
        deadline: None,
        grace: Grace::None,
    }
}

#[tokio::test]
async fn a_team_member_works_in_the_team_space_after_sign_in_and_after_a_restart() {
    let (emulator, setup) = business().await;
    let first = session(&setup);
    first.begin_sign_in(false).await.unwrap();
    let view = first.finish_sign_in().await.unwrap();
    let account = view.account.unwrap();
    assert_eq!(account.team.as_deref(), Some("University of Example"));
    assert_eq!(account.own_folder.as_deref(), Some("/Ada Lovelace"));
    let space = first.space().await.unwrap();
    assert_eq!(
        space,
        Space::Team {
            home: "/Ada Lovelace".into()
        }
    );

    // The picker's top: the member's own folder first, then the team folders.
    let client = first.client().await.unwrap();
    let top = folders::subfolders(&client, &space, "/").await.unwrap();
    let shown: Vec<(&str, FolderKind)> = top
        .folders
        .iter()
        .map(|f| (f.path.as_str(), f.kind))
        .collect();
    assert_eq!(
        shown,
        [
            ("/Ada Lovelace", FolderKind::OwnFolder),
            ("/CS Department", FolderKind::TeamFolder)
        ]
    );
    let inside = folders::subfolders(&client, &space, "/Ada Lovelace")
        .await
        .unwrap();
    assert!(inside.folders.iter().all(|f| f.kind == FolderKind::Folder));
    assert!(
        inside
            .folders
            .iter()
            .any(|f| f.path == "/Ada Lovelace/Courses")
    );

    // A request in a team folder lands in the team space, not in a look-alike of it.
    let now = jiff::Timestamp::now();
    let plan = account.plan;
    let created = requests::create_in(
        &client,
        &space,
        &form("/CS Department/Team HW"),
        plan,
        now,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        created.request.destination.as_deref(),
        Some("/CS Department/Team HW")
    );
    let home_only = common::client_for(&emulator).await;
    assert!(
        !names_at(&home_only, "")
            .await
            .contains(&"CS Department".to_owned()),
        "no /CS Department was made in the member's own folder"
    );

    // A folder whose first part is not in the team space would land in the member's own
    // folder: that is said, with the path it would get, and nothing is made.
    let refused = requests::create_in(
        &client,
        &space,
        &form("/Courses/CS101/HW 9"),
        plan,
        now,
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(refused.field(), Some("destination"));
    assert_eq!(
        refused.suggestion(),
        Some("/Ada Lovelace/Courses/CS101/HW 9")
    );
    assert!(
        refused
            .to_string()
            .contains("created in your own folder, not the team space"),
        "{refused}"
    );
    let listed = requests::list(&client).await.unwrap();
    assert!(
        listed
            .requests
            .iter()
            .all(|r| !r.destination.as_deref().unwrap_or("").ends_with("HW 9")),
        "nothing was created before the user chose"
    );
    // Taking the suggestion creates it there.
    let own = requests::create_in(
        &client,
        &space,
        &form(refused.suggestion().unwrap()),
        plan,
        now,
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        own.request.destination.as_deref(),
        Some("/Ada Lovelace/Courses/CS101/HW 9")
    );
    // Naming a course finds a folder kept from before the team space in the own folder.
    assert_eq!(
        dropdesk_core::courses::checked_folder(&client, &space, "/Courses")
            .await
            .unwrap(),
        "/Ada Lovelace/Courses"
    );
    assert_eq!(
        dropdesk_core::courses::checked_folder(&client, &space, "/CS Department")
            .await
            .unwrap(),
        "/CS Department"
    );
    let placed = space.place(&client, "/Courses/New term").await.unwrap();
    assert!(placed.in_own_folder);
    let spelled = space.place(&client, "/ada lovelace/Notes").await.unwrap();
    assert_eq!(spelled.path, "/ada lovelace/Notes");
    assert!(!spelled.in_own_folder);
    drop(first);

    // A restart restores the same space, and its calls start at the team space too.
    let second = session(&setup);
    second.restore().await.unwrap();
    assert_eq!(second.space().await.unwrap(), space);
    let again = folders::subfolders(&second.client().await.unwrap(), &space, "")
        .await
        .unwrap();
    assert_eq!(again.folders.len(), 2);
}

#[tokio::test]
async fn a_personal_account_keeps_its_paths_as_they_were() {
    let (_emulator, client) = common::signed_in(Emulator::builder().seed(Seed::Demo)).await;
    let placed = Space::Personal
        .place(&client, "/CS Department/Team HW")
        .await
        .unwrap();
    assert_eq!(placed.path, "/CS Department/Team HW");
    assert!(!placed.in_own_folder);
    let top = folders::subfolders(&client, &Space::Personal, "")
        .await
        .unwrap();
    assert!(top.folders.iter().all(|f| f.kind == FolderKind::Folder));
}

#[tokio::test]
async fn when_the_team_space_moves_the_session_reads_the_new_root_and_goes_on() {
    let (emulator, setup) = business().await;
    let session = session(&setup);
    session.begin_sign_in(false).await.unwrap();
    session.finish_sign_in().await.unwrap();
    let generation = session.generation().await.unwrap();
    let before = session.client().await.unwrap();

    let moved = emulator.control().move_team_space().await.unwrap();

    // A call naming the old root is refused, in words, and nothing is created.
    let refused = folders::subfolders(&before, &session.space().await.unwrap(), "")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), dropdesk_core::ErrorCode::SpaceChanged);
    assert!(
        refused.to_string().contains("joined or left a team"),
        "{refused}"
    );
    let lost = requests::create_in(
        &before,
        &session.space().await.unwrap(),
        &form("/CS Department/After the move"),
        dropdesk_core::account::Plan::Business,
        jiff::Timestamp::now(),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(lost.code(), dropdesk_core::ErrorCode::SpaceChanged);

    // An answer to an older sign-in changes nothing; the current one reads the new root.
    session.refresh_space(generation + 1).await.unwrap();
    assert_eq!(
        session.client().await.unwrap().path_root(),
        before.path_root()
    );
    session.refresh_space(generation).await.unwrap();
    let after = session.client().await.unwrap();
    assert_eq!(
        after.path_root(),
        Some(&dropbox_client::PathRoot::Root { root: moved })
    );
    let top = folders::subfolders(&after, &session.space().await.unwrap(), "")
        .await
        .unwrap();
    assert!(top.folders.iter().any(|f| f.path == "/CS Department"));
    let created = requests::create_in(
        &after,
        &session.space().await.unwrap(),
        &form("/CS Department/After the move"),
        dropdesk_core::account::Plan::Business,
        jiff::Timestamp::now(),
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        created.request.destination.as_deref(),
        Some("/CS Department/After the move")
    );
    assert_eq!(
        session.generation().await,
        Some(generation),
        "still signed in"
    );
}

#[tokio::test]
async fn paper_share_links_and_downloads_work_in_a_team_folder() {
    let (emulator, setup) = business().await;
    let session = session(&setup);
    session.begin_sign_in(false).await.unwrap();
    session.finish_sign_in().await.unwrap();
    let client = session.client().await.unwrap();

    // A Paper doc in a team folder, opened again by its path there.
    let created = dropdesk_core::paper::create(
        &client,
        &dropdesk_core::paper::NewDoc {
            title: "Department notes".into(),
            folder: "/CS Department".into(),
            markdown: "# Department notes\n\nMeeting on Friday.\n".into(),
        },
    )
    .await
    .unwrap();
    assert!(
        created.path.starts_with("/CS Department/"),
        "{}",
        created.path
    );
    let opened = dropdesk_core::paper::open(&client, &created.path)
        .await
        .unwrap();
    assert!(opened.markdown.contains("Meeting on Friday."));
    let listed = dropdesk_core::paper::list(&client, "/CS Department")
        .await
        .unwrap();
    assert!(listed.iter().any(|d| d.title == "Department notes"));
    let home_only = common::client_for(&emulator).await;
    assert!(
        !names_at(&home_only, "")
            .await
            .contains(&"CS Department".to_owned()),
        "nothing was made in the member's own folder"
    );

    // A share link to a team folder, and a team file saved to this computer (a Paper doc is
    // opened, not downloaded).
    let link = dropdesk_core::links::share_link(&client, "/CS Department")
        .await
        .unwrap();
    assert!(link.contains("/s/"), "{link}");
    let into = tempfile::tempdir().unwrap();
    let saved = dropdesk_core::downloads::download(
        &client,
        &dropdesk_core::downloads::Source::File("/CS Department/Course catalogue.pdf".into()),
        into.path(),
        &tokio_util::sync::CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    assert!(
        matches!(saved, dropdesk_core::downloads::Downloaded::Saved { bytes, .. } if bytes > 0),
        "{saved:?}"
    );
}

#[tokio::test]
async fn a_term_plan_lands_in_team_folders_and_in_the_members_own_folder() {
    let (emulator, setup) = business().await;
    let first = session(&setup);
    first.begin_sign_in(false).await.unwrap();
    let plan = first.finish_sign_in().await.unwrap().account.unwrap().plan;
    let space = first.space().await.unwrap();
    let client = first.client().await.unwrap();
    let rows: Vec<PlannedRow> = [
        "/CS Department/CS201/Homework 1",
        "/CS Department/CS201/Homework 2",
        "/Ada Lovelace/Courses/CS101/Homework 9",
        // Neither a team folder nor the member's own: refused on its row, as the dialog does.
        "/Courses/CS101/Homework 10",
    ]
    .iter()
    .zip(1..)
    .map(|(folder, number)| PlannedRow {
        number,
        form: form(folder),
    })
    .collect();

    let now = jiff::Timestamp::now();
    let lookups = |stats: &dropbox_emulator::Stats| {
        stats.calls.get("files/get_metadata").copied().unwrap_or(0)
    };
    let before = lookups(&emulator.control().stats().await.unwrap());
    let placement = term::placing::place(&client, &space, &rows, plan, now)
        .await
        .unwrap();
    assert_eq!(
        lookups(&emulator.control().stats().await.unwrap()) - before,
        2,
        "one look-up per first part of the path (CS Department, Courses)"
    );
    let folders: Vec<&str> = placement
        .rows
        .iter()
        .map(|r| r.form.destination.as_str())
        .collect();
    assert_eq!(
        folders[..3],
        [
            "/CS Department/CS201/Homework 1",
            "/CS Department/CS201/Homework 2",
            "/Ada Lovelace/Courses/CS101/Homework 9"
        ]
    );
    assert!(placement.problems[..3].iter().all(Option::is_none));
    let problem = placement.problems[3].as_ref().unwrap();
    assert_eq!(problem.field, "destination");
    assert!(
        problem
            .message
            .contains("/Ada Lovelace/Courses/CS101/Homework 10"),
        "the row says where it would go: {}",
        problem.message
    );
    let existing = requests::list(&client).await.unwrap();
    let preview = term::preview_placed(&placement, &existing, plan, now);
    assert_eq!(preview.ready, 3);
    assert!(matches!(
        &preview.rows[3].status,
        term::RowStatus::Invalid { field, .. } if field == "destination"
    ));

    let dir = tempfile::tempdir().unwrap();
    let journal = term::Journal::open(&AppPaths::under(dir.path()), "team-term");
    let never = tokio_util::sync::CancellationToken::new();
    let summary = term::run(&client, &space, &journal, &rows, plan, &never, |_| {})
        .await
        .unwrap();
    assert_eq!(
        (summary.created, summary.failed),
        (3, 1),
        "{:?}",
        summary.rows
    );
    let listed = requests::list(&client).await.unwrap();
    for folder in &folders[..3] {
        assert!(
            listed
                .requests
                .iter()
                .any(|r| r.destination.as_deref() == Some(*folder)),
            "a request collects into {folder}"
        );
    }
    assert!(
        !listed.requests.iter().any(|r| r
            .destination
            .as_deref()
            .is_some_and(|d| d.ends_with("Homework 10"))),
        "the refused row made nothing"
    );
    // Run again: the placed folders are found, nothing is made twice.
    let total = listed.total;
    let again = term::run(&client, &space, &journal, &rows, plan, &never, |_| {})
        .await
        .unwrap();
    assert_eq!(again.created, 3);
    assert_eq!(requests::list(&client).await.unwrap().total, total);
}
