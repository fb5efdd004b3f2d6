//! OAuth 2 as Dropbox serves it: the consent page at `/oauth2/authorize` and the token endpoint
//! at `/oauth2/token` (authorization code with PKCE, refresh token).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::auth::ALL_SCOPES;
use super::html::{escape, page};
use crate::errors::ApiError;
use crate::shared::{AppState, Shared, json_ok};
use crate::store::CodeRecord;

/// Authorization codes are short-lived.
const CODE_LIFETIME_SECONDS: i64 = 600;

/// Form or query parameters; a repeated key keeps its last value (the Rust SDK repeats some).
fn params(raw: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// A validated authorization request.
struct AuthorizeRequest {
    client_id: String,
    redirect_uri: Option<String>,
    state: Option<String>,
    code_challenge: String,
    code_challenge_method: String,
    scopes: Vec<String>,
    offline: bool,
}

fn error_page(message: &str) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Error",
        &format!("<h1>Something went wrong</h1><p>{}</p>", escape(message)),
    )
}

fn validate(state: &Shared, p: &HashMap<String, String>) -> Result<AuthorizeRequest, String> {
    let client_id = p
        .get("client_id")
        .filter(|c| !c.is_empty())
        .ok_or("Missing client_id.")?;
    if !state.config.app_keys.is_empty() && !state.config.app_keys.contains(client_id) {
        return Err("Invalid client_id.".into());
    }
    match p.get("response_type").map(String::as_str) {
        Some("code") => {}
        Some(other) => return Err(format!("Unsupported response_type {other:?}.")),
        None => return Err("Missing response_type.".into()),
    }
    let redirect_uri = p.get("redirect_uri").cloned();
    if let Some(uri) = &redirect_uri
        && !state.config.redirect_uris.contains(uri)
    {
        return Err(
            "Invalid redirect_uri. It must exactly match one of the redirect URIs \
                    you've pre-configured for your app (including the path)."
                .into(),
        );
    }
    let code_challenge = p
        .get("code_challenge")
        .cloned()
        .ok_or("This app must use PKCE: code_challenge is missing.")?;
    let code_challenge_method = p
        .get("code_challenge_method")
        .cloned()
        .unwrap_or_else(|| "plain".into());
    let challenge_ok = match code_challenge_method.as_str() {
        // base64url (no padding) of a SHA-256 digest.
        "S256" => {
            code_challenge.len() == 43
                && code_challenge
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        }
        "plain" => is_verifier(&code_challenge),
        _ => return Err("Invalid code_challenge_method.".into()),
    };
    if !challenge_ok {
        return Err("Invalid code_challenge.".into());
    }
    let scopes: Vec<String> = match p.get("scope") {
        Some(scope) => scope.split_whitespace().map(str::to_owned).collect(),
        None => ALL_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
    };
    if let Some(unknown) = scopes.iter().find(|s| !ALL_SCOPES.contains(&s.as_str())) {
        return Err(format!("Invalid scope {unknown:?}."));
    }
    let offline = match p.get("token_access_type").map(String::as_str) {
        None | Some("online") | Some("legacy") => false,
        Some("offline") => true,
        Some(other) => return Err(format!("Invalid token_access_type {other:?}.")),
    };
    let state_param = p.get("state").cloned();
    if state_param.as_ref().is_some_and(|s| s.len() > 500) {
        return Err("state is longer than 500 bytes.".into());
    }
    Ok(AuthorizeRequest {
        client_id: client_id.clone(),
        redirect_uri,
        state: state_param,
        code_challenge,
        code_challenge_method,
        scopes,
        offline,
    })
}

/// RFC 7636: 43 to 128 characters of `[A-Za-z0-9-._~]`.
fn is_verifier(text: &str) -> bool {
    (43..=128).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Appends query parameters to a redirect URI.
fn with_params(uri: &str, pairs: &[(&str, &str)]) -> String {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}{query}")
}

fn approve(state: &Shared, request: AuthorizeRequest) -> Response {
    let expires_at = state.now() + CODE_LIFETIME_SECONDS;
    // The code is for whoever the browser is signed in to dropbox.com as.
    let user = state.store.read(|data| data.browser_user);
    let code = state.store.write_as(user, |data| {
        data.tokens.store_code(CodeRecord {
            app_key: request.client_id.clone(),
            redirect_uri: request.redirect_uri.clone(),
            code_challenge: request.code_challenge.clone(),
            code_challenge_method: request.code_challenge_method.clone(),
            scopes: request.scopes.clone(),
            offline: request.offline,
            expires_at,
        })
    });
    match &request.redirect_uri {
        Some(uri) => {
            let mut pairs = vec![("code", code.as_str())];
            if let Some(s) = &request.state {
                pairs.push(("state", s));
            }
            Redirect::to(&with_params(uri, &pairs)).into_response()
        }
        // No redirect URI: the user copies the code into the app.
        None => page(
            StatusCode::OK,
            "Enter this code",
            &format!(
                "<h1>Enter this code into your app</h1><div class=\"box\">\
                 <code id=\"auth-code\">{}</code></div>\
                 <p class=\"muted\">It works once and for ten minutes.</p>",
                escape(&code)
            ),
        ),
    }
}

