use url::Url;

/// Where each of Dropbox's hosts lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hosts {
    /// RPC routes, the Paper upload routes and `/oauth2/token`.
    pub api: Url,
    /// Upload and download routes.
    pub content: Url,
    /// `files/list_folder/longpoll`.
    pub notify: Url,
    /// The browser's consent page, `/oauth2/authorize`.
    pub authorize: Url,
}

impl Hosts {
    /// The real Dropbox.
    pub fn dropbox() -> Self {
        let parse = |s: &str| Url::parse(s).unwrap_or_else(|e| unreachable!("{s}: {e}"));
        Self {
            api: parse("https://api.dropboxapi.com"),
            content: parse("https://content.dropboxapi.com"),
            notify: parse("https://notify.dropboxapi.com"),
            authorize: parse("https://www.dropbox.com"),
        }
    }

    /// Every host on one origin, as the emulator serves them.
    pub fn single_origin(base: &Url) -> Self {
        Self {
            api: base.clone(),
            content: base.clone(),
            notify: base.clone(),
            authorize: base.clone(),
        }
    }

    /// The URL of an API v2 route on the given host, e.g. `users/get_current_account`.
    pub(crate) fn route_url(host: &Url, route: &str) -> Url {
        let mut url = host.clone();
        url.set_path(&format!("/2/{route}"));
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_origin_puts_every_route_on_the_emulator() {
        let base = Url::parse("http://127.0.0.1:4567").unwrap();
        let hosts = Hosts::single_origin(&base);
        assert_eq!(
            Hosts::route_url(&hosts.api, "users/get_current_account").as_str(),
            "http://127.0.0.1:4567/2/users/get_current_account"
        );
        assert_eq!(hosts.content, base);
    }

    #[test]
    fn dropbox_hosts_are_https() {
        let hosts = Hosts::dropbox();
        for url in [hosts.api, hosts.content, hosts.notify, hosts.authorize] {
            assert_eq!(url.scheme(), "https", "{url}");
        }
    }
}
