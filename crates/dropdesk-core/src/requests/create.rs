//! Creating a request, and never twice: when the answer is lost on the way back, Dropbox may
//! have made the request or not, so before the user is offered "Create" again, the list is
//! searched for the request that attempt made.

use dropbox_client::Client;
use dropbox_client::routes::file_requests;
use futures_util::TryStreamExt;
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use ts_rs::TS;

use super::form::ValidRequest;
use super::{PAGE, RequestForm, RequestView, refused};
use crate::account::Plan;
use crate::error::{CoreError, may_have_acted};

/// How far back a request made by the lost attempt is looked for: Dropbox's clock and this
/// computer's may differ, and an attempt may have waited before it was sent.
const CLOCK_SLACK: SignedDuration = SignedDuration::from_mins(10);

/// What `create` did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Created {
    pub request: RequestView,
    /// Dropbox's answer was lost (or an earlier attempt's was), and this is the request
    /// Dropbox had made: nothing was created twice.
    pub found_after_lost_answer: bool,
}

/// Creates the request in `form`. `earlier` is when an earlier attempt of the same form was
/// sent whose outcome is unknown: the request it may have made is looked for first.
pub async fn create(
    client: &Client,
    form: &RequestForm,
    plan: Plan,
    now: Timestamp,
    earlier: Option<Timestamp>,
) -> Result<Created, CoreError> {
    let valid = form.validate(plan, now)?;
    if let Some(since) = earlier
        && let Some(request) = made_since(client, &valid, since)
            .await
            .map_err(|_| unknown())?
    {
        return Ok(found(request));
    }
    match file_requests::create(client, &valid.create_args()).await {
        Ok(created) => Ok(Created {
            request: created.into(),
            found_after_lost_answer: false,
        }),
        // No answer, or a server failure: Dropbox may have acted. Look before saying no.
        Err(error) if may_have_acted(&error) => {
            tracing::info!("the answer to a create was lost; looking for the request");
            match made_since(client, &valid, earlier.unwrap_or(now)).await {
                Ok(Some(request)) => Ok(found(request)),
                Ok(None) => Err(CoreError::Offline(
                    "Dropbox's answer was lost, and Dropdesk found no request made by that \
                     attempt, so it was not created. Press Create to try again; Dropdesk looks \
                     again first."
                        .into(),
                )),
                Err(_) => Err(unknown()),
            }
        }
        Err(other) => Err(refused(other)),
    }
}

fn found(request: RequestView) -> Created {
    tracing::info!("the lost create had made the request");
    Created {
        request,
        found_after_lost_answer: true,
    }
}

fn unknown() -> CoreError {
    CoreError::OutcomeUnknown(
        "Can't reach Dropbox, so Dropdesk can't tell whether the request was created. Press \
         Create again once you are back online: Dropdesk checks first, so it never makes two."
            .into(),
    )
}

/// A request with this title, folder and deadline created since `since` (Dropbox's clock
/// allowing).
async fn made_since(
    client: &Client,
    valid: &ValidRequest,
    since: Timestamp,
) -> Result<Option<RequestView>, CoreError> {
    let from = since - CLOCK_SLACK;
    let requests: Vec<RequestView> = file_requests::list_all(client, PAGE)
        .map_ok(RequestView::from)
        .try_collect()
        .await
        .map_err(refused)?;
    Ok(requests
        .into_iter()
        .filter(|r| {
            r.title == valid.title
                && r.deadline == valid.deadline.as_ref().map(|d| d.deadline.clone())
                && r.destination
                    .as_deref()
                    .is_some_and(|d| d.to_lowercase() == valid.destination.to_lowercase())
                && r.created.parse::<Timestamp>().is_ok_and(|at| at >= from)
        })
        .max_by(|a, b| a.created.cmp(&b.created)))
}
