use serde::Deserialize;

/// `users.FullAccount` (the fields Dropdesk reads; unknown fields are ignored).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct FullAccount {
    pub account_id: String,
    pub name: Name,
    pub email: String,
    pub email_verified: bool,
    pub disabled: bool,
    pub locale: String,
    pub account_type: AccountType,
    pub root_info: RootInfo,
    #[serde(default)]
    pub country: Option<String>,
    /// `users.FullTeam`: the team a business account belongs to.
    #[serde(default)]
    pub team: Option<Team>,
}

/// `users.Team` (the fields Dropdesk reads of `users.FullTeam`).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Team {
    pub id: String,
    pub name: String,
}

/// `users.Name`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Name {
    pub given_name: String,
    pub surname: String,
    pub familiar_name: String,
    pub display_name: String,
    pub abbreviated_name: String,
}

/// `users_common.AccountType` (closed union).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum AccountType {
    Basic,
    Pro,
    Business,
}

/// `common.RootInfo`, a struct with enumerated subtypes: `user` or `team`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum RootInfo {
    User {
        root_namespace_id: String,
        home_namespace_id: String,
    },
    Team {
        root_namespace_id: String,
        home_namespace_id: String,
        home_path: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_team_members_account_with_fields_we_do_not_read() {
        let json = r#"{
            "account_id": "dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc",
            "name": {"given_name": "Franz", "surname": "Ferdinand", "familiar_name": "Franz",
                     "display_name": "Franz Ferdinand (Personal)", "abbreviated_name": "FF"},
            "email": "franz@dropbox.com", "email_verified": true, "disabled": false,
            "locale": "en", "referral_link": "https://db.tt/ZITNuhtI", "is_paired": true,
            "account_type": {".tag": "business"},
            "root_info": {".tag": "team", "root_namespace_id": "3235641",
                          "home_namespace_id": "3235641", "home_path": "/Franz Ferdinand"},
            "country": "US",
            "team": {"id": "dbtid:AAFdgehTzw7WlXhZJsbGCLePe8RvQGYDr-I", "name": "Acme, Inc."}
        }"#;
        let account: FullAccount = serde_json::from_str(json).unwrap();
        assert_eq!(account.account_type, AccountType::Business);
        assert!(
            matches!(account.root_info, RootInfo::Team { ref home_path, .. } if home_path == "/Franz Ferdinand")
        );
        assert_eq!(account.team.map(|t| t.name).as_deref(), Some("Acme, Inc."));
    }
}

/// `users.UserFeature`: a feature to ask about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum UserFeature {
    /// Whether Paper docs are files (reachable through `files/*`).
    PaperAsFiles,
    FileLocking,
    TeamSharedDropbox,
    DistinctMemberHome,
}

/// The value of a boolean feature (`PaperAsFilesValue` and friends; open unions).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum FeatureFlag {
    Enabled {
        enabled: bool,
    },
    #[serde(other)]
    Other,
}

/// `users.UserFeatureValue` (open union): a feature and its value.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum UserFeatureValue {
    PaperAsFiles {
        paper_as_files: FeatureFlag,
    },
    FileLocking {
        file_locking: FeatureFlag,
    },
    TeamSharedDropbox {
        team_shared_dropbox: FeatureFlag,
    },
    DistinctMemberHome {
        distinct_member_home: FeatureFlag,
    },
    #[serde(other)]
    Other,
}

/// `users.UserFeaturesGetValuesBatchError` (open union).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = ".tag", rename_all = "snake_case")]
pub enum UserFeaturesGetValuesBatchError {
    EmptyFeaturesList,
    #[serde(other)]
    Other,
}
