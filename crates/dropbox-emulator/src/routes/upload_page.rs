//! The public page behind a file request's `url`: anyone with the link uploads files into the
//! request's folder, as on dropbox.com (closed requests and missed deadlines refuse).

use std::sync::Arc;

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::content::{keep_blob, store_file};
use super::html::{escape, page};
use crate::shared::{AppState, UploaderNames};
use crate::store::{FileRequestRecord, lower};
use crate::wire::timestamp;

fn describe(record: &FileRequestRecord) -> String {
    let mut html = format!("<h1 id=\"title\">{}</h1>", escape(&record.title));
    if let Some(description) = &record.description {
        html.push_str(&format!(
            "<p id=\"description\">{}</p>",
            escape(description)
        ));
    }
    if let Some(deadline) = &record.deadline {
        let grace = match deadline.grace {
            Some(grace) => format!(
                " Late uploads accepted ({}).",
                grace.tag().replace('_', " ")
            ),
            None => String::new(),
        };
        html.push_str(&format!(
            "<p class=\"muted\" id=\"deadline\">Due {} (UTC).{grace}</p>",
            timestamp::format(deadline.at)
                .replace('T', " ")
                .trim_end_matches('Z')
        ));
    }
    html
}

fn not_found() -> Response {
    page(
        StatusCode::NOT_FOUND,
        "Not found",
        "<h1>This file request doesn't exist</h1><p>Check the link with the person who sent it.</p>",
    )
}

/// Why uploads are refused right now, if they are.
fn refusal(record: &FileRequestRecord, now: i64) -> Option<&'static str> {
    if !record.is_open {
        return Some("This file request is closed. It no longer accepts files.");
    }
    match &record.deadline {
        Some(deadline) if deadline.admits(now).is_none() => {
            Some("The deadline for this file request has passed. It no longer accepts files.")
        }
        _ => None,
    }
}

/// `GET /request/{id}`.
pub(crate) async fn show(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let owner = state.store.read(|data| data.user_with_request(&id));
    let Some(record) = owner.and_then(|owner| {
        state.store.read_as(owner, |data| {
            data.file_requests.iter().find(|r| r.id == id).cloned()
        })
    }) else {
        return not_found();
    };
    let mut body = describe(&record);
    match refusal(&record, state.now()) {
        Some(reason) => body.push_str(&format!("<p class=\"box\" id=\"closed\">{reason}</p>")),
        None => body.push_str(&format!(
            "<form method=\"post\" enctype=\"multipart/form-data\" action=\"/request/{id}\">\
             <label for=\"name\">Your name</label><input type=\"text\" id=\"name\" name=\"name\" required>\
             <label for=\"email\">Your email</label><input type=\"email\" id=\"email\" name=\"email\" required>\
             <label for=\"files\">Files</label><input type=\"file\" id=\"files\" name=\"files\" multiple required>\
             <p><button type=\"submit\" id=\"upload\">Upload</button></p></form>",
            id = escape(&record.id)
        )),
    }
    page(StatusCode::OK, &record.title, &body)
}

/// A file name as given by a browser, without any folder part; `None` if nothing is left.
fn clean_name(name: &str) -> Option<String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    (!base.is_empty() && base != "." && base != "..").then(|| base.to_owned())
}

/// The uploader's name as it can stand in a file name: one line, no path separators.
fn clean_uploader(name: &str) -> Option<String> {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    (!cleaned.is_empty()).then_some(cleaned)
}

/// The name a file is stored under: with the uploader's name before the extension
/// (`hw3.pdf` → `hw3 - Grace Hopper.pdf`), or as uploaded.
fn stored_name(name: &str, uploader: &str, naming: UploaderNames) -> String {
    match naming {
        UploaderNames::AsUploaded => name.to_owned(),
        UploaderNames::Appended => match name.rfind('.') {
            Some(dot) if dot > 0 => format!("{} - {uploader}{}", &name[..dot], &name[dot..]),
            _ => format!("{name} - {uploader}"),
        },
    }
}

