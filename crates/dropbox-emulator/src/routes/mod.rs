//! HTTP routes on one port: Dropbox's API under `/2/`, OAuth under `/oauth2/`, the pages and
//! links Dropbox serves to browsers, and the emulator's control API under `/__emulator/`.

mod auth;
mod call;
mod content;
mod control;
mod file_requests;
mod files;
mod html;
mod listing;
mod oauth;
mod paper;
mod paths;
mod sharing;
mod upload_page;
mod users;
mod web;

use axum::Router;
use axum::extract::{DefaultBodyLimit, OriginalUri};
use axum::routing::{delete, get, post};

use crate::errors::ApiError;
use crate::shared::AppState;

pub(crate) fn router(state: AppState) -> Router {
    let uploads = Router::new()
        .route("/2/files/upload", post(content::upload))
        .route(
            "/request/{id}",
            get(upload_page::show).post(upload_page::submit),
        )
        .layer(DefaultBodyLimit::max(content::MAX_UPLOAD_BYTES));
    Router::new()
        // users, auth
        .route(
            "/2/users/get_current_account",
            post(users::get_current_account),
        )
        .route(
            "/2/users/features/get_values",
            post(users::features_get_values),
        )
        .route("/2/auth/token/revoke", post(auth::revoke))
        // file requests
        .route("/2/file_requests/create", post(file_requests::create))
        .route("/2/file_requests/get", post(file_requests::get))
        .route("/2/file_requests/list", post(file_requests::list_v1))
        .route("/2/file_requests/list_v2", post(file_requests::list_v2))
        .route(
            "/2/file_requests/list/continue",
            post(file_requests::list_continue),
        )
        .route("/2/file_requests/update", post(file_requests::update))
        .route("/2/file_requests/delete", post(file_requests::delete))
        .route(
            "/2/file_requests/delete_all_closed",
            post(file_requests::delete_all_closed),
        )
        .route("/2/file_requests/count", post(file_requests::count))
        // files
        .route("/2/files/list_folder", post(listing::list_folder))
        .route(
            "/2/files/list_folder/continue",
            post(listing::list_folder_continue),
        )
        .route(
            "/2/files/list_folder/get_latest_cursor",
            post(listing::get_latest_cursor),
        )
        .route("/2/files/list_folder/longpoll", post(listing::longpoll))
        .route("/2/files/get_metadata", post(files::get_metadata))
        .route("/2/files/create_folder_v2", post(files::create_folder_v2))
        .route("/2/files/delete_v2", post(files::delete_v2))
        .route(
            "/2/files/download",
            post(content::download).get(content::download),
        )
        .route(
            "/2/files/download_zip",
            post(content::download_zip).get(content::download_zip),
        )
        .route(
            "/2/files/get_temporary_link",
            post(content::get_temporary_link),
        )
        .route("/2/files/export", post(paper::export).get(paper::export))
        .route("/2/files/paper/create", post(paper::create))
        .route("/2/files/paper/update", post(paper::update))
        // sharing
        .route(
            "/2/sharing/create_shared_link_with_settings",
            post(sharing::create_shared_link_with_settings),
        )
        .route(
            "/2/sharing/list_shared_links",
            post(sharing::list_shared_links),
        )
        // OAuth
        .route(
            "/oauth2/authorize",
            get(oauth::authorize).post(oauth::decide),
        )
        .route("/oauth2/token", post(oauth::token))
        // what browsers fetch
        .route(
            "/temporary/{key}/{name}",
            get(content::serve_temporary_link),
        )
        .route("/s/{key}/{name}", get(content::serve_shared_link))
        .route("/home", get(web::top))
        .route("/home/{*path}", get(web::folder))
        // control API
        .route("/__emulator/v1/health", get(control::health))
        .route("/__emulator/v1/tokens", post(control::issue_token))
        .route("/__emulator/v1/clock/advance", post(control::advance_clock))
        .route("/__emulator/v1/faults", post(control::add_fault))
        .route("/__emulator/v1/faults", delete(control::clear_faults))
        .route("/__emulator/v1/stats", get(control::stats))
        .route("/__emulator/v1/state", get(control::summary))
        .route("/__emulator/v1/reset", post(control::reset))
        .route("/__emulator/v1/unlink", post(control::unlink))
        .route("/__emulator/v1/users", post(control::add_user))
        .route("/__emulator/v1/tokens", get(control::tokens))
        .route("/__emulator/v1/browser", post(control::set_browser_user))
        .route(
            "/__emulator/v1/team_space/move",
            post(control::move_team_space),
        )
        .route("/__emulator/v1/paper/edit", post(control::edit_paper))
        .merge(uploads)
        .fallback(unknown_route)
        .with_state(state)
}

async fn unknown_route(OriginalUri(uri): OriginalUri) -> ApiError {
    let path = uri.path();
    ApiError::UnknownRoute(path.strip_prefix("/2/").unwrap_or(path).to_owned())
}
