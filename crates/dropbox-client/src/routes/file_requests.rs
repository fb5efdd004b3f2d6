//! `file_requests/*`. Creates and deletes are never replayed after a server error.

use futures_util::{Stream, StreamExt};

use crate::client::Client;
use crate::error::Error;
use crate::paging;
use crate::retry::Replay;
use crate::types::file_requests::{
    CountFileRequestsResult, CreateFileRequestArgs, DeletedFileRequests, FileRequest,
    FileRequestError, ListFileRequestsV2Result, UpdateFileRequestArgs,
};
use crate::wire::rpc;

pub async fn create(
    client: &Client,
    arg: &CreateFileRequestArgs,
) -> Result<FileRequest, Error<FileRequestError>> {
    rpc(client, "file_requests/create", arg, Replay::RateLimitOnly).await
}

/// Creates many requests, at most `concurrency` in flight (at least one), answering in the
/// order of `args`. Each create is sent once (a 429 waits and resends, nothing else does), so a
/// failed create never turns into two requests.
pub async fn create_many(
    client: &Client,
    args: &[CreateFileRequestArgs],
    concurrency: usize,
) -> Vec<Result<FileRequest, Error<FileRequestError>>> {
    futures_util::stream::iter(args.iter().map(|arg| create(client, arg)))
        .buffered(concurrency.max(1))
        .collect()
        .await
}

pub async fn get(client: &Client, id: &str) -> Result<FileRequest, Error<FileRequestError>> {
    rpc(
        client,
        "file_requests/get",
        &serde_json::json!({ "id": id }),
        Replay::Safe,
    )
    .await
}

/// `file_requests/list_v2`: the first page.
pub async fn list_v2(
    client: &Client,
    limit: u64,
) -> Result<ListFileRequestsV2Result, Error<FileRequestError>> {
    rpc(
        client,
        "file_requests/list_v2",
        &serde_json::json!({ "limit": limit }),
        Replay::Safe,
    )
    .await
}

/// `file_requests/list/continue`: the page after `cursor`.
pub async fn list_continue(
    client: &Client,
    cursor: &str,
) -> Result<ListFileRequestsV2Result, Error<FileRequestError>> {
    rpc(
        client,
        "file_requests/list/continue",
        &serde_json::json!({ "cursor": cursor }),
        Replay::Safe,
    )
    .await
}

/// Every file request, a page (up to `limit`) at a time as Dropbox sends them.
pub fn list_pages(
    client: &Client,
    limit: u64,
) -> impl Stream<Item = Result<Vec<FileRequest>, Error<FileRequestError>>> + '_ {
    paging::pages(
        move || list_v2(client, limit),
        move |cursor| async move { list_continue(client, &cursor).await },
    )
}

/// Every file request, page by page (`limit` a page), as a stream.
pub fn list_all(
    client: &Client,
    limit: u64,
) -> impl Stream<Item = Result<FileRequest, Error<FileRequestError>>> + '_ {
    paging::items(
        move || list_v2(client, limit),
        move |cursor| async move { list_continue(client, &cursor).await },
    )
}

pub async fn update(
    client: &Client,
    arg: &UpdateFileRequestArgs,
) -> Result<FileRequest, Error<FileRequestError>> {
    rpc(client, "file_requests/update", arg, Replay::Safe).await
}

/// Deletes closed requests (an open one fails the call with `FileRequestOpen`).
pub async fn delete(
    client: &Client,
    ids: &[String],
) -> Result<DeletedFileRequests, Error<FileRequestError>> {
    rpc(
        client,
        "file_requests/delete",
        &serde_json::json!({ "ids": ids }),
        Replay::RateLimitOnly,
    )
    .await
}

pub async fn delete_all_closed(
    client: &Client,
) -> Result<DeletedFileRequests, Error<FileRequestError>> {
    rpc(
        client,
        "file_requests/delete_all_closed",
        &(),
        Replay::RateLimitOnly,
    )
    .await
}

pub async fn count(client: &Client) -> Result<CountFileRequestsResult, Error<FileRequestError>> {
    rpc(client, "file_requests/count", &(), Replay::Safe).await
}
