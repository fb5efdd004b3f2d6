//! Hostile text from other people, in the real window: every payload of the shared corpus goes
//! through the Paper preview, and payloads as request titles, file names and doc titles are
//! shown in the lists, the detail and the editor. A canary the payloads try to set
//! (`top.__xss`) must stay unset, and the preview must hold nothing active.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_client::routes::{file_requests, files};
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::types::files::{ImportFormat, PaperCreateArg, UploadArg};
use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::Seed;
use dropdesk_e2e::{App, Launch, demo_emulator};
use serde_json::json;

fn corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/xss.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["payloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect()
}

/// Payloads that can be Dropbox names: one line, no slash.
fn name_payloads() -> Vec<String> {
    corpus()
        .into_iter()
        .filter(|p| !p.contains(['/', '\n', '\\']))
        .collect()
}

const HOSTILE_FOLDER: &str = "/Courses/CS101/Hostile";

async fn canary_unset(app: &App) -> anyhow::Result<()> {
    let set = app
        .client()
        .execute(
            "return [window.__xss, window.top.__xss].some((v) => v !== undefined)",
            vec![],
        )
        .await?;
    anyhow::ensure!(set == json!(false), "a payload ran: the canary is set");
    Ok(())
}

#[tokio::test]
async fn no_payload_runs_in_the_preview_or_where_names_are_shown() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));

    // Other people's names: a request title, the files students uploaded, doc titles.
    let request_title = format!("Hostile {}", corpus()[1]);
    file_requests::create(
        &client,
        &CreateFileRequestArgs {
            title: request_title.clone(),
            destination: HOSTILE_FOLDER.into(),
            deadline: None,
            open: true,
            description: Some(corpus()[0].clone()),
        },
    )
    .await
    .unwrap();
    let mut named = 0;
    for payload in name_payloads() {
        let file = files::upload(
            &client,
            &UploadArg::new(format!("{HOSTILE_FOLDER}/{payload}.pdf")),
            b"%PDF".to_vec(),
        )
        .await;
        let doc = files::paper_create(
            &client,
            &PaperCreateArg {
                path: format!("/Notes/{payload}.paper"),
                import_format: ImportFormat::Markdown,
            },
            payload.clone().into_bytes(),
        )
        .await;
        named += usize::from(file.is_ok() && doc.is_ok());
    }
    assert!(named >= 20, "only {named} payloads could be names");

    let payloads = corpus();
    dropdesk_e2e::run("xss", Launch::demo(&emulator, port), async |app| {
        // Titles and file names in the request list, the detail and the submissions.
        app.wait_for_content("[data-testid=request-list]", "Hostile")
            .await?;
        app.click_xpath("//ul[@data-testid='request-list']/li[contains(., 'Hostile')]")
            .await?;
        app.wait_for_content("#detail-title", &request_title)
            .await?;
        app.wait_for_content("[data-testid=submission-list]", "onerror")
            .await?;
        canary_unset(app).await?;

        // Doc titles in the Paper list and the editor.
        app.click_xpath("//nav//button[contains(., 'Paper docs')]")
            .await?;
        app.wait_for_content("[data-testid=doc-list]", "onerror")
            .await?;
        app.click_xpath("//ul[@data-testid='doc-list']/li[contains(., 'onerror')]")
            .await?;
        app.wait_for("[data-testid=markdown]").await?;
        app.wait_for_content("#doc-title", "onerror").await?;
        canary_unset(app).await?;

        // Every payload through the preview, one at a time, each after a marker that says the
        // preview rendered that text (a payload may swallow what follows it, e.g. `<style>`).
        for (n, payload) in payloads.iter().enumerate() {
            let marker = format!("marker-{n}-done");
            app.client()
                .execute(
                    "const el = document.querySelector('[data-testid=markdown]'); \
                     el.value = arguments[1] + '\\n\\n' + arguments[0]; \
                     el.dispatchEvent(new Event('input', { bubbles: true }));",
                    vec![json!(payload), json!(marker)],
                )
                .await?;
            app.wait_for_content("[data-testid=preview]", &marker)
                .await?;
        }
        // And all of them at once.
        app.client()
            .execute(
                "const el = document.querySelector('[data-testid=markdown]'); \
                 el.value = 'all-done\\n\\n' + arguments[0]; \
                 el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(payloads.join("\n\n"))],
            )
            .await?;
        app.wait_for_content("[data-testid=preview]", "all-done")
            .await?;
        canary_unset(app).await?;
        let active = app
            .client()
            .execute(
                "return [...document.querySelectorAll('[data-testid=preview] *')].flatMap((el) => \
                   [...el.attributes].filter((a) => a.name.startsWith('on') || a.name === 'style' \
                     || /^\\s*(javascript|vbscript|data):/i.test(a.value)) \
                   .map((a) => el.tagName + ' ' + a.name + '=' + a.value))",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            active == json!([]),
            "active attributes in the preview: {active}"
        );
        let tags = app
            .client()
            .execute(
                "return [...document.querySelectorAll('[data-testid=preview] :is(script, iframe, \
                   object, embed, form, style, link, meta, base, svg, math, textarea, select)')] \
                   .map((el) => el.tagName)",
                vec![],
            )
            .await?;
        anyhow::ensure!(tags == json!([]), "active elements in the preview: {tags}");
        Ok(())
    })
    .await;
}
