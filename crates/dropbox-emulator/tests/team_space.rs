//! A team member (a university on Dropbox Education): their home folder is the default root,
//! and `Dropbox-API-Path-Root` reaches the team space with its team folders.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use common::{Answer, Api, start};
use dropbox_emulator::{AccountType, Emulator, Seed};
use serde_json::{Value, json};

async fn member() -> Api {
    start(
        Emulator::builder()
            .seed(Seed::Demo)
            .account_type(AccountType::Business),
    )
    .await
}

async fn rpc_in(api: &Api, root: &str, route: &str, arg: Value) -> Answer {
    let response = api
        .http
        .post(api.url(&format!("/2/{route}")))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .header("dropbox-api-path-root", root)
        .body(arg.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        body,
        result_header: None,
        bytes: Vec::new(),
    }
}

fn names(listing: &Value) -> Vec<String> {
    let mut names: Vec<String> = listing["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_account_says_where_the_team_space_and_home_are() {
    let api = member().await;
    let account = api.rpc("users/get_current_account", json!(null)).await.ok();
    assert_eq!(account["account_type"][".tag"], "business");
    assert_eq!(account["root_info"][".tag"], "team");
    assert_eq!(account["root_info"]["home_path"], "/Ada Lovelace");
    assert_ne!(
        account["root_info"]["root_namespace_id"],
        account["root_info"]["home_namespace_id"]
    );
    assert_eq!(account["team"]["name"], "University of Example");
}

#[tokio::test]
async fn paths_are_relative_to_the_home_folder_by_default_and_to_the_team_space_with_the_header() {
    let api = member().await;
    let account = api.rpc("users/get_current_account", json!(null)).await.ok();
    let team_ns = account["root_info"]["root_namespace_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let home_ns = account["root_info"]["home_namespace_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let home = api
        .rpc("files/list_folder", json!({ "path": "" }))
        .await
        .ok();
    assert_eq!(names(&home), ["Courses", "Notes"]);
    let courses = home["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Courses")
        .unwrap();
    assert_eq!(courses["path_display"], "/Courses");

    let root = format!(r#"{{".tag":"root","root":"{team_ns}"}}"#);
    let team = rpc_in(&api, &root, "files/list_folder", json!({ "path": "" }))
        .await
        .ok();
    assert_eq!(names(&team), ["Ada Lovelace", "CS Department"]);
    let deep = rpc_in(
        &api,
        &root,
        "files/get_metadata",
        json!({ "path": "/Ada Lovelace/Courses/CS101/Syllabus.pdf" }),
    )
    .await
    .ok();
    assert_eq!(
        deep["path_display"],
        "/Ada Lovelace/Courses/CS101/Syllabus.pdf"
    );

    let by_home_ns = format!(r#"{{".tag":"namespace_id","namespace_id":"{home_ns}"}}"#);
    let same = rpc_in(
        &api,
        &by_home_ns,
        "files/list_folder",
        json!({ "path": "" }),
    )
    .await
    .ok();
    assert_eq!(names(&same), ["Courses", "Notes"]);

    // An ns: path names the team space without the header.
    let catalogue = api
        .rpc(
            "files/get_metadata",
            json!({ "path": format!("ns:{team_ns}/CS Department/Course catalogue.pdf") }),
        )
        .await
        .ok();
    assert_eq!(catalogue["name"], "Course catalogue.pdf");
}

#[tokio::test]
async fn a_file_request_can_collect_into_a_team_folder() {
    let api = member().await;
    let account = api.rpc("users/get_current_account", json!(null)).await.ok();
    let team_ns = account["root_info"]["root_namespace_id"].as_str().unwrap();
    let root = format!(r#"{{".tag":"root","root":"{team_ns}"}}"#);
    let request = rpc_in(
        &api,
        &root,
        "file_requests/create",
        json!({ "title": "Department survey", "destination": "/CS Department/Survey" }),
    )
    .await
    .ok();
    assert_eq!(request["destination"], "/CS Department/Survey");
    let folder = rpc_in(
        &api,
        &root,
        "files/get_metadata",
        json!({ "path": "/CS Department/Survey" }),
    )
    .await
    .ok();
    assert_eq!(folder[".tag"], "folder");
    assert_eq!(
        api.rpc(
            "files/get_metadata",
            json!({ "path": "/CS Department/Survey" })
        )
        .await
        .error_tags(),
        "path/not_found",
        "not in the member's home"
    );
}

#[tokio::test]
async fn a_wrong_root_is_422_with_the_real_root_info() {
    let api = member().await;
    let wrong = rpc_in(
        &api,
        r#"{".tag":"root","root":"42"}"#,
        "files/list_folder",
        json!({ "path": "" }),
    )
    .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.body["error"][".tag"], "invalid_root");
    assert_eq!(wrong.body["error"]["invalid_root"][".tag"], "team");
    assert_eq!(
        wrong.body["error"]["invalid_root"]["home_path"],
        "/Ada Lovelace"
    );
    let elsewhere = rpc_in(
        &api,
        r#"{".tag":"namespace_id","namespace_id":"42"}"#,
        "files/list_folder",
        json!({ "path": "" }),
    )
    .await;
    assert_eq!(elsewhere.status, 422);
    assert_eq!(elsewhere.body["error"][".tag"], "no_permission");
    let garbage = rpc_in(&api, "not json", "files/list_folder", json!({ "path": "" })).await;
    assert_eq!(garbage.status, 400);
}

#[tokio::test]
async fn personal_accounts_accept_their_own_root_and_home() {
    let api = common::demo().await;
    let account = api.rpc("users/get_current_account", json!(null)).await.ok();
    let ns = account["root_info"]["root_namespace_id"].as_str().unwrap();
    let root = format!(r#"{{".tag":"root","root":"{ns}"}}"#);
    let listing = rpc_in(&api, &root, "files/list_folder", json!({ "path": "" }))
        .await
        .ok();
    assert_eq!(names(&listing), ["Courses", "Notes"]);
    let home = rpc_in(
        &api,
        r#"{".tag":"home"}"#,
        "files/list_folder",
        json!({ "path": "" }),
    )
    .await
    .ok();
    assert_eq!(names(&home), ["Courses", "Notes"]);
}

#[tokio::test]
async fn team_features_and_paper_paths_agree_with_the_home_scope() {
    let api = member().await;
    let values = api
        .rpc(
            "users/features/get_values",
            json!({ "features": ["team_shared_dropbox", "distinct_member_home"] }),
        )
        .await
        .ok();
    assert_eq!(values["values"][0]["team_shared_dropbox"]["enabled"], true);
    assert_eq!(values["values"][1]["distinct_member_home"]["enabled"], true);

    let created = api
        .upload(
            "files/paper/create",
            json!({ "path": "/Notes/New.paper", "import_format": "markdown" }),
            b"x",
        )
        .await
        .ok();
    assert_eq!(created["result_path"], "/Notes/New.paper");
    let export = api
        .download("files/export", json!({ "path": created["result_path"] }))
        .await;
    assert_eq!(export.status, 200);

    // A path whose bytes cut the home folder's name mid-character renders without failing.
    let account = api.rpc("users/get_current_account", json!(null)).await.ok();
    let team_ns = account["root_info"]["root_namespace_id"].as_str().unwrap();
    let odd = api
        .rpc(
            "files/create_folder_v2",
            json!({ "path": format!("ns:{team_ns}/Ada Lovelacé") }),
        )
        .await
        .ok();
    assert_eq!(odd["metadata"]["path_display"], "/Ada Lovelacé");
}

#[tokio::test]
async fn a_moved_team_space_refuses_the_old_root_with_the_new_one_and_keeps_the_folders() {
    let api = member().await;
    let account = api.rpc("users/get_current_account", json!(null)).await.ok();
    let old = account["root_info"]["root_namespace_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let new = api.emulator.control().move_team_space().await.unwrap();
    assert_ne!(new, old);

    let stale = rpc_in(
        &api,
        &format!(r#"{{".tag":"root","root":"{old}"}}"#),
        "files/list_folder",
        json!({ "path": "" }),
    )
    .await;
    assert_eq!(stale.status, 422);
    assert_eq!(stale.body["error"][".tag"], "invalid_root");
    assert_eq!(
        stale.body["error"]["invalid_root"]["root_namespace_id"],
        new.as_str()
    );
    let account = api.rpc("users/get_current_account", json!(null)).await.ok();
    assert_eq!(account["root_info"]["root_namespace_id"], new.as_str());
    let listing = rpc_in(
        &api,
        &format!(r#"{{".tag":"root","root":"{new}"}}"#),
        "files/list_folder",
        json!({ "path": "" }),
    )
    .await
    .ok();
    assert_eq!(names(&listing), ["Ada Lovelace", "CS Department"]);
}

#[tokio::test]
async fn a_personal_account_has_no_team_space_to_move() {
    let api = common::demo().await;
    let refused = api.emulator.control().move_team_space().await.unwrap_err();
    assert!(refused.to_string().contains("no team space"), "{refused}");
}
