//! The public upload page behind a file request's URL, over HTTP as a browser would post it.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::time::Duration;

use common::{empty, start};
use dropbox_emulator::{Emulator, Seed, UploaderNames};
use reqwest::multipart::{Form, Part};
use serde_json::json;

fn form(files: &[(&str, &[u8])]) -> Form {
    let mut form = Form::new()
        .text("name", "Grace Hopper")
        .text("email", "grace@students.example");
    for (name, bytes) in files {
        form = form.part(
            "files",
            Part::bytes(bytes.to_vec()).file_name((*name).to_owned()),
        );
    }
    form
}

#[tokio::test]
async fn uploads_land_in_the_destination_and_count_towards_the_request() {
    let api = empty().await;
    let request = api
        .rpc(
            "file_requests/create",
            json!({ "title": "HW <b>5</b>", "destination": "/HW5", "description": "PDF only" }),
        )
        .await
        .ok();
    let url = request["url"].as_str().unwrap();

    let page = api
        .http
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("HW &lt;b&gt;5&lt;/b&gt;"),
        "titles are escaped"
    );
    assert!(page.contains("enctype=\"multipart/form-data\""));

    let posted = api
        .http
        .post(url)
        .multipart(form(&[("grace_hw5.pdf", b"one"), ("notes.txt", b"two")]))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200);
    // Stored with the name the uploader typed after " - ", as Dropbox does by users' reports.
    assert!(
        posted
            .text()
            .await
            .unwrap()
            .contains("grace_hw5 - Grace Hopper.pdf")
    );
    // Same name again: renamed, not overwritten.
    api.http
        .post(url)
        .multipart(form(&[("grace_hw5.pdf", b"three")]))
        .send()
        .await
        .unwrap();

    let listing = api
        .rpc("files/list_folder", json!({ "path": "/HW5" }))
        .await
        .ok();
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
            "grace_hw5 - Grace Hopper (1).pdf",
            "grace_hw5 - Grace Hopper.pdf",
            "notes - Grace Hopper.txt"
        ]
    );
    let fetched = api
        .rpc("file_requests/get", json!({ "id": request["id"] }))
        .await
        .ok();
    assert_eq!(fetched["file_count"], 3);
}

#[tokio::test]
async fn started_to_keep_names_as_uploaded_the_page_stores_them_so() {
    let api = start(
        Emulator::builder()
            .seed(Seed::Empty)
            .uploader_names(UploaderNames::AsUploaded),
    )
    .await;
    let request = api
        .rpc(
            "file_requests/create",
            json!({ "title": "HW5", "destination": "/HW5" }),
        )
        .await
        .ok();
    let url = request["url"].as_str().unwrap();
    let posted = api
        .http
        .post(url)
        .multipart(form(&[("grace_hw5.pdf", b"one")]))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 200);
    let listing = api
        .rpc("files/list_folder", json!({ "path": "/HW5" }))
        .await
        .ok();
    assert_eq!(listing["entries"][0]["name"], "grace_hw5.pdf");
    // Without a name the form is refused and nothing is stored.
    let nameless = api
        .http
        .post(url)
        .multipart(
            Form::new()
                .text("name", "  ")
                .part("files", Part::bytes(b"x".to_vec()).file_name("x.pdf")),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(nameless.status(), 400);
    assert!(nameless.text().await.unwrap().contains("Enter your name."));
}

#[tokio::test]
async fn closed_requests_and_passed_deadlines_refuse_but_grace_accepts() {
    let api = empty().await;
    let soon = |days: u64| {
        // Deadline in `days`, from the emulator's clock (the test advances it).
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + days * 86_400;
        let t = time_fmt(now);
        json!({ "deadline": t })
    };
    let strict = api
        .rpc(
            "file_requests/create",
            json!({ "title": "Strict", "destination": "/s", "deadline": soon(1) }),
        )
        .await
        .ok();
    let mut graceful_deadline = soon(1);
    graceful_deadline["allow_late_uploads"] = json!("one_day");
    let graceful = api
        .rpc(
            "file_requests/create",
            json!({ "title": "Grace", "destination": "/g", "deadline": graceful_deadline }),
        )
        .await
        .ok();
    let closed = api
        .rpc(
            "file_requests/create",
            json!({ "title": "Closed", "destination": "/c", "open": false }),
        )
        .await
        .ok();

    let closed_post = api
        .http
        .post(closed["url"].as_str().unwrap())
        .multipart(form(&[("a.pdf", b"x")]))
        .send()
        .await
        .unwrap();
    assert_eq!(closed_post.status(), 403);
    assert!(closed_post.text().await.unwrap().contains("closed"));

    // A day and a bit later: past both deadlines, inside the one-day grace.
    api.emulator
        .control()
        .advance_clock(Duration::from_secs(86_400 + 3_600))
        .await
        .unwrap();
    let strict_post = api
        .http
        .post(strict["url"].as_str().unwrap())
        .multipart(form(&[("late.pdf", b"x")]))
        .send()
        .await
        .unwrap();
    assert_eq!(strict_post.status(), 403);
    let grace_post = api
        .http
        .post(graceful["url"].as_str().unwrap())
        .multipart(form(&[("late.pdf", b"x")]))
        .send()
        .await
        .unwrap();
    assert_eq!(grace_post.status(), 200);

    let unknown = api
        .http
        .get(api.url("/request/doesnotexist"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

/// `%Y-%m-%dT%H:%M:%SZ` for Unix seconds (civil-from-days, proleptic Gregorian).
fn time_fmt(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}