fn deny(request: &AuthorizeRequest) -> Response {
    match &request.redirect_uri {
        Some(uri) => {
            let mut pairs = vec![
                ("error", "access_denied"),
                (
                    "error_description",
                    "The user chose not to give your app access to their Dropbox account.",
                ),
            ];
            if let Some(s) = &request.state {
                pairs.push(("state", s));
            }
            Redirect::to(&with_params(uri, &pairs)).into_response()
        }
        None => page(
            StatusCode::OK,
            "Access denied",
            "<h1>You declined</h1><p>The app was not given access to your Dropbox.</p>",
        ),
    }
}

/// `GET /oauth2/authorize`: the consent page (or, with auto-approve, the redirect at once).
pub(crate) async fn authorize(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Response {
    let p = params(query.as_deref().unwrap_or(""));
    let request = match validate(&state, &p) {
        Ok(request) => request,
        Err(message) => return error_page(&message),
    };
    if state.config.auto_approve {
        return approve(&state, request);
    }
    let user = state.store.read(|data| data.browser_user);
    let account = state.store.read_as(user, |data| data.account.clone());
    // A one-time token ties the answer to this page, so another site cannot post "allow".
    let consent_token: String = {
        use rand::Rng;
        rand::rng()
            .sample_iter(rand::distr::Alphanumeric)
            .take(32)
            .map(char::from)
            .collect()
    };
    state
        .consent_tokens
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(consent_token.clone());
    let hidden: String = p
        .iter()
        .chain(std::iter::once((
            &"consent_token".to_owned(),
            &consent_token,
        )))
        .map(|(k, v)| {
            format!(
                "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                escape(k),
                escape(v)
            )
        })
        .collect();
    let scopes: String = request
        .scopes
        .iter()
        .map(|s| format!("<li><code>{}</code></li>", escape(s)))
        .collect();
    page(
        StatusCode::OK,
        "Allow access",
        &format!(
            "<h1>Allow the app <q id=\"app-key\">{app}</q> to access your Dropbox?</h1>\
             <p class=\"muted\">Signed in as {name} ({email})</p>\
             <div class=\"box\"><p>It will be able to:</p><ul id=\"scopes\">{scopes}</ul></div>\
             <form method=\"post\" action=\"/oauth2/authorize\">{hidden}\
             <button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>\
             <button type=\"submit\" name=\"decision\" value=\"deny\" id=\"cancel\">Cancel</button>\
             </form>",
            app = escape(&request.client_id),
            name = escape(&account.name.display_name),
            email = escape(&account.email),
        ),
    )
}

/// `POST /oauth2/authorize`: the user's answer on the consent page.
pub(crate) async fn decide(State(state): State<AppState>, body: Bytes) -> Response {
    let p = params(&String::from_utf8_lossy(&body));
    let token_known = p.get("consent_token").is_some_and(|token| {
        state
            .consent_tokens
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(token)
    });
    if !token_known {
        return error_page("This page has expired. Start signing in again from your app.");
    }
    let request = match validate(&state, &p) {
        Ok(request) => request,
        Err(message) => return error_page(&message),
    };
    match p.get("decision").map(String::as_str) {
        Some("allow") => approve(&state, request),
        _ => deny(&request),
    }
}

/// The client id from HTTP Basic auth (`app_key:app_secret`), if given.
fn basic_client_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let decoded = STANDARD.decode(value.strip_prefix("Basic ")?).ok()?;
    let text = String::from_utf8(decoded).ok()?;
    Some(
        text.split_once(':')
            .map_or(text.clone(), |(id, _)| id.to_owned()),
    )
}

fn pkce_matches(record: &CodeRecord, verifier: &str) -> bool {
    match record.code_challenge_method.as_str() {
        "S256" => {
            URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == record.code_challenge
        }
        _ => verifier == record.code_challenge,
    }
}

