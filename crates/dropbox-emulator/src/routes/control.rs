//! The control API under `/__emulator/v1/`: what tests and demo mode use to steer the emulator.
//! A client of the real Dropbox never calls these.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;

use crate::server::{AppState, json_ok};

pub(crate) async fn health() -> Response {
    json_ok(&json!({ "status": "ok" }))
}

/// Issues an access token for the seeded account, bypassing OAuth.
pub(crate) async fn issue_token(State(state): State<AppState>) -> Response {
    let token = state
        .store
        .issue_token(state.clock.now(), state.access_token_ttl);
    json_ok(&json!({
        "access_token": token,
        "token_type": "bearer",
        "expires_in": state.access_token_ttl.as_secs(),
        "account_id": state.store.account().account_id,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AdvanceClock {
    seconds: u64,
}

/// Moves the emulator's clock forward, e.g. to expire tokens without waiting.
pub(crate) async fn advance_clock(
    State(state): State<AppState>,
    Json(body): Json<AdvanceClock>,
) -> Response {
    state.clock.advance(Duration::from_secs(body.seconds));
    json_ok(&json!({ "advanced_by_seconds": body.seconds }))
}
