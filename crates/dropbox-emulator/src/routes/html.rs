//! The emulator's few HTML pages (consent, upload). Everything interpolated is escaped: titles
//! and descriptions come from users.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;\
padding:0 1rem;line-height:1.5;color:#1d1f23}h1{font-size:1.4rem}.muted{color:#5b6270}\
.box{border:1px solid #dde1e7;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}\
button{font:inherit;padding:.4rem 1rem;margin-right:.5rem}label{display:block;margin:.6rem 0 .2rem}\
input[type=text],input[type=email]{width:100%;padding:.35rem;font:inherit}\
code{font-size:1.1rem;background:#f1f3f6;padding:.2rem .4rem;border-radius:4px}";

/// A whole page: `title` is escaped here, `body` must already be safe HTML.
pub(crate) fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{} — Dropbox (emulated)</title><style>{STYLE}</style></head>\
         <body>{body}</body></html>",
        escape(title)
    );
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // These pages run no script at all.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        // No form-action: the consent form's answer redirects to the app's own (other) origin.
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }
}
