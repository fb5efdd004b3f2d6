//! OAuth 2 with PKCE through the consent page, the token endpoint, refresh, revoke and scopes.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use dropbox_emulator::{Emulator, EmulatorHandle};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const APP_KEY: &str = "dropdesktestkey";
const REDIRECT: &str = "http://127.0.0.1:53682/oauth/callback";
const VERIFIER: &str = "a-long-random-verifier-of-at-least-43-characters-0123456789";

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

async fn start() -> EmulatorHandle {
    Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(REDIRECT)
        .spawn()
        .await
        .expect("the emulator starts")
}

fn authorize_url(base: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![
        ("client_id", APP_KEY.to_owned()),
        ("response_type", "code".to_owned()),
        ("redirect_uri", REDIRECT.to_owned()),
        ("state", "s-123".to_owned()),
        ("code_challenge", challenge(VERIFIER)),
        ("code_challenge_method", "S256".to_owned()),
        ("token_access_type", "offline".to_owned()),
    ];
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        if !v.is_empty() {
            pairs.push((k, (*v).to_owned()));
        }
    }
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{base}/oauth2/authorize?{query}")
}

/// The consent page's hidden fields, as a browser posts them back, with the answer.
fn consent_form(html: &str, decision: &str) -> Vec<(String, String)> {
    let mut form: Vec<(String, String)> = Vec::new();
    for input in html.split("<input type=\"hidden\" ").skip(1) {
        let attr = |name: &str| {
            let start = input.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
            let end = start + input[start..].find('"').unwrap();
            input[start..end]
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
        };
        form.push((attr("name"), attr("value")));
    }
    form.push(("decision".into(), decision.into()));
    form
}

