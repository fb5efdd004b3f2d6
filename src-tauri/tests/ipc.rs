//! Commands through Tauri's real IPC layer (`tauri::test::mock_builder`) and the app's real
//! wiring (`run_app`), with the emulator behind them.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Emulator, EmulatorHandle};
use dropdesk_app::{AppConfig, run_app};
use dropdesk_core::paths::AppPaths;
use dropdesk_core::session::DEMO_APP_KEY;
use dropdesk_core::settings::redirect_uri;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder, mock_context, noop_assets,
};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

struct Harness {
    window: WebviewWindow<MockRuntime>,
    _app: tauri::App<MockRuntime>,
    emulator: EmulatorHandle,
    runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn start(env_app_key: Option<&str>) -> Harness {
    start_with(env_app_key, true)
}

/// With `external_emulator` false, demo mode starts the app's own emulator.
fn start_with(env_app_key: Option<&str>, external_emulator: bool) -> Harness {
    let runtime = tokio::runtime::Runtime::new().expect("a Tokio runtime");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let emulator = runtime
        .block_on(
            Emulator::builder()
                .app_key(DEMO_APP_KEY)
                .auto_approve(true)
                .redirect_uri(redirect_uri(port))
                .spawn(),
        )
        .expect("the emulator starts");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = AppConfig {
        paths: AppPaths::under(dir.path()),
        env_app_key: env_app_key.map(str::to_owned),
        demo_emulator_url: external_emulator.then(|| emulator.base_url().parse().expect("a URL")),
        redirect_ports: Some(vec![port]),
        dropbox_url: Some(emulator.base_url().parse().expect("a URL")),
    };
    let app = run_app(mock_builder(), config)
        .build(mock_context(noop_assets()))
        .expect("the app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("the window opens");
    Harness {
        window,
        _app: app,
        emulator,
        runtime,
        _dir: dir,
    }
}

fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("a URL"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

/// The account's requests as Dropbox has them, each as the window sees a `RequestView`: read
/// beside the app, since `list_requests` hands its pages to a channel.
fn requests_of(harness: &Harness) -> Vec<Value> {
    harness.runtime.block_on(async {
        let token = harness.emulator.control().issue_token().await.unwrap();
        let hosts = Hosts::single_origin(&harness.emulator.base_url().parse().unwrap());
        let client = Client::new(hosts, AccessToken::new(token.access_token));
        let list = dropdesk_core::requests::list(&client).await.unwrap();
        list.requests
            .iter()
            .map(|r| serde_json::to_value(r).unwrap())
            .collect()
    })
}

#[test]
fn get_session_in_demo_mode_returns_the_professor_and_no_token() {
    let harness = start(None);

    let session = invoke(&harness.window, "get_session", json!({})).unwrap();

    assert_eq!(
        session,
        json!({
            "mode": "demo",
            "account": {
                "displayName": "Ada Lovelace",
                "email": "ada.lovelace@university.example",
                "plan": "pro",
                "team": null,
                "ownFolder": null
            },
            "keyringProblem": null,
            "canConnect": false,
            "ended": null,
            "unreachable": false,
            "accounts": [{
                "key": "demo",
                "mode": "demo",
                "displayName": "Ada Lovelace",
                "email": "ada.lovelace@university.example",
                "team": null,
                "active": true,
                "signedIn": true
            }],
            "whereabouts": {},
            "notifiesArrivals": true
        })
    );
    assert!(
        !session.to_string().contains("sl."),
        "a token crossed IPC: {session}"
    );
}

#[test]
fn arrival_notices_are_turned_off_and_stay_off_for_the_account() {
    let harness = start(None);
    invoke(&harness.window, "get_session", json!({})).unwrap();

    let off = invoke(
        &harness.window,
        "set_notifies_arrivals",
        json!({ "on": false }),
    )
    .unwrap();
    assert_eq!(off["notifiesArrivals"], json!(false));
    let again = invoke(&harness.window, "get_session", json!({})).unwrap();
    assert_eq!(again["notifiesArrivals"], json!(false), "kept");
    let on = invoke(
        &harness.window,
        "set_notifies_arrivals",
        json!({ "on": true }),
    )
    .unwrap();
    assert_eq!(on["notifiesArrivals"], json!(true));
}

#[test]
fn get_session_in_demo_mode_starts_the_built_in_emulator() {
    let harness = start_with(None, false);

    let session = invoke(&harness.window, "get_session", json!({})).unwrap();

    assert_eq!(session["mode"], "demo");
    assert_eq!(session["account"]["displayName"], "Ada Lovelace");
}

#[test]
fn get_session_with_an_app_key_leaves_demo_mode() {
    let harness = start(Some("abcdefghij12345"));

    let session = invoke(&harness.window, "get_session", json!({})).unwrap();

    assert_eq!(session["mode"], "dropbox");
    assert_eq!(session["account"], Value::Null);
    assert_eq!(session["canConnect"], true);
}

#[test]
fn signing_out_of_the_demo_signs_out_and_try_demo_signs_in_again() {
    let harness = start(None);
    invoke(&harness.window, "get_session", json!({})).unwrap();

    let session = invoke(&harness.window, "sign_out", json!({})).unwrap();
    assert_eq!(session["account"], Value::Null);
    assert_eq!(session["canConnect"], false);

    let session = invoke(&harness.window, "try_demo", json!({})).unwrap();
    assert_eq!(session["mode"], "demo");
    assert_eq!(session["account"]["displayName"], "Ada Lovelace");
}

#[test]
fn reset_demo_signs_in_again_and_is_refused_outside_the_demo() {
    let harness = start(None);
    let session = invoke(&harness.window, "reset_demo", json!({})).unwrap();
    assert_eq!(session["account"]["displayName"], "Ada Lovelace");

    let harness = start(Some("abcdefghij12345"));
    let error = invoke(&harness.window, "reset_demo", json!({})).unwrap_err();
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["field"], "demo");
}

#[test]
fn a_blank_pasted_code_is_a_field_error() {
    let harness = start(Some("abcdefghij12345"));
    let error = invoke(
        &harness.window,
        "sign_in_with_code",
        json!({ "code": "  " }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["field"], "code");

    let error = invoke(&harness.window, "finish_sign_in", json!({})).unwrap_err();
    assert_eq!(error["code"], "sign_in_failed", "no sign-in was started");
}

#[test]
fn get_session_with_a_bad_app_key_is_a_field_error() {
    let harness = start(Some("Not A Key"));

    let error = invoke(&harness.window, "get_session", json!({})).unwrap_err();

    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["field"], "appKey");
    assert!(error["message"].as_str().unwrap().contains("App Console"));
    assert!(error.get("retryAfterSecs").is_none());
}

#[test]
fn settings_save_with_field_errors_and_a_new_key_leaves_the_signed_out_session() {
    let harness = start(None);
    let settings = invoke(&harness.window, "get_settings", json!({})).unwrap();
    assert_eq!(settings["appKey"], "");
    assert_eq!(settings["redirectPorts"], json!([53682, 53683, 53684]));
    assert!(
        settings["settingsFile"]
            .as_str()
            .unwrap()
            .ends_with("settings.json")
    );

    let error = invoke(
        &harness.window,
        "save_settings",
        json!({ "input": { "appKey": "abcdefghij12345", "redirectPorts": "80" } }),
    )
    .unwrap_err();
    assert_eq!(error["code"], "invalid_input");
    assert_eq!(error["field"], "redirectPorts");

    let saved = invoke(
        &harness.window,
        "save_settings",
        json!({ "input": { "appKey": "abcdefghij12345", "redirectPorts": "6001" } }),
    )
    .unwrap();
    assert_eq!(saved["appKey"], "abcdefghij12345");
    assert_eq!(
        saved["redirectUris"],
        json!(["http://127.0.0.1:6001/oauth/callback"])
    );
    let session = invoke(&harness.window, "get_session", json!({})).unwrap();
    assert_eq!(session["canConnect"], true);
}

#[test]
fn open_external_refuses_anything_but_https() {
    let harness = start(None);
    for url in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://example.com/",
    ] {
        let error = invoke(&harness.window, "open_external", json!({ "url": url })).unwrap_err();
        assert_eq!(error["code"], "invalid_input", "{url}");
        assert_eq!(error["field"], "url", "{url}");
    }
}

#[test]
fn cancelling_when_no_sign_in_is_waiting_is_harmless() {
    let harness = start(Some("abcdefghij12345"));
    let answer = invoke(&harness.window, "cancel_sign_in", json!({})).unwrap();
    assert_eq!(answer, Value::Null);
    let session = invoke(&harness.window, "get_session", json!({})).unwrap();
    assert_eq!(session["account"], Value::Null);
}

#[test]
fn file_requests_list_create_with_a_field_error_close_and_delete() {
    let harness = start(None);
    // The pages go to the channel; the answer is Dropbox's count.
    let args = json!({ "onPage": "__CHANNEL__:5" });
    let total = invoke(&harness.window, "list_requests", args.clone()).unwrap();
    let total = total.as_u64().unwrap();
    assert_eq!(requests_of(&harness).len() as u64, total);

    let form = |folder: &str| {
        json!({ "form": {
            "title": "Homework 9",
            "destination": folder,
            "description": "",
            "deadline": { "date": "2099-05-01", "time": "17:00", "timeZone": "UTC" },
            "grace": "seven_days"
        }})
    };
    let error = invoke(
        &harness.window,
        "create_request",
        form("/Courses/CS101/Syllabus.pdf"),
    )
    .unwrap_err();
    assert_eq!(error["field"], "destination");

    let created = invoke(
        &harness.window,
        "create_request",
        form("/Courses/CS101/HW9"),
    )
    .unwrap();
    assert_eq!(created["foundAfterLostAnswer"], false);
    let created = &created["request"];
    assert_eq!(created["deadline"], "2099-05-01T17:00:00Z");
    assert_eq!(created["grace"], "seven_days");
    assert_eq!(created["isOpen"], true);
    let id = created["id"].as_str().unwrap();

    let error = invoke(&harness.window, "delete_request", json!({ "id": id })).unwrap_err();
    assert_eq!(error["field"], "request");
    let closed = invoke(
        &harness.window,
        "set_request_open",
        json!({ "id": id, "open": false }),
    )
    .unwrap();
    assert_eq!(closed["isOpen"], false);
    invoke(&harness.window, "delete_request", json!({ "id": id })).unwrap();
    let after = invoke(&harness.window, "list_requests", args).unwrap();
    assert_eq!(after.as_u64().unwrap(), total);
}

#[test]
fn file_request_commands_without_a_sign_in_say_so() {
    let harness = start(Some("abcdefghij12345"));
    let args = json!({ "onPage": "__CHANNEL__:5" });
    let error = invoke(&harness.window, "list_requests", args).unwrap_err();
    assert_eq!(error["code"], "sign_in_expired");
}

#[test]
fn share_link_reuses_the_folders_link_and_names_a_bad_path() {
    let harness = start(None);
    let first = invoke(
        &harness.window,
        "share_link",
        json!({ "path": "/Courses/CS101/Homework 1" }),
    )
    .unwrap();
    let again = invoke(
        &harness.window,
        "share_link",
        json!({ "path": "/Courses/CS101/Homework 1" }),
    )
    .unwrap();
    assert_eq!(first, again);
    assert!(first.as_str().unwrap().starts_with("http"));
    let error = invoke(&harness.window, "share_link", json!({ "path": "relative" })).unwrap_err();
    assert_eq!(error["field"], "path");
}

#[test]
fn the_folder_browser_lists_subfolders_and_names_the_field() {
    let harness = start(None);
    let folders = invoke(
        &harness.window,
        "list_folders",
        json!({ "path": "/Courses/CS101" }),
    )
    .unwrap();
    let names: Vec<&str> = folders["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Homework 1", "Homework 2", "Homework 3", "Reflections"]
    );
    assert_eq!(folders["folders"][0]["path"], "/Courses/CS101/Homework 1");
    assert_eq!(folders["missing"], false);
    let missing = invoke(&harness.window, "list_folders", json!({ "path": "/Nope" })).unwrap();
    assert_eq!(missing, json!({ "folders": [], "missing": true }));
    let error = invoke(&harness.window, "list_folders", json!({ "path": "Nope" })).unwrap_err();
    assert_eq!(error["field"], "destination");
}

