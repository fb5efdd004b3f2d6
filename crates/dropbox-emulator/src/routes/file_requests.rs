//! `file_requests/*`: create, get, list (v1, v2, continue), update, delete, delete_all_closed,
//! count.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::{Call, Rpc, RpcVoid};
use super::paths::{self, Pattern, Target};
use crate::errors::ApiError;
use crate::model::account::AccountType;
use crate::model::file_requests::render;
use crate::scope::Scope;
use crate::shared::{AppState, Shared, json_ok};
use crate::store::{Deadline, FileRequestRecord, GracePeriod, State as Data, WriteConflict, lower};
use crate::wire::union::{Tagged, void_tag};
use crate::wire::{args, timestamp};

/// Dropbox allows this many file requests per account, open and closed together.
pub(crate) const MAX_FILE_REQUESTS: usize = 4000;
const MAX_TITLE_CHARS: usize = 140;

fn validation_error(message: &str) -> ApiError {
    // The union member is void; the reason goes in `user_message` for people reading logs.
    let _ = message;
    ApiError::tag("validation_error")
}

fn check_title(title: &str) -> Result<String, ApiError> {
    let title = title.trim();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        return Err(validation_error("title"));
    }
    Ok(title.to_owned())
}

/// Parses a `FileRequestDeadline` struct.
fn parse_deadline(route: &str, value: &Value) -> Result<Deadline, ApiError> {
    let bad = |what: String| ApiError::bad_input(route, format!("request body: deadline: {what}"));
    let object = value
        .as_object()
        .ok_or_else(|| bad(format!("expected an object, got {value}")))?;
    if let Some(unknown) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "deadline" | "allow_late_uploads" | ".tag"))
    {
        return Err(bad(format!("unknown field '{unknown}'")));
    }
    let at = object
        .get("deadline")
        .and_then(Value::as_str)
        .and_then(timestamp::parse)
        .ok_or_else(|| bad("deadline: expected a timestamp %Y-%m-%dT%H:%M:%SZ".into()))?;
    let grace = match object.get("allow_late_uploads") {
        None | Some(Value::Null) => None,
        Some(grace) => Some(
            void_tag(grace, &GracePeriod::TAGS)
                .ok()
                .and_then(GracePeriod::from_tag)
                .ok_or_else(|| bad(format!("allow_late_uploads: unexpected {grace}")))?,
        ),
    };
    Ok(Deadline { at, grace })
}

/// Resolves a destination folder path, creating it when missing; `FileRequestError` tags.
fn destination(
    route: &str,
    scope: &Scope,
    data: &mut Data,
    path: &str,
) -> Result<String, ApiError> {
    let target = paths::parse(route, "destination", path, Pattern::Path, scope)
        .map_err(|e| e.into_route_error(|_| validation_error("destination")))?;
    let Target::Path(path) = target else {
        return Err(validation_error("destination"));
    };
    match data.files.ensure_folder(&path, &mut data.ids) {
        Ok(()) => Ok(data
            .files
            .get(&lower(&path))
            .map_or(path, |n| n.path_display.clone())),
        Err(WriteConflict::File | WriteConflict::FileAncestor) => {
            Err(ApiError::tag("not_a_folder"))
        }
        Err(WriteConflict::Folder) => Ok(path),
    }
}

