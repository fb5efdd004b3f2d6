//! HTTP routes: Dropbox's API under `/2/`, the emulator's control API under `/__emulator/`.

mod control;
mod rpc;
mod users;

use axum::Router;
use axum::extract::OriginalUri;
use axum::routing::{get, post};

use crate::errors::ApiError;
use crate::server::AppState;

pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/2/users/get_current_account",
            post(users::get_current_account),
        )
        .route("/__emulator/v1/health", get(control::health))
        .route("/__emulator/v1/tokens", post(control::issue_token))
        .route("/__emulator/v1/clock/advance", post(control::advance_clock))
        .fallback(unknown_route)
        .with_state(state)
}

async fn unknown_route(OriginalUri(uri): OriginalUri) -> ApiError {
    let path = uri.path();
    ApiError::UnknownRoute(path.strip_prefix("/2/").unwrap_or(path).to_owned())
}
