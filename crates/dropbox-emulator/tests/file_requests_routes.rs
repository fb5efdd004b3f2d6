//! `file_requests/*` over HTTP: every route's success and the error tags it produces.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use common::{basic, demo, empty};
use serde_json::json;

#[tokio::test]
async fn create_makes_the_destination_and_returns_the_request_with_its_upload_page() {
    let api = empty().await;
    let request = api
        .rpc(
            "file_requests/create",
            json!({
                "title": "Homework 4 — Trees",
                "destination": "/Courses/CS101/HW4",
                "deadline": { "deadline": "2030-03-21T16:00:00Z", "allow_late_uploads": "one_day" },
                "description": "One PDF please"
            }),
        )
        .await
        .ok();
    let id = request["id"].as_str().unwrap();
    assert_eq!(id.len(), 20);
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert_eq!(request["url"], format!("{}/request/{id}", api.base));
    assert_eq!(request["destination"], "/Courses/CS101/HW4");
    assert_eq!(request["is_open"], true);
    assert_eq!(request["file_count"], 0);
    assert_eq!(request["deadline"]["deadline"], "2030-03-21T16:00:00Z");
    assert_eq!(request["deadline"]["allow_late_uploads"][".tag"], "one_day");
    assert_eq!(request["description"], "One PDF please");
    let folder = api
        .rpc(
            "files/get_metadata",
            json!({ "path": "/courses/cs101/hw4" }),
        )
        .await
        .ok();
    assert_eq!(folder[".tag"], "folder");
    assert_eq!(
        api.rpc("file_requests/get", json!({ "id": id })).await.ok(),
        request
    );
}

#[tokio::test]
async fn create_rejects_bad_titles_files_as_destinations_and_deadlines_on_basic_accounts() {
    let api = empty().await;
    let empty_title = api
        .rpc(
            "file_requests/create",
            json!({ "title": "", "destination": "/a" }),
        )
        .await;
    assert_eq!(empty_title.status, 400);
    assert!(
        empty_title.text().contains("title"),
        "{}",
        empty_title.text()
    );
    let blank = api
        .rpc(
            "file_requests/create",
            json!({ "title": "   ", "destination": "/a" }),
        )
        .await;
    assert_eq!(blank.error_tags(), "validation_error");

    api.upload("files/upload", json!({ "path": "/notes.txt" }), b"hi")
        .await
        .ok();
    let onto_file = api
        .rpc(
            "file_requests/create",
            json!({ "title": "T", "destination": "/notes.txt" }),
        )
        .await;
    assert_eq!(onto_file.error_tags(), "not_a_folder");

    let unknown_field = api
        .rpc(
            "file_requests/create",
            json!({ "title": "T", "destination": "/a", "colour": 1 }),
        )
        .await;
    assert_eq!(unknown_field.status, 400);
    assert!(unknown_field.text().contains("colour"));

    let basic = basic().await;
    let with_deadline = basic
        .rpc(
            "file_requests/create",
            json!({ "title": "T", "destination": "/a", "deadline": { "deadline": "2030-01-01T00:00:00Z" } }),
        )
        .await;
    assert_eq!(with_deadline.error_tags(), "validation_error");
    let without = basic
        .rpc(
            "file_requests/create",
            json!({ "title": "T", "destination": "/a" }),
        )
        .await;
    assert_eq!(without.status, 200);
    assert_eq!(
        basic.rpc("file_requests/count", json!(null)).await.ok()["file_request_count"],
        1
    );
}

#[tokio::test]
async fn get_of_an_unknown_id_is_not_found_and_a_bad_id_is_a_400() {
    let api = empty().await;
    assert_eq!(
        api.rpc("file_requests/get", json!({ "id": "nope0000000000000000" }))
            .await
            .error_tags(),
        "not_found"
    );
    assert_eq!(
        api.rpc("file_requests/get", json!({ "id": "no spaces" }))
            .await
            .status,
        400
    );
}

