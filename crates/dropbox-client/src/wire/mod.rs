//! The three request styles (RPC, upload, download) and the mapping of HTTP answers onto
//! `Error`.

mod header;

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{AuthError, Error};
use crate::hosts::Hosts;
use crate::path_root::PathRootError;
use crate::retry::{self, Replay};
use crate::secret::AccessToken;

/// Wait used when a 429 names no time at all.
const DEFAULT_RETRY_AFTER: Duration = Duration::from_secs(5);

/// Calls an RPC-style route on the api host: JSON argument in, JSON result out. Retried per
/// the client's policy; `replay` says whether the call may be repeated after a server error.
pub(crate) async fn rpc<A, R, E>(
    client: &Client,
    route: &str,
    arg: &A,
    replay: Replay,
) -> Result<R, Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    retry::run(
        client.retry_policy(),
        client.wait_observer(),
        route,
        replay,
        || client.authorized(|token| rpc_once(client, Some(token), Host::Api, route, arg)),
    )
    .await
}

/// One RPC call; `token` is `None` for the routes Dropbox serves without one.
async fn rpc_once<A, R, E>(
    client: &Client,
    token: Option<AccessToken>,
    host: Host,
    route: &str,
    arg: &A,
) -> Result<R, Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    let body = serde_json::to_vec(arg).map_err(|e| Error::Decode {
        message: format!("could not encode the argument of {route}: {e}"),
        raw: String::new(),
    })?;
    let url = Hosts::route_url(host.url(client.hosts()), route);
    tracing::debug!(route, "dropbox rpc");
    let mut request = client.http().post(url);
    if let Some(token) = token {
        request = client.signed(request, &token);
    }
    let response = request
        .header(CONTENT_TYPE, "application/json")
        .body(body)
        .send()
        .await
        .map_err(Error::Transport)?;
    json_answer(route, response).await
}

/// Which host a route lives on.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Host {
    Api,
    Content,
    Notify,
}

impl Host {
    fn url(self, hosts: &Hosts) -> &url::Url {
        match self {
            Host::Api => &hosts.api,
            Host::Content => &hosts.content,
            Host::Notify => &hosts.notify,
        }
    }
}

fn encode_header_arg<A: Serialize + ?Sized, E>(route: &str, arg: &A) -> Result<String, Error<E>> {
    header::encode(arg).map_err(|e| Error::Decode {
        message: format!("could not encode the argument of {route}: {e}"),
        raw: String::new(),
    })
}

/// Calls an RPC-style route that takes no Authorization header (`files/list_folder/longpoll`
/// on the notify host). Retried like a read.
pub(crate) async fn rpc_noauth<A, R, E>(
    client: &Client,
    host: Host,
    route: &str,
    arg: &A,
) -> Result<R, Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    retry::run(
        client.retry_policy(),
        client.wait_observer(),
        route,
        Replay::Safe,
        || rpc_once(client, None, host, route, arg),
    )
    .await
}

/// Calls an upload-style route: the argument in `Dropbox-API-Arg`, the bytes as the body, the
/// result as JSON. Uploads write, so only a 429 is retried.
pub(crate) async fn upload<A, R, E>(
    client: &Client,
    host: Host,
    route: &str,
    arg: &A,
    body: Vec<u8>,
) -> Result<R, Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    let body = bytes::Bytes::from(body);
    retry::run(
        client.retry_policy(),
        client.wait_observer(),
        route,
        Replay::RateLimitOnly,
        || client.authorized(|token| upload_once(client, token, host, route, arg, body.clone())),
    )
    .await
}

async fn upload_once<A, R, E>(
    client: &Client,
    token: AccessToken,
    host: Host,
    route: &str,
    arg: &A,
    body: bytes::Bytes,
) -> Result<R, Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    let url = Hosts::route_url(host.url(client.hosts()), route);
    tracing::debug!(route, bytes = body.len(), "dropbox upload");
    let response = client
        .signed(client.http().post(url), &token)
        .header("Dropbox-API-Arg", encode_header_arg(route, arg)?)
        // Dropbox wants this content type even for an empty body.
        .header(CONTENT_TYPE, "application/octet-stream")
        .body(body)
        .send()
        .await
        .map_err(Error::Transport)?;
    json_answer(route, response).await
}

/// Calls a download-style route on the content host: the argument in `Dropbox-API-Arg`, the
/// result in the `Dropbox-API-Result` header, the bytes as the body. Downloads read, so they
/// are retried after server errors too.
pub(crate) async fn download<A, R, E>(
    client: &Client,
    route: &str,
    arg: &A,
) -> Result<(R, Vec<u8>), Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    retry::run(
        client.retry_policy(),
        client.wait_observer(),
        route,
        Replay::Safe,
        || client.authorized(|token| download_once(client, token, route, arg)),
    )
    .await
}

