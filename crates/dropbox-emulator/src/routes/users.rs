//! `users/*` routes.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::rpc::{authenticate, void_arg};
use crate::errors::ApiError;
use crate::server::{AppState, json_ok};

/// `users/get_current_account`: Void → FullAccount.
pub(crate) async fn get_current_account(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    const ROUTE: &str = "users/get_current_account";
    let account = authenticate(&state, ROUTE, &headers)?;
    void_arg(ROUTE, &headers, &body)?;
    Ok(json_ok(&account))
}
