//! Paper docs as files: `files/paper/create`, `files/paper/update` (upload style, api host) and
//! `files/export` (download style).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::Call;
use super::content::download_response;
use super::paths::{self, Pattern, Target};
use crate::errors::ApiError;
use crate::model::files::{PAPER_EXPORT_FORMATS, metadata};
use crate::shared::{AppState, json_ok};
use crate::store::{NodeKind, lower};
use crate::wire::content_hash::content_hash;
use crate::wire::{args, union};

/// The longest doc the emulator accepts (`doc_length_exceeded` beyond).
const MAX_DOC_BYTES: usize = 1024 * 1024;

const IMPORT_FORMATS: [&str; 3] = ["html", "markdown", "plain_text"];
const UPDATE_POLICIES: [&str; 4] = ["update", "overwrite", "prepend", "append"];

fn doc_url(base_url: &str, file_id: &str) -> String {
    format!("{base_url}/doc/{}", file_id.trim_start_matches("id:"))
}

/// The doc's text from the request body; `content_malformed` if it is not UTF-8.
fn content(body: &Bytes) -> Result<String, ApiError> {
    if body.len() > MAX_DOC_BYTES {
        return Err(ApiError::tag("doc_length_exceeded"));
    }
    String::from_utf8(body.to_vec()).map_err(|_| ApiError::tag("content_malformed"))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaperCreateArg {
    path: String,
    import_format: Value,
}

pub(crate) async fn create(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let arg: PaperCreateArg = args::header(route, &headers, query.as_deref())?;
    args::check_upload_content_type(route, &headers)?;
    union::void_tag(&arg.import_format, &IMPORT_FORMATS)
        .map_err(|e| ApiError::bad_input(route, format!("Dropbox-API-Arg: import_format: {e}")))?;
    let text = content(&body)?;
    let now = state.now();
    let result = state.store.write_as(caller.user, |data| {
        let target = paths::parse(route, "path", &arg.path, Pattern::Path, &caller.scope)
            .map_err(|e| e.into_route_error(|_| ApiError::tag("invalid_path")))?;
        let Target::Path(path) = target else {
            return Err(ApiError::tag("invalid_path"));
        };
        if !lower(&path).ends_with(".paper") {
            return Err(ApiError::tag("invalid_file_extension"));
        }
        if data.files.check_ancestors(&path).is_err() {
            return Err(ApiError::tag("invalid_path"));
        }
        // Dropbox renames on collision and says where the doc went in `result_path`.
        let path = data.files.free_path(&path);
        let kind = NodeKind::Paper {
            rev: data.ids.rev(),
            revision: 1,
            markdown: text,
            client_modified: now,
            server_modified: now,
        };
        let node = data.files.put(&path, kind, &mut data.ids);
        Ok(json!({
            "url": doc_url(&state.base_url, &node.id),
            "result_path": caller.scope.visible(&node.path_display),
            "file_id": node.id,
            "paper_revision": 1,
        }))
    })?;
    Ok(json_ok(&result))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PaperUpdateArg {
    path: String,
    import_format: Value,
    doc_update_policy: Value,
    #[serde(default)]
    paper_revision: Option<i64>,
}

pub(crate) async fn update(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let arg: PaperUpdateArg = args::header(route, &headers, query.as_deref())?;
    args::check_upload_content_type(route, &headers)?;
    union::void_tag(&arg.import_format, &IMPORT_FORMATS)
        .map_err(|e| ApiError::bad_input(route, format!("Dropbox-API-Arg: import_format: {e}")))?;
    let policy = union::void_tag(&arg.doc_update_policy, &UPDATE_POLICIES).map_err(|e| {
        ApiError::bad_input(route, format!("Dropbox-API-Arg: doc_update_policy: {e}"))
    })?;
    if policy == "update" && arg.paper_revision.is_none() {
        return Err(ApiError::bad_input(
            route,
            "Dropbox-API-Arg: paper_revision is required with the \"update\" policy",
        ));
    }
    let text = content(&body)?;
    let now = state.now();
    let wrap = |lookup: Value| ApiError::nested("path", lookup);
    let revision = state.store.write_as(caller.user, |data| {
        let target = paths::parse(
            route,
            "path",
            &arg.path,
            Pattern::Write { or_id: true },
            &caller.scope,
        )
        .map_err(|e| e.into_route_error(wrap))?;
        let key = match paths::lookup(data, &target) {
            Some(Some(node)) => lower(&node.path_display),
            _ => {
                // A doc that existed here and was removed is `doc_deleted`.
                if let Target::Path(path) = &target
                    && data.files.was_removed(&lower(path))
                {
                    return Err(ApiError::tag("doc_deleted"));
                }
                return Err(wrap(paths::not_found()));
            }
        };
        let Some(node) = data.files.get(&key) else {
            return Err(wrap(paths::not_found()));
        };
        let current = match &node.kind {
            NodeKind::Paper {
                revision, markdown, ..
            } => (*revision, markdown.clone()),
            _ => return Err(wrap(paths::not_file())),
        };
        if policy == "update" && arg.paper_revision != Some(current.0) {
            return Err(ApiError::tag("revision_mismatch"));
        }
        let updated = match policy {
            "append" => format!("{}{text}", current.1),
            "prepend" => format!("{text}{}", current.1),
            _ => text,
        };
        if updated.len() > MAX_DOC_BYTES {
            return Err(ApiError::tag("doc_length_exceeded"));
        }
        // Every check passed: only now does anything change.
        let rev = data.ids.rev();
        let Some(node) = data.files.get_mut(&key) else {
            return Err(wrap(paths::not_found()));
        };
        let NodeKind::Paper {
            rev: node_rev,
            revision,
            markdown,
            server_modified,
            ..
        } = &mut node.kind
        else {
            return Err(wrap(paths::not_file()));
        };
        *markdown = updated;
        *revision += 1;
        *node_rev = rev;
        *server_modified = now;
        let new_revision = *revision;
        data.files.touch(&key);
        Ok(new_revision)
    })?;
    Ok(json_ok(&json!({ "paper_revision": revision })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportArg {
    path: String,
    #[serde(default)]
    export_format: Option<String>,
}

pub(crate) async fn export(
    State(state): State<AppState>,
    Call { route, caller }: Call,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let arg: ExportArg = args::header(route, &headers, query.as_deref())?;
    let wrap = |lookup: Value| ApiError::nested("path", lookup);
    let (node, markdown, revision) = state.store.read_as(caller.user, |data| {
        let target = paths::parse(route, "path", &arg.path, Pattern::Read, &caller.scope)
            .map_err(|e| e.into_route_error(wrap))?;
        match paths::lookup(data, &target) {
            Some(Some(node)) => match &node.kind {
                NodeKind::Paper {
                    markdown, revision, ..
                } => Ok((node.clone(), markdown.clone(), *revision)),
                NodeKind::File { .. } => Err(ApiError::tag("non_exportable")),
                NodeKind::Folder => Err(wrap(paths::not_file())),
            },
            Some(None) => Err(wrap(paths::not_file())),
            None => Err(wrap(paths::not_found())),
        }
    })?;
    let format = arg.export_format.as_deref().unwrap_or("markdown");
    if !PAPER_EXPORT_FORMATS.contains(&format) {
        return Err(ApiError::tag("invalid_export_format"));
    }
    let bytes = render(&markdown, format).into_bytes();
    let stem = node.name().trim_end_matches(".paper");
    let extension = match format {
        "html" => "html",
        "plain_text" => "txt",
        _ => "md",
    };
    let result = json!({
        "export_metadata": {
            "name": format!("{stem}.{extension}"),
            "size": bytes.len(),
            "export_hash": content_hash(&bytes),
            "paper_revision": revision,
        },
        "file_metadata": metadata(&node, false, &caller.scope),
    });
    Ok(download_response(&result, bytes))
}

/// The doc in an export format: Markdown as stored, HTML rendered from it, or its plain text.
fn render(markdown: &str, format: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, html};
    let parser = || Parser::new_ext(markdown, Options::all());
    match format {
        "html" => {
            let mut out = String::new();
            html::push_html(&mut out, parser());
            out
        }
        "plain_text" => {
            let mut out = String::new();
            for event in parser() {
                match event {
                    Event::Text(text) | Event::Code(text) => out.push_str(&text),
                    Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with('\n') => {
                        out.push('\n');
                    }
                    _ => {}
                }
            }
            out
        }
        _ => markdown.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn exports_markdown_as_stored_html_rendered_and_plain_text_stripped() {
        let md = "# Lecture 3\n\n- **pointers**\n";
        assert_eq!(render(md, "markdown"), md);
        assert!(render(md, "html").contains("<h1>Lecture 3</h1>"));
        let plain = render(md, "plain_text");
        assert!(plain.contains("Lecture 3") && plain.contains("pointers"));
        assert!(!plain.contains('#') && !plain.contains("**"));
    }
}
