//! The official Rust SDK (`dropbox-sdk`), pointed at the emulator through a client that only
//! rewrites Dropbox's hosts, drives every route the emulator serves. Each answer must decode into
//! the SDK's strict generated types: that is the emulator's fidelity, checked by Dropbox's code.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::sync::Arc;

use bytes::Bytes;
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};
use dropbox_sdk::Error;
use dropbox_sdk::async_client_trait::{
    HttpClient, HttpRequest, HttpRequestResultRaw, NoauthClient, UserAuthClient,
};
use dropbox_sdk::async_routes::{auth, file_requests, files, sharing, users};
use dropbox_sdk::oauth2::{Authorization, AuthorizeUrlBuilder, Oauth2Type, PkceCode, TokenType};
use futures::AsyncReadExt;

const DROPBOX_ORIGINS: [&str; 3] = [
    "https://api.dropboxapi.com",
    "https://content.dropboxapi.com",
    "https://notify.dropboxapi.com",
];

/// Maps every Dropbox host onto the emulator's single origin, keeping the path.
fn rewrite(base: &str, url: &str) -> String {
    DROPBOX_ORIGINS
        .iter()
        .find_map(|origin| url.strip_prefix(origin))
        .map(|rest| format!("{base}{rest}"))
        .unwrap_or_else(|| panic!("the SDK asked for an unexpected URL: {url}"))
}

struct Request {
    url: String,
    headers: Vec<(String, String)>,
}