#[test]
fn submissions_and_downloads_go_through_channels_into_the_download_folder() {
    let harness = start(None);
    let hw2 = requests_of(&harness)
        .iter()
        .find(|r| r["title"].as_str().unwrap().starts_with("Homework 2"))
        .unwrap()
        .clone();
    let cursor = invoke(
        &harness.window,
        "list_submissions",
        json!({ "id": hw2["id"], "folder": hw2["destination"], "onPage": "__CHANNEL__:7" }),
    )
    .unwrap();
    assert!(!cursor.as_str().unwrap().is_empty(), "{cursor}");

    let folder = invoke(&harness.window, "get_download_folder", json!({})).unwrap();
    let folder = std::path::PathBuf::from(folder.as_str().unwrap());
    assert!(folder.starts_with(harness._dir.path()), "{folder:?}");
    assert!(folder.is_dir(), "the default folder is created");

    let path = format!(
        "{}/{}",
        hw2["destination"].as_str().unwrap(),
        "amara_okafor_hw2.zip"
    );
    let saved = invoke(
        &harness.window,
        "download_file",
        json!({ "downloadId": "d1", "path": path, "onProgress": "__CHANNEL__:8" }),
    );
    let saved = match saved {
        Ok(saved) => saved,
        Err(error) => panic!("{error}"),
    };
    assert_eq!(saved["outcome"], "saved");
    let on_disk = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(on_disk.parent().unwrap(), folder);
    assert_eq!(
        std::fs::metadata(&on_disk).unwrap().len(),
        saved["bytes"].as_u64().unwrap()
    );

    let zip = invoke(
        &harness.window,
        "download_all_submissions",
        json!({ "downloadId": "d2", "id": hw2["id"], "onProgress": "__CHANNEL__:9" }),
    )
    .unwrap();
    assert!(
        zip["path"].as_str().unwrap().ends_with("Homework 2.zip"),
        "{zip}"
    );
    let cancelled = invoke(
        &harness.window,
        "cancel_download",
        json!({ "downloadId": "d2" }),
    )
    .unwrap();
    assert_eq!(cancelled, false, "it had ended");
}

