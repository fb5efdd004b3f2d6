//! Scripted faults: the next N calls to a route fail in a chosen way, so that clients' retry,
//! backoff and error handling are tested against the real thing.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::errors::ApiError;

/// What goes wrong.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum FaultKind {
    /// 429 with `retry_after` in the JSON body and the `Retry-After` header.
    RateLimit { retry_after_secs: u64 },
    /// 429 with only a `Retry-After` header and a text body.
    RateLimitHeaderOnly { retry_after_secs: u64 },
    /// A server error with this status (500, 503, ...).
    Status { status: u16 },
    /// The call succeeds, this much later.
    Latency { ms: u64 },
    /// The connection breaks after the headers, as a reset would. The route does not run.
    DropConnection,
    /// The route runs and its change is kept, then the connection breaks before the answer
    /// arrives: the client cannot tell whether Dropbox acted.
    LoseAnswer,
    /// HTTP 200 with this body as JSON: malformed or truncated answers from a proxy or a bug.
    Body { body: String },
}

/// A fault for the next `times` calls of `route` (`*` = any route); with `path`, only for
/// calls whose argument's `path` is that one (compared as Dropbox compares paths, ignoring
/// case), so that a test can fail one folder's listing while the app lists others.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Fault {
    pub(crate) route: String,
    pub(crate) times: u32,
    pub(crate) fault: FaultKind,
    #[serde(default)]
    pub(crate) path: Option<String>,
}

#[derive(Default)]
pub(crate) struct Faults {
    pending: Mutex<Vec<Fault>>,
}

impl Faults {
    pub(crate) fn add(&self, fault: Fault) {
        if fault.times > 0 {
            self.lock().push(fault);
        }
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Fault>> {
        self.pending.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether a fault for `route` waits on a call's `path`: only then is its argument read.
    pub(crate) fn wants_path(&self, route: &str) -> bool {
        self.lock()
            .iter()
            .any(|f| f.path.is_some() && (f.route == route || f.route == "*"))
    }

    /// The fault for this call (of `route`, with the argument's `path` when it has one), if
    /// one is scripted; uses it up.
    pub(crate) fn take(&self, route: &str, path: Option<&str>) -> Option<FaultKind> {
        let mut pending = self.lock();
        let index = pending.iter().position(|f| {
            (f.route == route || f.route == "*")
                && f.path.as_deref().is_none_or(|want| {
                    path.is_some_and(|path| path.to_lowercase() == want.to_lowercase())
                })
        })?;
        let fault = &mut pending[index];
        fault.times -= 1;
        let kind = fault.fault.clone();
        if fault.times == 0 {
            pending.remove(index);
        }
        Some(kind)
    }
}

impl FaultKind {
    /// The response for a faulted call. `Latency` is not a response of its own: the caller
    /// sleeps and carries on (see `delay`).
    pub(crate) fn response(&self) -> Option<Response> {
        match self {
            FaultKind::RateLimit { retry_after_secs } => Some(
                ApiError::RateLimited {
                    retry_after: Duration::from_secs(*retry_after_secs),
                }
                .into_response(),
            ),
            FaultKind::RateLimitHeaderOnly { retry_after_secs } => {
                let mut response =
                    (StatusCode::TOO_MANY_REQUESTS, "Too many requests").into_response();
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
                Some(response)
            }
            FaultKind::Status { status } => Some(
                ApiError::Server(
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                )
                .into_response(),
            ),
            FaultKind::Latency { .. } => None,
            FaultKind::Body { body } => {
                let mut response = (StatusCode::OK, body.clone()).into_response();
                response.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                Some(response)
            }
            FaultKind::DropConnection => Some(broken_response()),
            FaultKind::LoseAnswer => None,
        }
    }

    /// Whether the route runs first and only its answer is lost.
    pub(crate) fn after_route(&self) -> bool {
        matches!(self, FaultKind::LoseAnswer)
    }

    pub(crate) fn delay(&self) -> Option<Duration> {
        match self {
            FaultKind::Latency { ms } => Some(Duration::from_millis(*ms)),
            _ => None,
        }
    }
}

/// A response whose body fails after the headers: hyper aborts the connection.
pub(crate) fn broken_response() -> Response {
    let mut response = Response::new(Body::from_stream(futures_fail()));
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(1024));
    response
}

fn futures_fail() -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
    futures_util::stream::once(async {
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "fault injected: connection dropped",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_is_used_up_after_its_count_and_wildcards_match_any_route() {
        let faults = Faults::default();
        faults.add(Fault {
            route: "files/list_folder".into(),
            times: 2,
            fault: FaultKind::Status { status: 503 },
            path: None,
        });
        assert!(faults.take("users/get_current_account", None).is_none());
        assert!(faults.take("files/list_folder", Some("/a")).is_some());
        assert!(faults.take("files/list_folder", None).is_some());
        assert!(faults.take("files/list_folder", None).is_none());
        faults.add(Fault {
            route: "*".into(),
            times: 1,
            fault: FaultKind::Latency { ms: 5 },
            path: None,
        });
        assert_eq!(
            faults.take("anything", None).and_then(|f| f.delay()),
            Some(Duration::from_millis(5))
        );
    }

    #[test]
    fn a_fault_with_a_path_waits_for_a_call_on_that_path() {
        let faults = Faults::default();
        faults.add(Fault {
            route: "files/list_folder".into(),
            times: 1,
            fault: FaultKind::Status { status: 503 },
            path: Some("/Courses/CS101/Hw 1".into()),
        });
        assert!(faults.wants_path("files/list_folder"));
        assert!(!faults.wants_path("files/upload"));
        assert!(faults.take("files/list_folder", None).is_none());
        assert!(
            faults
                .take("files/list_folder", Some("/Courses/CS101/Hw 2"))
                .is_none()
        );
        assert!(
            faults
                .take("files/list_folder", Some("/courses/cs101/hw 1"))
                .is_some()
        );
        assert!(
            faults
                .take("files/list_folder", Some("/Courses/CS101/Hw 1"))
                .is_none()
        );
    }
}
