//! `Dropbox-API-Path-Root`: which namespace a call's paths are relative to.
//!
//! A team member's paths are relative to their home folder by default; the team folders live
//! beside it, in the team's root namespace. A client made with [`PathRoot::Root`] sees the
//! whole team space, so team folders can be browsed and used as destinations.

use serde::{Deserialize, Serialize};

use crate::types::users::RootInfo;

/// `common.PathRoot`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum PathRoot {
    /// The member's home folder (what a call without the header sees).
    Home,
    /// The root namespace; Dropbox answers `invalid_root` when this is not the account's root.
    Root { root: String },
    /// Any namespace the account can reach.
    NamespaceId { namespace_id: String },
}

impl PathRoot {
    /// The root that shows all of an account's content: the team space for a team member,
    /// `None` (no header needed) when the home folder is the root.
    pub fn for_account(root_info: &RootInfo) -> Option<Self> {
        match root_info {
            RootInfo::Team {
                root_namespace_id, ..
            } => Some(Self::Root {
                root: root_namespace_id.clone(),
            }),
            RootInfo::User { .. } => None,
        }
    }

    /// The header's value: the union as JSON (ASCII, since namespace ids are digits).
    pub(crate) fn header_value(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| unreachable!("a PathRoot encodes: {e}"))
    }
}

/// `common.PathRootError`, sent with HTTP 422 (open union).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum PathRootError {
    /// The root asked for is not the account's root; here is the right one (the account moved
    /// to or from a team, say). Ask again with [`PathRoot::for_account`] of this.
    InvalidRoot { invalid_root: RootInfo },
    /// The account may not read that namespace.
    NoPermission,
    #[serde(other)]
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_as_the_stone_union() {
        let root = PathRoot::Root { root: "500".into() };
        assert_eq!(root.header_value(), r#"{".tag":"root","root":"500"}"#);
        assert_eq!(PathRoot::Home.header_value(), r#"{".tag":"home"}"#);
        let ns = PathRoot::NamespaceId {
            namespace_id: "77".into(),
        };
        assert_eq!(
            ns.header_value(),
            r#"{".tag":"namespace_id","namespace_id":"77"}"#
        );
    }

    #[test]
    fn decodes_invalid_root_with_the_right_root() {
        let json = r#"{".tag":"invalid_root","invalid_root":{".tag":"team",
            "root_namespace_id":"500","home_namespace_id":"77","home_path":"/Ada"}}"#;
        let error: PathRootError = serde_json::from_str(json).unwrap();
        let PathRootError::InvalidRoot { invalid_root } = error else {
            panic!("expected invalid_root, got {error:?}");
        };
        assert_eq!(
            PathRoot::for_account(&invalid_root),
            Some(PathRoot::Root { root: "500".into() })
        );
    }

    #[test]
    fn a_personal_account_needs_no_header() {
        let user = RootInfo::User {
            root_namespace_id: "1".into(),
            home_namespace_id: "1".into(),
        };
        assert_eq!(PathRoot::for_account(&user), None);
    }
}
