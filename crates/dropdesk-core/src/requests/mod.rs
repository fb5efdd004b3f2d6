//! File requests: list, create, edit, close, reopen and delete, with every Dropbox refusal
//! turned into words that name the field or the fix.

pub mod arrivals;
pub mod course_wide;
mod create;
pub mod deadline;
pub mod form;
pub mod submissions;
pub mod view;

use dropbox_client::routes::file_requests;
use dropbox_client::types::file_requests::{FileRequestError, UpdateFileRequestArgs};
use dropbox_client::{Client, Error};
use futures_util::TryStreamExt;
use jiff::Timestamp;

pub use create::{Created, create};
pub use form::RequestForm;
pub use view::{Grace, RequestList, RequestView};

use crate::account::Plan;
use crate::error::CoreError;

/// Requests a page, as many as Dropbox gives at once.
const PAGE: u64 = 1_000;

/// Every request (all pages), newest first, with Dropbox's count.
pub async fn list(client: &Client) -> Result<RequestList, CoreError> {
    let mut requests = Vec::new();
    let total = list_pages(client, |page| requests.extend(page)).await?;
    requests.sort_by(|a, b| b.created.cmp(&a.created));
    Ok(RequestList { total, requests })
}

/// Every request, handed to `on_page` a page at a time as Dropbox sends them (in Dropbox's
/// order), so that the first rows show after one round trip; answers Dropbox's count (what
/// counts against its 4,000), asked beside the first page.
pub async fn list_pages(
    client: &Client,
    mut on_page: impl FnMut(Vec<RequestView>),
) -> Result<u64, CoreError> {
    let listing = file_requests::list_pages(client, PAGE).try_for_each(|page| {
        on_page(page.into_iter().map(RequestView::from).collect());
        futures_util::future::ready(Ok(()))
    });
    let (listed, count) = tokio::join!(listing, file_requests::count(client));
    listed.map_err(refused)?;
    Ok(count.map_err(refused)?.file_request_count)
}

/// `form` with its destination placed in the account's namespace (see
/// [`Space::place`](crate::space::Space::place)). A folder that would land in a team member's
/// own folder although its first part reads like a team folder is refused with the path it
/// would get, so the user chooses before anything is made.
async fn placed(
    client: &Client,
    space: &crate::space::Space,
    form: &RequestForm,
    plan: Plan,
    now: Timestamp,
) -> Result<RequestForm, CoreError> {
    let valid = form.validate(plan, now)?;
    let placed = space.place(client, &valid.destination).await?;
    if placed.in_own_folder {
        let top = valid.destination.trim_start_matches('/');
        return Err(CoreError::NotInTeamSpace {
            top: top.split('/').next().unwrap_or(top).to_owned(),
            placed: placed.path,
        });
    }
    Ok(RequestForm {
        destination: placed.path,
        ..form.clone()
    })
}

/// [`create`], with the destination placed in the account's namespace first.
pub async fn create_in(
    client: &Client,
    space: &crate::space::Space,
    form: &RequestForm,
    plan: Plan,
    now: Timestamp,
    earlier: Option<Timestamp>,
) -> Result<Created, CoreError> {
    let form = placed(client, space, form, plan, now).await?;
    create(client, &form, plan, now, earlier).await
}

/// [`update`], with the destination placed in the account's namespace first.
pub async fn update_in(
    client: &Client,
    space: &crate::space::Space,
    id: &str,
    form: &RequestForm,
    plan: Plan,
    now: Timestamp,
) -> Result<RequestView, CoreError> {
    let form = placed(client, space, form, plan, now).await?;
    update(client, id, &form, plan, now).await
}

pub async fn update(
    client: &Client,
    id: &str,
    form: &RequestForm,
    plan: Plan,
    now: Timestamp,
) -> Result<RequestView, CoreError> {
    let valid = form.validate(plan, now)?;
    let updated = file_requests::update(client, &valid.update_args(id))
        .await
        .map_err(refused)?;
    Ok(updated.into())
}

/// Closes (no more uploads) or reopens a request.
pub async fn set_open(client: &Client, id: &str, open: bool) -> Result<RequestView, CoreError> {
    let args = UpdateFileRequestArgs {
        id: id.to_owned(),
        open: Some(open),
        ..UpdateFileRequestArgs::default()
    };
    let updated = file_requests::update(client, &args)
        .await
        .map_err(refused)?;
    Ok(updated.into())
}

/// Deletes one closed request (its files stay in the folder).
pub async fn delete(client: &Client, id: &str) -> Result<(), CoreError> {
    file_requests::delete(client, &[id.to_owned()])
        .await
        .map_err(refused)?;
    Ok(())
}

/// Deletes every closed request; returns how many went.
pub async fn delete_all_closed(client: &Client) -> Result<usize, CoreError> {
    let deleted = file_requests::delete_all_closed(client)
        .await
        .map_err(refused)?;
    Ok(deleted.file_requests.len())
}

/// Dropbox's refusals in the user's words, on the field they are about.
pub(crate) fn refused(error: Error<FileRequestError>) -> CoreError {
    let field = |field: &'static str, message: &str| CoreError::InvalidInput {
        field,
        message: message.into(),
    };
    let Error::Route(error) = error else {
        return error.into();
    };
    match error {
        FileRequestError::NotAFolder => {
            field("destination", "That path is a file. Choose a folder.")
        }
        FileRequestError::NoWritePermission | FileRequestError::NoPermission => field(
            "destination",
            "Folder: you can't add files to that folder. Choose one you own or can edit.",
        ),
        FileRequestError::InvalidLocation => field(
            "destination",
            "Folder: Dropbox doesn't allow file requests into that folder. Choose another.",
        ),
        FileRequestError::ValidationError => field(
            "title",
            "Dropbox refused the title or the folder name. Remove unusual characters and try \
             again.",
        ),
        FileRequestError::FileRequestOpen => {
            field("request", "Close the request first, then delete it.")
        }
        FileRequestError::RateLimit => field(
            "request",
            "Dropbox allows 4,000 file requests per account. Delete closed ones to make room.",
        ),
        FileRequestError::EmailUnverified => CoreError::Dropbox(
            "Verify your email address with Dropbox first (see the email Dropbox sent you), \
             then try again."
                .into(),
        ),
        FileRequestError::NotFound => CoreError::Dropbox(
            "That request no longer exists; it may have been deleted elsewhere.".into(),
        ),
        FileRequestError::DisabledForTeam => {
            CoreError::Dropbox("Your team's admin has turned file requests off.".into())
        }
        FileRequestError::AppLacksAccess => {
            CoreError::Dropbox("This Dropbox app can't reach that request's folder.".into())
        }
        FileRequestError::InvalidCursor => {
            CoreError::Dropbox("The list of requests changed while it was read. Reload it.".into())
        }
        FileRequestError::Other => {
            tracing::info!(refusal = ?error, "Dropbox refused a file request call");
            CoreError::Dropbox(
                "Dropbox refused this for a reason Dropdesk does not know yet. Reload and try \
                 again; the log has the details."
                    .into(),
            )
        }
    }
}
