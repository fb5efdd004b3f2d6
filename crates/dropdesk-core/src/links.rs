//! Which addresses Dropdesk opens in the system browser: Dropbox's (https) and, in demo mode,
//! the built-in emulator's own. Anything else from a page or a file name is refused.

use url::Url;

use crate::error::CoreError;

/// `text` as a URL the browser may open, or an error that names the field.
pub fn external_url(text: &str, demo_origin: Option<&Url>) -> Result<Url, CoreError> {
    let refused = || CoreError::InvalidInput {
        field: "url",
        message: "Link: Dropdesk opens only https:// addresses.".into(),
    };
    let url = Url::parse(text.trim()).map_err(|_| refused())?;
    let demo = demo_origin.is_some_and(|origin| url.origin() == origin.origin());
    let https = url.scheme() == "https" && url.host_str().is_some_and(|h| !h.is_empty());
    if (https || demo) && url.username().is_empty() && url.password().is_none() {
        Ok(url)
    } else {
        Err(refused())
    }
}

/// A share link for a file or folder: the existing one if Dropbox already has one
/// (`shared_link_already_exists`), otherwise a new one.
pub async fn share_link(client: &dropbox_client::Client, path: &str) -> Result<String, CoreError> {
    if !path.starts_with('/') {
        return Err(CoreError::InvalidInput {
            field: "path",
            message: "Share link: choose a file or folder from the list.".into(),
        });
    }
    let link = dropbox_client::routes::sharing::get_or_create_link(client, path).await?;
    Ok(link.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_the_demo_origin_only() {
        let demo: Url = "http://127.0.0.1:4100".parse().unwrap();
        assert!(external_url("https://www.dropbox.com/request/abc", None).is_ok());
        assert!(external_url("http://127.0.0.1:4100/request/abc", Some(&demo)).is_ok());
        for bad in [
            "http://127.0.0.1:4100/request/abc",
            "http://127.0.0.1:4101/x",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<script>",
            "https://user:pass@evil.example/",
            "ftp://x/",
            "not a url",
        ] {
            let demo_for_other = (bad.contains("4101")).then_some(&demo);
            let err = external_url(bad, demo_for_other).unwrap_err();
            assert_eq!(err.field(), Some("url"), "{bad}");
        }
    }
}
