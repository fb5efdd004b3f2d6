//! Starting states for the emulator.

mod demo;

use std::str::FromStr;
use std::sync::Arc;

use crate::model::account::{AccountType, FullAccount, Name, RootInfo};
use crate::store::State;

/// Which world the emulator starts with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Seed {
    /// A professor's account with a course: homework requests with submissions (some late),
    /// Paper notes and shared links. What Dropdesk's demo mode shows.
    #[default]
    Demo,
    /// A fresh account with nothing in it.
    Empty,
}

impl FromStr for Seed {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "demo" => Ok(Self::Demo),
            "empty" => Ok(Self::Empty),
            other => Err(format!("unknown seed {other:?}: use \"demo\" or \"empty\"")),
        }
    }
}

/// A seeded state and the file contents it refers to.
pub(crate) struct Seeded {
    pub(crate) state: State,
    pub(crate) blobs: Vec<(String, Arc<[u8]>)>,
}

impl Seed {
    /// The starting state, with times relative to `now` (so deadlines are "next week").
    pub(crate) fn state(self, account_type: AccountType, now: i64, base_url: &str) -> Seeded {
        let _ = base_url;
        let mut seeded = match self {
            Seed::Demo => demo::seed(account(self, account_type), now),
            Seed::Empty => Seeded {
                state: State::new(account(self, account_type)),
                blobs: Vec::new(),
            },
        };
        // A team member's home is a folder of the team space; it always exists.
        let state = &mut seeded.state;
        let home = state.account.root_info.home_path().to_owned();
        if !home.is_empty() {
            let _ = state.files.ensure_folder(&home, &mut state.ids);
        }
        seeded
    }
}

/// Another user for `state` (control API): a personal account with an empty Dropbox, or,
/// with `team`, a second member of the seeded user's team, whose own folder is made in the
/// shared team space. Ids follow the number of users, so they are repeatable too.
pub(crate) fn add_user(
    state: &mut State,
    display_name: &str,
    email: &str,
    account_type: AccountType,
    team: bool,
) -> Result<String, String> {
    let number = state.user_count();
    let (given, surname) = display_name
        .trim()
        .split_once(' ')
        .unwrap_or((display_name.trim(), ""));
    if given.is_empty() {
        return Err("name: give the user a name, like \"Grace Hopper\"".into());
    }
    if !email.contains('@') {
        return Err(format!("email: {email:?} is not an email address"));
    }
    let taken = (0..number).any(|user| {
        state
            .account_of(user)
            .is_some_and(|a| a.email.eq_ignore_ascii_case(email))
    });
    if taken {
        return Err(format!("email: a user with {email} exists already"));
    }
    let name = Name::new(given, surname);
    let namespace = (3_235_641 + 1_000 * number).to_string();
    let letters: String = display_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let mut account = FullAccount {
        account_id: account_id(&format!("AAUser{number}{letters}")),
        ..state.account.clone()
    };
    account.name = name.clone();
    account.email = email.to_owned();
    account.referral_link = format!("https://www.dropbox.com/referrals/AAU{number}");
    let files = if team {
        let RootInfo::Team {
            root_namespace_id, ..
        } = &state.account.root_info
        else {
            return Err(
                "team: the seeded user is not in a team; start with --account-type business".into(),
            );
        };
        let home = format!("/{}", name.display_name);
        account.root_info = RootInfo::Team {
            root_namespace_id: root_namespace_id.clone(),
            home_namespace_id: namespace,
            home_path: home.clone(),
        };
        account.account_type = AccountType::Business;
        account.team_member_id = Some(format!("dbmid:AAMember{number:0>27}"));
        state
            .files
            .ensure_folder(&home, &mut state.ids)
            .map_err(|_| format!("name: {home} is taken in the team space by a file"))?;
        None
    } else {
        if account_type == AccountType::Business {
            return Err("account_type: a business account is a team member; set \"team\"".into());
        }
        account.root_info = RootInfo::User {
            root_namespace_id: namespace.clone(),
            home_namespace_id: namespace,
        };
        account.account_type = account_type;
        account.team = None;
        account.team_member_id = None;
        Some(crate::store::Tree::default())
    };
    let id = account.account_id.clone();
    state.others.push(crate::store::Parked {
        account,
        files,
        file_requests: Vec::new(),
        shared_links: Vec::new(),
        tokens: crate::store::Tokens::default(),
    });
    Ok(id)
}