#[test]
fn paper_docs_open_save_and_keep_drafts_until_saved() {
    let harness = start(None);
    let w = &harness.window;
    assert_eq!(
        invoke(w, "paper_availability", json!({})).unwrap()["available"],
        true
    );
    let docs = invoke(w, "list_paper_docs", json!({ "folder": "/Notes" })).unwrap();
    let lecture = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "Lecture 1 notes")
        .unwrap()
        .clone();
    let doc = invoke(w, "open_paper_doc", json!({ "id": lecture["id"] })).unwrap();
    let text = format!("{}\nMore.\n", doc["markdown"].as_str().unwrap());
    let draft = json!({ "draft": {
        "docId": doc["id"], "path": doc["path"], "title": doc["title"],
        "baseRevision": doc["revision"], "baseText": doc["markdown"], "text": text
    }});
    invoke(w, "save_draft", draft.clone()).unwrap();
    let drafts = invoke(w, "list_drafts", json!({})).unwrap();
    assert_eq!(drafts[0]["text"], text.as_str());
    assert!(!drafts[0]["savedAt"].as_str().unwrap().is_empty());

    let saved = invoke(w, "save_paper_doc", json!({ "edit": draft["draft"] })).unwrap();
    assert_eq!(saved["outcome"], "saved");
    assert!(saved["revision"].as_i64().unwrap() > doc["revision"].as_i64().unwrap());
    assert_eq!(
        invoke(w, "list_drafts", json!({})).unwrap(),
        json!([]),
        "a saved draft is removed"
    );

    let revision = invoke(
        w,
        "add_paper_note",
        json!({ "id": doc["id"], "note": "### 2026-11-23\nQuiz moved.", "place": "end" }),
    )
    .unwrap();
    assert!(revision.as_i64().unwrap() > saved["revision"].as_i64().unwrap());
    let html = invoke(
        w,
        "render_markdown",
        json!({ "text": "# Hi\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))" }),
    )
    .unwrap();
    let html = html.as_str().unwrap();
    assert!(
        html.contains("<h1>Hi</h1>") && !html.contains("<script") && !html.contains("href"),
        "{html}"
    );
    let error = invoke(
        w,
        "create_paper_doc",
        json!({ "doc": { "title": "", "folder": "/Notes", "markdown": "" } }),
    )
    .unwrap_err();
    assert_eq!(error["field"], "title");
    invoke(w, "discard_draft", json!({ "docId": "id:none" })).unwrap();

    let parts = json!([
        { "kind": "same", "text": "a\n" },
        { "kind": "conflict", "ours": "o\n", "theirs": "t\n" }
    ]);
    let settled = invoke(
        w,
        "resolve_conflicts",
        json!({ "parts": parts, "resolutions": ["both"] }),
    )
    .unwrap();
    assert_eq!(settled, "a\no\nt\n");
    let unsettled = invoke(
        w,
        "resolve_conflicts",
        json!({ "parts": parts, "resolutions": [] }),
    )
    .unwrap_err();
    assert_eq!(unsettled["field"], "conflicts");
}

