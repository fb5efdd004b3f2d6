//! Content routes: `files/upload`, `files/download`, `files/get_temporary_link` and the links it
//! hands out.

use std::sync::{Arc, PoisonError};

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::{Call, Rpc};
use super::paths::{self, Pattern, Target};
use crate::errors::ApiError;
use crate::model::files::metadata;
use crate::scope::Scope;
use crate::shared::{AppState, Shared, json_ok};
use crate::store::{Node, NodeKind, State as Data, lower};
use crate::wire::content_hash::content_hash;
use crate::wire::union::Tagged;
use crate::wire::{args, header_json, timestamp};

/// Temporary links live four hours, as Dropbox's do.
const TEMPORARY_LINK_SECONDS: i64 = 4 * 3600;

/// The largest single upload Dropbox accepts (bigger files need upload sessions).
pub(crate) const MAX_UPLOAD_BYTES: usize = 150 * 1024 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct UploadArg {
    path: String,
    #[serde(default)]
    mode: Option<Value>,
    #[serde(default)]
    autorename: bool,
    #[serde(default)]
    client_modified: Option<String>,
    #[serde(default)]
    mute: bool,
    #[serde(default)]
    property_groups: Option<Value>,
    #[serde(default)]
    strict_conflict: bool,
    #[serde(default)]
    content_hash: Option<String>,
}

/// `files.WriteMode`.
enum WriteMode {
    Add,
    Overwrite,
    Update(String),
}

