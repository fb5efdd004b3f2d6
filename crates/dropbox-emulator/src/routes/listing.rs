//! `files/list_folder`, `list_folder/continue`, `list_folder/get_latest_cursor` and
//! `list_folder/longpoll`. A cursor first pages through a snapshot of the folder, then reports
//! changes since that snapshot (with `DeletedMetadata` for removals).

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::call::Rpc;
use super::paths::{self, Pattern};
use crate::errors::ApiError;
use crate::model::files::{MetadataView, deleted};
use crate::scope::Scope;
use crate::shared::{AppState, json_ok};
use crate::store::{State as Data, lower};
use crate::wire::args;

const DEFAULT_LIMIT: u32 = 2000;

/// What a cursor remembers. Opaque to clients (base64 of this JSON).
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    /// The listed folder, lowercased (`""` = root).
    folder: String,
    recursive: bool,
    include_deleted: bool,
    limit: u32,
    /// Changes after this sequence number are reported once the snapshot is exhausted.
    seq: u64,
    /// While paging the snapshot: the last path returned.
    after: Option<String>,
    /// The tree's generation when the listing started (a reset voids the cursor).
    #[serde(default)]
    generation: u64,
    /// Whose tree it lists (the longpoll has no token to say so).
    #[serde(default)]
    user: usize,
}

impl Cursor {
    fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(route: &str, text: &str) -> Result<Self, ApiError> {
        URL_SAFE_NO_PAD
            .decode(text)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .ok_or_else(|| {
                ApiError::bad_input(route, format!("Invalid \"cursor\" parameter: {text:?}"))
            })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListFolderArg {
    path: String,
    #[serde(default)]
    recursive: bool,
    #[serde(default)]
    include_media_info: bool,
    #[serde(default)]
    include_deleted: bool,
    #[serde(default)]
    include_has_explicit_shared_members: bool,
    #[serde(default)]
    include_mounted_folders: Option<bool>,
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    shared_link: Option<Value>,
    #[serde(default)]
    include_property_groups: Option<Value>,
    #[serde(default)]
    include_non_downloadable_files: Option<bool>,
    #[serde(default)]
    include_restorable_info: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CursorArg {
    cursor: String,
}

/// Whether a cursor can no longer be continued: its folder is gone or the tree was reset.
fn is_void(data: &Data, cursor: &Cursor) -> bool {
    cursor.generation != data.files.generation
        || (!cursor.folder.is_empty()
            && !data
                .files
                .get(&cursor.folder)
                .is_some_and(|n| n.is_folder()))
}

/// Resolves the folder to list, with `ListFolderError.path` errors.
fn folder_of(route: &str, scope: &Scope, data: &Data, path: &str) -> Result<String, ApiError> {
    let wrap = |lookup: Value| ApiError::nested("path", lookup);
    let target = paths::parse(route, "path", path, Pattern::RootOrId, scope)
        .map_err(|e| e.into_route_error(wrap))?;
    match paths::lookup(data, &target) {
        None => Err(wrap(paths::not_found())),
        Some(None) => Ok(String::new()),
        Some(Some(node)) if node.is_folder() => Ok(lower(&node.path_display)),
        Some(Some(_)) => Err(wrap(paths::not_folder())),
    }
}

fn validate_limit(route: &str, limit: Option<u32>) -> Result<u32, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(limit) if (1..=2000).contains(&limit) => Ok(limit),
        Some(limit) => Err(ApiError::bad_input(
            route,
            format!("request body: limit: {limit} is not within 1..2000"),
        )),
    }
}

/// One entry of a page: a node's metadata, or a deletion.
enum Entry<'a> {
    Node(MetadataView<'a>),
    Deleted(Value),
}

impl Serialize for Entry<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Entry::Node(view) => view.serialize(serializer),
            Entry::Deleted(value) => value.serialize(serializer),
        }
    }
}

/// `files.ListFolderResult`, written straight to the response.
#[derive(Serialize)]
struct Page<'a> {
    entries: Vec<Entry<'a>>,
    cursor: String,
    has_more: bool,
}

/// One page from `cursor`, and the cursor for the next.
fn page<'a>(data: &'a Data, scope: &'a Scope, mut cursor: Cursor) -> Page<'a> {
    let limit = cursor.limit as usize;
    let mut entries = Vec::new();
    let node = |node| {
        Entry::Node(MetadataView {
            node,
            tagged: true,
            scope,
        })
    };
    if let Some(after) = cursor.after.take() {
        let mut nodes = data
            .files
            .under(&cursor.folder, cursor.recursive, Some(&after))
            .peekable();
        let mut last = None;
        while entries.len() < limit {
            let Some(next) = nodes.next() else { break };
            entries.push(node(next));
            last = Some(lower(&next.path_display));
        }
        let has_more = nodes.peek().is_some();
        if has_more {
            cursor.after = last;
        }
        return Page {
            entries,
            cursor: cursor.encode(),
            has_more,
        };
    }
    let changes = data
        .files
        .changes_since(cursor.seq, &cursor.folder, cursor.recursive);
    let has_more = changes.len() > limit;
    for change in changes.iter().take(limit) {
        match data.files.get(&change.path_lower) {
            Some(found) => entries.push(node(found)),
            None => entries.push(Entry::Deleted(deleted(&change.path_display, scope))),
        }
        cursor.seq = change.seq;
    }
    if !has_more {
        cursor.seq = data.files.seq;
    }
    Page {
        entries,
        cursor: cursor.encode(),
        has_more,
    }
}

