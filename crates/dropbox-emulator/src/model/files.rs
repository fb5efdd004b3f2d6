//! `files.Metadata` and friends, rendered from the tree.

use serde_json::{Map, Value, json};

use crate::scope::Scope;
use crate::store::{Node, NodeKind, lower};
use crate::wire::timestamp;

/// Export formats a Paper doc offers (`ExportInfo.export_options`).
pub(crate) const PAPER_EXPORT_FORMATS: [&str; 3] = ["markdown", "html", "plain_text"];

/// `FileMetadata` / `FolderMetadata` for a node. With `tagged`, the object carries `.tag`, as
/// where the declared type is the base `Metadata`.
pub(crate) fn metadata(node: &Node, tagged: bool, scope: &Scope) -> Value {
    let path_display = scope.visible(&node.path_display);
    let mut object = Map::new();
    let tag = if node.is_folder() { "folder" } else { "file" };
    if tagged {
        object.insert(".tag".into(), tag.into());
    }
    object.insert("name".into(), node.name().into());
    object.insert("path_lower".into(), lower(path_display).into());
    object.insert("path_display".into(), path_display.into());
    object.insert("id".into(), node.id.clone().into());
    match &node.kind {
        NodeKind::Folder => {}
        NodeKind::File {
            rev,
            size,
            content_hash,
            client_modified,
            server_modified,
        } => {
            object.insert(
                "client_modified".into(),
                timestamp::format(*client_modified).into(),
            );
            object.insert(
                "server_modified".into(),
                timestamp::format(*server_modified).into(),
            );
            object.insert("rev".into(), rev.clone().into());
            object.insert("size".into(), (*size).into());
            object.insert("is_downloadable".into(), true.into());
            object.insert("content_hash".into(), content_hash.clone().into());
        }
        NodeKind::Paper {
            rev,
            markdown,
            client_modified,
            server_modified,
            ..
        } => {
            object.insert(
                "client_modified".into(),
                timestamp::format(*client_modified).into(),
            );
            object.insert(
                "server_modified".into(),
                timestamp::format(*server_modified).into(),
            );
            object.insert("rev".into(), rev.clone().into());
            object.insert("size".into(), markdown.len().into());
            object.insert("is_downloadable".into(), false.into());
            object.insert(
                "export_info".into(),
                json!({ "export_as": "markdown", "export_options": PAPER_EXPORT_FORMATS }),
            );
        }
    }
    Value::Object(object)
}

/// `DeletedMetadata` (always tagged: it only appears where `Metadata` is declared).
pub(crate) fn deleted(tree_path: &str, scope: &Scope) -> Value {
    let path_display = scope.visible(tree_path);
    let name = path_display.rsplit('/').next().unwrap_or(path_display);
    json!({
        ".tag": "deleted",
        "name": name,
        "path_lower": lower(path_display),
        "path_display": path_display,
    })
}
