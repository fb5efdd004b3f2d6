//! `file_requests.FileRequest`, rendered from a record.

use serde_json::{Map, Value, json};

use crate::scope::Scope;
use crate::store::{FileRequestRecord, Tree, lower};
use crate::wire::timestamp;

/// The public upload page of a request, on this emulator.
pub(crate) fn url(base_url: &str, id: &str) -> String {
    format!("{base_url}/request/{id}")
}

pub(crate) fn render(
    record: &FileRequestRecord,
    tree: &Tree,
    base_url: &str,
    scope: &Scope,
) -> Value {
    let mut object = Map::new();
    object.insert("id".into(), record.id.clone().into());
    object.insert("url".into(), url(base_url, &record.id).into());
    object.insert("title".into(), record.title.clone().into());
    // The destination is null once its folder is gone, as on Dropbox.
    if let Some(folder) = tree.get(&lower(&record.destination))
        && folder.is_folder()
    {
        object.insert(
            "destination".into(),
            scope.visible(&folder.path_display).into(),
        );
    }
    object.insert("created".into(), timestamp::format(record.created).into());
    if let Some(deadline) = &record.deadline {
        let mut value = json!({ "deadline": timestamp::format(deadline.at) });
        if let Some(grace) = deadline.grace {
            value["allow_late_uploads"] = json!({ ".tag": grace.tag() });
        }
        object.insert("deadline".into(), value);
    }
    object.insert("is_open".into(), record.is_open.into());
    object.insert("file_count".into(), record.file_count.into());
    if let Some(description) = &record.description {
        object.insert("description".into(), description.clone().into());
    }
    Value::Object(object)
}