/// The start of a listing: everything now in the folder, then changes from now on.
fn start(
    data: &Data,
    folder: String,
    recursive: bool,
    include_deleted: bool,
    limit: u32,
) -> Cursor {
    Cursor {
        folder: folder.clone(),
        recursive,
        include_deleted,
        limit,
        seq: data.files.seq,
        generation: data.files.generation,
        // Paging starts after the folder itself: `under` skips it anyway.
        after: Some(format!("{folder}/")),
        user: 0,
    }
}

pub(crate) async fn list_folder(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<ListFolderArg>,
) -> Result<Response, ApiError> {
    let _ = (
        arg.include_media_info,
        arg.include_has_explicit_shared_members,
        arg.include_mounted_folders,
        arg.include_property_groups,
        arg.include_non_downloadable_files,
        arg.include_restorable_info,
    );
    if arg.shared_link.is_some() {
        return Err(ApiError::bad_input(
            route,
            "listing through a shared link is not supported by this emulator",
        ));
    }
    let limit = validate_limit(route, arg.limit)?;
    // Written while reading: the page borrows the tree rather than copying thousands of entries.
    state.store.read_as(caller.user, |data| {
        let folder = folder_of(route, &caller.scope, data, &arg.path)?;
        let mut cursor = start(data, folder, arg.recursive, arg.include_deleted, limit);
        cursor.user = caller.user;
        Ok(json_ok(&page(data, &caller.scope, cursor)))
    })
}

pub(crate) async fn list_folder_continue(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<CursorArg>,
) -> Result<Response, ApiError> {
    let cursor = Cursor::decode(route, &arg.cursor)?;
    state.store.read_as(caller.user, |data| {
        // A cursor whose folder is gone, or from before a reset, must be restarted.
        if is_void(data, &cursor) {
            return Err(ApiError::tag("reset"));
        }
        Ok(json_ok(&page(data, &caller.scope, cursor)))
    })
}

pub(crate) async fn get_latest_cursor(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<ListFolderArg>,
) -> Result<Response, ApiError> {
    let limit = validate_limit(route, arg.limit)?;
    let cursor = state.store.read_as(caller.user, |data| {
        let folder = folder_of(route, &caller.scope, data, &arg.path)?;
        Ok::<_, ApiError>(Cursor {
            folder,
            recursive: arg.recursive,
            include_deleted: arg.include_deleted,
            limit,
            seq: data.files.seq,
            after: None,
            generation: data.files.generation,
            user: caller.user,
        })
    })?;
    Ok(json_ok(&json!({ "cursor": cursor.encode() })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LongpollArg {
    cursor: String,
    #[serde(default = "default_longpoll_timeout")]
    timeout: u64,
}

fn default_longpoll_timeout() -> u64 {
    30
}

/// `files/list_folder/longpoll` (notify host, no auth): waits until the cursor's folder changes.
pub(crate) async fn longpoll(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    const ROUTE: &str = "files/list_folder/longpoll";
    let arg: LongpollArg = args::rpc(ROUTE, &headers, &body)?;
    if !(30..=480).contains(&arg.timeout) {
        return Err(ApiError::bad_input(
            ROUTE,
            format!(
                "request body: timeout: {} is not within 30..480",
                arg.timeout
            ),
        ));
    }
    let cursor = Cursor::decode(ROUTE, &arg.cursor)?;
    let has_changes = |data: &Data| {
        // A void cursor counts as a change: the client's next continue learns to restart.
        is_void(data, &cursor)
            || cursor.after.is_some()
            || !data
                .files
                .changes_since(cursor.seq, &cursor.folder, cursor.recursive)
                .is_empty()
    };
    let mut seq = state.store.subscribe_seq();
    let wait = async {
        loop {
            if state.store.read(|data| data.user_count() <= cursor.user)
                || state.store.read_as(cursor.user, has_changes)
            {
                return true;
            }
            if seq.changed().await.is_err() {
                return false;
            }
        }
    };
    // A stopping server answers at once rather than holding its shutdown for minutes.
    let mut stopping = state.stopping.subscribe();
    let changes = tokio::select! {
        changed = tokio::time::timeout(Duration::from_secs(arg.timeout), wait) => {
            changed.unwrap_or(false)
        }
        _ = stopping.wait_for(|stop| *stop) => false,
    };
    Ok(json_ok(&json!({ "changes": changes })))
}