async fn download_once<A, R, E>(
    client: &Client,
    token: AccessToken,
    route: &str,
    arg: &A,
) -> Result<(R, Vec<u8>), Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    // The body is read inside the retried attempt: a broken body is tried again.
    let (result, response) = download_start(client, token, route, arg, None).await?;
    let raw = response.bytes().await.map_err(Error::Transport)?;
    Ok((result, raw.to_vec()))
}

/// Sends a download-style call and checks its answer: the `Dropbox-API-Result` and the
/// response whose body is still to be read, or the error the status says. `timeout` replaces
/// the client's whole-request timeout.
async fn download_start<A, R, E>(
    client: &Client,
    token: AccessToken,
    route: &str,
    arg: &A,
    timeout: Option<Duration>,
) -> Result<(R, reqwest::Response), Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    let url = Hosts::route_url(&client.hosts().content, route);
    tracing::debug!(route, "dropbox download");
    let mut request = client
        .signed(client.http().post(url), &token)
        .header("Dropbox-API-Arg", encode_header_arg(route, arg)?);
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let response = request.send().await.map_err(Error::Transport)?;
    let status = response.status();
    let headers = response.headers().clone();
    if status != StatusCode::OK {
        let raw = response.bytes().await.map_err(Error::Transport)?;
        return Err(error_from_status(route, status, &headers, &raw));
    }
    Ok((api_result(route, &headers)?, response))
}

/// Longest a streamed download may take in all; stalls are the caller's to time out.
const STREAM_TIMEOUT: Duration = Duration::from_secs(24 * 3600);

/// Like `download`, but hands over the body as it arrives (for progress, cancel, and files
/// larger than memory). Retried until the headers arrive; a body that breaks is the caller's.
pub(crate) async fn download_stream<A, R, E>(
    client: &Client,
    route: &str,
    arg: &A,
) -> Result<(R, ByteStream), Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    retry::run(
        client.retry_policy(),
        client.wait_observer(),
        route,
        Replay::Safe,
        || client.authorized(|token| download_stream_once(client, token, route, arg)),
    )
    .await
}

async fn download_stream_once<A, R, E>(
    client: &Client,
    token: AccessToken,
    route: &str,
    arg: &A,
) -> Result<(R, ByteStream), Error<E>>
where
    A: Serialize + ?Sized,
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    let (result, response) =
        download_start(client, token, route, arg, Some(STREAM_TIMEOUT)).await?;
    Ok((result, ByteStream { response }))
}

fn api_result<R: DeserializeOwned, E>(route: &str, headers: &HeaderMap) -> Result<R, Error<E>> {
    let result = headers
        .get("dropbox-api-result")
        .ok_or_else(|| Error::Decode {
            message: format!("{route}: the answer has no Dropbox-API-Result header"),
            raw: String::new(),
        })?;
    serde_json::from_slice(result.as_bytes())
        .map_err(|e| decode_error(route, &e, result.as_bytes()))
}

/// The body of a streamed download.
#[derive(Debug)]
pub struct ByteStream {
    response: reqwest::Response,
}

impl ByteStream {
    /// The body's length, when the server says it (a zip may be sent without one).
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The next piece of the body, or `None` at its end.
    pub async fn next_chunk(&mut self) -> Result<Option<bytes::Bytes>, reqwest::Error> {
        self.response.chunk().await
    }
}

/// A JSON result (RPC and upload styles), or the error the status and body say.
async fn json_answer<R, E>(route: &str, response: reqwest::Response) -> Result<R, Error<E>>
where
    R: DeserializeOwned,
    E: DeserializeOwned,
{
    let status = response.status();
    let headers = response.headers().clone();
    let raw = response.bytes().await.map_err(Error::Transport)?;
    if status == StatusCode::OK {
        return serde_json::from_slice(&raw).map_err(|e| decode_error(route, &e, &raw));
    }
    Err(error_from_status(route, status, &headers, &raw))
}

/// The shape of Dropbox's JSON error bodies (`error_summary` is deliberately ignored).
#[derive(serde::Deserialize)]
struct ErrorBody<T> {
    error: T,
}

#[derive(serde::Deserialize)]
struct RateLimitBody {
    retry_after: Option<u64>,
}

#[derive(serde::Deserialize)]
struct TagOnly {
    #[serde(rename = ".tag")]
    tag: String,
}