fn write_mode(route: &str, value: Option<&Value>) -> Result<WriteMode, ApiError> {
    let Some(value) = value else {
        return Ok(WriteMode::Add);
    };
    let bad = || ApiError::bad_input(route, format!("Dropbox-API-Arg: mode: unexpected {value}"));
    let tagged = Tagged::read(value).ok_or_else(bad)?;
    match tagged.tag.as_str() {
        "add" if tagged.fields.is_empty() => Ok(WriteMode::Add),
        "overwrite" if tagged.fields.is_empty() => Ok(WriteMode::Overwrite),
        "update" => tagged
            .fields
            .get("update")
            .and_then(Value::as_str)
            .map(|rev| WriteMode::Update(rev.to_owned()))
            .ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// The `UploadError.path` error: `UploadWriteFailed {reason: WriteError, upload_session_id}`.
fn upload_path_error(reason: Value) -> ApiError {
    ApiError::route(json!({ ".tag": "path", "reason": reason, "upload_session_id": "" }))
}

/// Keeps the bytes of a file about to be stored, outside the state lock (blobs are addressed
/// by content, so a blob nothing refers to is harmless). Returns its content hash.
pub(crate) fn keep_blob(state: &Shared, bytes: Arc<[u8]>) -> Result<String, String> {
    let hash = content_hash(&bytes);
    state
        .store
        .blobs
        .put(&hash, bytes)
        .map_err(|e| format!("could not store the file: {e}"))?;
    Ok(hash)
}

/// Stores a file (its blob already kept) at `path` the way `files/upload` with mode `add` and
/// autorename does; the upload page's way in. The caller has checked `path`'s ancestors.
pub(crate) fn store_file(
    data: &mut Data,
    path: &str,
    (hash, size): (String, u64),
    client_modified: i64,
    now: i64,
) -> Node {
    let path = data.files.free_path(path);
    let kind = NodeKind::File {
        rev: data.ids.rev(),
        size,
        content_hash: hash,
        client_modified,
        server_modified: now,
    };
    data.files.put(&path, kind, &mut data.ids).clone()
}

pub(crate) async fn upload(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let arg: UploadArg = args::header(route, &headers, query.as_deref())?;
    args::check_upload_content_type(route, &headers)?;
    let _ = (arg.mute, arg.property_groups);
    let mode = write_mode(route, arg.mode.as_ref())?;
    let now = state.now();
    let client_modified = match &arg.client_modified {
        None => now,
        Some(text) => timestamp::parse(text).ok_or_else(|| {
            ApiError::bad_input(
                route,
                format!("Dropbox-API-Arg: client_modified: {text:?} is not a timestamp"),
            )
        })?,
    };
    let hash = content_hash(&body);
    if let Some(expected) = &arg.content_hash
        && *expected != hash
    {
        return Err(ApiError::tag("content_hash_mismatch"));
    }
    let bytes: Arc<[u8]> = Arc::from(body.as_ref());
    keep_blob(&state, bytes.clone())
        .map_err(|_| ApiError::Server(StatusCode::INSUFFICIENT_STORAGE))?;
    let result = state.store.write_as(caller.user, |data| {
        let target = paths::parse(
            route,
            "path",
            &arg.path,
            Pattern::Write { or_id: true },
            &caller.scope,
        )
        .map_err(|e| e.into_route_error(upload_path_error))?;
        let mut path = match &target {
            Target::Path(path) => path.clone(),
            Target::Id(_) => match paths::lookup(data, &target) {
                Some(Some(node)) => node.path_display.clone(),
                _ => return Err(upload_path_error(json!({ ".tag": "malformed_path" }))),
            },
            _ => return Err(upload_path_error(json!({ ".tag": "malformed_path" }))),
        };
        let conflict = |kind: &str| {
            upload_path_error(json!({ ".tag": "conflict", "conflict": { ".tag": kind } }))
        };
        data.files
            .check_ancestors(&path)
            .map_err(|_| conflict("file_ancestor"))?;
        if let Some(existing) = data.files.get(&lower(&path)) {
            match (&existing.kind, &mode) {
                (NodeKind::Folder, _) => {
                    if arg.autorename {
                        path = data.files.free_path(&path);
                    } else {
                        return Err(conflict("folder"));
                    }
                }
                // Identical content is a no-op, not a conflict (unless strict_conflict).
                (NodeKind::File { content_hash, .. }, WriteMode::Add | WriteMode::Update(_))
                    if *content_hash == hash && !arg.strict_conflict =>
                {
                    return Ok(metadata(existing, false, &caller.scope));
                }
                (NodeKind::File { rev, .. }, WriteMode::Update(expected)) if rev == expected => {}
                (_, WriteMode::Overwrite) => {}
                _ => {
                    if arg.autorename {
                        path = data.files.free_path(&path);
                    } else {
                        return Err(conflict("file"));
                    }
                }
            }
        }
        let kind = NodeKind::File {
            rev: data.ids.rev(),
            size: bytes.len() as u64,
            content_hash: hash.clone(),
            client_modified,
            server_modified: now,
        };
        Ok(metadata(
            data.files.put(&path, kind, &mut data.ids),
            false,
            &caller.scope,
        ))
    })?;
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DownloadArg {
    path: String,
    #[serde(default)]
    rev: Option<String>,
}

/// A file's bytes for download, or the `LookupError`/`unsupported_file` route error.
fn readable_file(
    route: &str,
    scope: &Scope,
    data: &Data,
    path: &str,
    rev: Option<&str>,
) -> Result<(Node, String), ApiError> {
    let wrap = |lookup: Value| ApiError::nested("path", lookup);
    let target = match rev {
        Some(rev) => Target::Rev(rev.to_owned()),
        None => paths::parse(route, "path", path, Pattern::Read, scope)
            .map_err(|e| e.into_route_error(wrap))?,
    };
    match paths::lookup(data, &target) {
        Some(Some(node)) => match &node.kind {
            NodeKind::File { content_hash, .. } => Ok((node.clone(), content_hash.clone())),
            NodeKind::Paper { .. } => Err(ApiError::tag("unsupported_file")),
            NodeKind::Folder => Err(wrap(paths::not_file())),
        },
        Some(None) => Err(wrap(paths::not_file())),
        None => Err(wrap(paths::not_found())),
    }
}

/// A download-style response: bytes in the body, the result JSON in `Dropbox-API-Result`.
pub(crate) fn download_response(result: &Value, bytes: Vec<u8>) -> Response {
    let mut response = (StatusCode::OK, Body::from(bytes)).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    if let Ok(value) = HeaderValue::from_str(&header_json::escape(&result.to_string())) {
        headers.insert("dropbox-api-result", value);
    }
    response
}

pub(crate) async fn download(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let arg: DownloadArg = args::header(route, &headers, query.as_deref())?;
    let (node, hash) = state.store.read_as(caller.user, |data| {
        readable_file(route, &caller.scope, data, &arg.path, arg.rev.as_deref())
    })?;
    let bytes = state
        .store
        .blobs
        .get(&hash)
        .ok_or(ApiError::Server(StatusCode::INTERNAL_SERVER_ERROR))?;
    Ok(download_response(
        &metadata(&node, false, &caller.scope),
        bytes.to_vec(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TemporaryLinkArg {
    path: String,
}

pub(crate) async fn get_temporary_link(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<TemporaryLinkArg>,
) -> Result<Response, ApiError> {
    let (node, _) = state.store.read_as(caller.user, |data| {
        readable_file(route, &caller.scope, data, &arg.path, None)
    })?;
    let key = state
        .store
        .write(|data| data.ids.opaque("temporary-link", 32));
    state
        .temporary_links
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(
            key.clone(),
            (
                caller.user,
                node.id.clone(),
                state.now() + TEMPORARY_LINK_SECONDS,
            ),
        );
    let link = format!("{}/temporary/{key}/{}", state.base_url, encode(node.name()));
    Ok(json_ok(
        &json!({ "metadata": metadata(&node, false, &caller.scope), "link": link }),
    ))
}

fn encode(name: &str) -> String {
    url::form_urlencoded::byte_serialize(name.as_bytes()).collect()
}

/// `GET /temporary/{key}/{name}`: the bytes, with a content type from the name; 410 once expired.
pub(crate) async fn serve_temporary_link(
    State(state): State<AppState>,
    Path((key, _name)): Path<(String, String)>,
) -> Response {
    let entry = state
        .temporary_links
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
        .cloned();
    let Some((user, id, expires_at)) = entry else {
        return (StatusCode::NOT_FOUND, "This link does not exist.").into_response();
    };
    if state.now() >= expires_at {
        return (StatusCode::GONE, "This link has expired.").into_response();
    }
    let found = state.store.read_as(user, |data| {
        data.files.get_by_id(&id).and_then(|node| match &node.kind {
            NodeKind::File { content_hash, .. } => {
                Some((node.name().to_owned(), content_hash.clone()))
            }
            _ => None,
        })
    });
    let Some((name, hash)) = found else {
        return (StatusCode::NOT_FOUND, "The file is gone.").into_response();
    };
    let Some(bytes) = state.store.blobs.get(&hash) else {
        return (StatusCode::NOT_FOUND, "The file is gone.").into_response();
    };
    let mut response = (StatusCode::OK, Body::from(bytes.to_vec())).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(mime_type(&name)),
    );
    response
}

fn mime_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map_or("", |(_, e)| e)
        .to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// `files/download_zip` refuses folders with more files than this, as Dropbox does.
const MAX_ZIP_FILES: usize = 10_000;
/// ... or more bytes than this (20 GB).
const MAX_ZIP_BYTES: u64 = 20 * 1024 * 1024 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DownloadZipArg {
    path: String,
}

/// `files/download_zip`: a folder as a zip whose entries sit under the folder's name. Paper docs
/// are left out (they are exported, not downloaded).
pub(crate) async fn download_zip(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let arg: DownloadZipArg = args::header(route, &headers, query.as_deref())?;
    let wrap = |lookup: Value| ApiError::nested("path", lookup);
    let (folder, files) = state.store.read_as(caller.user, |data| {
        let target = paths::parse(route, "path", &arg.path, Pattern::Read, &caller.scope)
            .map_err(|e| e.into_route_error(wrap))?;
        let folder = match paths::lookup(data, &target) {
            Some(Some(node)) if node.is_folder() => node.clone(),
            Some(_) => return Err(wrap(paths::not_folder())),
            None => return Err(wrap(paths::not_found())),
        };
        let files: Vec<(String, String, u64)> = data
            .files
            .under(&lower(&folder.path_display), true, None)
            .filter_map(|node| match &node.kind {
                NodeKind::File {
                    content_hash, size, ..
                } => Some((node.path_display.clone(), content_hash.clone(), *size)),
                _ => None,
            })
            .collect();
        Ok((folder, files))
    })?;
    if files.len() > MAX_ZIP_FILES {
        return Err(ApiError::tag("too_many_files"));
    }
    if files.iter().map(|(_, _, size)| size).sum::<u64>() > MAX_ZIP_BYTES {
        return Err(ApiError::tag("too_large"));
    }
    // Entry names: the folder's name, then each file's own path components below it. Counting
    // components, not bytes: casing may differ between a folder's and its children's paths.
    let depth = folder.path_display.split('/').count();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    let server_error = |_| ApiError::Server(StatusCode::INTERNAL_SERVER_ERROR);
    for (path, hash, _) in &files {
        let bytes = state
            .store
            .blobs
            .get(hash)
            .ok_or(ApiError::Server(StatusCode::INTERNAL_SERVER_ERROR))?;
        let below: Vec<&str> = path.split('/').skip(depth).collect();
        let entry = format!("{}/{}", folder.name(), below.join("/"));
        zip.start_file(entry, options).map_err(server_error)?;
        std::io::Write::write_all(&mut zip, &bytes)
            .map_err(|_| ApiError::Server(StatusCode::INTERNAL_SERVER_ERROR))?;
    }
    let bytes = zip.finish().map_err(server_error)?.into_inner();
    Ok(download_response(
        &json!({ "metadata": metadata(&folder, false, &caller.scope) }),
        bytes,
    ))
}

/// `GET /s/{key}/{name}`: what a shared link opens. A file's bytes, or a folder's list of names;
/// 410 once the link has expired.
pub(crate) async fn serve_shared_link(
    State(state): State<AppState>,
    Path((key, _name)): Path<(String, String)>,
) -> Response {
    let now = state.now();
    let user = state
        .store
        .read(|data| data.user_with_link(&key))
        .unwrap_or(0);
    let found = state.store.read_as(user, |data| {
        let link = data.shared_links.iter().find(|l| l.key == key)?;
        let node = data.files.get_by_id(&link.file_id)?.clone();
        let children: Vec<String> = data
            .files
            .under(&lower(&node.path_display), false, None)
            .map(|n| n.name().to_owned())
            .collect();
        Some((link.expires, node, children))
    });
    let Some((expires, node, children)) = found else {
        return (StatusCode::NOT_FOUND, "This link does not exist.").into_response();
    };
    if expires.is_some_and(|at| now >= at) {
        return (StatusCode::GONE, "This link has expired.").into_response();
    }
    match &node.kind {
        NodeKind::File { content_hash, .. } => match state.store.blobs.get(content_hash) {
            Some(bytes) => {
                let mut response = (StatusCode::OK, Body::from(bytes.to_vec())).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(mime_type(node.name())),
                );
                response
            }
            None => (StatusCode::NOT_FOUND, "The file is gone.").into_response(),
        },
        NodeKind::Folder => {
            let items: String = children
                .iter()
                .map(|n| format!("<li>{}</li>", super::html::escape(n)))
                .collect();
            super::html::page(
                StatusCode::OK,
                node.name(),
                &format!(
                    "<h1>{}</h1><ul id=\"entries\">{items}</ul>",
                    super::html::escape(node.name())
                ),
            )
        }
        NodeKind::Paper { .. } => super::html::page(
            StatusCode::OK,
            node.name(),
            &format!(
                "<h1>{}</h1><p>This Paper doc opens in Dropbox Paper.</p>",
                super::html::escape(node.name())
            ),
        ),
    }
}