#[test]
fn an_edit_whose_save_fails_is_kept_as_a_draft() {
    let harness = start(None);
    let w = &harness.window;
    let edit = json!({
        "docId": "id:gone", "path": "/Notes/Gone.paper", "title": "Gone",
        "baseRevision": 3, "baseText": "# Gone\n", "text": "# Gone\nTyped.\n", "savedAt": ""
    });
    let error = invoke(w, "save_paper_doc", json!({ "edit": edit })).unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("gone"),
        "{error}"
    );
    let drafts = invoke(w, "list_drafts", json!({})).unwrap();
    assert_eq!(drafts[0]["docId"], "id:gone");
    assert_eq!(drafts[0]["text"], "# Gone\nTyped.\n", "the text was lost");
}

#[test]
fn a_term_is_previewed_created_and_created_again_as_nothing() {
    let harness = start(None);
    invoke(&harness.window, "get_session", json!({})).unwrap();
    let pattern = json!({
        "course": "/Courses/CS101",
        "title": "Lab {n}",
        "folder": "{course}/Lab {nn}",
        "description": "",
        "topics": [],
        "firstNumber": 1,
        "count": 3,
        "firstDeadline": null,
        "repeat": { "kind": "weekly" },
        "grace": "none"
    });
    let rows = invoke(&harness.window, "plan_term", json!({ "pattern": pattern })).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 3);
    let preview = invoke(&harness.window, "preview_term", json!({ "rows": rows })).unwrap();
    assert_eq!(preview["ready"], 3);
    assert_eq!(preview["rows"][2]["destination"], "/Courses/CS101/Lab 03");
    assert_eq!(preview["rows"][0]["status"]["state"], "ready");

    let args = json!({ "planId": "spring", "rows": rows, "onRow": "__CHANNEL__:11" });
    let summary = invoke(&harness.window, "create_term", args.clone()).unwrap();
    assert_eq!(summary["created"], 3);
    assert_eq!(summary["rows"][1]["state"]["state"], "created");
    let labs = || {
        requests_of(&harness)
            .iter()
            .filter(|r| r["title"].as_str().unwrap().starts_with("Lab "))
            .count()
    };
    assert_eq!(labs(), 3);

    let again = invoke(&harness.window, "create_term", args).unwrap();
    assert_eq!(again["created"], 3);
    assert_eq!(labs(), 3, "running the plan again made nothing");
    assert!(
        !invoke(
            &harness.window,
            "cancel_term",
            json!({ "planId": "spring" })
        )
        .unwrap()
        .as_bool()
        .unwrap()
    );

    let bad = json!({ "pattern": { "course": "/C", "title": "{x}", "folder": "/F", "description": "",
        "topics": [], "firstNumber": 1, "count": 1, "firstDeadline": null,
        "repeat": { "kind": "weekly" }, "grace": "none" } });
    let error = invoke(&harness.window, "plan_term", bad).unwrap_err();
    assert_eq!(error["field"], "title");

    // A CSV plan's problem names its line; a roll-over names the field to fix.
    let csv = b"title,folder,deadline\nLab 9,Lab 9,next friday\n".to_vec();
    let error = invoke(
        &harness.window,
        "plan_term_from_csv",
        json!({ "bytes": csv, "course": "/Courses/CS101", "zone": "UTC" }),
    )
    .unwrap_err();
    assert!(
        error["message"].as_str().unwrap().contains("Line 2"),
        "{error}"
    );
    let error = invoke(
        &harness.window,
        "plan_rollover",
        json!({ "from": "/Courses/Nothing", "to": "/Courses/New", "weeks": null, "zone": "UTC" }),
    )
    .unwrap_err();
    assert_eq!(error["field"], "from");
}