fn error_from_status<E: DeserializeOwned>(
    route: &str,
    status: StatusCode,
    headers: &HeaderMap,
    raw: &[u8],
) -> Error<E> {
    match status.as_u16() {
        400 => Error::BadRequest(String::from_utf8_lossy(raw).into_owned()),
        401 => match serde_json::from_slice::<ErrorBody<AuthError>>(raw) {
            Ok(body) => Error::Auth(body.error),
            Err(e) => decode_error(route, &e, raw),
        },
        403 => match serde_json::from_slice::<ErrorBody<TagOnly>>(raw) {
            Ok(body) => Error::Access {
                tag: body.error.tag,
            },
            Err(e) => decode_error(route, &e, raw),
        },
        422 => match serde_json::from_slice::<ErrorBody<PathRootError>>(raw) {
            Ok(body) => Error::PathRoot(body.error),
            Err(e) => decode_error(route, &e, raw),
        },
        409 => match serde_json::from_slice::<ErrorBody<E>>(raw) {
            Ok(body) => Error::Route(body.error),
            Err(e) => decode_error(route, &e, raw),
        },
        429 => Error::RateLimited {
            retry_after: retry_after(headers, raw),
        },
        status => Error::Server {
            status,
            body: String::from_utf8_lossy(raw).into_owned(),
        },
    }
}

/// JSON `retry_after` first, then the `Retry-After` header, then a default.
fn retry_after(headers: &HeaderMap, raw: &[u8]) -> Duration {
    let from_body = serde_json::from_slice::<ErrorBody<RateLimitBody>>(raw)
        .ok()
        .and_then(|body| body.error.retry_after);
    let from_header = || {
        headers
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    from_body
        .or_else(from_header)
        .map_or(DEFAULT_RETRY_AFTER, Duration::from_secs)
}

fn decode_error<E>(route: &str, error: &serde_json::Error, raw: &[u8]) -> Error<E> {
    Error::Decode {
        message: format!("{route}: {error}"),
        raw: String::from_utf8_lossy(raw).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::VoidError;

    fn headers(retry_after: Option<&str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(RETRY_AFTER, value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn rate_limit_wait_prefers_the_json_body_then_the_header_then_a_default() {
        let body = br#"{"error_summary":"too_many_requests/..","error":{"reason":{".tag":"too_many_requests"},"retry_after":300}}"#;
        assert_eq!(
            retry_after(&headers(Some("12")), body),
            Duration::from_secs(300)
        );
        assert_eq!(
            retry_after(&headers(Some("12")), b"too many"),
            Duration::from_secs(12)
        );
        assert_eq!(retry_after(&headers(None), b""), DEFAULT_RETRY_AFTER);
    }

    #[test]
    fn missing_scope_keeps_the_scope_and_unknown_tags_are_other() {
        let err: Error<VoidError> = error_from_status(
            "r",
            StatusCode::UNAUTHORIZED,
            &headers(None),
            br#"{"error":{".tag":"missing_scope","required_scope":"files.content.write"}}"#,
        );
        assert!(matches!(
            err,
            Error::Auth(AuthError::MissingScope { ref required_scope }) if required_scope == "files.content.write"
        ));
        let err: Error<VoidError> = error_from_status(
            "r",
            StatusCode::UNAUTHORIZED,
            &headers(None),
            br#"{"error":{".tag":"some_new_reason"}}"#,
        );
        assert!(matches!(err, Error::Auth(AuthError::Other)));
    }

    #[test]
    fn a_truncated_error_body_is_a_decode_error_keeping_the_raw_text() {
        let err: Error<VoidError> = error_from_status(
            "r",
            StatusCode::UNAUTHORIZED,
            &headers(None),
            br#"{"error":{".ta"#,
        );
        match err {
            Error::Decode { raw, .. } => assert_eq!(raw, r#"{"error":{".ta"#),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn a_422_is_a_path_root_error() {
        let err: Error<VoidError> = error_from_status(
            "r",
            StatusCode::UNPROCESSABLE_ENTITY,
            &headers(None),
            br#"{"error_summary":"no_permission/","error":{".tag":"no_permission"}}"#,
        );
        assert!(
            matches!(err, Error::PathRoot(PathRootError::NoPermission)),
            "{err:?}"
        );
    }

    #[test]
    fn a_503_is_a_server_error_with_its_body() {
        let err: Error<VoidError> = error_from_status(
            "r",
            StatusCode::SERVICE_UNAVAILABLE,
            &headers(None),
            b"<html>down</html>",
        );
        assert!(matches!(err, Error::Server { status: 503, ref body } if body.contains("down")));
    }
}