#[tokio::test]
async fn list_v2_pages_with_limit_and_continue_and_rejects_a_bad_cursor() {
    let api = empty().await;
    for n in 0..5 {
        api.rpc(
            "file_requests/create",
            json!({ "title": format!("HW {n}"), "destination": format!("/hw{n}") }),
        )
        .await
        .ok();
    }
    let first = api
        .rpc("file_requests/list_v2", json!({ "limit": 2 }))
        .await
        .ok();
    assert_eq!(first["file_requests"].as_array().unwrap().len(), 2);
    assert_eq!(first["has_more"], true);
    let mut titles: Vec<String> = first["file_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_owned())
        .collect();
    let mut cursor = first["cursor"].as_str().unwrap().to_owned();
    loop {
        let page = api
            .rpc("file_requests/list/continue", json!({ "cursor": cursor }))
            .await
            .ok();
        titles.extend(
            page["file_requests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["title"].as_str().unwrap().to_owned()),
        );
        cursor = page["cursor"].as_str().unwrap().to_owned();
        if page["has_more"] == false {
            break;
        }
    }
    assert_eq!(titles, ["HW 0", "HW 1", "HW 2", "HW 3", "HW 4"]);
    let all = api.rpc("file_requests/list", json!(null)).await.ok();
    assert_eq!(all["file_requests"].as_array().unwrap().len(), 5);
    assert_eq!(
        api.rpc(
            "file_requests/list/continue",
            json!({ "cursor": "garbage" })
        )
        .await
        .error_tags(),
        "invalid_cursor"
    );
}

#[tokio::test]
async fn update_changes_only_what_is_given_and_clears_a_deadline() {
    let api = empty().await;
    let created = api
        .rpc(
            "file_requests/create",
            json!({ "title": "HW", "destination": "/hw",
                    "deadline": { "deadline": "2030-01-01T17:00:00Z" } }),
        )
        .await
        .ok();
    let id = created["id"].as_str().unwrap();

    let renamed = api
        .rpc(
            "file_requests/update",
            json!({ "id": id, "title": "HW 1", "open": false }),
        )
        .await
        .ok();
    assert_eq!(renamed["title"], "HW 1");
    assert_eq!(renamed["is_open"], false);
    assert_eq!(renamed["deadline"]["deadline"], "2030-01-01T17:00:00Z");

    let moved = api
        .rpc(
            "file_requests/update",
            json!({ "id": id, "deadline": { ".tag": "update", "deadline": "2030-02-01T17:00:00Z",
                    "allow_late_uploads": { ".tag": "seven_days" } } }),
        )
        .await
        .ok();
    assert_eq!(moved["deadline"]["deadline"], "2030-02-01T17:00:00Z");
    assert_eq!(
        moved["deadline"]["allow_late_uploads"][".tag"],
        "seven_days"
    );

    let kept = api
        .rpc(
            "file_requests/update",
            json!({ "id": id, "deadline": "no_update", "open": true }),
        )
        .await
        .ok();
    assert_eq!(kept["deadline"]["deadline"], "2030-02-01T17:00:00Z");
    assert_eq!(kept["is_open"], true);

    let cleared = api
        .rpc(
            "file_requests/update",
            json!({ "id": id, "deadline": { ".tag": "update" } }),
        )
        .await
        .ok();
    assert!(cleared.get("deadline").is_none(), "{cleared}");

    assert_eq!(
        api.rpc(
            "file_requests/update",
            json!({ "id": "unknown0000000000000", "open": false })
        )
        .await
        .error_tags(),
        "not_found"
    );
}

#[tokio::test]
async fn only_closed_requests_are_deleted_and_delete_all_closed_keeps_open_ones() {
    let api = empty().await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let r = api
            .rpc(
                "file_requests/create",
                json!({ "title": format!("R{n}"), "destination": "/r" }),
            )
            .await
            .ok();
        ids.push(r["id"].as_str().unwrap().to_owned());
    }
    let open = api
        .rpc("file_requests/delete", json!({ "ids": [ids[0]] }))
        .await;
    assert_eq!(open.error_tags(), "file_request_open");
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.ok()["file_request_count"],
        3
    );

    for id in &ids[..2] {
        api.rpc("file_requests/update", json!({ "id": id, "open": false }))
            .await
            .ok();
    }
    let deleted = api
        .rpc("file_requests/delete", json!({ "ids": [ids[0]] }))
        .await
        .ok();
    assert_eq!(deleted["file_requests"][0]["id"], ids[0].as_str());

    let swept = api
        .rpc("file_requests/delete_all_closed", json!(null))
        .await
        .ok();
    let swept_ids: Vec<&str> = swept["file_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(swept_ids, [ids[1].as_str()]);
    let left = api.rpc("file_requests/list_v2", json!({})).await.ok();
    assert_eq!(left["file_requests"][0]["id"], ids[2].as_str());
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.ok()["file_request_count"],
        1
    );
}

#[tokio::test]
async fn the_demo_course_lists_its_requests_with_submissions_counted() {
    let api = demo().await;
    let list = api.rpc("file_requests/list_v2", json!({})).await.ok();
    let requests = list["file_requests"].as_array().unwrap();
    assert_eq!(requests.len(), 4);
    let hw1 = requests
        .iter()
        .find(|r| r["title"] == "Homework 1 — Arrays")
        .unwrap();
    assert_eq!(hw1["is_open"], false);
    assert_eq!(hw1["file_count"], 25);
    let listing = api
        .rpc("files/list_folder", json!({ "path": hw1["destination"] }))
        .await
        .ok();
    assert_eq!(listing["entries"].as_array().unwrap().len(), 25);
}

#[tokio::test]
async fn the_four_thousand_request_cap_is_rate_limit() {
    let api = empty().await;
    let api = std::sync::Arc::new(api);
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..500 {
                api.rpc(
                    "file_requests/create",
                    json!({ "title": format!("R{worker}-{n}"), "destination": "/bulk" }),
                )
                .await
                .ok();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let over = api
        .rpc(
            "file_requests/create",
            json!({ "title": "one too many", "destination": "/bulk" }),
        )
        .await;
    assert_eq!(over.error_tags(), "rate_limit");
    assert_eq!(
        api.rpc("file_requests/count", json!(null)).await.ok()["file_request_count"],
        4000
    );
}
