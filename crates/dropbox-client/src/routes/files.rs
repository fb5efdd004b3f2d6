use crate::client::Client;
use crate::error::Error;
use crate::paging;
use crate::retry::Replay;
use crate::types::files::{
    CreateFolderError, CreateFolderResult, DeleteError, DeleteResult, DownloadArg, DownloadError,
    DownloadZipError, DownloadZipResult, ExportArg, ExportError, ExportResult, FileMetadata,
    GetMetadataError, GetTemporaryLinkError, GetTemporaryLinkResult, ListFolderArg,
    ListFolderError, ListFolderLongpollResult, ListFolderResult, Metadata, PaperCreateArg,
    PaperCreateError, PaperCreateResult, PaperUpdateArg, PaperUpdateError, PaperUpdateResult,
    UploadArg, UploadError,
};
use crate::wire::{self, ByteStream, Host};

/// `files/upload`: stores up to 150 MiB at `arg.path`.
pub async fn upload(
    client: &Client,
    arg: &UploadArg,
    bytes: Vec<u8>,
) -> Result<FileMetadata, Error<UploadError>> {
    wire::upload(client, Host::Content, "files/upload", arg, bytes).await
}

/// `files/download`: a file's metadata and bytes.
pub async fn download(
    client: &Client,
    arg: &DownloadArg,
) -> Result<(FileMetadata, Vec<u8>), Error<DownloadError>> {
    wire::download(client, "files/download", arg).await
}

/// `files/download`, with the bytes handed over as they arrive.
pub async fn download_stream(
    client: &Client,
    arg: &DownloadArg,
) -> Result<(FileMetadata, ByteStream), Error<DownloadError>> {
    wire::download_stream(client, "files/download", arg).await
}

/// `files/paper/create`: a new Paper doc from the body (upload style, on the api host).
pub async fn paper_create(
    client: &Client,
    arg: &PaperCreateArg,
    content: Vec<u8>,
) -> Result<PaperCreateResult, Error<PaperCreateError>> {
    wire::upload(client, Host::Api, "files/paper/create", arg, content).await
}

/// `files/paper/update`: replaces, prepends or appends a doc's content (upload style, api host).
pub async fn paper_update(
    client: &Client,
    arg: &PaperUpdateArg,
    content: Vec<u8>,
) -> Result<PaperUpdateResult, Error<PaperUpdateError>> {
    wire::upload(client, Host::Api, "files/paper/update", arg, content).await
}

/// `files/export`: a non-downloadable file (a Paper doc) in an export format, with its revision.
pub async fn export(
    client: &Client,
    arg: &ExportArg,
) -> Result<(ExportResult, Vec<u8>), Error<ExportError>> {
    wire::download(client, "files/export", arg).await
}

/// `files/list_folder`: the first page of a folder.
pub async fn list_folder(
    client: &Client,
    arg: &ListFolderArg,
) -> Result<ListFolderResult, Error<ListFolderError>> {
    wire::rpc(client, "files/list_folder", arg, Replay::Safe).await
}

/// `files/list_folder/continue`: the next page, or the changes since the cursor.
pub async fn list_folder_continue(
    client: &Client,
    cursor: &str,
) -> Result<ListFolderResult, Error<ListFolderError>> {
    wire::rpc(
        client,
        "files/list_folder/continue",
        &serde_json::json!({ "cursor": cursor }),
        Replay::Safe,
    )
    .await
}

/// `files/list_folder/get_latest_cursor`: a cursor that sees only changes from now on.
pub async fn list_folder_get_latest_cursor(
    client: &Client,
    arg: &ListFolderArg,
) -> Result<String, Error<ListFolderError>> {
    #[derive(serde::Deserialize)]
    struct Latest {
        cursor: String,
    }
    let latest: Latest = wire::rpc(
        client,
        "files/list_folder/get_latest_cursor",
        arg,
        Replay::Safe,
    )
    .await?;
    Ok(latest.cursor)
}

/// `files/list_folder/longpoll`: waits (up to `timeout_secs`, 30–480) until the cursor's folder
/// changes. Honour `backoff` before polling again.
pub async fn list_folder_longpoll(
    client: &Client,
    cursor: &str,
    timeout_secs: u64,
) -> Result<ListFolderLongpollResult, Error<ListFolderError>> {
    wire::rpc_noauth(
        client,
        Host::Notify,
        "files/list_folder/longpoll",
        &serde_json::json!({ "cursor": cursor, "timeout": timeout_secs }),
    )
    .await
}

/// Every entry of a listing, page by page, as a stream.
pub fn list_folder_all<'a>(
    client: &'a Client,
    arg: &'a ListFolderArg,
) -> impl futures_util::Stream<Item = Result<Metadata, Error<ListFolderError>>> + 'a {
    paging::items(
        move || list_folder(client, arg),
        move |cursor| async move { list_folder_continue(client, &cursor).await },
    )
}

/// `files/get_metadata`.
pub async fn get_metadata(
    client: &Client,
    path: &str,
) -> Result<Metadata, Error<GetMetadataError>> {
    wire::rpc(
        client,
        "files/get_metadata",
        &serde_json::json!({ "path": path }),
        Replay::Safe,
    )
    .await
}

/// `files/get_temporary_link`: a four-hour link to a file's bytes.
pub async fn get_temporary_link(
    client: &Client,
    path: &str,
) -> Result<GetTemporaryLinkResult, Error<GetTemporaryLinkError>> {
    wire::rpc(
        client,
        "files/get_temporary_link",
        &serde_json::json!({ "path": path }),
        Replay::Safe,
    )
    .await
}

/// `files/download_zip`: a folder (at most 10,000 files, 20 GB) as one zip.
pub async fn download_zip(
    client: &Client,
    path: &str,
) -> Result<(DownloadZipResult, Vec<u8>), Error<DownloadZipError>> {
    wire::download(
        client,
        "files/download_zip",
        &serde_json::json!({ "path": path }),
    )
    .await
}

/// `files/download_zip`, with the zip handed over as it arrives.
pub async fn download_zip_stream(
    client: &Client,
    path: &str,
) -> Result<(DownloadZipResult, ByteStream), Error<DownloadZipError>> {
    wire::download_stream(
        client,
        "files/download_zip",
        &serde_json::json!({ "path": path }),
    )
    .await
}

/// `files/create_folder_v2`.
pub async fn create_folder_v2(
    client: &Client,
    path: &str,
    autorename: bool,
) -> Result<CreateFolderResult, Error<CreateFolderError>> {
    wire::rpc(
        client,
        "files/create_folder_v2",
        &serde_json::json!({ "path": path, "autorename": autorename }),
        Replay::RateLimitOnly,
    )
    .await
}

/// `files/delete_v2`: a file, or a folder with everything in it.
pub async fn delete_v2(client: &Client, path: &str) -> Result<DeleteResult, Error<DeleteError>> {
    wire::rpc(
        client,
        "files/delete_v2",
        &serde_json::json!({ "path": path }),
        Replay::RateLimitOnly,
    )
    .await
}
