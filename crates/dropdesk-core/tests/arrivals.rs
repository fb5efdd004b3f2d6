//! Watching every open request with one longpoll, against the emulator: what arrives is told
//! as its request's, late or not; a request made elsewhere is watched once a file comes into
//! it; a lost connection loses nothing that arrived meanwhile.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::Client;
use dropbox_client::routes::{file_requests, files};
use dropbox_client::types::file_requests::CreateFileRequestArgs;
use dropbox_client::types::files::UploadArg;
use dropbox_emulator::{Emulator, Fault, Seed};
use dropdesk_core::requests::arrivals::{Arrival, ArrivalWatch};
use dropdesk_core::requests::{self, RequestView};

async fn by_title(client: &Client, start: &str) -> RequestView {
    requests::list(client)
        .await
        .unwrap()
        .requests
        .into_iter()
        .find(|r| r.title.starts_with(start))
        .unwrap()
}

async fn create(
    client: &Client,
    title: &str,
    folder: &str,
) -> dropbox_client::types::file_requests::FileRequest {
    file_requests::create(
        client,
        &CreateFileRequestArgs {
            title: title.into(),
            destination: folder.into(),
            deadline: None,
            open: true,
            description: None,
        },
    )
    .await
    .unwrap()
}

async fn upload(client: &Client, path: &str) {
    files::upload(client, &UploadArg::new(path.to_owned()), b"%PDF".to_vec())
        .await
        .unwrap();
}

/// Asks until something arrives: a longpoll may wake for a change that is not a file (a folder
/// made by an upload).
async fn arrivals(watch: &mut ArrivalWatch, client: &Client) -> Vec<Arrival> {
    loop {
        let arrived = watch.next(client).await.unwrap();
        if !arrived.is_empty() {
            return arrived;
        }
    }
}

#[tokio::test]
async fn one_longpoll_tells_each_arrival_as_its_requests_late_or_not() {
    let (emulator, client) = common::signed_in(Emulator::builder().seed(Seed::Demo)).await;
    let hw3 = by_title(&client, "Homework 3").await;
    let mut watch = ArrivalWatch::start(&client).await.unwrap();
    let (watched, covering) = watch.covering();
    let open = requests::list(&client)
        .await
        .unwrap()
        .requests
        .iter()
        .filter(|r| r.is_open && r.destination.is_some())
        .count();
    assert_eq!(watched, open);
    assert_eq!(
        covering,
        Some("/courses/cs101"),
        "the course's folder holds them all"
    );

    // Due yesterday, in its grace period: late.
    let folder = hw3.destination.clone().unwrap();
    let waiting = {
        let client = client.clone();
        tokio::spawn(async move {
            let arrived = arrivals(&mut watch, &client).await;
            (watch, arrived)
        })
    };
    upload(&client, &format!("{folder}/hw3 - Zoe Adams.pdf")).await;
    let (mut watch, arrived) = waiting.await.unwrap();
    assert_eq!(
        arrived,
        vec![Arrival {
            request_id: hw3.id.clone(),
            title: hw3.title.clone(),
            file_name: "hw3 - Zoe Adams.pdf".into(),
            late: true,
        }]
    );

    // A request made since the watch began (on another device), inside the course's folder:
    // its first file is told as its own.
    let homework9 = create(&client, "Homework 9", "/Courses/CS101/Homework 9").await;
    let waiting = {
        let client = client.clone();
        tokio::spawn(async move {
            let arrived = arrivals(&mut watch, &client).await;
            (watch, arrived)
        })
    };
    upload(&client, "/Courses/CS101/Homework 9/hw9 - Ada.pdf").await;
    let (mut watch, arrived) = waiting.await.unwrap();
    assert_eq!(arrived.len(), 1, "{arrived:?}");
    assert_eq!(arrived[0].request_id, homework9.id);
    assert!(!arrived[0].late, "no deadline, never late");

    // One outside it: a watch started now covers the top of Dropbox.
    let lab = create(&client, "Lab report", "/Labs/Report").await;
    let mut everywhere = ArrivalWatch::start(&client).await.unwrap();
    assert_eq!(everywhere.covering().1, Some(""));
    upload(&client, "/Labs/Report/lab - Ada.pdf").await;
    let arrived = arrivals(&mut everywhere, &client).await;
    assert_eq!(arrived.len(), 1, "{arrived:?}");
    assert_eq!(arrived[0].request_id, lab.id);

    // A file the professor puts in the watched folder, outside every request's, is no one's
    // submission.
    upload(&client, "/Courses/CS101/grading notes.pdf").await;
    upload(&client, &format!("{folder}/late - Noah Kim.pdf")).await;
    let arrived = arrivals(&mut watch, &client).await;
    assert!(
        arrived.iter().all(|a| a.request_id == hw3.id),
        "{arrived:?}"
    );
    assert!(
        arrived.iter().all(|a| a.file_name != "grading notes.pdf"),
        "{arrived:?}"
    );

    // The connection keeps breaking, past the client's own tries: asked again with the same
    // cursor, nothing that arrived meanwhile is lost.
    emulator
        .control()
        .inject_fault("files/list_folder/longpoll", 4, Fault::DropConnection)
        .await
        .unwrap();
    upload(&client, &format!("{folder}/hw3 - Li Chen.pdf")).await;
    let broken = watch.next(&client).await;
    assert!(broken.is_err(), "{broken:?}");
    let arrived = arrivals(&mut watch, &client).await;
    assert!(
        arrived
            .iter()
            .any(|a| a.file_name == "hw3 - Li Chen.pdf" && a.request_id == hw3.id),
        "{arrived:?}"
    );
}
