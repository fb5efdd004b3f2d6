//! `files/*` over HTTP: upload and download, metadata, folders, listings with cursors and
//! longpoll, temporary links.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::time::Duration;

use common::{demo, empty};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn names(listing: &Value) -> Vec<String> {
    listing["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn upload_then_download_round_trips_bytes_and_metadata() {
    let api = empty().await;
    let bytes = b"%PDF-1.7 homework".to_vec();
    let meta = api
        .upload(
            "files/upload",
            json!({ "path": "/Courses/CS101/HW1/Ada.pdf", "client_modified": "2025-03-14T09:12:00Z" }),
            &bytes,
        )
        .await
        .ok();
    assert!(
        meta.get(".tag").is_none(),
        "FileMetadata is not tagged here: {meta}"
    );
    assert_eq!(meta["name"], "Ada.pdf");
    assert_eq!(meta["path_lower"], "/courses/cs101/hw1/ada.pdf");
    assert_eq!(meta["size"], bytes.len());
    assert_eq!(meta["client_modified"], "2025-03-14T09:12:00Z");
    assert!(meta["id"].as_str().unwrap().starts_with("id:"));
    let expected_hash = format!("{:x}", Sha256::digest(Sha256::digest(&bytes)));
    assert_eq!(meta["content_hash"], expected_hash);

    let down = api
        .download(
            "files/download",
            json!({ "path": "/COURSES/cs101/hw1/ada.PDF" }),
        )
        .await;
    assert_eq!(down.status, 200);
    assert_eq!(down.bytes, bytes);
    assert_eq!(down.result_header.unwrap()["id"], meta["id"]);

    // The same through GET with the argument in the URL.
    let arg =
        url::form_urlencoded::byte_serialize(json!({ "path": meta["id"] }).to_string().as_bytes())
            .collect::<String>();
    let via_get = api
        .http
        .get(api.url(&format!("/2/files/download?arg={arg}")))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(via_get.bytes().await.unwrap().to_vec(), bytes);
}

#[tokio::test]
async fn non_ascii_paths_travel_in_headers_as_escapes_both_ways() {
    let api = empty().await;
    let meta = api
        .upload(
            "files/upload",
            json!({ "path": "/Notes/Café ☕ 😀.txt" }),
            b"x",
        )
        .await
        .ok();
    assert_eq!(meta["name"], "Café ☕ 😀.txt");
    let down = api
        .download("files/download", json!({ "path": "/notes/café ☕ 😀.txt" }))
        .await;
    assert_eq!(down.status, 200);
    assert_eq!(down.result_header.unwrap()["name"], "Café ☕ 😀.txt");
}

#[tokio::test]
async fn upload_modes_conflicts_autorename_and_content_hash() {
    let api = empty().await;
    let first = api
        .upload("files/upload", json!({ "path": "/a.txt" }), b"one")
        .await
        .ok();

    let same = api
        .upload("files/upload", json!({ "path": "/a.txt" }), b"one")
        .await
        .ok();
    assert_eq!(same["rev"], first["rev"], "identical content is a no-op");

    let conflict = api
        .upload("files/upload", json!({ "path": "/a.txt" }), b"two")
        .await;
    assert_eq!(conflict.status, 409);
    assert_eq!(conflict.error_tags(), "path/conflict/file");

    let renamed = api
        .upload(
            "files/upload",
            json!({ "path": "/a.txt", "autorename": true }),
            b"two",
        )
        .await
        .ok();
    assert_eq!(renamed["name"], "a (1).txt");

    let overwritten = api
        .upload(
            "files/upload",
            json!({ "path": "/a.txt", "mode": "overwrite" }),
            b"three",
        )
        .await
        .ok();
    assert_eq!(overwritten["id"], first["id"]);
    assert_ne!(overwritten["rev"], first["rev"]);

    let stale = api
        .upload(
            "files/upload",
            json!({ "path": "/a.txt", "mode": { ".tag": "update", "update": first["rev"] } }),
            b"four",
        )
        .await;
    assert_eq!(stale.error_tags(), "path/conflict/file");
    let current = api
        .upload(
            "files/upload",
            json!({ "path": "/a.txt", "mode": { ".tag": "update", "update": overwritten["rev"] } }),
            b"four",
        )
        .await;
    assert_eq!(current.status, 200);

    let mismatch = api
        .upload(
            "files/upload",
            json!({ "path": "/b.txt", "content_hash": "0".repeat(64) }),
            b"x",
        )
        .await;
    assert_eq!(mismatch.error_tags(), "content_hash_mismatch");

    let folder = api
        .rpc("files/create_folder_v2", json!({ "path": "/dir" }))
        .await
        .ok();
    assert_eq!(folder["metadata"]["name"], "dir");
    let onto_folder = api
        .upload("files/upload", json!({ "path": "/dir" }), b"x")
        .await;
    assert_eq!(onto_folder.error_tags(), "path/conflict/folder");
    let under_file = api
        .upload("files/upload", json!({ "path": "/a.txt/x" }), b"x")
        .await;
    assert_eq!(under_file.error_tags(), "path/conflict/file_ancestor");
}

#[tokio::test]
async fn upload_rejects_the_wrong_content_type_and_a_missing_argument() {
    let api = empty().await;
    let wrong = api
        .http
        .post(api.url("/2/files/upload"))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .header("dropbox-api-arg", r#"{"path":"/a"}"#)
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 400);
    assert!(
        wrong
            .text()
            .await
            .unwrap()
            .contains("application/octet-stream")
    );
    let missing = api
        .http
        .post(api.url("/2/files/upload"))
        .bearer_auth(&api.token)
        .header("content-type", "application/octet-stream")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);
    assert!(missing.text().await.unwrap().contains("Dropbox-API-Arg"));
}