/// `POST /oauth2/token`.
pub(crate) async fn token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let p = params(&String::from_utf8_lossy(&body));
    let client_id = p
        .get("client_id")
        .cloned()
        .or_else(|| basic_client_id(&headers))
        .ok_or_else(|| {
            ApiError::oauth(
                "invalid_request",
                "No auth function available for given request",
            )
        })?;
    if !state.config.app_keys.is_empty() && !state.config.app_keys.contains(&client_id) {
        return Err(ApiError::oauth(
            "invalid_client",
            "Invalid client_id or client_secret",
        ));
    }
    match p.get("grant_type").map(String::as_str) {
        Some("authorization_code") => exchange_code(&state, &p, &client_id),
        Some("refresh_token") => refresh(&state, &p, &client_id),
        Some(other) => Err(ApiError::oauth(
            "unsupported_grant_type",
            format!("\"{other}\" is not a supported grant type"),
        )),
        None => Err(ApiError::oauth("invalid_request", "Missing grant_type")),
    }
}

fn exchange_code(
    state: &Shared,
    p: &HashMap<String, String>,
    client_id: &str,
) -> Result<Response, ApiError> {
    let code = p
        .get("code")
        .ok_or_else(|| ApiError::oauth("invalid_request", "Missing code"))?;
    let now = state.now();
    let ttl = i64::try_from(state.config.access_token_ttl.as_secs()).unwrap_or(i64::MAX);
    let user = state
        .store
        .read(|data| data.user_where(|tokens| tokens.has_code(code)))
        .unwrap_or(0);
    let result = state.store.write_as(user, |data| {
        // Single use: the code is gone whatever happens next.
        let record = data
            .tokens
            .take_code(code)
            .filter(|r| r.expires_at > now)
            .ok_or_else(|| ApiError::oauth("invalid_grant", "code doesn't exist or has expired"))?;
        if record.app_key != client_id {
            return Err(ApiError::oauth(
                "invalid_grant",
                "code was issued to another app",
            ));
        }
        if record.redirect_uri.as_deref() != p.get("redirect_uri").map(String::as_str) {
            return Err(ApiError::oauth("invalid_grant", "redirect_uri mismatch"));
        }
        let verifier = p
            .get("code_verifier")
            .filter(|v| is_verifier(v))
            .ok_or_else(|| {
                ApiError::oauth(
                    "invalid_request",
                    "code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~]",
                )
            })?;
        if !pkce_matches(&record, verifier) {
            return Err(ApiError::oauth("invalid_grant", "invalid code verifier"));
        }
        let refresh = record
            .offline
            .then(|| data.tokens.issue_refresh(client_id, record.scopes.clone()));
        let access = data
            .tokens
            .issue_access(record.scopes.clone(), now + ttl, refresh.clone());
        let mut body = json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": ttl,
            "scope": record.scopes.join(" "),
            "uid": data.uid(),
            "account_id": data.account.account_id,
        });
        if let Some(refresh) = refresh {
            body["refresh_token"] = refresh.into();
        }
        Ok(body)
    })?;
    Ok(json_ok(&result))
}

fn refresh(
    state: &Shared,
    p: &HashMap<String, String>,
    client_id: &str,
) -> Result<Response, ApiError> {
    let token = p
        .get("refresh_token")
        .ok_or_else(|| ApiError::oauth("invalid_request", "Missing refresh_token"))?;
    let now = state.now();
    let ttl = i64::try_from(state.config.access_token_ttl.as_secs()).unwrap_or(i64::MAX);
    let user = state
        .store
        .read(|data| data.user_where(|tokens| tokens.refresh_record(token).is_some()))
        .unwrap_or(0);
    let result = state.store.write_as(user, |data| {
        let record = data.tokens.refresh_record(token).cloned().ok_or_else(|| {
            ApiError::oauth("invalid_grant", "refresh token is invalid or revoked")
        })?;
        if record.app_key != client_id {
            return Err(ApiError::oauth(
                "invalid_grant",
                "refresh token was issued to another app",
            ));
        }
        let scopes = match p.get("scope") {
            None => record.scopes.clone(),
            Some(requested) => {
                let requested: Vec<String> =
                    requested.split_whitespace().map(str::to_owned).collect();
                if requested.iter().any(|s| !record.scopes.contains(s)) {
                    return Err(ApiError::oauth(
                        "invalid_scope",
                        "scope exceeds the granted scopes",
                    ));
                }
                requested
            }
        };
        data.tokens.refreshes += 1;
        let access = data
            .tokens
            .issue_access(scopes.clone(), now + ttl, Some(token.clone()));
        Ok(json!({
            "access_token": access,
            "token_type": "bearer",
            "expires_in": ttl,
            "scope": scopes.join(" "),
        }))
    })?;
    Ok(json_ok(&result))
}
