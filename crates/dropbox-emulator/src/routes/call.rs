//! What every authenticated `/2/` route does first, as extractors: name the route (from the
//! request's path), check the caller's token against the scope the route needs (`SCOPES`, as
//! the Stone spec's `scope` attribute says), and, for RPC routes, decode the JSON argument.
//! A handler then starts with what it is about: `Rpc { route, caller, arg }: Rpc<CreateArgs>`.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::auth::{Caller, authenticate};
use crate::errors::ApiError;
use crate::shared::AppState;
use crate::wire::args;

/// The scope each authenticated route needs of the caller's token (`None`: any token).
const SCOPES: &[(&str, Option<&str>)] = &[
    ("auth/token/revoke", None),
    ("users/get_current_account", Some("account_info.read")),
    ("users/features/get_values", Some("account_info.read")),
    ("file_requests/create", Some("file_requests.write")),
    ("file_requests/get", Some("file_requests.read")),
    ("file_requests/list", Some("file_requests.read")),
    ("file_requests/list_v2", Some("file_requests.read")),
    ("file_requests/list/continue", Some("file_requests.read")),
    ("file_requests/update", Some("file_requests.write")),
    ("file_requests/delete", Some("file_requests.write")),
    (
        "file_requests/delete_all_closed",
        Some("file_requests.write"),
    ),
    ("file_requests/count", Some("file_requests.read")),
    ("files/get_metadata", Some("files.metadata.read")),
    ("files/create_folder_v2", Some("files.content.write")),
    ("files/delete_v2", Some("files.content.write")),
    ("files/list_folder", Some("files.metadata.read")),
    ("files/list_folder/continue", Some("files.metadata.read")),
    (
        "files/list_folder/get_latest_cursor",
        Some("files.metadata.read"),
    ),
    ("files/upload", Some("files.content.write")),
    ("files/download", Some("files.content.read")),
    ("files/download_zip", Some("files.content.read")),
    ("files/get_temporary_link", Some("files.content.read")),
    ("files/export", Some("files.content.read")),
    ("files/paper/create", Some("files.content.write")),
    ("files/paper/update", Some("files.content.write")),
    (
        "sharing/create_shared_link_with_settings",
        Some("sharing.write"),
    ),
    ("sharing/list_shared_links", Some("sharing.read")),
];

/// The route a `/2/…` path names, and the scope it needs.
fn route_of(path: &str) -> Result<(&'static str, Option<&'static str>), ApiError> {
    let name = path.strip_prefix("/2/").unwrap_or(path);
    SCOPES
        .iter()
        .find(|(route, _)| *route == name)
        .map(|(route, scope)| (*route, *scope))
        .ok_or_else(|| ApiError::bad_input(name, "Unknown API function"))
}

/// An authenticated call: which route, and who calls it. Content-style routes read their
/// argument themselves (the `Dropbox-API-Arg` header or the `arg` parameter).
pub(crate) struct Call {
    pub(crate) route: &'static str,
    pub(crate) caller: Caller,
}

impl FromRequestParts<AppState> for Call {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let (route, scope) = route_of(parts.uri.path())?;
        let caller = authenticate(state, route, scope, &parts.headers)?;
        Ok(Self { route, caller })
    }
}

/// An authenticated RPC call and its JSON argument, decoded as Dropbox decodes it (the token
/// is checked first: a bad token is a 401 whatever the body).
pub(crate) struct Rpc<T> {
    pub(crate) route: &'static str,
    pub(crate) caller: Caller,
    pub(crate) arg: T,
}

impl<T: DeserializeOwned> FromRequest<AppState> for Rpc<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let (Call { route, caller }, headers, body) = call_and_body(request, state).await?;
        let arg = args::rpc(route, &headers, &body)?;
        Ok(Self { route, caller, arg })
    }
}

/// An authenticated RPC call whose argument is `Void` (no body, or `null`).
pub(crate) struct RpcVoid {
    pub(crate) caller: Caller,
}

impl FromRequest<AppState> for RpcVoid {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, ApiError> {
        let (Call { route, caller }, headers, body) = call_and_body(request, state).await?;
        args::rpc_void(route, &headers, &body)?;
        Ok(Self { caller })
    }
}

async fn call_and_body(
    request: Request,
    state: &AppState,
) -> Result<(Call, axum::http::HeaderMap, Bytes), ApiError> {
    let (mut parts, body) = request.into_parts();
    let call = Call::from_request_parts(&mut parts, state).await?;
    let headers = parts.headers.clone();
    let body = Bytes::from_request(Request::from_parts(parts, body), state)
        .await
        .map_err(|e| ApiError::bad_input(call.route, format!("request body: {e}")))?;
    Ok((call, headers, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_has_one_entry_and_a_known_scope() {
        for (at, (route, scope)) in SCOPES.iter().enumerate() {
            assert!(
                !SCOPES[at + 1..].iter().any(|(other, _)| other == route),
                "{route} twice"
            );
            if let Some(scope) = scope {
                assert!(
                    super::super::auth::ALL_SCOPES.contains(scope),
                    "{route}: {scope}"
                );
            }
        }
        assert_eq!(
            route_of("/2/files/list_folder").unwrap(),
            ("files/list_folder", Some("files.metadata.read"))
        );
        assert!(route_of("/2/files/nope").is_err());
    }
}
