//! `sharing.SharedLinkMetadata`, rendered from a link and the node it points at.

use serde_json::{Value, json};

use crate::scope::Scope;
use crate::store::{Node, NodeKind, SharedLinkRecord, lower};
use crate::wire::timestamp;

pub(crate) fn url(base_url: &str, key: &str, name: &str) -> String {
    let name: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    format!("{base_url}/s/{key}/{name}")
}

pub(crate) fn render(node: &Node, link: &SharedLinkRecord, base_url: &str, scope: &Scope) -> Value {
    let key = link.key.as_str();
    let mut value = json!({
        ".tag": if node.is_folder() { "folder" } else { "file" },
        "url": url(base_url, key, node.name()),
        "id": node.id,
        "name": node.name(),
        "path_lower": lower(scope.visible(&node.path_display)),
        "link_permissions": {
            "resolved_visibility": { ".tag": "public" },
            "can_revoke": true,
            "visibility_policies": [],
            "can_set_expiry": false,
            "can_remove_expiry": false,
            "allow_download": true,
            "can_allow_download": true,
            "can_disallow_download": false,
            "allow_comments": true,
            "team_restricts_comments": false,
            "link_access_level": { ".tag": "viewer" },
            "effective_audience": { ".tag": "public" }
        },
    });
    let file_fields = match &node.kind {
        NodeKind::Folder => None,
        NodeKind::File {
            rev,
            size,
            client_modified,
            server_modified,
            ..
        } => Some((rev, *size, *client_modified, *server_modified)),
        NodeKind::Paper {
            rev,
            markdown,
            client_modified,
            server_modified,
            ..
        } => Some((
            rev,
            markdown.len() as u64,
            *client_modified,
            *server_modified,
        )),
    };
    if let Some(expires) = link.expires {
        value["expires"] = timestamp::format(expires).into();
    }
    if let Some((rev, size, client_modified, server_modified)) = file_fields {
        value["client_modified"] = timestamp::format(client_modified).into();
        value["server_modified"] = timestamp::format(server_modified).into();
        value["rev"] = rev.clone().into();
        value["size"] = size.into();
    }
    value
}
