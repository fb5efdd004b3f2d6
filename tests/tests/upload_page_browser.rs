//! A student uploads homework through a file request's page in a real (headless) browser.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_emulator::{Emulator, Seed};
use dropdesk_e2e::browser::Browser;
use serde_json::{Value, json};

#[tokio::test]
async fn a_student_uploads_two_files_through_the_request_page() {
    let emulator = Emulator::builder().seed(Seed::Empty).spawn().await.unwrap();
    let token = emulator.control().issue_token().await.unwrap().access_token;
    let http = reqwest::Client::new();
    let call = |route: &str, arg: Value| {
        http.post(format!("{}/2/{route}", emulator.base_url()))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(arg.to_string())
            .send()
    };
    let request: Value = call(
        "file_requests/create",
        json!({ "title": "Homework 5 — Graphs", "destination": "/CS101/HW5" }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("grace_hw5.pdf");
    let notes = dir.path().join("grace notes.txt");
    std::fs::write(&pdf, b"%PDF-1.7 graphs").unwrap();
    std::fs::write(&notes, b"see page 2").unwrap();

    let browser = Browser::start().await.unwrap();
    let steps = async {
        browser.goto(request["url"].as_str().unwrap()).await?;
        browser
            .wait_for_text("#title", "Homework 5 — Graphs")
            .await?;
        browser.fill("#name", "Grace Hopper").await?;
        browser.fill("#email", "grace@students.example").await?;
        browser.choose_files("#files", &[&pdf, &notes]).await?;
        browser.click("#upload").await?;
        // Stored with the uploader's name after " - ", as Dropbox does by users' reports.
        let listed = browser
            .wait_for_text("#uploaded", "grace_hw5 - Grace Hopper.pdf")
            .await?;
        anyhow::ensure!(
            listed.contains("grace notes - Grace Hopper.txt"),
            "listed: {listed}"
        );
        Ok::<_, anyhow::Error>(())
    };
    let outcome = steps.await;
    browser.close().await.unwrap();
    outcome.unwrap();

    let listing: Value = call("files/list_folder", json!({ "path": "/CS101/HW5" }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut names: Vec<&str> = listing["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "grace notes - Grace Hopper.txt",
            "grace_hw5 - Grace Hopper.pdf"
        ]
    );
    let fetched: Value = call("file_requests/get", json!({ "id": request["id"] }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["file_count"], 2);
}

#[tokio::test]
async fn the_consent_page_redirects_a_real_browser_back_to_the_app() {
    const REDIRECT: &str = "http://127.0.0.1:9/oauth/callback";
    let emulator = Emulator::builder()
        .app_key("browserconsent1")
        .redirect_uri(REDIRECT)
        .spawn()
        .await
        .unwrap();
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"; // S256 of the RFC 7636 example
    let url = format!(
        "{}/oauth2/authorize?client_id=browserconsent1&response_type=code&redirect_uri={}\
         &state=st&code_challenge={challenge}&code_challenge_method=S256",
        emulator.base_url(),
        url::form_urlencoded::byte_serialize(REDIRECT.as_bytes()).collect::<String>()
    );
    let browser = Browser::start().await.unwrap();
    let steps = async {
        browser.goto(&url).await?;
        browser.wait_for_text("#app-key", "browserconsent1").await?;
        browser.click("#allow").await?;
        // Nothing listens at the app's address here; where the browser was sent is the answer.
        let deadline = std::time::Instant::now() + dropdesk_e2e::DEFAULT_WAIT;
        loop {
            let current = browser.client().current_url().await?;
            if current.as_str().starts_with(REDIRECT) {
                anyhow::ensure!(current.query_pairs().any(|(k, _)| k == "code"), "{current}");
                anyhow::ensure!(
                    current
                        .query_pairs()
                        .any(|(k, v)| k == "state" && v == "st")
                );
                return Ok::<_, anyhow::Error>(());
            }
            anyhow::ensure!(std::time::Instant::now() < deadline, "still at {current}");
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    };
    let outcome = steps.await;
    browser.close().await.unwrap();
    outcome.unwrap();
}
