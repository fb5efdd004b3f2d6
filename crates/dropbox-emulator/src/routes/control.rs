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
use crate::model::account::{AccountType, RootInfo};
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
    let refreshes = state.store.read(|data| {
        (0..data.user_count())
            .filter_map(|user| data.tokens_of(user))
            .map(|tokens| tokens.refreshes)
            .sum::<u64>()
    });
    let by_account = state
        .account_calls
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    json_ok(&json!({
        "token_refreshes": refreshes,
        "calls": calls,
        "calls_by_account": by_account,
    }))
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
            "accounts": (0..data.user_count())
                .filter_map(|u| data.account_of(u))
                .map(|a| a.account_id.clone())
                .collect::<Vec<_>>(),
            "files": data.files.len(),
            "file_requests": data.file_requests.len(),
            "shared_links": data.shared_links.len(),
        })
    });
    json_ok(&value)
}

/// Every token issued to every user, per account id: access tokens (revoked ones too) and
/// refresh tokens not revoked. For tests that look for tokens where none may be.
pub(crate) async fn tokens(State(state): State<AppState>) -> Response {
    let value = state.store.read(|data| {
        let per_account: serde_json::Map<String, serde_json::Value> = (0..data.user_count())
            .filter_map(|u| Some((data.account_of(u)?, data.tokens_of(u)?)))
            .map(|(account, tokens)| {
                let (access, refresh) = tokens.issued();
                (
                    account.account_id.clone(),
                    json!({ "access": access, "refresh": refresh }),
                )
            })
            .collect();
        serde_json::Value::Object(per_account)
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
    let moved = state.store.write(|data| {
        let RootInfo::Team {
            root_namespace_id, ..
        } = &data.account.root_info
        else {
            return Err(ApiError::bad_input(
                ROUTE,
                "a personal account has no team space; start with --account-type business",
            ));
        };
        let old = root_namespace_id.clone();
        let next = old.parse::<u64>().map_or(1, |id| id + 1).to_string();
        // Every member of the team moves with it.
        let members = std::iter::once(&mut data.account).chain(
            data.others
                .iter_mut()
                .filter(|p| p.files.is_none())
                .map(|p| &mut p.account),
        );
        for account in members {
            if let RootInfo::Team {
                root_namespace_id, ..
            } = &mut account.root_info
                && *root_namespace_id == old
            {
                root_namespace_id.clone_from(&next);
            }
        }
        Ok(next)
    })?;
    Ok(json_ok(&json!({ "root_namespace_id": moved })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewUser {
    name: String,
    email: String,
    /// `basic` or `pro` for a personal account (default `pro`); ignored for a team member.
    #[serde(default)]
    account_type: Option<String>,
    /// A second member of the seeded user's team, sharing its team space.
    #[serde(default)]
    team: bool,
}

/// Adds a user with their own tokens, requests and links: a personal account with an empty
/// Dropbox, or another member of the seeded user's team. Answers its account id.
pub(crate) async fn add_user(
    State(state): State<AppState>,
    Json(user): Json<NewUser>,
) -> Result<Response, ApiError> {
    const ROUTE: &str = "__emulator/v1/users";
    let account_type = match user.account_type.as_deref() {
        None | Some("pro") => AccountType::Pro,
        Some("basic") => AccountType::Basic,
        Some("business") => AccountType::Business,
        Some(other) => {
            return Err(ApiError::bad_input(
                ROUTE,
                format!("account_type: {other:?} is not basic, pro or business"),
            ));
        }
    };
    let id = state
        .store
        .write(|data| {
            crate::seeds::add_user(data, &user.name, &user.email, account_type, user.team)
        })
        .map_err(|message| ApiError::bad_input(ROUTE, message))?;
    Ok(json_ok(&json!({ "account_id": id })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Browser {
    account_id: String,
}

/// Who the browser is signed in to dropbox.com as: the consent page (and an auto-approved
/// sign-in) is for them from then on.
pub(crate) async fn set_browser_user(
    State(state): State<AppState>,
    Json(browser): Json<Browser>,
) -> Result<Response, ApiError> {
    state
        .store
        .write(|data| {
            let user = (0..data.user_count())
                .find(|&u| {
                    data.account_of(u)
                        .is_some_and(|a| a.account_id == browser.account_id)
                })
                .ok_or_else(|| format!("account_id: no user {:?}", browser.account_id))?;
            data.browser_user = user;
            Ok(())
        })
        .map_err(|message: String| ApiError::bad_input("__emulator/v1/browser", message))?;
    Ok(json_ok(&json!({})))
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
