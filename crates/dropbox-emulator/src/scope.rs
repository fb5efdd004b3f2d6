//! `Dropbox-API-Path-Root`: which namespace a call's paths are relative to. Personal accounts
//! have one namespace. A team member's root namespace is the team space, and their home folder
//! is one folder in it: by default paths are relative to that home, and with the header they
//! can name the team space itself.

use axum::http::HeaderMap;
use serde_json::{Value, json};

use crate::errors::ApiError;
use crate::model::account::RootInfo;
use crate::store::lower;
use crate::wire::union::Tagged;

/// The namespace a call works in, as a prefix of paths in the (root namespace) tree.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    /// Display path of the scope's root in the tree: `""` for the root namespace.
    prefix: String,
    root_namespace: String,
    home_namespace: String,
    home_path: String,
}

impl Scope {
    /// The scope a call asked for, with Dropbox's 400 (unreadable header) and 422 errors.
    pub(crate) fn from_headers(
        route: &str,
        headers: &HeaderMap,
        root_info: &RootInfo,
    ) -> Result<Self, ApiError> {
        let home = Self {
            prefix: root_info.home_path().to_owned(),
            root_namespace: root_info.root_namespace_id().to_owned(),
            home_namespace: root_info.home_namespace_id().to_owned(),
            home_path: root_info.home_path().to_owned(),
        };
        let Some(raw) = headers.get("dropbox-api-path-root") else {
            return Ok(home);
        };
        let value: Value = serde_json::from_slice(raw.as_bytes()).map_err(|_| {
            ApiError::bad_input(
                route,
                "HTTP header \"Dropbox-API-Path-Root\": could not decode input as JSON",
            )
        })?;
        let tagged = Tagged::read(&value).ok_or_else(|| {
            ApiError::bad_input(
                route,
                "HTTP header \"Dropbox-API-Path-Root\": expected a union",
            )
        })?;
        let namespace = |key: &str| {
            tagged
                .fields
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| {
                    ApiError::bad_input(
                        route,
                        format!("HTTP header \"Dropbox-API-Path-Root\": missing \"{key}\""),
                    )
                })
        };
        let in_root = Self {
            prefix: String::new(),
            ..home.clone()
        };
        match tagged.tag.as_str() {
            "home" => Ok(home),
            "root" => {
                if namespace("root")? == home.root_namespace {
                    Ok(in_root)
                } else {
                    Err(invalid_root(root_info))
                }
            }
            "namespace_id" => {
                let ns = namespace("namespace_id")?;
                if ns == home.root_namespace {
                    Ok(in_root)
                } else if ns == home.home_namespace {
                    Ok(home)
                } else {
                    Err(ApiError::PathRoot(json!({ ".tag": "no_permission" })))
                }
            }
            other => Err(ApiError::bad_input(
                route,
                format!("HTTP header \"Dropbox-API-Path-Root\": unknown tag \"{other}\""),
            )),
        }
    }

    /// The account's home, as a call without the header sees it.
    pub(crate) fn home_of(root_info: &RootInfo) -> Self {
        Self {
            prefix: root_info.home_path().to_owned(),
            root_namespace: root_info.root_namespace_id().to_owned(),
            home_namespace: root_info.home_namespace_id().to_owned(),
            home_path: root_info.home_path().to_owned(),
        }
    }

    /// The tree path of a path given in this scope (`/a/b`).
    pub(crate) fn tree_path(&self, path: &str) -> String {
        format!("{}{path}", self.prefix)
    }

    /// The tree path of the scope's root (`""` for the tree's root).
    pub(crate) fn root(&self) -> &str {
        &self.prefix
    }

    /// The tree path for an `ns:<id>` path, if this account can reach that namespace.
    pub(crate) fn namespace_path(&self, namespace: &str, rest: &str) -> Option<String> {
        if namespace == self.root_namespace {
            Some(rest.to_owned())
        } else if namespace == self.home_namespace {
            Some(format!("{}{rest}", self.home_path))
        } else {
            None
        }
    }

    /// A tree path as this scope shows it: relative to the scope's root when inside it.
    pub(crate) fn visible<'a>(&self, tree_path: &'a str) -> &'a str {
        if self.prefix.is_empty() {
            return tree_path;
        }
        // Byte offsets only where they are character boundaries: paths are user text.
        match (
            tree_path.get(..self.prefix.len()),
            tree_path.get(self.prefix.len()..),
        ) {
            (Some(head), Some(rest))
                if rest.starts_with('/') && lower(head) == lower(&self.prefix) =>
            {
                rest
            }
            _ => tree_path,
        }
    }
}

/// 422 `invalid_root`, carrying the account's real root so the client can correct itself.
fn invalid_root(root_info: &RootInfo) -> ApiError {
    let root = serde_json::to_value(root_info).unwrap_or(Value::Null);
    ApiError::PathRoot(json!({ ".tag": "invalid_root", "invalid_root": root }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn team() -> RootInfo {
        RootInfo::Team {
            root_namespace_id: "500".into(),
            home_namespace_id: "77".into(),
            home_path: "/Ada Lovelace".into(),
        }
    }

    fn headers(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("dropbox-api-path-root", value.parse().unwrap());
        headers
    }

    #[test]
    fn a_team_member_works_in_their_home_folder_unless_the_header_names_the_team_space() {
        let home = Scope::from_headers("r", &HeaderMap::new(), &team()).unwrap();
        assert_eq!(home.tree_path("/hw"), "/Ada Lovelace/hw");
        assert_eq!(home.visible("/ada lovelace/hw/x.pdf"), "/hw/x.pdf");
        assert_eq!(home.visible("/Department/x"), "/Department/x");
        let root =
            Scope::from_headers("r", &headers(r#"{".tag":"root","root":"500"}"#), &team()).unwrap();
        assert_eq!(root.tree_path("/Department"), "/Department");
        let by_ns = Scope::from_headers(
            "r",
            &headers(r#"{".tag":"namespace_id","namespace_id":"77"}"#),
            &team(),
        )
        .unwrap();
        assert_eq!(by_ns.root(), "/Ada Lovelace");
        assert_eq!(
            root.namespace_path("77", "/x").as_deref(),
            Some("/Ada Lovelace/x")
        );
    }

    #[test]
    fn wrong_roots_are_422_with_the_real_root_and_garbage_is_400() {
        let wrong = Scope::from_headers("r", &headers(r#"{".tag":"root","root":"1"}"#), &team());
        assert!(
            matches!(wrong, Err(ApiError::PathRoot(ref v)) if v["invalid_root"]["root_namespace_id"] == "500")
        );
        let other = Scope::from_headers(
            "r",
            &headers(r#"{".tag":"namespace_id","namespace_id":"9"}"#),
            &team(),
        );
        assert!(matches!(other, Err(ApiError::PathRoot(ref v)) if v[".tag"] == "no_permission"));
        assert!(matches!(
            Scope::from_headers("r", &headers("nonsense"), &team()),
            Err(ApiError::BadInput { .. })
        ));
    }
}