/// The account that signs in. Ids are fixed so that tests and screenshots are repeatable.
fn account(seed: Seed, account_type: AccountType) -> FullAccount {
    let (name, email, id_suffix, namespace) = match seed {
        Seed::Demo => (
            Name::new("Ada", "Lovelace"),
            "ada.lovelace@university.example",
            "AADemoProfessorAdaLovelace000000",
            "3235641",
        ),
        Seed::Empty => (
            Name::new("Sam", "Example"),
            "sam@example.com",
            "AAEmptyAccountSamExample00000000",
            "1000001",
        ),
    };
    let team_member = account_type == AccountType::Business;
    let root_info = if team_member {
        // The team space (a university) is the root; the member's home is a folder in it.
        RootInfo::Team {
            root_namespace_id: TEAM_NAMESPACE.to_owned(),
            home_namespace_id: namespace.to_owned(),
            home_path: format!("/{}", name.display_name),
        }
    } else {
        RootInfo::User {
            root_namespace_id: namespace.to_owned(),
            home_namespace_id: namespace.to_owned(),
        }
    };
    FullAccount {
        account_id: account_id(id_suffix),
        root_info,
        team: team_member.then(team),
        team_member_id: team_member.then(|| "dbmid:AADemoMember000000000000000000000".to_owned()),
        name,
        email: email.to_owned(),
        email_verified: true,
        disabled: false,
        locale: "en".to_owned(),
        referral_link: "https://www.dropbox.com/referrals/AAD3mo".to_owned(),
        is_paired: false,
        account_type,
        country: Some("GB".to_owned()),
    }
}

/// The team space's namespace id, for business accounts.
const TEAM_NAMESPACE: &str = "5000001";

/// `users.FullTeam` of the demo university, with the policies the spec requires.
fn team() -> serde_json::Value {
    serde_json::json!({
        "id": "dbtid:AADemoUniversityOfExample000000000",
        "name": "University of Example",
        "sharing_policies": {
            "shared_folder_member_policy": { ".tag": "anyone" },
            "shared_folder_join_policy": { ".tag": "from_anyone" },
            "shared_link_create_policy": { ".tag": "default_public" },
            "group_creation_policy": { ".tag": "admins_only" },
            "shared_folder_link_restriction_policy": { ".tag": "anyone" },
            "enforce_link_password_policy": { ".tag": "optional" },
            "default_link_expiration_days_policy": { ".tag": "none" },
            "shared_link_default_permissions_policy": { ".tag": "default" }
        },
        "office_addin_policy": { ".tag": "disabled" },
        "top_level_content_policy": { ".tag": "admin_only" }
    })
}

/// `users_common.AccountId` is exactly 40 characters: `dbid:` and 35 more.
fn account_id(suffix: &str) -> String {
    let mut id = format!("dbid:{suffix}");
    id.truncate(40);
    while id.len() < 40 {
        id.push('0');
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_account_ids_have_the_length_dropbox_uses() {
        for seed in [Seed::Demo, Seed::Empty] {
            let id = account(seed, AccountType::Pro).account_id;
            assert_eq!(id.len(), 40, "{id}");
            assert!(id.starts_with("dbid:"), "{id}");
        }
    }

    #[test]
    fn seeds_parse_from_their_cli_names_and_reject_others() {
        assert_eq!("demo".parse::<Seed>(), Ok(Seed::Demo));
        assert_eq!("empty".parse::<Seed>(), Ok(Seed::Empty));
        assert!("full".parse::<Seed>().unwrap_err().contains("\"full\""));
    }
}