#[tokio::test]
async fn get_metadata_tags_entries_and_reports_lookup_errors() {
    let api = empty().await;
    api.upload("files/upload", json!({ "path": "/x/f.txt" }), b"x")
        .await
        .ok();
    let file = api
        .rpc("files/get_metadata", json!({ "path": "/x/f.txt" }))
        .await
        .ok();
    assert_eq!(file[".tag"], "file");
    let folder = api
        .rpc("files/get_metadata", json!({ "path": "/X" }))
        .await
        .ok();
    assert_eq!(folder[".tag"], "folder");
    assert_eq!(folder["path_display"], "/x");
    let by_id = api
        .rpc("files/get_metadata", json!({ "path": file["id"] }))
        .await
        .ok();
    assert_eq!(by_id["path_lower"], "/x/f.txt");
    let by_rev = api
        .rpc(
            "files/get_metadata",
            json!({ "path": format!("rev:{}", file["rev"].as_str().unwrap()) }),
        )
        .await
        .ok();
    assert_eq!(by_rev["id"], file["id"]);

    assert_eq!(
        api.rpc("files/get_metadata", json!({ "path": "/nope" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    assert_eq!(
        api.rpc("files/get_metadata", json!({ "path": "/x/" }))
            .await
            .error_tags(),
        "path/malformed_path"
    );
    assert_eq!(
        api.rpc("files/get_metadata", json!({ "path": "no-slash" }))
            .await
            .status,
        400
    );

    api.rpc("files/delete_v2", json!({ "path": "/x/f.txt" }))
        .await
        .ok();
    assert_eq!(
        api.rpc("files/get_metadata", json!({ "path": "/x/f.txt" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    let gone = api
        .rpc(
            "files/get_metadata",
            json!({ "path": "/x/f.txt", "include_deleted": true }),
        )
        .await
        .ok();
    assert_eq!(gone[".tag"], "deleted");
}

#[tokio::test]
async fn create_folder_and_delete_report_conflicts_and_missing_paths() {
    let api = empty().await;
    api.rpc("files/create_folder_v2", json!({ "path": "/Term" }))
        .await
        .ok();
    assert_eq!(
        api.rpc("files/create_folder_v2", json!({ "path": "/term" }))
            .await
            .error_tags(),
        "path/conflict/folder"
    );
    let renamed = api
        .rpc(
            "files/create_folder_v2",
            json!({ "path": "/term", "autorename": true }),
        )
        .await
        .ok();
    assert_eq!(renamed["metadata"]["name"], "term (1)");

    api.upload("files/upload", json!({ "path": "/Term/a.txt" }), b"x")
        .await
        .ok();
    let deleted = api
        .rpc("files/delete_v2", json!({ "path": "/term" }))
        .await
        .ok();
    assert_eq!(deleted["metadata"][".tag"], "folder");
    assert_eq!(
        api.rpc("files/get_metadata", json!({ "path": "/Term/a.txt" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    assert_eq!(
        api.rpc("files/delete_v2", json!({ "path": "/term" }))
            .await
            .error_tags(),
        "path_lookup/not_found"
    );
}

#[tokio::test]
async fn list_folder_pages_then_reports_changes_including_deletions() {
    let api = empty().await;
    for n in 0..5 {
        api.upload(
            "files/upload",
            json!({ "path": format!("/hw/{n}.pdf") }),
            b"x",
        )
        .await
        .ok();
    }
    api.upload("files/upload", json!({ "path": "/hw/sub/deep.pdf" }), b"x")
        .await
        .ok();

    let first = api
        .rpc("files/list_folder", json!({ "path": "/hw", "limit": 2 }))
        .await
        .ok();
    assert_eq!(names(&first), ["0.pdf", "1.pdf"]);
    assert_eq!(first["has_more"], true);
    assert!(first["entries"][0][".tag"] == "file");
    let mut all = names(&first);
    let mut cursor = first["cursor"].as_str().unwrap().to_owned();
    loop {
        let page = api
            .rpc("files/list_folder/continue", json!({ "cursor": cursor }))
            .await
            .ok();
        all.extend(names(&page));
        cursor = page["cursor"].as_str().unwrap().to_owned();
        if page["has_more"] == false {
            break;
        }
    }
    assert_eq!(all, ["0.pdf", "1.pdf", "2.pdf", "3.pdf", "4.pdf", "sub"]);

    let recursive = api
        .rpc(
            "files/list_folder",
            json!({ "path": "/hw", "recursive": true }),
        )
        .await
        .ok();
    assert!(names(&recursive).contains(&"deep.pdf".to_owned()));

    // Nothing changed yet.
    let quiet = api
        .rpc("files/list_folder/continue", json!({ "cursor": cursor }))
        .await
        .ok();
    assert!(quiet["entries"].as_array().unwrap().is_empty());

    api.upload("files/upload", json!({ "path": "/hw/5.pdf" }), b"x")
        .await
        .ok();
    api.rpc("files/delete_v2", json!({ "path": "/hw/0.pdf" }))
        .await
        .ok();
    api.upload("files/upload", json!({ "path": "/elsewhere.pdf" }), b"x")
        .await
        .ok();
    let changes = api
        .rpc("files/list_folder/continue", json!({ "cursor": cursor }))
        .await
        .ok();
    let entries = changes["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{changes}");
    assert_eq!(entries[0]["name"], "5.pdf");
    assert_eq!(entries[1][".tag"], "deleted");
    assert_eq!(entries[1]["name"], "0.pdf");

    let root = api
        .rpc("files/list_folder", json!({ "path": "" }))
        .await
        .ok();
    assert_eq!(names(&root), ["elsewhere.pdf", "hw"]);
    assert_eq!(
        api.rpc("files/list_folder", json!({ "path": "/hw/1.pdf" }))
            .await
            .error_tags(),
        "path/not_folder"
    );
    assert_eq!(
        api.rpc("files/list_folder", json!({ "path": "/missing" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    assert_eq!(
        api.rpc("files/list_folder/continue", json!({ "cursor": "%%%" }))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn a_cursor_from_get_latest_cursor_sees_only_later_changes() {
    let api = empty().await;
    api.upload("files/upload", json!({ "path": "/in/old.pdf" }), b"x")
        .await
        .ok();
    let latest = api
        .rpc(
            "files/list_folder/get_latest_cursor",
            json!({ "path": "/in" }),
        )
        .await
        .ok();
    api.upload("files/upload", json!({ "path": "/in/new.pdf" }), b"x")
        .await
        .ok();
    let page = api
        .rpc(
            "files/list_folder/continue",
            json!({ "cursor": latest["cursor"] }),
        )
        .await
        .ok();
    assert_eq!(names(&page), ["new.pdf"]);
}

#[tokio::test]
async fn longpoll_wakes_when_the_watched_folder_changes() {
    let api = empty().await;
    api.rpc("files/create_folder_v2", json!({ "path": "/watched" }))
        .await
        .ok();
    let latest = api
        .rpc(
            "files/list_folder/get_latest_cursor",
            json!({ "path": "/watched" }),
        )
        .await
        .ok();
    let cursor = latest["cursor"].clone();
    let http = api.http.clone();
    let url = api.url("/2/files/list_folder/longpoll");
    let poll = tokio::spawn(async move {
        // Longpoll takes no Authorization header.
        http.post(url)
            .header("content-type", "application/json")
            .body(json!({ "cursor": cursor, "timeout": 30 }).to_string())
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()
    });
    api.upload("files/upload", json!({ "path": "/elsewhere.txt" }), b"x")
        .await
        .ok();
    api.upload("files/upload", json!({ "path": "/watched/new.txt" }), b"x")
        .await
        .ok();
    let answer = tokio::time::timeout(Duration::from_secs(10), poll)
        .await
        .expect("longpoll returned when the folder changed")
        .unwrap();
    assert_eq!(answer["changes"], true);
}

#[tokio::test]
async fn temporary_links_serve_the_bytes_until_they_expire() {
    let api = empty().await;
    api.upload(
        "files/upload",
        json!({ "path": "/hw/Ada Lovelace.pdf" }),
        b"%PDF bytes",
    )
    .await
    .ok();
    let result = api
        .rpc(
            "files/get_temporary_link",
            json!({ "path": "/hw/ada lovelace.pdf" }),
        )
        .await
        .ok();
    assert_eq!(result["metadata"]["name"], "Ada Lovelace.pdf");
    let link = result["link"].as_str().unwrap();
    let fetched = api.http.get(link).send().await.unwrap();
    assert_eq!(fetched.headers()["content-type"], "application/pdf");
    assert_eq!(fetched.bytes().await.unwrap().as_ref(), b"%PDF bytes");

    assert_eq!(
        api.rpc("files/get_temporary_link", json!({ "path": "/hw" }))
            .await
            .error_tags(),
        "path/not_file"
    );

    api.emulator
        .control()
        .advance_clock(Duration::from_secs(4 * 3600 + 1))
        .await
        .unwrap();
    assert_eq!(api.http.get(link).send().await.unwrap().status(), 410);
}

#[tokio::test]
async fn demo_paper_docs_are_listed_as_non_downloadable_files() {
    let api = demo().await;
    let notes = api
        .rpc("files/list_folder", json!({ "path": "/Notes" }))
        .await
        .ok();
    let doc = notes["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Lecture 3 notes.paper")
        .unwrap()
        .clone();
    assert_eq!(doc["is_downloadable"], false);
    assert_eq!(doc["export_info"]["export_as"], "markdown");
    assert_eq!(
        api.download("files/download", json!({ "path": doc["path_lower"] }))
            .await
            .error_tags(),
        "unsupported_file"
    );
}

#[tokio::test]
async fn download_zip_packs_a_folder_under_its_own_name() {
    let api = demo().await;
    let zipped = api
        .download(
            "files/download_zip",
            json!({ "path": "/Courses/CS101/Homework 1" }),
        )
        .await;
    assert_eq!(zipped.status, 200);
    assert_eq!(
        zipped.result_header.unwrap()["metadata"]["name"],
        "Homework 1"
    );
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped.bytes)).unwrap();
    assert_eq!(archive.len(), 25);
    let first = archive.by_index(0).unwrap().name().unwrap().into_owned();
    assert!(first.starts_with("Homework 1/"), "{first}");
    assert_eq!(
        api.download(
            "files/download_zip",
            json!({ "path": "/Courses/CS101/Syllabus.pdf" })
        )
        .await
        .error_tags(),
        "path/not_folder"
    );
}

#[tokio::test]
async fn list_folder_pages_ten_thousand_files_exactly_once_each_in_order() {
    let api = std::sync::Arc::new(empty().await);
    let mut workers = Vec::new();
    for worker in 0..8 {
        let api = api.clone();
        workers.push(tokio::spawn(async move {
            for n in (worker..10_000).step_by(8) {
                api.upload(
                    "files/upload",
                    json!({ "path": format!("/big/{n:05}.pdf") }),
                    b"x",
                )
                .await
                .ok();
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let mut seen = Vec::new();
    let mut page = api
        .rpc("files/list_folder", json!({ "path": "/big" }))
        .await
        .ok();
    let mut pages = 1;
    loop {
        seen.extend(names(&page));
        if page["has_more"] == false {
            break;
        }
        page = api
            .rpc(
                "files/list_folder/continue",
                json!({ "cursor": page["cursor"] }),
            )
            .await
            .ok();
        pages += 1;
    }
    assert_eq!(pages, 5, "2,000 entries a page");
    let expected: Vec<String> = (0..10_000).map(|n| format!("{n:05}.pdf")).collect();
    assert_eq!(seen, expected);

    // Dropbox zips folders of up to 10,000 files.
    let zipped = api
        .download("files/download_zip", json!({ "path": "/big" }))
        .await;
    assert_eq!(zipped.status, 200);
    api.upload("files/upload", json!({ "path": "/big/one more.pdf" }), b"x")
        .await
        .ok();
    assert_eq!(
        api.download("files/download_zip", json!({ "path": "/big" }))
            .await
            .error_tags(),
        "too_many_files"
    );
}

#[tokio::test]
async fn longpoll_and_continue_tell_a_client_to_restart_when_its_folder_goes_or_state_resets() {
    let api = empty().await;
    api.rpc("files/create_folder_v2", json!({ "path": "/watched" }))
        .await
        .ok();
    let cursor = api
        .rpc(
            "files/list_folder/get_latest_cursor",
            json!({ "path": "/watched" }),
        )
        .await
        .ok()["cursor"]
        .clone();
    api.rpc("files/delete_v2", json!({ "path": "/watched" }))
        .await
        .ok();
    let poll = api
        .http
        .post(api.url("/2/files/list_folder/longpoll"))
        .header("content-type", "application/json")
        .body(json!({ "cursor": cursor, "timeout": 30 }).to_string())
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(poll["changes"], true);
    assert_eq!(
        api.rpc("files/list_folder/continue", json!({ "cursor": cursor }))
            .await
            .error_tags(),
        "reset"
    );

    let root_cursor = api
        .rpc("files/list_folder", json!({ "path": "" }))
        .await
        .ok()["cursor"]
        .clone();
    api.emulator.control().reset("empty").await.unwrap();
    let api = common::Api {
        token: api
            .emulator
            .control()
            .issue_token()
            .await
            .unwrap()
            .access_token,
        ..api
    };
    assert_eq!(
        api.rpc(
            "files/list_folder/continue",
            json!({ "cursor": root_cursor })
        )
        .await
        .error_tags(),
        "reset"
    );
}

#[tokio::test]
async fn an_absurd_clock_advance_does_not_break_the_server() {
    let api = empty().await;
    let control = api.emulator.control();
    control
        .advance_clock(Duration::from_secs(u64::MAX))
        .await
        .unwrap();
    control.health().await.unwrap();
    // Tokens issued now still work: time is capped, not wrapped.
    let fresh = control.issue_token().await.unwrap().access_token;
    let api = common::Api {
        token: fresh,
        ..api
    };
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.status,
        200
    );
}
