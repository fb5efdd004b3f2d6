//! The loopback receiver: a one-shot HTTP listener on 127.0.0.1 that takes the browser's
//! redirect after consent. Dropbox matches redirect URIs exactly, port included, so it tries a
//! configured list of ports. Its answer page never echoes the code.

use std::net::Ipv4Addr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::pkce::{Callback, SignInError};

/// The path the redirect URIs end in.
pub const CALLBACK_PATH: &str = "/oauth/callback";

const DONE_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<title>Dropdesk</title></head><body style=\"font-family:system-ui,sans-serif;margin:3rem\">\
<h1>You can close this tab</h1><p>Return to Dropdesk to continue.</p></body></html>";

pub struct LoopbackReceiver {
    listener: TcpListener,
    port: u16,
}

impl LoopbackReceiver {
    /// Binds 127.0.0.1 (never a public interface) on the first free port of `ports`.
    pub async fn bind(ports: &[u16]) -> Result<Self, SignInError> {
        for &port in ports {
            if let Ok(listener) = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
                let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
                return Ok(Self { listener, port });
            }
        }
        let list: Vec<String> = ports.iter().map(u16::to_string).collect();
        Err(SignInError::NoFreePort(list.join(", ")))
    }

    /// The redirect URI to register and to send in the authorize URL.
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}{CALLBACK_PATH}", self.port)
    }

    /// Waits for the browser's redirect (other requests, such as a favicon, get a 404), answers
    /// it with a static page, and stops listening.
    pub async fn receive(self, timeout: Duration) -> Result<Callback, SignInError> {
        let wait = async {
            loop {
                let Ok((stream, _)) = self.listener.accept().await else {
                    continue;
                };
                if let Some(callback) = serve(stream).await {
                    return callback;
                }
            }
        };
        tokio::time::timeout(timeout, wait)
            .await
            .map_err(|_| SignInError::TimedOut(timeout))
    }
}

/// Answers one connection; returns the callback if it was the redirect.
async fn serve(mut stream: TcpStream) -> Option<Callback> {
    let mut buffer = Vec::with_capacity(2048);
    let mut chunk = [0u8; 1024];
    while !buffer.windows(4).any(|w| w == b"\r\n\r\n") && buffer.len() < 16 * 1024 {
        match tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return None,
            Ok(Ok(n)) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    let head = String::from_utf8_lossy(&buffer);
    let target = head
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("GET "))
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or("");
    let callback = parse(target);
    let (status, body) = match callback {
        Some(_) => ("200 OK", DONE_PAGE),
        None => ("404 Not Found", "Not found"),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
    callback
}

/// The callback in a request target such as `/oauth/callback?code=...&state=...`.
fn parse(target: &str) -> Option<Callback> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != CALLBACK_PATH {
        return None;
    }
    let mut code = None;
    let mut state = None;
    let mut error = None;
    let mut description = String::new();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "code" => code = Some(value.into_owned()),
            "state" => state = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "error_description" => description = value.into_owned(),
            _ => {}
        }
    }
    match (code, error) {
        (Some(code), None) => Some(Callback::Code { code, state }),
        (_, Some(error)) => Some(Callback::Denied { error, description }),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codes_and_refusals_and_ignores_other_paths() {
        assert_eq!(
            parse("/oauth/callback?code=abc&state=s%201"),
            Some(Callback::Code {
                code: "abc".into(),
                state: Some("s 1".into())
            })
        );
        assert_eq!(
            parse("/oauth/callback?error=access_denied&error_description=No&state=s"),
            Some(Callback::Denied {
                error: "access_denied".into(),
                description: "No".into()
            })
        );
        assert_eq!(parse("/favicon.ico"), None);
        assert_eq!(parse("/oauth/callback"), None);
    }
}
