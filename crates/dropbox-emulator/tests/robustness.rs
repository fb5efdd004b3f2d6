//! Arbitrary input never breaks the emulator: every route answers every body and argument header
//! with a 2xx, 4xx or 409 (never a 5xx or a dropped connection), and a refused call changes
//! nothing that was stored.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use proptest::prelude::*;
use serde_json::{Value, json};

/// Every RPC route but `auth/token/revoke`, which would end the session the cases share.
const RPC_ROUTES: [&str; 21] = [
    "users/get_current_account",
    "users/features/get_values",
    "file_requests/create",
    "file_requests/get",
    "file_requests/list",
    "file_requests/list_v2",
    "file_requests/list/continue",
    "file_requests/update",
    "file_requests/delete",
    "file_requests/delete_all_closed",
    "file_requests/count",
    "files/list_folder",
    "files/list_folder/continue",
    "files/list_folder/get_latest_cursor",
    "files/list_folder/longpoll",
    "files/get_metadata",
    "files/get_temporary_link",
    "files/create_folder_v2",
    "files/delete_v2",
    "sharing/create_shared_link_with_settings",
    "sharing/list_shared_links",
];

const HEADER_ROUTES: [&str; 6] = [
    "files/upload",
    "files/download",
    "files/download_zip",
    "files/export",
    "files/paper/create",
    "files/paper/update",
];

/// JSON values of any shape, with strings that look like paths, tags and ids now and then.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        "[ -~]{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("/Courses/CS101/Homework 1"),
            Just(""),
            Just("/"),
            Just("id:x"),
            Just("rev:0123456789"),
            Just("ns:3235641/Notes"),
            Just("update"),
            Just("one_day"),
            Just("/Notes/Lecture 1 notes.paper"),
            Just("2030-01-01T00:00:00Z"),
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(
                prop_oneof![
                    Just(".tag".to_owned()),
                    Just("path".to_owned()),
                    Just("id".to_owned()),
                    Just("ids".to_owned()),
                    Just("title".to_owned()),
                    Just("destination".to_owned()),
                    Just("deadline".to_owned()),
                    Just("cursor".to_owned()),
                    Just("limit".to_owned()),
                    Just("features".to_owned()),
                    Just("mode".to_owned()),
                    "[a-z_]{1,8}",
                ],
                inner,
                0..5,
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        json_value().prop_map(|v| v.to_string().into_bytes()),
        prop::collection::vec(any::<u8>(), 0..64),
    ]
}

struct World {
    runtime: tokio::runtime::Runtime,
    api: common::Api,
}

fn world() -> World {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let api = runtime.block_on(common::demo());
    World { runtime, api }
}

impl World {
    fn summary(&self) -> Value {
        self.runtime
            .block_on(self.api.emulator.control().state())
            .unwrap()
    }

    fn check(&self, request: reqwest::RequestBuilder) -> Result<(), TestCaseError> {
        let before = self.summary();
        let (status, body) = self.runtime.block_on(async {
            let response = request.send().await.expect("the emulator answered");
            let status = response.status();
            (status, response.bytes().await.expect("a complete body"))
        });
        prop_assert!(
            !status.is_server_error(),
            "{status}: {}",
            String::from_utf8_lossy(&body)
        );
        if !status.is_success() {
            prop_assert_eq!(before, self.summary(), "a refused call changed the state");
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    #[test]
    fn rpc_routes_answer_any_body_without_failing(
        route in prop::sample::select(&RPC_ROUTES[..]),
        body in body(),
        json_type in any::<bool>(),
    ) {
        thread_local!(static WORLD: World = world());
        WORLD.with(|w| {
            let content_type = if json_type { "application/json" } else { "text/plain" };
            // longpoll with a valid cursor could wait 30 s; arbitrary input never is one.
            let request = w.api.http
                .post(w.api.url(&format!("/2/{route}")))
                .bearer_auth(&w.api.token)
                .header("content-type", content_type)
                .body(body);
            w.check(request)
        })?;
    }

    #[test]
    fn content_routes_answer_any_argument_header_without_failing(
        route in prop::sample::select(&HEADER_ROUTES[..]),
        arg in json_value(),
        raw in any::<bool>(),
        body in prop::collection::vec(any::<u8>(), 0..32),
    ) {
        thread_local!(static WORLD: World = world());
        WORLD.with(|w| {
            let header = if raw { arg.to_string() } else { common::header_safe(&arg) };
            let Ok(header) = reqwest::header::HeaderValue::from_str(&header) else {
                return Ok(());
            };
            let request = w.api.http
                .post(w.api.url(&format!("/2/{route}")))
                .bearer_auth(&w.api.token)
                .header("content-type", "application/octet-stream")
                .header("dropbox-api-arg", header)
                .body(body);
            w.check(request)
        })?;
    }
}
