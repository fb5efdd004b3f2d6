//! `sharing/*` over HTTP.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use common::{basic, demo, empty};
use serde_json::json;

#[tokio::test]
async fn create_returns_a_link_and_a_second_create_returns_it_inside_the_error() {
    let api = empty().await;
    api.upload(
        "files/upload",
        json!({ "path": "/docs/Syllabus.pdf" }),
        b"x",
    )
    .await
    .ok();
    let link = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({ "path": "/docs/syllabus.pdf" }),
        )
        .await
        .ok();
    assert_eq!(link[".tag"], "file");
    assert_eq!(link["name"], "Syllabus.pdf");
    assert_eq!(link["path_lower"], "/docs/syllabus.pdf");
    assert_eq!(link["link_permissions"]["can_revoke"], true);
    assert!(link["url"].as_str().unwrap().starts_with(&api.base));

    let again = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({ "path": "/docs/Syllabus.pdf" }),
        )
        .await;
    assert_eq!(
        again.error_tags(),
        "shared_link_already_exists/metadata/file"
    );
    assert_eq!(
        again.body["error"]["shared_link_already_exists"]["metadata"]["url"],
        link["url"]
    );
    let with_settings = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({ "path": "/docs/Syllabus.pdf", "settings": { "allow_download": true } }),
        )
        .await;
    assert_eq!(with_settings.error_tags(), "shared_link_already_exists");

    let folder = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({ "path": "/docs" }),
        )
        .await
        .ok();
    assert_eq!(folder[".tag"], "folder");
    assert_eq!(
        api.rpc(
            "sharing/create_shared_link_with_settings",
            json!({ "path": "/nope" })
        )
        .await
        .error_tags(),
        "path/not_found"
    );
}

#[tokio::test]
async fn list_shared_links_filters_by_path_and_direct_only() {
    let api = demo().await;
    let all = api.rpc("sharing/list_shared_links", json!({})).await.ok();
    assert_eq!(all["links"].as_array().unwrap().len(), 2);
    assert_eq!(all["has_more"], false);

    // A file inside a shared folder: its parent's link counts unless direct_only.
    let listing = api
        .rpc(
            "files/list_folder",
            json!({ "path": "/Courses/CS101/Homework 3", "limit": 1 }),
        )
        .await
        .ok();
    let inside = listing["entries"][0]["path_lower"].clone();
    let inherited = api
        .rpc("sharing/list_shared_links", json!({ "path": inside }))
        .await
        .ok();
    assert_eq!(inherited["links"][0]["name"], "Homework 3");
    let direct = api
        .rpc(
            "sharing/list_shared_links",
            json!({ "path": inside, "direct_only": true }),
        )
        .await
        .ok();
    assert!(direct["links"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn basic_accounts_cannot_set_an_expiry() {
    let api = basic().await;
    api.upload("files/upload", json!({ "path": "/a.pdf" }), b"x")
        .await
        .ok();
    let refused = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({ "path": "/a.pdf", "settings": { "expires": "2030-01-01T00:00:00Z" } }),
        )
        .await;
    assert_eq!(refused.error_tags(), "settings_error/not_authorized");
}

#[tokio::test]
async fn links_open_their_file_and_expire_when_asked_to() {
    let api = empty().await;
    api.upload("files/upload", json!({ "path": "/a.pdf" }), b"%PDF shared")
        .await
        .ok();
    let link = api
        .rpc(
            "sharing/create_shared_link_with_settings",
            json!({ "path": "/a.pdf", "settings": { "expires": "2031-01-01T00:00:00Z" } }),
        )
        .await
        .ok();
    assert_eq!(link["expires"], "2031-01-01T00:00:00Z");
    let url = link["url"].as_str().unwrap();
    let opened = api.http.get(url).send().await.unwrap();
    assert_eq!(opened.status(), 200);
    assert_eq!(opened.bytes().await.unwrap().as_ref(), b"%PDF shared");
    let listed = api
        .rpc("sharing/list_shared_links", json!({ "path": "/a.pdf" }))
        .await
        .ok();
    assert_eq!(listed["links"][0]["expires"], "2031-01-01T00:00:00Z");

    api.emulator
        .control()
        .advance_clock(std::time::Duration::from_secs(20 * 365 * 86_400))
        .await
        .unwrap();
    assert_eq!(api.http.get(url).send().await.unwrap().status(), 410);
}

#[tokio::test]
async fn a_folder_opens_on_the_website_at_home_and_its_path() {
    let api = demo().await;
    let page = |path: &'static str| {
        let http = api.http.clone();
        let url = api.url(path);
        async move {
            let response = http.get(url).send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let (status, html) = page("/home/Courses/CS101/Homework%202").await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("<h1>Homework 2</h1>"), "{html}");
    assert!(html.contains("_hw2.zip</li>"), "the folder's files: {html}");

    let (status, html) = page("/home/courses/cs101").await;
    assert_eq!(status, 200, "paths are case-insensitive, as in the API");
    assert!(
        html.contains("<li class=\"folder\">Homework 1</li>"),
        "{html}"
    );
    let (status, html) = page("/home").await;
    assert_eq!(status, 200);
    assert!(html.contains("<li class=\"folder\">Courses</li>"), "{html}");
    let (status, _) = page("/home/Courses/CS999").await;
    assert_eq!(status, 404);
    let (status, _) = page("/home/Courses/CS101/Syllabus.pdf").await;
    assert_eq!(status, 404, "a file is not a folder page");
}
