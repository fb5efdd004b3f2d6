//! `files/get_metadata`, `files/create_folder_v2`, `files/delete_v2`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::Rpc;
use super::paths::{self, Pattern, Target};
use crate::errors::ApiError;
use crate::model::files::{deleted, metadata};
use crate::shared::{AppState, json_ok};
use crate::store::{NodeKind, WriteConflict, lower};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GetMetadataArg {
    path: String,
    #[serde(default)]
    include_media_info: bool,
    #[serde(default)]
    include_deleted: bool,
    #[serde(default)]
    include_has_explicit_shared_members: bool,
    #[serde(default)]
    include_property_groups: Option<Value>,
}

pub(crate) async fn get_metadata(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<GetMetadataArg>,
) -> Result<Response, ApiError> {
    let _ = (
        arg.include_media_info,
        arg.include_has_explicit_shared_members,
        arg.include_property_groups,
    );
    let wrap = |lookup: Value| ApiError::nested("path", lookup);
    let result = state.store.read_as(caller.user, |data| {
        let target = paths::parse(route, "path", &arg.path, Pattern::Read, &caller.scope)
            .map_err(|e| e.into_route_error(wrap))?;
        match paths::lookup(data, &target) {
            Some(Some(node)) => Ok(metadata(node, true, &caller.scope)),
            Some(None) => Err(ApiError::bad_input(
                route,
                "request body: path: the root folder is not supported",
            )),
            None => match &target {
                Target::Path(path)
                    if arg.include_deleted && data.files.was_removed(&lower(path)) =>
                {
                    Ok(deleted(path, &caller.scope))
                }
                _ => Err(wrap(paths::not_found())),
            },
        }
    })?;
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CreateFolderArg {
    path: String,
    #[serde(default)]
    autorename: bool,
}

/// `files.WriteError` `conflict` value.
fn conflict(kind: WriteConflict) -> Value {
    json!({ ".tag": "conflict", "conflict": { ".tag": kind.tag() } })
}

pub(crate) async fn create_folder_v2(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<CreateFolderArg>,
) -> Result<Response, ApiError> {
    let wrap = |write: Value| ApiError::nested("path", write);
    let result = state.store.write_as(caller.user, |data| {
        let target = paths::parse(
            route,
            "path",
            &arg.path,
            Pattern::Write { or_id: false },
            &caller.scope,
        )
        .map_err(|e| e.into_route_error(wrap))?;
        let Target::Path(mut path) = target else {
            return Err(wrap(json!({ ".tag": "malformed_path" })));
        };
        data.files
            .check_ancestors(&path)
            .map_err(|c| wrap(conflict(c)))?;
        if let Some(existing) = data.files.get(&lower(&path)) {
            if !arg.autorename {
                let kind = if existing.is_folder() {
                    WriteConflict::Folder
                } else {
                    WriteConflict::File
                };
                return Err(wrap(conflict(kind)));
            }
            path = data.files.free_path(&path);
        }
        let node = data.files.put(&path, NodeKind::Folder, &mut data.ids);
        Ok(json!({ "metadata": metadata(node, false, &caller.scope) }))
    })?;
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct DeleteArg {
    path: String,
    #[serde(default)]
    parent_rev: Option<String>,
}

pub(crate) async fn delete_v2(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<DeleteArg>,
) -> Result<Response, ApiError> {
    let wrap = |lookup: Value| ApiError::nested("path_lookup", lookup);
    let result = state.store.write_as(caller.user, |data| {
        let target = paths::parse(
            route,
            "path",
            &arg.path,
            Pattern::Write { or_id: true },
            &caller.scope,
        )
        .map_err(|e| e.into_route_error(wrap))?;
        let node = match paths::lookup(data, &target) {
            Some(Some(node)) => node.clone(),
            _ => return Err(wrap(paths::not_found())),
        };
        if let Some(parent_rev) = &arg.parent_rev {
            let matches = matches!(&node.kind,
                NodeKind::File { rev, .. } | NodeKind::Paper { rev, .. } if rev == parent_rev);
            if !matches {
                return Err(ApiError::nested(
                    "path_write",
                    json!({ ".tag": "conflict", "conflict": { ".tag": "file" } }),
                ));
            }
        }
        let value = metadata(&node, true, &caller.scope);
        data.files.remove(&lower(&node.path_display));
        Ok(json!({ "metadata": value }))
    })?;
    Ok(json_ok(&result))
}