fn check_deadline_allowed(state: &Shared, user: usize) -> Result<(), ApiError> {
    if state.store.read_as(user, |data| data.account.account_type) == AccountType::Basic {
        return Err(validation_error(
            "deadlines are only available on Professional and Business accounts",
        ));
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateArgs {
    title: String,
    destination: String,
    #[serde(default)]
    deadline: Option<Value>,
    #[serde(default = "yes")]
    open: bool,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    video_project_id: Option<String>,
}

fn yes() -> bool {
    true
}

pub(crate) async fn create(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<CreateArgs>,
) -> Result<Response, ApiError> {
    let _ = arg.video_project_id;
    if arg.title.is_empty() {
        return Err(ApiError::bad_input(
            route,
            "request body: title: length must be at least 1",
        ));
    }
    let deadline = match &arg.deadline {
        None | Some(Value::Null) => None,
        Some(value) => Some(parse_deadline(route, value)?),
    };
    let title = check_title(&arg.title)?;
    if deadline.is_some() {
        check_deadline_allowed(&state, caller.user)?;
    }
    let now = state.now();
    let result = state.store.write_as(caller.user, |data| {
        if data.file_requests.len() >= MAX_FILE_REQUESTS {
            return Err(ApiError::tag("rate_limit"));
        }
        let destination = destination(route, &caller.scope, data, &arg.destination)?;
        let record = FileRequestRecord {
            id: data.ids.file_request_id(),
            title,
            destination,
            created: now,
            deadline,
            is_open: arg.open,
            file_count: 0,
            description: arg.description.clone(),
        };
        let value = render(&record, &data.files, &state.base_url, &caller.scope);
        data.file_requests.push(record);
        Ok(value)
    })?;
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IdArg {
    id: String,
}

fn check_id(route: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ApiError::bad_input(
            route,
            format!("request body: id: '{id}' did not match pattern '[-_0-9a-zA-Z]+'"),
        ));
    }
    Ok(())
}

pub(crate) async fn get(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<IdArg>,
) -> Result<Response, ApiError> {
    check_id(route, &arg.id)?;
    let result = state.store.read_as(caller.user, |data| {
        data.file_requests
            .iter()
            .find(|r| r.id == arg.id)
            .map(|r| render(r, &data.files, &state.base_url, &caller.scope))
            .ok_or_else(|| ApiError::tag("not_found"))
    })?;
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListArg {
    #[serde(default = "default_limit")]
    limit: u64,
}

fn default_limit() -> u64 {
    1000
}

/// The position after which a listing continues, as an opaque cursor.
fn encode_cursor(offset: usize, limit: u64) -> String {
    URL_SAFE_NO_PAD.encode(json!({ "offset": offset, "limit": limit }).to_string())
}

fn decode_cursor(cursor: &str) -> Option<(usize, u64)> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    Some((
        usize::try_from(value.get("offset")?.as_u64()?).ok()?,
        value.get("limit")?.as_u64()?,
    ))
}

fn list_page(state: &Shared, scope: &Scope, data: &Data, offset: usize, limit: u64) -> Value {
    let take = usize::try_from(limit.max(1)).unwrap_or(usize::MAX);
    let page: Vec<Value> = data
        .file_requests
        .iter()
        .skip(offset)
        .take(take)
        .map(|r| render(r, &data.files, &state.base_url, scope))
        .collect();
    let next = offset + page.len();
    json!({
        "file_requests": page,
        "cursor": encode_cursor(next, limit),
        "has_more": next < data.file_requests.len(),
    })
}

pub(crate) async fn list_v2(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let arg: ListArg = if body.is_empty() {
        ListArg {
            limit: default_limit(),
        }
    } else {
        args::rpc(route, &headers, &body)?
    };
    let result = state.store.read_as(caller.user, |data| {
        list_page(&state, &caller.scope, data, 0, arg.limit)
    });
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContinueArg {
    cursor: String,
}

pub(crate) async fn list_continue(
    State(state): State<AppState>,
    Rpc { caller, arg, .. }: Rpc<ContinueArg>,
) -> Result<Response, ApiError> {
    let (offset, limit) =
        decode_cursor(&arg.cursor).ok_or_else(|| ApiError::tag("invalid_cursor"))?;
    let result = state.store.read_as(caller.user, |data| {
        list_page(&state, &caller.scope, data, offset, limit)
    });
    Ok(json_ok(&result))
}

/// `file_requests/list` (v1): every request, no paging.
pub(crate) async fn list_v1(
    State(state): State<AppState>,
    RpcVoid { caller }: RpcVoid,
) -> Result<Response, ApiError> {
    let result = state.store.read_as(caller.user, |data| {
        let all: Vec<Value> = data
            .file_requests
            .iter()
            .map(|r| render(r, &data.files, &state.base_url, &caller.scope))
            .collect();
        json!({ "file_requests": all })
    });
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UpdateArgs {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    destination: Option<String>,
    #[serde(default)]
    deadline: Option<Value>,
    #[serde(default)]
    open: Option<bool>,
    #[serde(default)]
    description: Option<String>,
}

/// `UpdateFileRequestDeadline`: `None` = no_update, `Some(None)` = clear.
fn parse_deadline_update(
    route: &str,
    value: Option<&Value>,
) -> Result<Option<Option<Deadline>>, ApiError> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let tagged = Tagged::read(value).ok_or_else(|| {
        ApiError::bad_input(route, format!("request body: deadline: unexpected {value}"))
    })?;
    match tagged.tag.as_str() {
        "no_update" => Ok(None),
        "update" if tagged.fields.is_empty() => Ok(Some(None)),
        "update" => Ok(Some(Some(parse_deadline(route, value)?))),
        other => Err(ApiError::bad_input(
            route,
            format!("request body: deadline: unknown tag \"{other}\""),
        )),
    }
}

pub(crate) async fn update(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<UpdateArgs>,
) -> Result<Response, ApiError> {
    check_id(route, &arg.id)?;
    if arg.title.as_deref() == Some("") {
        return Err(ApiError::bad_input(
            route,
            "request body: title: length must be at least 1",
        ));
    }
    let deadline = parse_deadline_update(route, arg.deadline.as_ref())?;
    if let Some(Some(_)) = deadline {
        check_deadline_allowed(&state, caller.user)?;
    }
    let title = arg.title.as_deref().map(check_title).transpose()?;
    let result = state.store.write_as(caller.user, |data| {
        let index = data
            .file_requests
            .iter()
            .position(|r| r.id == arg.id)
            .ok_or_else(|| ApiError::tag("not_found"))?;
        // Validate everything before changing anything: a failed call changes nothing.
        let destination = match &arg.destination {
            Some(path) => Some(destination(route, &caller.scope, data, path)?),
            None => None,
        };
        let record = &mut data.file_requests[index];
        if let Some(title) = title {
            record.title = title;
        }
        if let Some(destination) = destination {
            record.destination = destination;
        }
        if let Some(deadline) = deadline {
            record.deadline = deadline;
        }
        if let Some(open) = arg.open {
            record.is_open = open;
        }
        if let Some(description) = &arg.description {
            record.description = Some(description.clone());
        }
        let record = data.file_requests[index].clone();
        Ok(render(&record, &data.files, &state.base_url, &caller.scope))
    })?;
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeleteArgs {
    ids: Vec<String>,
}

pub(crate) async fn delete(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<DeleteArgs>,
) -> Result<Response, ApiError> {
    for id in &arg.ids {
        check_id(route, id)?;
    }
    let result = state.store.write_as(caller.user, |data| {
        for id in &arg.ids {
            let record = data
                .file_requests
                .iter()
                .find(|r| r.id == *id)
                .ok_or_else(|| ApiError::tag("not_found"))?;
            if record.is_open {
                return Err(ApiError::tag("file_request_open"));
            }
        }
        let rendered: Vec<Value> = data
            .file_requests
            .iter()
            .filter(|r| arg.ids.contains(&r.id))
            .map(|r| render(r, &data.files, &state.base_url, &caller.scope))
            .collect();
        data.file_requests.retain(|r| !arg.ids.contains(&r.id));
        Ok(json!({ "file_requests": rendered }))
    })?;
    Ok(json_ok(&result))
}

pub(crate) async fn delete_all_closed(
    State(state): State<AppState>,
    RpcVoid { caller }: RpcVoid,
) -> Result<Response, ApiError> {
    let result = state.store.write_as(caller.user, |data| {
        let rendered: Vec<Value> = data
            .file_requests
            .iter()
            .filter(|r| !r.is_open)
            .map(|r| render(r, &data.files, &state.base_url, &caller.scope))
            .collect();
        data.file_requests.retain(|r| r.is_open);
        json!({ "file_requests": rendered })
    });
    Ok(json_ok(&result))
}

pub(crate) async fn count(
    State(state): State<AppState>,
    RpcVoid { caller }: RpcVoid,
) -> Result<Response, ApiError> {
    let count = state
        .store
        .read_as(caller.user, |data| data.file_requests.len());
    Ok(json_ok(&json!({ "file_request_count": count })))
}
