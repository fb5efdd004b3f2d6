use crate::client::Client;
use crate::error::Error;
use crate::types::files::{
    DownloadArg, DownloadError, ExportArg, ExportError, ExportResult, FileMetadata, PaperCreateArg,
    PaperCreateError, PaperCreateResult, PaperUpdateArg, PaperUpdateError, PaperUpdateResult,
    UploadArg, UploadError,
};
use crate::wire::{self, Host};

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
