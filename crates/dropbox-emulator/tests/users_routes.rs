//! `users/get_current_account` and the authentication every route shares, over real HTTP.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropbox_emulator::{Emulator, EmulatorHandle, Seed};
use reqwest::StatusCode;
use serde_json::Value;

const ROUTE: &str = "/2/users/get_current_account";

async fn start() -> (EmulatorHandle, String) {
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .spawn()
        .await
        .expect("the emulator starts");
    let token = emulator
        .control()
        .issue_token()
        .await
        .expect("a token")
        .access_token;
    (emulator, token)
}

fn content_type(response: &reqwest::Response) -> String {
    response.headers()["content-type"]
        .to_str()
        .expect("an ASCII header")
        .to_owned()
}

#[tokio::test]
async fn returns_the_seeded_account_for_each_void_encoding_the_sdks_use() {
    let (emulator, token) = start().await;
    let http = reqwest::Client::new();
    let url = format!("{}{ROUTE}", emulator.base_url());
    let requests = [
        http.post(&url).bearer_auth(&token),
        http.post(&url).bearer_auth(&token).body(""),
        http.post(&url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body("null"),
    ];
    for request in requests {
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(content_type(&response), "application/json");
        assert!(response.headers().contains_key("x-dropbox-request-id"));
        let account: Value = response.json().await.unwrap();
        assert_eq!(account["name"]["display_name"], "Ada Lovelace");
        assert_eq!(account["email"], "ada.lovelace@university.example");
        assert_eq!(account["account_type"][".tag"], "pro");
        assert_eq!(account["root_info"][".tag"], "user");
        assert_eq!(account["account_id"].as_str().unwrap().len(), 40);
    }
}

#[tokio::test]
async fn missing_or_malformed_authorization_is_a_400_text_error() {
    let (emulator, _token) = start().await;
    let http = reqwest::Client::new();
    let url = format!("{}{ROUTE}", emulator.base_url());

    let missing = http.post(&url).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert!(content_type(&missing).starts_with("text/plain"));
    let text = missing.text().await.unwrap();
    assert!(text.contains("\"users/get_current_account\""), "{text}");
    assert!(text.contains("Authorization"), "{text}");

    let malformed = http
        .post(&url)
        .header("authorization", "Bearer not a token")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert!(malformed.text().await.unwrap().contains("malformed"));
}

#[tokio::test]
async fn an_unknown_token_is_invalid_access_token() {
    let (emulator, _token) = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}{ROUTE}", emulator.base_url()))
        .bearer_auth("sl.ThisTokenWasNeverIssued")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(content_type(&response), "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"][".tag"], "invalid_access_token");
    assert!(
        body["error_summary"]
            .as_str()
            .unwrap()
            .starts_with("invalid_access_token/")
    );
}

#[tokio::test]
async fn a_token_expires_when_the_clock_passes_its_lifetime() {
    let emulator = Emulator::builder()
        .access_token_ttl(Duration::from_secs(60))
        .spawn()
        .await
        .unwrap();
    let control = emulator.control();
    let token = control.issue_token().await.unwrap();
    assert_eq!(token.expires_in, 60);
    let call = || {
        reqwest::Client::new()
            .post(format!("{}{ROUTE}", emulator.base_url()))
            .bearer_auth(&token.access_token)
            .send()
    };
    assert_eq!(call().await.unwrap().status(), StatusCode::OK);

    control
        .advance_clock(Duration::from_secs(61))
        .await
        .unwrap();

    let expired = call().await.unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    let body: Value = expired.json().await.unwrap();
    assert_eq!(body["error"][".tag"], "expired_access_token");
}

#[tokio::test]
async fn a_void_route_rejects_a_non_null_body_and_a_wrong_content_type() {
    let (emulator, token) = start().await;
    let http = reqwest::Client::new();
    let url = format!("{}{ROUTE}", emulator.base_url());

    let object = http
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(object.status(), StatusCode::BAD_REQUEST);
    assert!(object.text().await.unwrap().contains("expected null"));

    let form = http
        .post(&url)
        .bearer_auth(&token)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("null")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::BAD_REQUEST);
    assert!(
        form.text()
            .await
            .unwrap()
            .contains("Bad HTTP \"Content-Type\" header")
    );
}

#[tokio::test]
async fn an_unknown_route_is_a_404_naming_it() {
    let (emulator, token) = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/2/users/no_such_route", emulator.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        response
            .text()
            .await
            .unwrap()
            .contains("\"users/no_such_route\"")
    );
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let (emulator, _token) = start().await;
    let control = emulator.control();
    control.health().await.unwrap();
    emulator.shutdown().await;
    assert!(control.health().await.is_err());
}

#[tokio::test]
async fn features_get_values_answers_each_feature_as_a_nested_union() {
    let (emulator, token) = start().await;
    let call = |body: &'static str| {
        reqwest::Client::new()
            .post(format!(
                "{}/2/users/features/get_values",
                emulator.base_url()
            ))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    let values: Value = call(r#"{"features":[{".tag":"paper_as_files"},"file_locking"]}"#)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        values["values"][0],
        serde_json::json!({".tag": "paper_as_files", "paper_as_files": {".tag": "enabled", "enabled": true}})
    );
    assert_eq!(values["values"][1]["file_locking"]["enabled"], false);
    let empty = call(r#"{"features":[]}"#).await.unwrap();
    assert_eq!(empty.status(), StatusCode::CONFLICT);
    let body: Value = empty.json().await.unwrap();
    assert_eq!(body["error"][".tag"], "empty_features_list");
}
