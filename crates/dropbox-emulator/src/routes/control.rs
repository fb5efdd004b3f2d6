//! The control API under `/__emulator/v1/`: what tests and demo mode use to steer the emulator.
//! A client of the real Dropbox never calls these.

use std::sync::PoisonError;
use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use super::auth::ALL_SCOPES;
use crate::errors::ApiError;
use crate::faults::Fault;
use crate::model::account::RootInfo;
use crate::scope::Scope;
use crate::seeds::Seed;
use crate::shared::{AppState, json_ok};
use crate::store::{NodeKind, lower};

pub(crate) async fn health() -> Response {
    json_ok(&json!({ "status": "ok" }))
}

/// Issues an access token with every scope, bypassing OAuth.
pub(crate) async fn issue_token(State(state): State<AppState>) -> Response {
    let ttl = i64::try_from(state.config.access_token_ttl.as_secs()).unwrap_or(i64::MAX);
    let expires_at = state.now() + ttl;
    let (token, account_id) = state.store.write(|data| {
        let scopes = ALL_SCOPES.iter().map(|s| (*s).to_owned()).collect();
        (
            data.tokens.issue_access(scopes, expires_at, None),
            data.account.account_id.clone(),
        )
    });
    json_ok(&json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": ttl,
        "account_id": account_id,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdvanceClock {
    seconds: u64,
}

/// Moves the emulator's clock forward, e.g. to expire tokens or pass deadlines without waiting.
pub(crate) async fn advance_clock(
    State(state): State<AppState>,
    Json(body): Json<AdvanceClock>,
) -> Response {
    state.clock.advance(Duration::from_secs(body.seconds));
    json_ok(&json!({ "now": crate::wire::timestamp::format(state.now()) }))
}

/// Scripts a fault for the next calls of a route.
pub(crate) async fn add_fault(State(state): State<AppState>, Json(fault): Json<Fault>) -> Response {
    state.faults.add(fault);
    json_ok(&json!({}))
}

pub(crate) async fn clear_faults(State(state): State<AppState>) -> Response {
    state.faults.clear();
    json_ok(&json!({}))
}

/// Counters for assertions: token refreshes and calls per route.
pub(crate) async fn stats(State(state): State<AppState>) -> Response {
    let calls = state
        .calls
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let refreshes = state.store.read(|data| data.tokens.refreshes);
    json_ok(&json!({ "token_refreshes": refreshes, "calls": calls }))
}

/// A summary of the state, for tests to assert on without going through the API.
pub(crate) async fn summary(State(state): State<AppState>) -> Response {
    let now = state.now();
    let value = state.store.read(|data| {
        let (access_tokens, refresh_tokens) = data.tokens.live(now);
        json!({
            "live_access_tokens": access_tokens,
            "refresh_tokens": refresh_tokens,
            "account_id": data.account.account_id,
            "files": data.files.len(),
            "file_requests": data.file_requests.len(),
            "shared_links": data.shared_links.len(),
        })
    });
    json_ok(&value)
}

/// The user disconnected the app at dropbox.com: every token stops working at once.
pub(crate) async fn unlink(State(state): State<AppState>) -> Response {
    state.store.write(|data| data.tokens.revoke_all());
    json_ok(&json!({}))
}

/// The team's space moved to a new root namespace, as Dropbox's team space migration does:
/// the member's folders stay where they were, and a call naming the old root gets
/// `invalid_root` with the new one.
pub(crate) async fn move_team_space(State(state): State<AppState>) -> Result<Response, ApiError> {
    const ROUTE: &str = "__emulator/v1/team_space/move";
    let moved = state
        .store
        .write(|data| match &mut data.account.root_info {
            RootInfo::Team {
                root_namespace_id, ..
            } => {
                let next = root_namespace_id.parse::<u64>().map_or(1, |id| id + 1);
                *root_namespace_id = next.to_string();
                Ok(root_namespace_id.clone())
            }
            RootInfo::User { .. } => Err(ApiError::bad_input(
                ROUTE,
                "a personal account has no team space; start with --account-type business",
            )),
        })?;
    Ok(json_ok(&json!({ "root_namespace_id": moved })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Reset {
    seed: String,
}

/// Replaces the whole state with a fresh seed (tokens included: everyone is signed out).
pub(crate) async fn reset(
    State(state): State<AppState>,
    Json(body): Json<Reset>,
) -> Result<Response, ApiError> {
    let seed: Seed = body
        .seed
        .parse()
        .map_err(|e: String| ApiError::bad_input("__emulator/v1/reset", e))?;
    let fresh = seed.state(state.config.account_type, state.now(), &state.base_url);
    state
        .store
        .replace(fresh)
        .map_err(|e| ApiError::bad_input("__emulator/v1/reset", e.to_string()))?;
    Ok(json_ok(&json!({})))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaperEdit {
    path: String,
    markdown: String,
    /// `overwrite` (default) or `append`.
    #[serde(default)]
    policy: Option<String>,
}

/// Edits a Paper doc as another user would, bumping its revision (to cause real conflicts).
pub(crate) async fn edit_paper(
    State(state): State<AppState>,
    Json(edit): Json<PaperEdit>,
) -> Result<Response, ApiError> {
    const ROUTE: &str = "__emulator/v1/paper/edit";
    if !matches!(edit.policy.as_deref(), None | Some("overwrite" | "append")) {
        return Err(ApiError::bad_input(
            ROUTE,
            "policy: use \"overwrite\" or \"append\"",
        ));
    }
    let now = state.now();
    let revision = state.store.write(|data| {
        // Paths are in the account's home, as the API sees them without a Path-Root header.
        let key = lower(&Scope::home_of(&data.account.root_info).tree_path(&edit.path));
        if !matches!(
            data.files.get(&key).map(|n| &n.kind),
            Some(NodeKind::Paper { .. })
        ) {
            return Err(ApiError::bad_input(
                ROUTE,
                format!("no Paper doc at {:?}", edit.path),
            ));
        }
        let rev = data.ids.rev();
        let node = data
            .files
            .get_mut(&key)
            .ok_or_else(|| ApiError::bad_input(ROUTE, format!("no doc at {:?}", edit.path)))?;
        let NodeKind::Paper {
            rev: node_rev,
            revision,
            markdown,
            server_modified,
            ..
        } = &mut node.kind
        else {
            return Err(ApiError::bad_input(ROUTE, "not a Paper doc"));
        };
        match edit.policy.as_deref() {
            None | Some("overwrite") => *markdown = edit.markdown.clone(),
            Some("append") => markdown.push_str(&edit.markdown),
            Some(other) => {
                return Err(ApiError::bad_input(
                    ROUTE,
                    format!("unknown policy {other:?}"),
                ));
            }
        }
        *revision += 1;
        *node_rev = rev;
        *server_modified = now;
        let revision = *revision;
        data.files.touch(&key);
        Ok(revision)
    })?;
    Ok(json_ok(&json!({ "paper_revision": revision })))
}
