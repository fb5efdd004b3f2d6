//! Who is calling: the bearer token, checked for expiry and scope, and `auth/token/revoke`.

use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::Response;

use super::call::RpcVoid;
use crate::errors::{ApiError, AuthError};
use crate::scope::Scope;
use crate::shared::{AppState, Shared, json_ok};
use crate::store::TokenProblem;

/// Every scope the emulator knows; tokens from the control API carry all of them.
pub(crate) const ALL_SCOPES: [&str; 10] = [
    "account_info.read",
    "files.metadata.read",
    "files.metadata.write",
    "files.content.read",
    "files.content.write",
    "file_requests.read",
    "file_requests.write",
    "sharing.read",
    "sharing.write",
    "openid",
];

/// The caller of a route, once its token is accepted.
pub(crate) struct Caller {
    pub(crate) token: String,
    /// Which of the emulator's users the token is for (0: the seeded one); the route's data
    /// is theirs (`Store::read_as`).
    pub(crate) user: usize,
    /// The namespace the call's paths are relative to.
    pub(crate) scope: Scope,
}

/// The bearer token, as Dropbox reads it: 400 text for a missing or malformed header.
pub(crate) fn bearer<'a>(route: &str, headers: &'a HeaderMap) -> Result<&'a str, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::bad_input(
            route,
            "Must provide HTTP header \"Authorization\" or URL parameter \"authorization\".",
        )
    })?;
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            ApiError::bad_input(
                route,
                "Invalid authorization value in HTTP header \"Authorization\": \
                 expected \"Bearer <token>\".",
            )
        })?;
    if !is_well_formed_token(token) {
        return Err(ApiError::bad_input(
            route,
            "The given OAuth 2 access token is malformed.",
        ));
    }
    Ok(token)
}

fn is_well_formed_token(token: &str) -> bool {
    !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
}

/// Checks the token and that it carries `scope` (401 `missing_scope` otherwise).
pub(super) fn authenticate(
    state: &Shared,
    route: &str,
    scope: Option<&'static str>,
    headers: &HeaderMap,
) -> Result<Caller, ApiError> {
    let token = bearer(route, headers)?;
    let now = state.now();
    state.store.read(|s| {
        let known = s.user_where(|tokens| tokens.knows(token));
        let user = known.unwrap_or(0);
        let tokens = s.tokens_of(user).unwrap_or(&s.tokens);
        let account = s.account_of(user).unwrap_or(&s.account);
        if known.is_some() {
            state.count_call_of(&account.account_id, route);
        }
        let record = tokens.authenticate(token, now).map_err(|problem| {
            ApiError::Auth(match problem {
                TokenProblem::Unknown => AuthError::InvalidAccessToken,
                TokenProblem::Expired => AuthError::ExpiredAccessToken,
            })
        })?;
        if let Some(scope) = scope
            && !record.scopes.iter().any(|s| s == scope)
        {
            return Err(ApiError::Auth(AuthError::MissingScope(scope)));
        }
        Ok(Caller {
            token: token.to_owned(),
            user,
            scope: Scope::from_headers(route, headers, &account.root_info)?,
        })
    })
}

/// `auth/token/revoke`: Void → Void. Disables the calling token (and, for a refreshed one, its
/// refresh token and siblings).
pub(crate) async fn revoke(
    State(state): State<AppState>,
    RpcVoid { caller }: RpcVoid,
) -> Result<Response, ApiError> {
    state
        .store
        .write_as(caller.user, |s| s.tokens.revoke(&caller.token));
    Ok(json_ok(&()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_with_spaces_or_quotes_are_malformed() {
        assert!(is_well_formed_token("sl.Abc-_09"));
        assert!(!is_well_formed_token(""));
        assert!(!is_well_formed_token("sl.a b"));
        assert!(!is_well_formed_token("sl.\"x\""));
    }
}
