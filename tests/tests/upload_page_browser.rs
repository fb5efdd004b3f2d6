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
        let listed = browser.wait_for_text("#uploaded", "grace_hw5.pdf").await?;
        anyhow::ensure!(listed.contains("grace notes.txt"), "listed: {listed}");
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
    assert_eq!(names, ["grace notes.txt", "grace_hw5.pdf"]);
    let fetched: Value = call("file_requests/get", json!({ "id": request["id"] }))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(fetched["file_count"], 2);
}
