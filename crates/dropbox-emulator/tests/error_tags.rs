//! The route error tags not already pinned by the per-namespace route tests: each one the
//! emulator can produce, in Dropbox's exact union shape.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use common::{demo, empty};
use serde_json::json;

#[tokio::test]
async fn file_request_update_and_delete_errors() {
    let api = empty().await;
    api.upload("files/upload", json!({ "path": "/a-file" }), b"x")
        .await
        .ok();
    let request = api
        .rpc(
            "file_requests/create",
            json!({ "title": "T", "destination": "/r" }),
        )
        .await
        .ok();
    let id = request["id"].clone();
    assert_eq!(
        api.rpc("file_requests/update", json!({ "id": id, "title": "   " }))
            .await
            .error_tags(),
        "validation_error"
    );
    assert_eq!(
        api.rpc(
            "file_requests/update",
            json!({ "id": id, "destination": "/a-file" })
        )
        .await
        .error_tags(),
        "not_a_folder"
    );
    let unchanged = api.rpc("file_requests/get", json!({ "id": id })).await.ok();
    assert_eq!(unchanged, request, "a refused update changes nothing");
    assert_eq!(
        api.rpc(
            "file_requests/delete",
            json!({ "ids": ["unknown0000000000000"] })
        )
        .await
        .error_tags(),
        "not_found"
    );
}

#[tokio::test]
async fn listing_errors() {
    let api = empty().await;
    api.rpc("files/create_folder_v2", json!({ "path": "/gone" }))
        .await
        .ok();
    assert_eq!(
        api.rpc("files/list_folder", json!({ "path": "/a//b" }))
            .await
            .error_tags(),
        "path/malformed_path"
    );
    let cursor = api
        .rpc("files/list_folder", json!({ "path": "/gone" }))
        .await
        .ok()["cursor"]
        .clone();
    api.rpc("files/delete_v2", json!({ "path": "/gone" }))
        .await
        .ok();
    assert_eq!(
        api.rpc("files/list_folder/continue", json!({ "cursor": cursor }))
            .await
            .error_tags(),
        "reset"
    );
    assert_eq!(
        api.rpc("files/list_folder", json!({ "path": "", "limit": 0 }))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn content_route_lookup_errors() {
    let api = demo().await;
    assert_eq!(
        api.download("files/download", json!({ "path": "/nope.pdf" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    assert_eq!(
        api.download("files/download", json!({ "path": "/Courses" }))
            .await
            .error_tags(),
        "path/not_file"
    );
    assert_eq!(
        api.rpc(
            "files/get_temporary_link",
            json!({ "path": "/Notes/Course log.paper" })
        )
        .await
        .error_tags(),
        "unsupported_file"
    );
    assert_eq!(
        api.rpc("files/get_temporary_link", json!({ "path": "/nope" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    assert_eq!(
        api.download("files/download_zip", json!({ "path": "/nope" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    assert_eq!(
        api.download("files/export", json!({ "path": "/nope.paper" }))
            .await
            .error_tags(),
        "path/not_found"
    );
}

#[tokio::test]
async fn write_errors() {
    let api = empty().await;
    let file = api
        .upload("files/upload", json!({ "path": "/f.txt" }), b"x")
        .await
        .ok();
    assert_eq!(
        api.upload("files/upload", json!({ "path": "/bad/" }), b"x")
            .await
            .error_tags(),
        "path/malformed_path"
    );
    assert_eq!(
        api.rpc("files/create_folder_v2", json!({ "path": "/f.txt" }))
            .await
            .error_tags(),
        "path/conflict/file"
    );
    assert_eq!(
        api.rpc("files/create_folder_v2", json!({ "path": "/f.txt/sub" }))
            .await
            .error_tags(),
        "path/conflict/file_ancestor"
    );
    assert_eq!(
        api.rpc("files/create_folder_v2", json!({ "path": "/x/../y" }))
            .await
            .error_tags(),
        "path/malformed_path"
    );
    let stale = api
        .rpc(
            "files/delete_v2",
            json!({ "path": "/f.txt", "parent_rev": "0123456789abcdef" }),
        )
        .await;
    assert_eq!(stale.error_tags(), "path_write/conflict/file");
    let current = api
        .rpc(
            "files/delete_v2",
            json!({ "path": "/f.txt", "parent_rev": file["rev"] }),
        )
        .await;
    assert_eq!(current.status, 200);
}

#[tokio::test]
async fn paper_errors() {
    let api = empty().await;
    api.upload("files/upload", json!({ "path": "/plain.txt" }), b"x")
        .await
        .ok();
    assert_eq!(
        api.upload(
            "files/paper/create",
            json!({ "path": "/plain.txt/doc.paper", "import_format": "markdown" }),
            b"x"
        )
        .await
        .error_tags(),
        "invalid_path"
    );
    let huge = vec![b'a'; 1024 * 1024 + 1];
    assert_eq!(
        api.upload(
            "files/paper/create",
            json!({ "path": "/big.paper", "import_format": "markdown" }),
            &huge
        )
        .await
        .error_tags(),
        "doc_length_exceeded"
    );
    api.upload(
        "files/paper/create",
        json!({ "path": "/d.paper", "import_format": "markdown" }),
        b"x",
    )
    .await
    .ok();
    let update = |policy: &'static str| json!({ "path": "/d.paper", "import_format": "markdown", "doc_update_policy": policy });
    assert_eq!(
        api.upload("files/paper/update", update("overwrite"), &[0xc3, 0x28])
            .await
            .error_tags(),
        "content_malformed"
    );
    assert_eq!(
        api.upload(
            "files/paper/update",
            json!({ "path": "/plain.txt", "import_format": "markdown", "doc_update_policy": "overwrite" }),
            b"x"
        )
        .await
        .error_tags(),
        "path/not_file"
    );
}

#[tokio::test]
async fn shared_link_listing_errors() {
    let api = demo().await;
    assert_eq!(
        api.rpc("sharing/list_shared_links", json!({ "path": "/nope" }))
            .await
            .error_tags(),
        "path/not_found"
    );
    assert_eq!(
        api.rpc("sharing/list_shared_links", json!({ "cursor": "stale" }))
            .await
            .error_tags(),
        "reset"
    );
}
