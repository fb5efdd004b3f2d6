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
        match self {
            Seed::Demo => demo::seed(account(self, account_type), now),
            Seed::Empty => Seeded {
                state: State::new(account(self, account_type)),
                blobs: Vec::new(),
            },
        }
    }
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
    FullAccount {
        account_id: account_id(id_suffix),
        name,
        email: email.to_owned(),
        email_verified: true,
        disabled: false,
        locale: "en".to_owned(),
        referral_link: "https://www.dropbox.com/referrals/AAD3mo".to_owned(),
        is_paired: false,
        account_type,
        root_info: RootInfo::User {
            root_namespace_id: namespace.to_owned(),
            home_namespace_id: namespace.to_owned(),
        },
        country: Some("GB".to_owned()),
    }
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
