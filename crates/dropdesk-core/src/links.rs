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

/// Where Dropbox's website shows the folder `path`: `<web>/home` and the path, each name
/// percent-encoded (`/Courses/CS101/Homework 3` → `…/home/Courses/CS101/Homework%203`).
pub fn folder_on_web(web: &Url, path: &str) -> Result<Url, CoreError> {
    if !path.starts_with('/') {
        return Err(CoreError::InvalidInput {
            field: "path",
            message: format!("Folder: {path} is not a Dropbox path (it starts with /)."),
        });
    }
    let mut url = web.clone();
    url.set_path("/home");
    url.set_query(None);
    url.set_fragment(None);
    url.path_segments_mut()
        .map_err(|()| CoreError::Internal(format!("{web} cannot hold a path")))?
        .extend(path.split('/').filter(|name| !name.is_empty()));
    Ok(url)
}

/// What to do when the window is asked to go to `url`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Navigation {
    /// The app's own pages.
    Stay,
    /// An https address: the system browser opens it; the window stays where it is.
    OpenOutside(Url),
    /// Anything else: nothing happens.
    Refuse,
}

/// The window shows the app and nothing else: a link followed, a form sent or a script's
/// `location` change to anywhere but the app's own origin leaves the window as it is.
pub fn navigation(url: &Url) -> Navigation {
    // Linux and macOS serve the app as tauri://localhost, Windows as http(s)://tauri.localhost;
    // neither has a port (one with a port would be a server on this computer).
    let no_port = url.port().is_none();
    let app = match url.scheme() {
        "tauri" => cfg!(not(windows)) && url.host_str() == Some("localhost") && no_port,
        "http" | "https" => cfg!(windows) && url.host_str() == Some("tauri.localhost") && no_port,
        "about" => url.path() == "blank",
        _ => false,
    };
    if app {
        return Navigation::Stay;
    }
    match external_url(url.as_str(), None) {
        Ok(url) => Navigation::OpenOutside(url),
        Err(_) => Navigation::Refuse,
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
    use dropbox_client::Error;
    use dropbox_client::types::sharing::CreateSharedLinkWithSettingsError as Refused;
    let link = dropbox_client::routes::sharing::get_or_create_link(client, path)
        .await
        .map_err(|error| match error {
            Error::Route(Refused::Path { path }) => crate::lookup::lookup_refused(&path),
            Error::Route(Refused::EmailNotVerified) => CoreError::Dropbox(
                "Verify your email address with Dropbox first, then copy the link again.".into(),
            ),
            Error::Route(Refused::AccessDenied | Refused::BannedMember) => CoreError::Dropbox(
                "Your Dropbox team doesn't allow share links for this. Ask your team's admin."
                    .into(),
            ),
            Error::Route(Refused::TooManySharedFolders) => CoreError::Dropbox(
                "This account has as many shared folders as Dropbox allows. Unshare one first."
                    .into(),
            ),
            other => other.into(),
        })?;
    Ok(link.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_stays_on_the_app_and_https_goes_to_the_browser() {
        let go = |text: &str| navigation(&Url::parse(text).unwrap());
        if cfg!(windows) {
            assert_eq!(go("http://tauri.localhost/"), Navigation::Stay);
        } else {
            assert_eq!(go("tauri://localhost/index.html"), Navigation::Stay);
            assert_eq!(go("http://tauri.localhost/"), Navigation::Refuse);
        }
        assert_eq!(go("about:blank"), Navigation::Stay);
        assert_eq!(
            go("https://phish.example/sign-in"),
            Navigation::OpenOutside(Url::parse("https://phish.example/sign-in").unwrap())
        );
        for refused in [
            "http://evil.example/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "data:text/html,<script>x</script>",
            "tauri://evil.example/",
            "tauri://localhost:8080/",
            "http://tauri.localhost:8080/",
            "https://user:pw@x.example/",
            "about:srcdoc",
        ] {
            assert_eq!(go(refused), Navigation::Refuse, "{refused}");
        }
    }

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

    #[test]
    fn a_folder_opens_at_home_with_each_name_encoded() {
        let web = Url::parse("https://www.dropbox.com").unwrap();
        assert_eq!(
            folder_on_web(&web, "/Courses/CS101/Homework 3 #2?")
                .unwrap()
                .as_str(),
            "https://www.dropbox.com/home/Courses/CS101/Homework%203%20%232%3F"
        );
        assert_eq!(
            folder_on_web(&web, "/").unwrap().as_str(),
            "https://www.dropbox.com/home"
        );
        let demo = Url::parse("http://127.0.0.1:4000/").unwrap();
        assert_eq!(
            folder_on_web(&demo, "/Ünïcode/a%b").unwrap().as_str(),
            "http://127.0.0.1:4000/home/%C3%9Cn%C3%AFcode/a%25b"
        );
        assert_eq!(
            folder_on_web(&web, "Courses").unwrap_err().field(),
            Some("path")
        );
    }
}
