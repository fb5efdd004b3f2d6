use serde::{Deserialize, Serialize};

/// `users.AccountType` (closed union), serialized as `{".tag": "pro"}`. `business` joins with
/// team spaces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum AccountType {
    /// Free: file requests without deadlines.
    Basic,
    /// Professional.
    #[default]
    Pro,
}

impl std::str::FromStr for AccountType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "basic" => Ok(Self::Basic),
            "pro" => Ok(Self::Pro),
            other => Err(format!(
                "unknown account type {other:?}: use \"basic\" or \"pro\""
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
}
