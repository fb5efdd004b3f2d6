//! Paper docs as files over HTTP: create, export, revision-checked update, the other policies.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use common::{demo, empty};
use serde_json::json;

#[tokio::test]
async fn create_then_export_in_each_format_with_the_revision() {
    let api = empty().await;
    let created = api
        .upload(
            "files/paper/create",
            json!({ "path": "/Notes/Week 1.paper", "import_format": "markdown" }),
            b"# Week 1\n\n- **arrays**\n",
        )
        .await
        .ok();
    assert_eq!(created["result_path"], "/Notes/Week 1.paper");
    assert_eq!(created["paper_revision"], 1);
    assert!(created["file_id"].as_str().unwrap().starts_with("id:"));
    assert!(created["url"].as_str().unwrap().starts_with(&api.base));

    let markdown = api
        .download(
            "files/export",
            json!({ "path": "/notes/week 1.paper", "export_format": "markdown" }),
        )
        .await;
    assert_eq!(markdown.status, 200);
    assert_eq!(markdown.bytes, b"# Week 1\n\n- **arrays**\n");
    let result = markdown.result_header.unwrap();
    assert_eq!(result["export_metadata"]["paper_revision"], 1);
    assert_eq!(result["export_metadata"]["name"], "Week 1.md");
    assert_eq!(result["file_metadata"]["is_downloadable"], false);

    let html = api
        .download(
            "files/export",
            json!({ "path": created["file_id"], "export_format": "html" }),
        )
        .await;
    assert!(
        String::from_utf8(html.bytes)
            .unwrap()
            .contains("<strong>arrays</strong>")
    );
    let bad = api
        .download(
            "files/export",
            json!({ "path": "/Notes/Week 1.paper", "export_format": "docx" }),
        )
        .await;
    assert_eq!(bad.error_tags(), "invalid_export_format");
}

#[tokio::test]
async fn create_renames_on_collision_and_wants_the_paper_extension() {
    let api = empty().await;
    let arg = json!({ "path": "/Meeting Notes.paper", "import_format": "markdown" });
    api.upload("files/paper/create", arg.clone(), b"a")
        .await
        .ok();
    let second = api.upload("files/paper/create", arg, b"b").await.ok();
    assert_eq!(second["result_path"], "/Meeting Notes (1).paper");
    let wrong = api
        .upload(
            "files/paper/create",
            json!({ "path": "/notes.txt", "import_format": "markdown" }),
            b"x",
        )
        .await;
    assert_eq!(wrong.error_tags(), "invalid_file_extension");
    let format = api
        .upload(
            "files/paper/create",
            json!({ "path": "/x.paper", "import_format": "docx" }),
            b"x",
        )
        .await;
    assert_eq!(format.status, 400);
    let not_utf8 = api
        .upload(
            "files/paper/create",
            json!({ "path": "/y.paper", "import_format": "markdown" }),
            &[0xff, 0xfe],
        )
        .await;
    assert_eq!(not_utf8.error_tags(), "content_malformed");
}

#[tokio::test]
async fn update_checks_the_revision_and_bumps_it() {
    let api = demo().await;
    let path = "/Notes/Lecture 3 notes.paper";
    let export = api
        .download(
            "files/export",
            json!({ "path": path, "export_format": "markdown" }),
        )
        .await;
    let revision = export.result_header.unwrap()["export_metadata"]["paper_revision"]
        .as_i64()
        .unwrap();

    let saved = api
        .upload(
            "files/paper/update",
            json!({ "path": path, "import_format": "markdown", "doc_update_policy": "update",
                    "paper_revision": revision }),
            b"# Lecture 3\n\nrewritten\n",
        )
        .await
        .ok();
    assert_eq!(saved["paper_revision"], revision + 1);

    let stale = api
        .upload(
            "files/paper/update",
            json!({ "path": path, "import_format": "markdown", "doc_update_policy": "update",
                    "paper_revision": revision }),
            b"lost?",
        )
        .await;
    assert_eq!(stale.error_tags(), "revision_mismatch");
    let now = api
        .download(
            "files/export",
            json!({ "path": path, "export_format": "markdown" }),
        )
        .await;
    assert_eq!(
        now.bytes, b"# Lecture 3\n\nrewritten\n",
        "a rejected update changes nothing"
    );

    // Another user edits; our save against the old revision is refused.
    let theirs = api
        .emulator
        .control()
        .edit_paper(path, "\n- their line\n", "append")
        .await
        .unwrap();
    assert_eq!(theirs, revision + 2);
    let conflicted = api
        .upload(
            "files/paper/update",
            json!({ "path": path, "import_format": "markdown", "doc_update_policy": "update",
                    "paper_revision": revision + 1 }),
            b"mine",
        )
        .await;
    assert_eq!(conflicted.error_tags(), "revision_mismatch");
}

#[tokio::test]
async fn append_prepend_and_overwrite_need_no_revision() {
    let api = empty().await;
    api.upload(
        "files/paper/create",
        json!({ "path": "/log.paper", "import_format": "markdown" }),
        b"middle\n",
    )
    .await
    .ok();
    for (policy, text) in [("append", "end\n"), ("prepend", "start\n")] {
        api.upload(
            "files/paper/update",
            json!({ "path": "/log.paper", "import_format": "markdown", "doc_update_policy": policy }),
            text.as_bytes(),
        )
        .await
        .ok();
    }
    let export = api
        .download("files/export", json!({ "path": "/log.paper" }))
        .await;
    assert_eq!(export.bytes, b"start\nmiddle\nend\n");
    assert_eq!(
        export.result_header.unwrap()["export_metadata"]["paper_revision"],
        3
    );

    let missing_revision = api
        .upload(
            "files/paper/update",
            json!({ "path": "/log.paper", "import_format": "markdown", "doc_update_policy": "update" }),
            b"x",
        )
        .await;
    assert_eq!(missing_revision.status, 400);

    api.rpc("files/delete_v2", json!({ "path": "/log.paper" }))
        .await
        .ok();
    let deleted = api
        .upload(
            "files/paper/update",
            json!({ "path": "/log.paper", "import_format": "markdown", "doc_update_policy": "overwrite" }),
            b"x",
        )
        .await;
    assert_eq!(deleted.error_tags(), "doc_deleted");
    let never = api
        .upload(
            "files/paper/update",
            json!({ "path": "/never.paper", "import_format": "markdown", "doc_update_policy": "overwrite" }),
            b"x",
        )
        .await;
    assert_eq!(never.error_tags(), "path/not_found");
}

#[tokio::test]
async fn export_of_an_ordinary_file_is_non_exportable() {
    let api = empty().await;
    api.upload("files/upload", json!({ "path": "/a.txt" }), b"x")
        .await
        .ok();
    assert_eq!(
        api.download("files/export", json!({ "path": "/a.txt" }))
            .await
            .error_tags(),
        "non_exportable"
    );
}
