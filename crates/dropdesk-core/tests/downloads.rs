//! Downloads against the emulator: whole files under their own names, never overwriting,
//! folders as zips, progress to the last byte, and a cancel that leaves nothing behind.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::Client;
use dropbox_client::routes::files;
use dropbox_client::types::files::UploadArg;
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};
use dropdesk_core::ErrorCode;
use dropdesk_core::downloads::{self, Downloaded, Progress, Source};
use tokio_util::sync::CancellationToken;

async fn signed_in() -> (EmulatorHandle, Client) {
    common::signed_in(Emulator::builder().seed(Seed::Empty)).await
}

fn content() -> Vec<u8> {
    (0..3_000_000u32).map(|n| (n % 251) as u8).collect()
}

async fn upload(client: &Client, path: &str, bytes: Vec<u8>) {
    files::upload(client, &UploadArg::new(path), bytes)
        .await
        .unwrap();
}

fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn a_file_is_saved_whole_under_its_name_and_a_second_copy_is_numbered() {
    let (_emulator, client) = signed_in().await;
    upload(&client, "/Hand-ins/essay.pdf", content()).await;
    let folder = tempfile::tempdir().unwrap();
    let source = Source::File("/Hand-ins/essay.pdf".into());

    let mut seen: Vec<Progress> = Vec::new();
    let first = downloads::download(
        &client,
        &source,
        folder.path(),
        &CancellationToken::new(),
        |p| seen.push(p),
    )
    .await
    .unwrap();
    let saved = folder.path().join("essay.pdf");
    assert_eq!(
        first,
        Downloaded::Saved {
            path: saved.display().to_string(),
            bytes: 3_000_000
        }
    );
    assert_eq!(std::fs::read(&saved).unwrap(), content());
    assert_eq!(seen.first().unwrap().received, 0);
    assert_eq!(
        *seen.last().unwrap(),
        Progress {
            received: 3_000_000,
            total: Some(3_000_000)
        }
    );
    assert!(seen.windows(2).all(|w| w[0].received <= w[1].received));

    std::fs::write(&saved, b"the professor's annotated copy").unwrap();
    let second = downloads::download(
        &client,
        &source,
        folder.path(),
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap();
    assert!(
        matches!(&second, Downloaded::Saved { path, .. } if path.ends_with("essay (1).pdf")),
        "{second:?}"
    );
    assert_eq!(
        std::fs::read(&saved).unwrap(),
        b"the professor's annotated copy",
        "an existing file was overwritten"
    );
    assert_eq!(names_in(folder.path()), ["essay (1).pdf", "essay.pdf"]);
}

#[tokio::test]
async fn a_name_near_the_file_system_limit_is_saved_and_its_copy_fits_too() {
    let (_emulator, client) = signed_in().await;
    // 250 bytes: the old part file name (.{name}.{pid}-{n}.part) passed 255.
    let name = format!("{}.pdf", "é".repeat(123));
    assert_eq!(name.len(), 250);
    upload(&client, &format!("/Hand-ins/{name}"), b"long".to_vec()).await;
    let folder = tempfile::tempdir().unwrap();
    let source = Source::File(format!("/Hand-ins/{name}"));
    for _ in 0..2 {
        let saved = downloads::download(
            &client,
            &source,
            folder.path(),
            &CancellationToken::new(),
            |_| {},
        )
        .await
        .unwrap();
        assert!(matches!(saved, Downloaded::Saved { .. }), "{saved:?}");
    }
    let names = names_in(folder.path());
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&name), "{names:?}");
    assert!(
        names.iter().all(|n| n.len() <= 255 && n.ends_with(".pdf")),
        "{names:?}"
    );
}

#[tokio::test]
async fn a_cancelled_download_leaves_nothing_behind() {
    let (_emulator, client) = signed_in().await;
    upload(&client, "/Hand-ins/essay.pdf", content()).await;
    let folder = tempfile::tempdir().unwrap();
    let cancel = CancellationToken::new();

    let outcome = downloads::download(
        &client,
        &Source::File("/Hand-ins/essay.pdf".into()),
        folder.path(),
        &cancel,
        |_| cancel.cancel(),
    )
    .await
    .unwrap();
    assert_eq!(outcome, Downloaded::Cancelled);
    assert!(
        names_in(folder.path()).is_empty(),
        "{:?}",
        names_in(folder.path())
    );

    let already = CancellationToken::new();
    already.cancel();
    let outcome = downloads::download(
        &client,
        &Source::File("/Hand-ins/essay.pdf".into()),
        folder.path(),
        &already,
        |_| panic!("no progress after a cancel"),
    )
    .await
    .unwrap();
    assert_eq!(outcome, Downloaded::Cancelled);
}

#[tokio::test]
async fn a_folder_is_saved_as_one_zip() {
    let (_emulator, client) = signed_in().await;
    upload(&client, "/Courses/Homework 3/a.pdf", b"first".to_vec()).await;
    upload(&client, "/Courses/Homework 3/b.pdf", b"second".to_vec()).await;
    let folder = tempfile::tempdir().unwrap();

    let mut last = None;
    let outcome = downloads::download(
        &client,
        &Source::FolderAsZip("/Courses/Homework 3".into()),
        folder.path(),
        &CancellationToken::new(),
        |p| last = Some(p),
    )
    .await
    .unwrap();
    let zip = folder.path().join("Homework 3.zip");
    assert!(
        matches!(&outcome, Downloaded::Saved { path, .. } if *path == zip.display().to_string()),
        "{outcome:?}"
    );
    let bytes = std::fs::read(&zip).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    assert_eq!(last.unwrap().received, bytes.len() as u64);
    for name in [&b"a.pdf"[..], b"b.pdf"] {
        assert!(bytes.windows(5).any(|w| w == name));
    }
}

#[tokio::test]
async fn a_missing_folder_or_file_is_refused_with_words_to_act_on() {
    let (_emulator, client) = signed_in().await;
    let folder = tempfile::tempdir().unwrap();

    let nowhere = folder.path().join("not here");
    let error = downloads::download(
        &client,
        &Source::File("/Hand-ins/essay.pdf".into()),
        &nowhere,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(error.field(), Some("downloadFolder"));
    assert!(error.to_string().contains("Choose another one"), "{error}");

    let error = downloads::download(
        &client,
        &Source::File("/Hand-ins/gone.pdf".into()),
        folder.path(),
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap_err();
    assert_eq!(error.code(), ErrorCode::Dropbox);
    assert_eq!(error.to_string(), "That file is no longer in Dropbox.");
    assert!(names_in(folder.path()).is_empty());
}
