//! `sharing/create_shared_link_with_settings` and `sharing/list_shared_links`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::Call;
use super::paths::{self, Pattern};
use crate::errors::ApiError;
use crate::model::account::AccountType;
use crate::model::sharing::render;
use crate::scope::Scope;
use crate::shared::{AppState, json_ok};
use crate::store::{Node, SharedLinkRecord, State as Data, lower};
use crate::wire::timestamp;

const SETTINGS_FIELDS: [&str; 7] = [
    "require_password",
    "link_password",
    "expires",
    "audience",
    "access",
    "requested_visibility",
    "allow_download",
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateArg {
    path: String,
    #[serde(default)]
    settings: Option<Value>,
}

fn resolve<'a>(
    route: &str,
    scope: &Scope,
    data: &'a Data,
    path: &str,
) -> Result<&'a Node, ApiError> {
    let wrap = |lookup: Value| ApiError::nested("path", lookup);
    let target = paths::parse(route, "path", path, Pattern::Read, scope)
        .map_err(|e| e.into_route_error(wrap))?;
    match paths::lookup(data, &target) {
        Some(Some(node)) => Ok(node),
        _ => Err(wrap(paths::not_found())),
    }
}

pub(crate) async fn create_shared_link_with_settings(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let arg: CreateArg = args_rpc(route, &headers, &body)?;
    let settings = arg.settings.filter(|s| !s.is_null());
    if let Some(settings) = &settings {
        let object = settings.as_object().ok_or_else(|| {
            ApiError::bad_input(route, "request body: settings: expected an object")
        })?;
        if let Some(unknown) = object
            .keys()
            .find(|k| !SETTINGS_FIELDS.contains(&k.as_str()))
        {
            return Err(ApiError::bad_input(
                route,
                format!("request body: settings: unknown field '{unknown}'"),
            ));
        }
        if let Some(expires) = object.get("expires").and_then(Value::as_str) {
            if timestamp::parse(expires).is_none() {
                return Err(ApiError::bad_input(
                    route,
                    "request body: settings: expires: not a timestamp",
                ));
            }
            // Basic accounts cannot set an expiry.
            if state
                .store
                .read_as(caller.user, |data| data.account.account_type)
                == AccountType::Basic
            {
                return Err(ApiError::nested(
                    "settings_error",
                    json!({ ".tag": "not_authorized" }),
                ));
            }
        }
    }
    let expires = settings
        .as_ref()
        .and_then(|s| s.get("expires"))
        .and_then(Value::as_str)
        .and_then(timestamp::parse);
    let now = state.now();
    let result = state.store.write_as(caller.user, |data| {
        let node = resolve(route, &caller.scope, data, &arg.path)?.clone();
        if let Some(existing) = data.shared_links.iter().find(|l| l.file_id == node.id) {
            // The existing link comes back inside the error, unless the requested settings
            // could differ from it.
            return Err(if settings.is_some() {
                ApiError::tag("shared_link_already_exists")
            } else {
                ApiError::nested(
                    "shared_link_already_exists",
                    json!({ ".tag": "metadata", "metadata": render(&node, existing, &state.base_url, &caller.scope) }),
                )
            });
        }
        let link = SharedLinkRecord {
            key: data.ids.opaque("shared-link", 24),
            file_id: node.id.clone(),
            created: now,
            expires,
        };
        let value = render(&node, &link, &state.base_url, &caller.scope);
        data.shared_links.push(link);
        Ok(value)
    })?;
    Ok(json_ok(&result))
}

fn args_rpc<T: serde::de::DeserializeOwned>(
    route: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, ApiError> {
    crate::wire::args::rpc(route, headers, body)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListArg {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    cursor: Option<String>,
    #[serde(default)]
    direct_only: Option<bool>,
}

pub(crate) async fn list_shared_links(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let arg: ListArg = if body.is_empty() {
        ListArg {
            path: None,
            cursor: None,
            direct_only: None,
        }
    } else {
        args_rpc(route, &headers, &body)?
    };
    if arg.cursor.as_deref().is_some_and(|c| c != "end") {
        return Err(ApiError::tag("reset"));
    }
    let result = state.store.read_as(caller.user, |data| {
        let scope = match &arg.path {
            Some(path) => Some(lower(
                &resolve(route, &caller.scope, data, path)?.path_display,
            )),
            None => None,
        };
        let direct_only = arg.direct_only.unwrap_or(false);
        let links: Vec<Value> = data
            .shared_links
            .iter()
            .filter_map(|link| {
                let node = data.files.get_by_id(&link.file_id)?;
                let linked = lower(&node.path_display);
                let wanted = match &scope {
                    None => true,
                    Some(path) if direct_only => linked == *path,
                    // Links to the path and to the folders above it.
                    Some(path) => linked == *path || path.starts_with(&format!("{linked}/")),
                };
                wanted.then(|| render(node, link, &state.base_url, &caller.scope))
            })
            .collect();
        Ok::<_, ApiError>(json!({ "links": links, "has_more": false }))
    })?;
    Ok(json_ok(&result))
}