/// Loads the consent page and submits its form with `decision`; returns the redirect target.
async fn consent(base: &str, url: &str, decision: &str) -> String {
    let page = http().get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(APP_KEY), "the page names the app");
    assert!(
        html.contains("files.content.write"),
        "the page lists the scopes"
    );
    let form = consent_form(&html, decision);
    let answer = http()
        .post(format!("{base}/oauth2/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 303, "a redirect back to the app");
    answer.headers()["location"].to_str().unwrap().to_owned()
}

fn query_param(url: &str, key: &str) -> Option<String> {
    let parsed = url::Url::parse(url).unwrap();
    parsed
        .query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

async fn exchange(base: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let response = http()
        .post(format!("{base}/oauth2/token"))
        .form(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn sign_in(base: &str) -> Value {
    let location = consent(base, &authorize_url(base, &[]), "allow").await;
    let code = query_param(&location, "code").unwrap();
    let (status, body) = exchange(
        base,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", APP_KEY),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn whoami(base: &str, token: &str) -> reqwest::Response {
    http()
        .post(format!("{base}/2/users/get_current_account"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn pkce_sign_in_through_the_consent_page_gives_working_tokens() {
    let emulator = start().await;
    let base = emulator.base_url();
    let location = consent(&base, &authorize_url(&base, &[]), "allow").await;
    assert!(location.starts_with(REDIRECT));
    assert_eq!(query_param(&location, "state").as_deref(), Some("s-123"));
    let code = query_param(&location, "code").unwrap();

    // The Rust SDK sends code_verifier twice: repeated keys are accepted.
    let (status, tokens) = exchange(
        &base,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", APP_KEY),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    assert_eq!(tokens["token_type"], "bearer");
    assert_eq!(tokens["expires_in"], 14_400);
    assert!(tokens["access_token"].as_str().unwrap().starts_with("sl."));
    assert!(tokens["refresh_token"].is_string());
    assert!(tokens["uid"].is_string());
    assert_eq!(tokens["account_id"].as_str().unwrap().len(), 40);
    assert!(
        tokens["scope"]
            .as_str()
            .unwrap()
            .contains("file_requests.write")
    );
    assert_eq!(
        whoami(&base, tokens["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );

    // Codes are single-use.
    let (status, again) = exchange(
        &base,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", APP_KEY),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(again["error"], "invalid_grant");
}

#[tokio::test]
async fn a_wrong_verifier_or_redirect_is_invalid_grant() {
    let emulator = start().await;
    let base = emulator.base_url();
    for (verifier, redirect) in [
        (
            "another-well-formed-verifier-that-is-long-enough-0000",
            REDIRECT,
        ),
        (VERIFIER, "http://127.0.0.1:1/x"),
    ] {
        let location = consent(&base, &authorize_url(&base, &[]), "allow").await;
        let code = query_param(&location, "code").unwrap();
        let (status, body) = exchange(
            &base,
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("client_id", APP_KEY),
                ("redirect_uri", redirect),
                ("code_verifier", verifier),
            ],
        )
        .await;
        assert_eq!(status, 400);
        assert_eq!(body["error"], "invalid_grant", "{body}");
    }
}

#[tokio::test]
async fn cancel_redirects_with_access_denied_and_the_state() {
    let emulator = start().await;
    let base = emulator.base_url();
    let location = consent(&base, &authorize_url(&base, &[]), "deny").await;
    assert_eq!(
        query_param(&location, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_param(&location, "state").as_deref(), Some("s-123"));
    assert!(query_param(&location, "code").is_none());
}

#[tokio::test]
async fn unregistered_redirects_and_unknown_apps_get_an_error_page_not_a_redirect() {
    let emulator = start().await;
    let base = emulator.base_url();
    let bad_redirect = http()
        .get(authorize_url(
            &base,
            &[("redirect_uri", "http://127.0.0.1:53682/oauth/callback/")],
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_redirect.status(), 400);
    assert!(bad_redirect.text().await.unwrap().contains("exactly match"));
    let bad_app = http()
        .get(authorize_url(&base, &[("client_id", "someoneelse")]))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_app.status(), 400);
    let no_pkce = http()
        .get(authorize_url(&base, &[("code_challenge", "")]))
        .send()
        .await
        .unwrap();
    assert_eq!(no_pkce.status(), 400);
}

#[tokio::test]
async fn without_a_redirect_uri_the_page_shows_a_code_to_paste() {
    let emulator = start().await;
    let base = emulator.base_url();
    let url = authorize_url(
        &base,
        &[
            ("redirect_uri", ""),
            ("code_challenge_method", "plain"),
            ("code_challenge", VERIFIER),
        ],
    );
    let page = http().get(&url).send().await.unwrap().text().await.unwrap();
    let form = consent_form(&page, "allow");
    let shown = http()
        .post(format!("{base}/oauth2/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = shown.find("<code id=\"auth-code\">").unwrap() + "<code id=\"auth-code\">".len();
    let code = &shown[start..start + shown[start..].find('<').unwrap()];
    let (status, body) = exchange(
        &base,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("client_id", APP_KEY),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn auto_approve_redirects_at_once() {
    let emulator = Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(REDIRECT)
        .auto_approve(true)
        .spawn()
        .await
        .unwrap();
    let base = emulator.base_url();
    let answer = http().get(authorize_url(&base, &[])).send().await.unwrap();
    assert_eq!(answer.status(), 303);
    let location = answer.headers()["location"].to_str().unwrap();
    assert!(query_param(location, "code").is_some());
}

#[tokio::test]
async fn refresh_gives_a_new_access_token_and_keeps_the_refresh_token() {
    let emulator = start().await;
    let base = emulator.base_url();
    let tokens = sign_in(&base).await;
    let refresh = tokens["refresh_token"].as_str().unwrap();
    let (status, refreshed) = exchange(
        &base,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", APP_KEY),
        ],
    )
    .await;
    assert_eq!(status, 200, "{refreshed}");
    assert!(refreshed.get("refresh_token").is_none(), "not rotated");
    assert_ne!(refreshed["access_token"], tokens["access_token"]);
    assert_eq!(
        whoami(&base, refreshed["access_token"].as_str().unwrap())
            .await
            .status(),
        200
    );
    assert_eq!(emulator.control().stats().await.unwrap().token_refreshes, 1);

    let (status, bad) = exchange(
        &base,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "nope"),
            ("client_id", APP_KEY),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(bad["error"], "invalid_grant");
}

#[tokio::test]
async fn token_endpoint_errors_follow_rfc_6749() {
    let emulator = start().await;
    let base = emulator.base_url();
    let (_, unknown_client) = exchange(
        &base,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
            ("client_id", "other"),
        ],
    )
    .await;
    assert_eq!(unknown_client["error"], "invalid_client");
    let (_, grant) = exchange(&base, &[("grant_type", "password"), ("client_id", APP_KEY)]).await;
    assert_eq!(grant["error"], "unsupported_grant_type");
    let (status, missing) = exchange(&base, &[("client_id", APP_KEY)]).await;
    assert_eq!(status, 400);
    assert_eq!(missing["error"], "invalid_request");
}

#[tokio::test]
async fn revoke_ends_the_access_token_and_its_refresh_token() {
    let emulator = start().await;
    let base = emulator.base_url();
    let tokens = sign_in(&base).await;
    let access = tokens["access_token"].as_str().unwrap();
    let revoked = http()
        .post(format!("{base}/2/auth/token/revoke"))
        .bearer_auth(access)
        .header("content-type", "application/json")
        .body("null")
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_eq!(revoked.text().await.unwrap(), "null");

    let after = whoami(&base, access).await;
    assert_eq!(after.status(), 401);
    assert_eq!(
        after.json::<Value>().await.unwrap()["error"][".tag"],
        "invalid_access_token"
    );
    let (_, refresh) = exchange(
        &base,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ("client_id", APP_KEY),
        ],
    )
    .await;
    assert_eq!(refresh["error"], "invalid_grant");
}

#[tokio::test]
async fn scopes_are_enforced_per_route() {
    let emulator = start().await;
    let base = emulator.base_url();
    let url = authorize_url(&base, &[("scope", "account_info.read files.metadata.read")]);
    let location = consent_limited(&base, &url).await;
    let code = query_param(&location, "code").unwrap();
    let (_, tokens) = exchange(
        &base,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", APP_KEY),
            ("redirect_uri", REDIRECT),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(whoami(&base, access).await.status(), 200);
    let refused = http()
        .post(format!("{base}/2/file_requests/count"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["error"],
        json!({ ".tag": "missing_scope", "required_scope": "file_requests.read" })
    );
}

/// The consent page for a narrower scope list (it does not list files.content.write).
async fn consent_limited(base: &str, url: &str) -> String {
    let html = http().get(url).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("files.content.write"));
    let form = consent_form(&html, "allow");
    let answer = http()
        .post(format!("{base}/oauth2/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap();
    answer.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_consent_answer_must_come_from_the_page_and_pkce_values_must_be_well_formed() {
    let emulator = start().await;
    let base = emulator.base_url();
    // A forged "allow" from elsewhere, without the page's one-time token.
    let url = url::Url::parse(&authorize_url(&base, &[])).unwrap();
    let mut form: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    form.push(("decision".into(), "allow".into()));
    let forged = http()
        .post(format!("{base}/oauth2/authorize"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 400);
    assert!(forged.text().await.unwrap().contains("expired"));

    let short = http()
        .get(authorize_url(&base, &[("code_challenge", "too-short")]))
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 400);

    let location = consent(&base, &authorize_url(&base, &[]), "allow").await;
    let code = query_param(&location, "code").unwrap();
    let (status, body) = exchange(
        &base,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", APP_KEY),
            ("redirect_uri", REDIRECT),
            ("code_verifier", "short"),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_request");
}

// Several users in one emulator: the browser is signed in to dropbox.com as one of them, and
// each sign-in, token and call is that user's.

async fn rpc(base: &str, token: &str, route: &str, arg: Value, root: Option<&str>) -> Value {
    let mut request = http()
        .post(format!("{base}/2/{route}"))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .body(arg.to_string());
    if let Some(root) = root {
        request = request.header("dropbox-api-path-root", root);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    json!({ "status": status.as_u16(), "body": body })
}

fn folder_names(answer: &Value) -> Vec<String> {
    let mut names: Vec<String> = answer["body"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn each_user_signs_in_as_the_browser_is_and_keeps_their_own_dropbox() {
    let emulator = start().await;
    let base = emulator.base_url().to_owned();
    let control = emulator.control();
    let ada = sign_in(&base).await;
    let grace_id = control
        .add_user("Grace Hopper", "grace@home.example", "basic", false)
        .await
        .unwrap();
    control.sign_browser_in_as(&grace_id).await.unwrap();
    let grace = sign_in(&base).await;
    assert_eq!(grace["account_id"], grace_id.as_str());
    assert_ne!(grace["account_id"], ada["account_id"]);
    let (ada_token, grace_token) = (
        ada["access_token"].as_str().unwrap(),
        grace["access_token"].as_str().unwrap(),
    );

    let me: Value = whoami(&base, grace_token).await.json().await.unwrap();
    assert_eq!(me["email"], "grace@home.example");
    assert_eq!(me["account_type"][".tag"], "basic");
    assert_eq!(me["root_info"][".tag"], "user");

    // Each user's tree and requests are their own.
    let list = |token| {
        rpc(
            &base,
            token,
            "files/list_folder",
            json!({ "path": "" }),
            None,
        )
    };
    assert!(folder_names(&list(grace_token).await).is_empty());
    let ada_before = folder_names(&list(ada_token).await);
    assert!(ada_before.contains(&"Courses".to_owned()), "{ada_before:?}");
    let count = |token| rpc(&base, token, "file_requests/count", Value::Null, None);
    let ada_requests = count(ada_token).await["body"]["file_request_count"].clone();
    let created = rpc(
        &base,
        grace_token,
        "file_requests/create",
        json!({ "title": "Receipts", "destination": "/Receipts" }),
        None,
    )
    .await;
    assert_eq!(created["status"], 200, "{created}");
    assert_eq!(count(grace_token).await["body"]["file_request_count"], 1);
    assert_eq!(
        count(ada_token).await["body"]["file_request_count"],
        ada_requests
    );
    assert_eq!(folder_names(&list(ada_token).await), ada_before);

    // A student's upload goes to the request's owner.
    let url = created["body"]["url"].as_str().unwrap().to_owned();
    let form = reqwest::multipart::Form::new()
        .text("name", "A Student")
        .text("email", "student@example.com")
        .part(
            "files",
            reqwest::multipart::Part::bytes(b"receipt".to_vec()).file_name("march.pdf"),
        );
    let posted = http().post(&url).multipart(form).send().await.unwrap();
    assert_eq!(posted.status(), 200);
    let inside = rpc(
        &base,
        grace_token,
        "files/list_folder",
        json!({ "path": "/Receipts" }),
        None,
    )
    .await;
    assert_eq!(inside["body"]["entries"].as_array().unwrap().len(), 1);
    let listed = rpc(&base, grace_token, "file_requests/list_v2", json!({}), None).await;
    let titles: Vec<&str> = listed["body"]["file_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Receipts"], "Grace lists her requests only");
    let stored = inside["body"]["entries"][0]["path_display"]
        .as_str()
        .unwrap();
    let download = http()
        .post(format!("{base}/2/files/download"))
        .bearer_auth(grace_token)
        .header("dropbox-api-arg", json!({ "path": stored }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), 200, "Grace downloads her file");
    assert_eq!(download.bytes().await.unwrap().as_ref(), b"receipt");
    let features = rpc(
        &base,
        grace_token,
        "users/features/get_values",
        json!({ "features": [{ ".tag": "paper_as_files" }] }),
        None,
    )
    .await;
    assert_eq!(features["status"], 200, "{features}");
    assert_eq!(
        rpc(
            &base,
            ada_token,
            "files/get_metadata",
            json!({ "path": "/Receipts" }),
            None
        )
        .await["status"],
        409
    );

    // Calls are counted per account, and a revoked token still says whose it was.
    let before = control.stats().await.unwrap();
    rpc(&base, grace_token, "auth/token/revoke", Value::Null, None).await;
    let refused = whoami(&base, grace_token).await;
    assert_eq!(refused.status(), 401);
    let after = control.stats().await.unwrap();
    assert_eq!(after.calls_of(&grace_id), before.calls_of(&grace_id) + 2);
    let ada_id = ada["account_id"].as_str().unwrap();
    assert_eq!(after.calls_of(ada_id), before.calls_of(ada_id));
    assert_eq!(
        whoami(&base, ada_token).await.status(),
        200,
        "Ada's sign-in stays"
    );
}

#[tokio::test]
async fn two_members_of_a_team_share_its_space_but_not_their_requests() {
    let emulator = Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(REDIRECT)
        .account_type(dropbox_emulator::AccountType::Business)
        .spawn()
        .await
        .unwrap();
    let base = emulator.base_url().to_owned();
    let control = emulator.control();
    let ada = sign_in(&base).await;
    let alan_id = control
        .add_user("Alan Turing", "alan@university.example", "pro", true)
        .await
        .unwrap();
    control.sign_browser_in_as(&alan_id).await.unwrap();
    let alan = sign_in(&base).await;
    let (ada_token, alan_token) = (
        ada["access_token"].as_str().unwrap(),
        alan["access_token"].as_str().unwrap(),
    );
    let me: Value = whoami(&base, alan_token).await.json().await.unwrap();
    assert_eq!(me["root_info"][".tag"], "team");
    assert_eq!(me["root_info"]["home_path"], "/Alan Turing");
    assert_eq!(me["account_type"][".tag"], "business");
    let root = format!(
        r#"{{".tag":"root","root":"{}"}}"#,
        me["root_info"]["root_namespace_id"].as_str().unwrap()
    );

    // Both see the team space, with each member's own folder in it.
    let top = rpc(
        &base,
        alan_token,
        "files/list_folder",
        json!({ "path": "" }),
        Some(&root),
    )
    .await;
    assert_eq!(
        folder_names(&top),
        ["Ada Lovelace", "Alan Turing", "CS Department"]
    );
    let made = rpc(
        &base,
        alan_token,
        "file_requests/create",
        json!({ "title": "Team HW", "destination": "/CS Department/Team HW" }),
        Some(&root),
    )
    .await;
    assert_eq!(made["status"], 200, "{made}");
    let seen = rpc(
        &base,
        ada_token,
        "files/get_metadata",
        json!({ "path": "/CS Department/Team HW" }),
        Some(&root),
    )
    .await;
    assert_eq!(seen["body"][".tag"], "folder", "Ada sees Alan's folder");
    let ada_list = rpc(
        &base,
        ada_token,
        "file_requests/list_v2",
        json!({}),
        Some(&root),
    )
    .await;
    let titles: Vec<&str> = ada_list["body"]["file_requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert!(
        !titles.contains(&"Team HW"),
        "Alan's request is his: {titles:?}"
    );
    // Without the header, Alan's paths start at his own folder.
    let home = rpc(
        &base,
        alan_token,
        "files/list_folder",
        json!({ "path": "" }),
        None,
    )
    .await;
    assert!(folder_names(&home).is_empty());

    // When the team space moves, both members' old root is refused.
    control.move_team_space().await.unwrap();
    for token in [ada_token, alan_token] {
        let stale = rpc(
            &base,
            token,
            "files/list_folder",
            json!({ "path": "" }),
            Some(&root),
        )
        .await;
        assert_eq!(stale["body"]["error"][".tag"], "invalid_root", "{stale}");
    }
}