impl HttpRequest for Request {
    fn set_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

async fn send(
    http: &reqwest::Client,
    request: Request,
    body: Bytes,
) -> Result<HttpRequestResultRaw, Error> {
    let mut builder = http.post(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if !body.is_empty() {
        builder = builder.body(body);
    }
    let response = builder
        .send()
        .await
        .map_err(|e| Error::HttpClient(Box::new(e)))?;
    let status = response.status().as_u16();
    let result_header = response
        .headers()
        .get("Dropbox-API-Result")
        .map(|v| v.to_str().map(str::to_owned))
        .transpose()
        .map_err(|e| Error::UnexpectedResponse(e.to_string()))?;
    let content_length = response.content_length();
    let bytes = response
        .bytes()
        .await
        .map_err(|e| Error::HttpClient(Box::new(e)))?;
    Ok(HttpRequestResultRaw {
        status,
        result_header,
        content_length,
        body: Box::new(futures::io::Cursor::new(bytes)),
    })
}

/// A signed-in client: the only change from talking to Dropbox is the host.
struct Client {
    base: String,
    token: String,
    http: reqwest::Client,
    /// `Dropbox-API-Path-Root`, as the SDK sends it.
    path_root: Option<String>,
}

impl HttpClient for Client {
    type Request = Request;

    async fn execute(&self, request: Request, body: Bytes) -> Result<HttpRequestResultRaw, Error> {
        send(&self.http, request, body).await
    }

    fn new_request(&self, url: &str) -> Request {
        Request {
            url: rewrite(&self.base, url),
            headers: Vec::new(),
        }
    }

    fn token(&self) -> Option<Arc<String>> {
        Some(Arc::new(self.token.clone()))
    }

    fn path_root(&self) -> Option<&str> {
        self.path_root.as_deref()
    }
}

impl UserAuthClient for Client {}

/// No token: the OAuth token endpoint and longpoll.
#[derive(Clone)]
struct Noauth {
    base: String,
    http: reqwest::Client,
}

impl HttpClient for Noauth {
    type Request = Request;

    async fn execute(&self, request: Request, body: Bytes) -> Result<HttpRequestResultRaw, Error> {
        send(&self.http, request, body).await
    }

    fn new_request(&self, url: &str) -> Request {
        Request {
            url: rewrite(&self.base, url),
            headers: Vec::new(),
        }
    }
}

impl NoauthClient for Noauth {}

async fn client(emulator: &EmulatorHandle) -> Client {
    Client {
        base: emulator.base_url(),
        token: emulator.control().issue_token().await.unwrap().access_token,
        http: reqwest::Client::new(),
        path_root: None,
    }
}

async fn read_body(
    result: dropbox_sdk::async_client_trait::HttpRequestResult<impl Sized>,
) -> Vec<u8> {
    let mut bytes = Vec::new();
    result.body.unwrap().read_to_end(&mut bytes).await.unwrap();
    bytes
}

#[tokio::test]
async fn pkce_sign_in_with_the_sdks_own_oauth_helpers() {
    const APP_KEY: &str = "sdkconformance1";
    const REDIRECT: &str = "http://127.0.0.1:53682/oauth/callback";
    let emulator = Emulator::builder()
        .app_key(APP_KEY)
        .redirect_uri(REDIRECT)
        .auto_approve(true)
        .spawn()
        .await
        .unwrap();
    let base = emulator.base_url();
    let flow = Oauth2Type::PKCE(PkceCode::new());
    let authorize = AuthorizeUrlBuilder::new(APP_KEY, &flow)
        .redirect_uri(REDIRECT)
        .state("xyz")
        .token_type(TokenType::ShortLivedAndRefresh)
        .build();
    // The SDK builds the www.dropbox.com URL; a browser would open it. Same query, our host.
    let local = format!("{base}{}?{}", authorize.path(), authorize.query().unwrap());
    let redirected = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(local)
        .send()
        .await
        .unwrap();
    let location = url::Url::parse(redirected.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(k, _)| k == "code")
        .unwrap()
        .1
        .into_owned();

    let mut authorization =
        Authorization::from_auth_code(APP_KEY.into(), flow, code, Some(REDIRECT.into()));
    let noauth = Noauth {
        base: base.clone(),
        http: reqwest::Client::new(),
    };
    let token = authorization
        .obtain_access_token_async(noauth.clone())
        .await
        .unwrap();
    let signed_in = Client {
        base: base.clone(),
        token,
        http: reqwest::Client::new(),
        path_root: None,
    };
    let account = users::get_current_account(&signed_in).await.unwrap();
    assert_eq!(account.name.display_name, "Ada Lovelace");

    // The saved authorization holds the refresh token; a refresh goes through the SDK too.
    let saved = authorization.save().unwrap();
    let mut reloaded = Authorization::load(APP_KEY.into(), &saved).unwrap();
    let refreshed = reloaded.obtain_access_token_async(noauth).await.unwrap();
    assert_ne!(refreshed, signed_in.token);
    assert_eq!(emulator.control().stats().await.unwrap().token_refreshes, 1);

    auth::token_revoke(&signed_in).await.unwrap();
    assert!(matches!(
        users::get_current_account(&signed_in).await,
        Err(Error::Authentication(
            dropbox_sdk::types::auth::AuthError::InvalidAccessToken
        ))
    ));
}

#[tokio::test]
async fn users_routes_decode_into_the_sdk_types() {
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let client = client(&emulator).await;
    let account = users::get_current_account(&client).await.unwrap();
    assert_eq!(account.email, "ada.lovelace@university.example");
    let values = users::features_get_values(
        &client,
        &users::UserFeaturesGetValuesBatchArg::new(vec![
            users::UserFeature::PaperAsFiles,
            users::UserFeature::FileLocking,
        ]),
    )
    .await
    .unwrap();
    assert!(matches!(
        values.values[0],
        users::UserFeatureValue::PaperAsFiles(users::PaperAsFilesValue::Enabled(true))
    ));
    assert!(matches!(
        users::features_get_values(&client, &users::UserFeaturesGetValuesBatchArg::new(vec![]))
            .await,
        Err(Error::Api(
            users::UserFeaturesGetValuesBatchError::EmptyFeaturesList
        ))
    ));
}

#[tokio::test]
async fn file_request_routes_decode_into_the_sdk_types() {
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let client = client(&emulator).await;

    let created = file_requests::create(
        &client,
        &file_requests::CreateFileRequestArgs::new(
            "Homework 4 — Trees".into(),
            "/Courses/CS101/Homework 4".into(),
        )
        .with_deadline(
            file_requests::FileRequestDeadline::new("2030-03-21T16:00:00Z".into())
                .with_allow_late_uploads(file_requests::GracePeriod::OneDay),
        )
        .with_description("One PDF".into()),
    )
    .await
    .unwrap();
    assert_eq!(
        created.destination.as_deref(),
        Some("/Courses/CS101/Homework 4")
    );
    let fetched = file_requests::get(
        &client,
        &file_requests::GetFileRequestArgs::new(created.id.clone()),
    )
    .await
    .unwrap();
    assert_eq!(fetched, created);

    let page = file_requests::list_v2(
        &client,
        &file_requests::ListFileRequestsArg::default().with_limit(2),
    )
    .await
    .unwrap();
    assert!(page.has_more);
    let mut seen = page.file_requests.len();
    let mut cursor = page.cursor;
    loop {
        let next = file_requests::list_continue(
            &client,
            &file_requests::ListFileRequestsContinueArg::new(cursor),
        )
        .await
        .unwrap();
        seen += next.file_requests.len();
        cursor = next.cursor;
        if !next.has_more {
            break;
        }
    }
    assert_eq!(seen, 5);
    let all = file_requests::list(&client).await.unwrap();
    assert_eq!(all.file_requests.len(), 5);
    assert!(matches!(
        file_requests::list_continue(
            &client,
            &file_requests::ListFileRequestsContinueArg::new("bad".into())
        )
        .await,
        Err(Error::Api(
            file_requests::ListFileRequestsContinueError::InvalidCursor
        ))
    ));

    let closed = file_requests::update(
        &client,
        &file_requests::UpdateFileRequestArgs::new(created.id.clone())
            .with_open(false)
            .with_deadline(file_requests::UpdateFileRequestDeadline::Update(None)),
    )
    .await
    .unwrap();
    assert!(!closed.is_open);
    assert!(closed.deadline.is_none());
    assert_eq!(
        file_requests::count(&client)
            .await
            .unwrap()
            .file_request_count,
        5
    );

    let open_id = all
        .file_requests
        .iter()
        .find(|r| r.is_open)
        .unwrap()
        .id
        .clone();
    assert!(matches!(
        file_requests::delete(
            &client,
            &file_requests::DeleteFileRequestArgs::new(vec![open_id])
        )
        .await,
        Err(Error::Api(
            file_requests::DeleteFileRequestError::FileRequestOpen
        ))
    ));
    let deleted = file_requests::delete(
        &client,
        &file_requests::DeleteFileRequestArgs::new(vec![created.id.clone()]),
    )
    .await
    .unwrap();
    assert_eq!(deleted.file_requests.len(), 1);
    let swept = file_requests::delete_all_closed(&client).await.unwrap();
    assert_eq!(swept.file_requests.len(), 1, "the demo's closed Homework 1");
    assert!(matches!(
        file_requests::get(&client, &file_requests::GetFileRequestArgs::new(created.id)).await,
        Err(Error::Api(file_requests::GetFileRequestError::NotFound))
    ));
}

#[tokio::test]
async fn files_routes_decode_into_the_sdk_types() {
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let client = client(&emulator).await;

    let folder = files::create_folder_v2(&client, &files::CreateFolderArg::new("/SDK".into()))
        .await
        .unwrap();
    assert_eq!(folder.metadata.name, "SDK");
    let uploaded = files::upload(
        &client,
        &files::UploadArg::new("/SDK/notes café.txt".into()),
        Bytes::from_static(b"hello"),
    )
    .await
    .unwrap();
    assert_eq!(uploaded.size, 5);
    assert!(uploaded.content_hash.is_some());
    let downloaded = files::download(
        &client,
        &files::DownloadArg::new("/sdk/NOTES CAFÉ.txt".into()),
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(downloaded.result.id, uploaded.id);
    assert_eq!(read_body(downloaded).await, b"hello");

    match files::get_metadata(
        &client,
        &files::GetMetadataArg::new("/SDK/notes café.txt".into()),
    )
    .await
    .unwrap()
    {
        files::Metadata::File(file) => assert_eq!(file.rev, uploaded.rev),
        other => panic!("expected a file, got {other:?}"),
    }
    assert!(matches!(
        files::get_metadata(&client, &files::GetMetadataArg::new("/missing".into())).await,
        Err(Error::Api(files::GetMetadataError::Path(
            files::LookupError::NotFound
        )))
    ));
    assert!(matches!(
        files::create_folder_v2(&client, &files::CreateFolderArg::new("/sdk".into())).await,
        Err(Error::Api(files::CreateFolderError::Path(
            files::WriteError::Conflict(files::WriteConflictError::Folder)
        )))
    ));

    let link = files::get_temporary_link(
        &client,
        &files::GetTemporaryLinkArg::new("/SDK/notes café.txt".into()),
    )
    .await
    .unwrap();
    let served = reqwest::get(&link.link)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(served.as_ref(), b"hello");

    let listing = files::list_folder(
        &client,
        &files::ListFolderArg::new("/Courses/CS101/Homework 1".into()).with_limit(10),
    )
    .await
    .unwrap();
    assert_eq!(listing.entries.len(), 10);
    assert!(listing.has_more);
    let mut count = listing.entries.len();
    let mut cursor = listing.cursor;
    loop {
        let page = files::list_folder_continue(&client, &files::ListFolderContinueArg::new(cursor))
            .await
            .unwrap();
        count += page.entries.len();
        cursor = page.cursor;
        if !page.has_more {
            break;
        }
    }
    assert_eq!(count, 25);
    let latest =
        files::list_folder_get_latest_cursor(&client, &files::ListFolderArg::new("/SDK".into()))
            .await
            .unwrap();
    files::upload(
        &client,
        &files::UploadArg::new("/SDK/late.pdf".into()),
        Bytes::from_static(b"x"),
    )
    .await
    .unwrap();
    let noauth = Noauth {
        base: emulator.base_url(),
        http: reqwest::Client::new(),
    };
    let poll = files::list_folder_longpoll(
        &noauth,
        &files::ListFolderLongpollArg::new(latest.cursor.clone()),
    )
    .await
    .unwrap();
    assert!(poll.changes);
    let changes =
        files::list_folder_continue(&client, &files::ListFolderContinueArg::new(latest.cursor))
            .await
            .unwrap();
    assert!(matches!(&changes.entries[..], [files::Metadata::File(f)] if f.name == "late.pdf"));

    let zipped = files::download_zip(
        &client,
        &files::DownloadZipArg::new("/SDK".into()),
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(zipped.result.metadata.name, "SDK");
    assert!(read_body(zipped).await.starts_with(b"PK"));

    let deleted = files::delete_v2(&client, &files::DeleteArg::new("/SDK/late.pdf".into()))
        .await
        .unwrap();
    assert!(matches!(deleted.metadata, files::Metadata::File(_)));
    let after =
        files::list_folder_continue(&client, &files::ListFolderContinueArg::new(changes.cursor))
            .await
            .unwrap();
    assert!(matches!(&after.entries[..], [files::Metadata::Deleted(d)] if d.name == "late.pdf"));
}

#[tokio::test]
async fn paper_routes_decode_into_the_sdk_types() {
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let client = client(&emulator).await;
    let created = files::paper_create(
        &client,
        &files::PaperCreateArg::new(
            "/Notes/Lecture 3 notes.paper".into(),
            files::ImportFormat::Markdown,
        ),
        Bytes::from_static(b"# Mine"),
    )
    .await
    .unwrap();
    assert_eq!(created.result_path, "/Notes/Lecture 3 notes (1).paper");

    let exported = files::export(
        &client,
        &files::ExportArg::new("/Notes/Lecture 3 notes.paper".into())
            .with_export_format("markdown".into()),
        None,
        None,
    )
    .await
    .unwrap();
    let revision = exported.result.export_metadata.paper_revision.unwrap();
    assert!(!exported.result.file_metadata.is_downloadable);
    assert!(read_body(exported).await.starts_with(b"# Lecture 3"));

    let updated = files::paper_update(
        &client,
        &files::PaperUpdateArg::new(
            "/Notes/Lecture 3 notes.paper".into(),
            files::ImportFormat::Markdown,
            files::PaperDocUpdatePolicy::Update,
        )
        .with_paper_revision(revision),
        Bytes::from_static(b"# Lecture 3\n\nedited"),
    )
    .await
    .unwrap();
    assert_eq!(updated.paper_revision, revision + 1);
    assert!(matches!(
        files::paper_update(
            &client,
            &files::PaperUpdateArg::new(
                "/Notes/Lecture 3 notes.paper".into(),
                files::ImportFormat::Markdown,
                files::PaperDocUpdatePolicy::Update,
            )
            .with_paper_revision(revision),
            Bytes::from_static(b"stale"),
        )
        .await,
        Err(Error::Api(files::PaperUpdateError::RevisionMismatch))
    ));
    assert!(matches!(
        files::download(
            &client,
            &files::DownloadArg::new("/Notes/Lecture 3 notes.paper".into()),
            None,
            None
        )
        .await,
        Err(Error::Api(files::DownloadError::UnsupportedFile))
    ));
}

#[tokio::test]
async fn sharing_routes_decode_into_the_sdk_types() {
    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let client = client(&emulator).await;
    let links = sharing::list_shared_links(&client, &sharing::ListSharedLinksArg::default())
        .await
        .unwrap();
    assert_eq!(links.links.len(), 2);
    let existing = sharing::create_shared_link_with_settings(
        &client,
        &sharing::CreateSharedLinkWithSettingsArg::new("/Courses/CS101/Syllabus.pdf".into()),
    )
    .await;
    match existing {
        Err(Error::Api(sharing::CreateSharedLinkWithSettingsError::SharedLinkAlreadyExists(
            Some(sharing::SharedLinkAlreadyExistsMetadata::Metadata(
                sharing::SharedLinkMetadata::File(file),
            )),
        ))) => assert_eq!(file.name, "Syllabus.pdf"),
        other => panic!("expected the existing link, got {other:?}"),
    }
    let created = sharing::create_shared_link_with_settings(
        &client,
        &sharing::CreateSharedLinkWithSettingsArg::new("/Notes".into()),
    )
    .await
    .unwrap();
    assert!(matches!(created, sharing::SharedLinkMetadata::Folder(ref f) if f.name == "Notes"));
    let direct = sharing::list_shared_links(
        &client,
        &sharing::ListSharedLinksArg::default()
            .with_path("/Notes".into())
            .with_direct_only(true),
    )
    .await
    .unwrap();
    assert_eq!(direct.links.len(), 1);
}

#[tokio::test]
async fn a_team_members_account_and_team_space_decode_into_the_sdk_types() {
    let emulator = Emulator::builder()
        .seed(Seed::Demo)
        .account_type(dropbox_emulator::AccountType::Business)
        .spawn()
        .await
        .unwrap();
    let mut client = client(&emulator).await;
    let account = users::get_current_account(&client).await.unwrap();
    let team = account.team.unwrap();
    assert_eq!(team.name, "University of Example");
    let dropbox_sdk::types::common::RootInfo::Team(root) = account.root_info else {
        panic!("a team member's root is the team space");
    };
    assert_eq!(root.home_path, "/Ada Lovelace");

    client.path_root =
        Some(serde_json::json!({ ".tag": "root", "root": root.root_namespace_id }).to_string());
    let listing = files::list_folder(&client, &files::ListFolderArg::new("".into()))
        .await
        .unwrap();
    let mut names: Vec<&str> = listing
        .entries
        .iter()
        .map(|e| match e {
            files::Metadata::Folder(f) => f.name.as_str(),
            files::Metadata::File(f) => f.name.as_str(),
            files::Metadata::Deleted(d) => d.name.as_str(),
        })
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["Ada Lovelace", "CS Department"]);

    client.path_root = Some(r#"{".tag":"root","root":"42"}"#.to_owned());
    assert!(matches!(
        files::list_folder(&client, &files::ListFolderArg::new("".into())).await,
        Err(Error::UnexpectedHttpError { code: 422, .. })
    ));
}
