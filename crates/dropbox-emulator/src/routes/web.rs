//! `GET /home/{path}`: the page www.dropbox.com shows for a folder, where "open the folder on
//! Dropbox" leads. A stand-in for the website: the folder's name and its entries, by name. The
//! site asks its own sign-in (a browser cookie), so the page does not check an access token.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::html::{escape, page};
use crate::shared::AppState;
use crate::store::lower;

/// `/home`: the top of the Dropbox.
pub(crate) async fn top(State(state): State<AppState>) -> Response {
    folder_page(&state, "")
}

/// `/home/{path}`: a folder (the path is percent-decoded, as the site does).
pub(crate) async fn folder(State(state): State<AppState>, Path(path): Path<String>) -> Response {
    folder_page(&state, &format!("/{}", path.trim_end_matches('/')))
}

fn folder_page(state: &AppState, path: &str) -> Response {
    // The site as the browser's signed-in user sees it.
    let user = state.store.read(|data| data.browser_user);
    let found = state.store.read_as(user, |data| {
        let name = if path.is_empty() {
            "Dropbox".to_owned()
        } else {
            let node = data.files.get(&lower(path)).filter(|n| n.is_folder())?;
            node.name().to_owned()
        };
        let entries: Vec<(String, bool)> = data
            .files
            .under(&lower(path), false, None)
            .map(|n| (n.name().to_owned(), n.is_folder()))
            .collect();
        Some((name, entries))
    });
    let Some((name, entries)) = found else {
        return page(
            StatusCode::NOT_FOUND,
            "Not found",
            &format!(
                "<h1>This folder doesn't exist</h1><p class=\"muted\">{}</p>",
                escape(path)
            ),
        );
    };
    let items: String = entries
        .iter()
        .map(|(entry, is_folder)| {
            format!(
                "<li class=\"{}\">{}</li>",
                if *is_folder { "folder" } else { "file" },
                escape(entry)
            )
        })
        .collect();
    page(
        StatusCode::OK,
        &name,
        &format!(
            "<h1>{}</h1><p class=\"muted\">{}</p><ul id=\"entries\">{items}</ul>",
            escape(&name),
            escape(if path.is_empty() { "/" } else { path })
        ),
    )
}
