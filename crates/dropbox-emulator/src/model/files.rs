//! `files.Metadata` and friends, rendered from the tree.

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value, json};

use crate::scope::Scope;
use crate::store::{Node, NodeKind, lower};
use crate::wire::timestamp;

/// Export formats a Paper doc offers (`ExportInfo.export_options`).
pub(crate) const PAPER_EXPORT_FORMATS: [&str; 3] = ["markdown", "html", "plain_text"];

/// `FileMetadata` / `FolderMetadata` for a node. With `tagged`, the object carries `.tag`, as
/// where the declared type is the base `Metadata`.
pub(crate) fn metadata(node: &Node, tagged: bool, scope: &Scope) -> Value {
    serde_json::to_value(MetadataView {
        node,
        tagged,
        scope,
    })
    .unwrap_or(Value::Null)
}

/// A node's metadata written straight to the response: listings of thousands of entries
/// skip building a `Value` per entry.
pub(crate) struct MetadataView<'a> {
    pub(crate) node: &'a Node,
    pub(crate) tagged: bool,
    pub(crate) scope: &'a Scope,
}

impl Serialize for MetadataView<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let node = self.node;
        let path_display = self.scope.visible(&node.path_display);
        let mut object = serializer.serialize_map(None)?;
        if self.tagged {
            let tag = if node.is_folder() { "folder" } else { "file" };
            object.serialize_entry(".tag", tag)?;
        }
        object.serialize_entry("name", node.name())?;
        object.serialize_entry("path_lower", &lower(path_display))?;
        object.serialize_entry("path_display", path_display)?;
        object.serialize_entry("id", &node.id)?;
        match &node.kind {
            NodeKind::Folder => {}
            NodeKind::File {
                rev,
                size,
                content_hash,
                client_modified,
                server_modified,
            } => {
                object.serialize_entry("client_modified", &timestamp::format(*client_modified))?;
                object.serialize_entry("server_modified", &timestamp::format(*server_modified))?;
                object.serialize_entry("rev", rev)?;
                object.serialize_entry("size", size)?;
                object.serialize_entry("is_downloadable", &true)?;
                object.serialize_entry("content_hash", content_hash)?;
            }
            NodeKind::Paper {
                rev,
                markdown,
                client_modified,
                server_modified,
                ..
            } => {
                object.serialize_entry("client_modified", &timestamp::format(*client_modified))?;
                object.serialize_entry("server_modified", &timestamp::format(*server_modified))?;
                object.serialize_entry("rev", rev)?;
                object.serialize_entry("size", &markdown.len())?;
                object.serialize_entry("is_downloadable", &false)?;
                object.serialize_entry(
                    "export_info",
                    &json!({ "export_as": "markdown", "export_options": PAPER_EXPORT_FORMATS }),
                )?;
            }
        }
        object.end()
    }
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
