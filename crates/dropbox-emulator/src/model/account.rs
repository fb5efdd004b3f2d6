use serde::{Deserialize, Serialize};

/// `users.AccountType` (closed union), serialized as `{".tag": "pro"}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum AccountType {
    /// Free: file requests without deadlines.
    Basic,
    /// Professional.
    #[default]
    Pro,
    /// A member of a team (a university on Dropbox Education): the team space is the root
    /// namespace and the member's own folder is one folder in it.
    Business,
}

impl std::str::FromStr for AccountType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "basic" => Ok(Self::Basic),
            "pro" => Ok(Self::Pro),
            "business" => Ok(Self::Business),
            other => Err(format!(
                "unknown account type {other:?}: use \"basic\", \"pro\" or \"business\""
            )),
        }
    }
}

/// `users.Name`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Name {
    pub given_name: String,
    pub surname: String,
    pub familiar_name: String,
    pub display_name: String,
    pub abbreviated_name: String,
}

impl Name {
    pub fn new(given_name: &str, surname: &str) -> Self {
        let initial = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
        Self {
            given_name: given_name.to_owned(),
            surname: surname.to_owned(),
            familiar_name: given_name.to_owned(),
            display_name: format!("{given_name} {surname}"),
            abbreviated_name: format!("{}{}", initial(given_name), initial(surname)),
        }
    }
}

/// `common.RootInfo` with its enumerated subtype tag (`user` here; `team` comes with team spaces).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum RootInfo {
    User {
        root_namespace_id: String,
        home_namespace_id: String,
    },
    /// A team member whose team space is a separate root namespace.
    Team {
        root_namespace_id: String,
        home_namespace_id: String,
        home_path: String,
    },
}

impl RootInfo {
    pub fn root_namespace_id(&self) -> &str {
        match self {
            RootInfo::User {
                root_namespace_id, ..
            }
            | RootInfo::Team {
                root_namespace_id, ..
            } => root_namespace_id,
        }
    }

    pub fn home_namespace_id(&self) -> &str {
        match self {
            RootInfo::User {
                home_namespace_id, ..
            }
            | RootInfo::Team {
                home_namespace_id, ..
            } => home_namespace_id,
        }
    }

    /// Where the member's home folder sits in the root namespace (`""` for personal accounts).
    pub fn home_path(&self) -> &str {
        match self {
            RootInfo::User { .. } => "",
            RootInfo::Team { home_path, .. } => home_path,
        }
    }
}

/// `users.FullAccount`: what `users/get_current_account` returns.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FullAccount {
    pub account_id: String,
    pub name: Name,
    pub email: String,
    pub email_verified: bool,
    pub disabled: bool,
    pub locale: String,
    pub referral_link: String,
    pub is_paired: bool,
    pub account_type: AccountType,
    pub root_info: RootInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// `users.FullTeam`, for team members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_member_id: Option<String>,
}
