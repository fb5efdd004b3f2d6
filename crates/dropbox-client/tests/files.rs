//! Upload and download styles against the real emulator over HTTP.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::routes::files;
use dropbox_client::types::files::{
    DownloadArg, DownloadError, LookupError, UploadArg, UploadError, WriteConflictError,
    WriteError, WriteMode,
};
use dropbox_client::{Client, Error};
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};

async fn signed_in(seed: Seed) -> (EmulatorHandle, Client) {
    common::signed_in(Emulator::builder().seed(seed)).await
}

#[tokio::test]
async fn paths_with_accents_and_emoji_round_trip_through_the_headers() {
    let (_emulator, client) = signed_in(Seed::Empty).await;
    let path = "/Notes/Café ☕/résumé 😀.pdf";
    let stored = files::upload(&client, &UploadArg::new(path), b"%PDF bytes".to_vec())
        .await
        .unwrap();
    assert_eq!(stored.name, "résumé 😀.pdf");
    assert_eq!(stored.path_display.as_deref(), Some(path));

    let (meta, bytes) = files::download(&client, &DownloadArg { path: path.into() })
        .await
        .unwrap();
    assert_eq!(meta.id, stored.id);
    assert_eq!(meta.name, "résumé 😀.pdf");
    assert_eq!(bytes, b"%PDF bytes");
}

#[tokio::test]
async fn route_errors_come_back_typed() {
    let (_emulator, client) = signed_in(Seed::Demo).await;
    files::upload(&client, &UploadArg::new("/a.txt"), b"one".to_vec())
        .await
        .unwrap();
    let conflict = files::upload(&client, &UploadArg::new("/a.txt"), b"two".to_vec())
        .await
        .unwrap_err();
    assert!(
        matches!(
            conflict,
            Error::Route(UploadError::Path {
                reason: WriteError::Conflict {
                    conflict: WriteConflictError::File
                },
                ..
            })
        ),
        "{conflict:?}"
    );
    let mut overwrite = UploadArg::new("/a.txt");
    overwrite.mode = WriteMode::Overwrite;
    assert_eq!(
        files::upload(&client, &overwrite, b"two".to_vec())
            .await
            .unwrap()
            .size,
        3
    );

    let missing = files::download(
        &client,
        &DownloadArg {
            path: "/nope".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            missing,
            Error::Route(DownloadError::Path {
                path: LookupError::NotFound
            })
        ),
        "{missing:?}"
    );
    let paper = files::download(
        &client,
        &DownloadArg {
            path: "/Notes/Course log.paper".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(paper, Error::Route(DownloadError::UnsupportedFile)),
        "{paper:?}"
    );
}

#[tokio::test]
async fn a_paper_doc_round_trips_with_revision_checks() {
    use dropbox_client::types::files::{
        ExportArg, ImportFormat, PaperCreateArg, PaperDocUpdatePolicy, PaperUpdateArg,
        PaperUpdateError,
    };
    let (emulator, client) = signed_in(Seed::Empty).await;
    let created = files::paper_create(
        &client,
        &PaperCreateArg {
            path: "/Notes/Week 1.paper".into(),
            import_format: ImportFormat::Markdown,
        },
        b"# Week 1".to_vec(),
    )
    .await
    .unwrap();
    assert_eq!(created.result_path, "/Notes/Week 1.paper");

    let export = ExportArg {
        path: created.file_id.clone(),
        export_format: Some("markdown".into()),
    };
    let (exported, text) = files::export(&client, &export).await.unwrap();
    assert_eq!(text, b"# Week 1");
    let base = exported.export_metadata.paper_revision.unwrap();

    let save = |revision: i64, body: &'static [u8]| {
        let client = &client;
        async move {
            files::paper_update(
                client,
                &PaperUpdateArg {
                    path: "/Notes/Week 1.paper".into(),
                    import_format: ImportFormat::Markdown,
                    doc_update_policy: PaperDocUpdatePolicy::Update,
                    paper_revision: Some(revision),
                },
                body.to_vec(),
            )
            .await
        }
    };
    let saved = save(base, b"# Week 1\n\nmine").await.unwrap();
    assert_eq!(saved.paper_revision, base + 1);

    emulator
        .control()
        .edit_paper("/Notes/Week 1.paper", "\ntheirs", "append")
        .await
        .unwrap();
    let stale = save(saved.paper_revision, b"lost?").await.unwrap_err();
    assert!(
        matches!(stale, Error::Route(PaperUpdateError::RevisionMismatch)),
        "{stale:?}"
    );
    let (_, latest) = files::export(&client, &export).await.unwrap();
    assert_eq!(latest, b"# Week 1\n\nmine\ntheirs");
}

#[tokio::test]
async fn a_streamed_download_hands_over_every_byte_with_its_length() {
    let (_emulator, client) = signed_in(Seed::Empty).await;
    // Larger than one chunk, so the body arrives in pieces.
    let content: Vec<u8> = (0..3_000_000u32).map(|n| (n % 251) as u8).collect();
    files::upload(&client, &UploadArg::new("/Big/scan.pdf"), content.clone())
        .await
        .unwrap();

    let (meta, mut body) = files::download_stream(
        &client,
        &DownloadArg {
            path: "/Big/scan.pdf".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(meta.size, 3_000_000);
    assert_eq!(body.content_length(), Some(3_000_000));
    let mut received = Vec::new();
    let mut chunks = 0;
    while let Some(chunk) = body.next_chunk().await.unwrap() {
        received.extend_from_slice(&chunk);
        chunks += 1;
    }
    assert!(chunks > 1, "one chunk only");
    assert_eq!(received, content);

    let missing = files::download_stream(
        &client,
        &DownloadArg {
            path: "/Big/none.pdf".into(),
        },
    )
    .await
    .unwrap_err();
    assert!(
        matches!(
            missing,
            Error::Route(DownloadError::Path {
                path: LookupError::NotFound
            })
        ),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_folder_streams_as_a_zip() {
    let (_emulator, client) = signed_in(Seed::Empty).await;
    for name in ["a.txt", "b.txt"] {
        files::upload(
            &client,
            &UploadArg::new(format!("/Hand-ins/{name}")),
            name.as_bytes().to_vec(),
        )
        .await
        .unwrap();
    }
    let (result, mut body) = files::download_zip_stream(&client, "/Hand-ins")
        .await
        .unwrap();
    assert_eq!(result.metadata.name, "Hand-ins");
    let mut zip = Vec::new();
    while let Some(chunk) = body.next_chunk().await.unwrap() {
        zip.extend_from_slice(&chunk);
    }
    assert_eq!(&zip[..4], b"PK\x03\x04", "not a zip");
    for name in [b"a.txt", b"b.txt"] {
        assert!(zip.windows(5).any(|w| w == name), "{name:?} missing");
    }
}
