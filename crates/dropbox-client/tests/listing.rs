//! Folder listings, change cursors and longpoll through the client against the emulator.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::time::Duration;

use dropbox_client::routes::files;
use dropbox_client::types::files::{
    GetMetadataError, ListFolderArg, ListFolderError, LookupError, Metadata, UploadArg,
};
use dropbox_client::{Client, Error};
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};
use futures_util::TryStreamExt;

async fn signed_in() -> (EmulatorHandle, Client) {
    common::signed_in(Emulator::builder().seed(Seed::Demo)).await
}

fn name(entry: &Metadata) -> &str {
    match entry {
        Metadata::File(f) => &f.name,
        Metadata::Folder(f) => &f.name,
        Metadata::Deleted(d) => &d.name,
    }
}

#[tokio::test]
async fn a_folder_streams_across_pages_and_errors_are_typed() {
    let (_emulator, client) = signed_in().await;
    let mut arg = ListFolderArg::new("/Courses/CS101/Homework 1");
    arg.limit = Some(7);
    let entries: Vec<Metadata> = files::list_folder_all(&client, &arg)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(entries.len(), 25);
    assert!(
        entries
            .iter()
            .all(|e| matches!(e, Metadata::File(f) if f.name.ends_with("_hw1.pdf")))
    );

    let missing = files::list_folder(&client, &ListFolderArg::new("/nope"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            missing,
            Error::Route(ListFolderError::Path {
                path: LookupError::NotFound
            })
        ),
        "{missing:?}"
    );
    let folder = files::get_metadata(&client, "/courses/cs101")
        .await
        .unwrap();
    assert!(matches!(folder, Metadata::Folder(ref f) if f.name == "CS101"));
    let gone = files::get_metadata(&client, "/nope").await.unwrap_err();
    assert!(
        matches!(
            gone,
            Error::Route(GetMetadataError::Path {
                path: LookupError::NotFound
            })
        ),
        "{gone:?}"
    );
}

#[tokio::test]
async fn longpoll_wakes_on_an_upload_and_continue_returns_it() {
    let (_emulator, client) = signed_in().await;
    let arg = ListFolderArg::new("/Courses/CS101/Homework 3");
    let cursor = files::list_folder_get_latest_cursor(&client, &arg)
        .await
        .unwrap();

    let poll = {
        let client = client.clone();
        let cursor = cursor.clone();
        tokio::spawn(async move { files::list_folder_longpoll(&client, &cursor, 30).await })
    };
    files::upload(
        &client,
        &UploadArg::new("/Courses/CS101/Homework 3/zoe_hw3.pdf"),
        b"%PDF".to_vec(),
    )
    .await
    .unwrap();
    let woke = tokio::time::timeout(Duration::from_secs(10), poll)
        .await
        .expect("longpoll returned once the folder changed")
        .unwrap()
        .unwrap();
    assert!(woke.changes);

    let changes = files::list_folder_continue(&client, &cursor).await.unwrap();
    let names: Vec<&str> = changes.entries.iter().map(name).collect();
    assert_eq!(names, ["zoe_hw3.pdf"]);
}

#[tokio::test]
async fn folders_links_zips_and_deletes() {
    use dropbox_client::types::files::{
        CreateFolderError, DeleteError, GetTemporaryLinkError, WriteConflictError, WriteError,
    };
    let (_emulator, client) = signed_in().await;
    let folder = files::create_folder_v2(&client, "/Archive", false)
        .await
        .unwrap();
    assert_eq!(folder.metadata.name, "Archive");
    let again = files::create_folder_v2(&client, "/archive", false)
        .await
        .unwrap_err();
    assert!(
        matches!(
            again,
            Error::Route(CreateFolderError::Path {
                path: WriteError::Conflict {
                    conflict: WriteConflictError::Folder
                }
            })
        ),
        "{again:?}"
    );

    let link = files::get_temporary_link(&client, "/Courses/CS101/Syllabus.pdf")
        .await
        .unwrap();
    let bytes = reqwest::get(&link.link)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.len() as u64, link.metadata.size);
    let paper = files::get_temporary_link(&client, "/Notes/Course log.paper")
        .await
        .unwrap_err();
    assert!(
        matches!(paper, Error::Route(GetTemporaryLinkError::UnsupportedFile)),
        "{paper:?}"
    );

    let (zip, archive) = files::download_zip(&client, "/Courses/CS101/Homework 2")
        .await
        .unwrap();
    assert_eq!(zip.metadata.name, "Homework 2");
    assert!(archive.starts_with(b"PK"));

    let deleted = files::delete_v2(&client, "/Archive").await.unwrap();
    assert!(matches!(deleted.metadata, Metadata::Folder(_)));
    let missing = files::delete_v2(&client, "/Archive").await.unwrap_err();
    assert!(
        matches!(
            missing,
            Error::Route(DeleteError::PathLookup {
                path_lookup: LookupError::NotFound
            })
        ),
        "{missing:?}"
    );
}
