//! Helpers shared by the route tests: a signed-in HTTP client for the three request styles.

#![allow(clippy::unwrap_used)] // a test fails loudly by design
#![allow(dead_code)]

use dropbox_emulator::{AccountType, Emulator, EmulatorBuilder, EmulatorHandle, Seed};
use reqwest::StatusCode;
use serde_json::Value;

pub struct Api {
    pub emulator: EmulatorHandle,
    pub base: String,
    pub token: String,
    pub http: reqwest::Client,
}

/// What came back: the status and the body as JSON (or as a JSON string for text bodies).
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Value,
    pub result_header: Option<Value>,
    pub bytes: Vec<u8>,
}

impl Answer {
    /// The route error's tag path, e.g. `path/not_found`.
    pub fn error_tags(&self) -> String {
        let mut tags = Vec::new();
        let mut current = &self.body["error"];
        while let Some(tag) = current.get(".tag").and_then(Value::as_str) {
            tags.push(tag.to_owned());
            current = match current.get(tag).or_else(|| current.get("reason")) {
                Some(next) => next,
                None => break,
            };
        }
        tags.join("/")
    }

    pub fn ok(self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{:?}", self.body);
        self.body
    }

    pub fn text(&self) -> &str {
        self.body.as_str().unwrap_or("")
    }
}

pub async fn start(builder: EmulatorBuilder) -> Api {
    let emulator = builder.spawn().await.expect("the emulator starts");
    let token = emulator
        .control()
        .issue_token()
        .await
        .expect("a token")
        .access_token;
    Api {
        base: emulator.base_url(),
        emulator,
        token,
        http: reqwest::Client::new(),
    }
}

pub async fn demo() -> Api {
    start(Emulator::builder().seed(Seed::Demo)).await
}

pub async fn empty() -> Api {
    start(Emulator::builder().seed(Seed::Empty)).await
}

pub async fn basic() -> Api {
    start(
        Emulator::builder()
            .seed(Seed::Empty)
            .account_type(AccountType::Basic),
    )
    .await
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status();
    let is_json = response
        .headers()
        .get("content-type")
        .is_some_and(|v| v == "application/json");
    let result_header = response
        .headers()
        .get("dropbox-api-result")
        .map(|v| serde_json::from_slice(v.as_bytes()).expect("Dropbox-API-Result is JSON"));
    let bytes = response.bytes().await.expect("a body").to_vec();
    let body = if is_json {
        serde_json::from_slice(&bytes).expect("a JSON body")
    } else {
        Value::String(String::from_utf8_lossy(&bytes).into_owned())
    };
    Answer {
        status,
        body,
        result_header,
        bytes,
    }
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// An RPC call with a JSON argument.
    pub async fn rpc(&self, route: &str, arg: Value) -> Answer {
        let response = self
            .http
            .post(self.url(&format!("/2/{route}")))
            .bearer_auth(&self.token)
            .header("content-type", "application/json")
            .body(arg.to_string())
            .send()
            .await
            .expect("the call is answered");
        answer(response).await
    }

    /// An upload-style call: argument in `Dropbox-API-Arg`, bytes in the body.
    pub async fn upload(&self, route: &str, arg: Value, bytes: &[u8]) -> Answer {
        let response = self
            .http
            .post(self.url(&format!("/2/{route}")))
            .bearer_auth(&self.token)
            .header("content-type", "application/octet-stream")
            .header("dropbox-api-arg", header_safe(&arg))
            .body(bytes.to_vec())
            .send()
            .await
            .expect("the call is answered");
        answer(response).await
    }

    /// A download-style call.
    pub async fn download(&self, route: &str, arg: Value) -> Answer {
        let response = self
            .http
            .post(self.url(&format!("/2/{route}")))
            .bearer_auth(&self.token)
            .header("dropbox-api-arg", header_safe(&arg))
            .send()
            .await
            .expect("the call is answered");
        answer(response).await
    }

    pub async fn get(&self, path: &str) -> Answer {
        answer(
            self.http
                .get(self.url(path))
                .send()
                .await
                .expect("answered"),
        )
        .await
    }
}

/// JSON for an HTTP header: non-ASCII as `\u` escapes (UTF-16 surrogate pairs).
pub fn header_safe(value: &Value) -> String {
    let mut out = String::new();
    for c in value.to_string().chars() {
        if c.is_ascii() && c != '\u{7f}' {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}