/// `POST /request/{id}`: the uploader's form.
pub(crate) async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Response {
    let owner = state.store.read(|data| data.user_with_request(&id));
    let Some(record) = owner.and_then(|owner| {
        state.store.read_as(owner, |data| {
            data.file_requests.iter().find(|r| r.id == id).cloned()
        })
    }) else {
        return not_found();
    };
    let now = state.now();
    if let Some(reason) = refusal(&record, now) {
        return page(
            StatusCode::FORBIDDEN,
            &record.title,
            &format!(
                "{}<p class=\"box\" id=\"closed\">{reason}</p>",
                describe(&record)
            ),
        );
    }
    let mut files = Vec::new();
    let mut uploader = String::new();
    loop {
        match form.next_field().await {
            Ok(Some(field)) => {
                if field.name() == Some("name") {
                    match field.text().await {
                        Ok(text) => uploader = text,
                        Err(error) => return bad_form(&error.to_string()),
                    }
                    continue;
                }
                if field.name() != Some("files") {
                    continue;
                }
                let Some(name) = field.file_name().and_then(clean_name) else {
                    continue;
                };
                match field.bytes().await {
                    Ok(bytes) => files.push((name, bytes)),
                    Err(error) => return bad_form(&error.to_string()),
                }
            }
            Ok(None) => break,
            Err(error) => return bad_form(&error.to_string()),
        }
    }
    if files.is_empty() {
        return bad_form("Choose at least one file.");
    }
    let Some(uploader) = clean_uploader(&uploader) else {
        return bad_form("Enter your name.");
    };
    let naming = state.config.uploader_names;
    let files: Vec<_> = files
        .into_iter()
        .map(|(name, bytes)| (stored_name(&name, &uploader, naming), bytes))
        .collect();
    let mut kept = Vec::new();
    for (name, bytes) in files {
        let size = bytes.len() as u64;
        match keep_blob(&state, Arc::from(bytes.as_ref())) {
            Ok(hash) => kept.push((name, hash, size)),
            Err(message) => return bad_form(&message),
        }
    }
    // All or nothing, against the request as it is now (it may have closed while uploading).
    // The request's owner: the files go into their folder.
    let owner = owner.unwrap_or(0);
    let stored = state.store.write_as(owner, |data| {
        let current = data
            .file_requests
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .ok_or_else(|| "This file request no longer exists.".to_owned())?;
        if let Some(reason) = refusal(&current, now) {
            return Err(reason.to_owned());
        }
        let folder = data
            .files
            .get(&lower(&current.destination))
            .map_or_else(|| current.destination.clone(), |n| n.path_display.clone());
        if data.files.check_ancestors(&format!("{folder}/x")).is_err()
            || data
                .files
                .get(&lower(&folder))
                .is_some_and(|n| !n.is_folder())
        {
            return Err("The request's folder cannot take files right now.".to_owned());
        }
        let stored: Vec<String> = kept
            .into_iter()
            .map(|(name, hash, size)| {
                let path = format!("{folder}/{name}");
                store_file(data, &path, (hash, size), now, now)
                    .name()
                    .to_owned()
            })
            .collect();
        if let Some(request) = data.file_requests.iter_mut().find(|r| r.id == id) {
            request.file_count += stored.len() as i64;
        }
        Ok::<_, String>(stored)
    });
    match stored {
        Ok(names) => {
            let items: String = names
                .iter()
                .map(|n| format!("<li>{}</li>", escape(n)))
                .collect();
            page(
                StatusCode::OK,
                &record.title,
                &format!(
                    "{}<div class=\"box\"><p id=\"done\">Uploaded {} file(s):</p>\
                     <ul id=\"uploaded\">{items}</ul></div>",
                    describe(&record),
                    names.len()
                ),
            )
        }
        Err(message) => bad_form(&message),
    }
}

fn bad_form(message: &str) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Upload failed",
        &format!(
            "<h1>Upload failed</h1><p id=\"error\">{}</p>",
            escape(message)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::{UploaderNames, clean_name, clean_uploader, stored_name};

    #[test]
    fn the_uploader_name_goes_before_the_extension() {
        let appended = |name| stored_name(name, "Grace Hopper", UploaderNames::Appended);
        assert_eq!(appended("hw3.pdf"), "hw3 - Grace Hopper.pdf");
        assert_eq!(appended("notes.tar.gz"), "notes.tar - Grace Hopper.gz");
        assert_eq!(appended("README"), "README - Grace Hopper");
        assert_eq!(appended(".profile"), ".profile - Grace Hopper");
        assert_eq!(
            stored_name("hw3.pdf", "Grace Hopper", UploaderNames::AsUploaded),
            "hw3.pdf"
        );
        assert_eq!(
            clean_uploader(" Ada\n  /Lovelace ").as_deref(),
            Some("Ada Lovelace")
        );
        assert_eq!(clean_uploader(" \t "), None);
    }

    #[test]
    fn keeps_only_the_file_name_a_browser_sent() {
        assert_eq!(
            clean_name("C:\\Users\\ada\\hw1.pdf").as_deref(),
            Some("hw1.pdf")
        );
        assert_eq!(clean_name("../../etc/passwd").as_deref(), Some("passwd"));
        assert_eq!(clean_name("dir/"), None);
        assert_eq!(clean_name(".."), None);
    }
}
