//! Everything the emulator knows, in one serializable value.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::tokens::Tokens;
use super::tree::Tree;
use crate::model::account::FullAccount;

/// The emulator's users: the seeded one in the top-level fields, the others parked in
/// `others`. A call works on its caller's data: the store swaps that user's fields in for
/// the call and back after ([`State::swap`]), so every route reads `data.account`,
/// `data.files` and so on as the caller's.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct State {
    pub(crate) account: FullAccount,
    pub(crate) files: Tree,
    pub(crate) file_requests: Vec<FileRequestRecord>,
    pub(crate) shared_links: Vec<SharedLinkRecord>,
    pub(crate) tokens: Tokens,
    pub(crate) ids: Ids,
    /// Users 1, 2, …; user 0 is the seeded one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) others: Vec<Parked>,
    /// The user the browser is signed in to dropbox.com as: the consent page approves for
    /// them.
    #[serde(default)]
    pub(crate) browser_user: usize,
}

/// A user other than the seeded one, while another user's call runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Parked {
    pub(crate) account: FullAccount,
    /// Their own tree; `None` for a member of the seeded user's team, who shares its space.
    pub(crate) files: Option<Tree>,
    pub(crate) file_requests: Vec<FileRequestRecord>,
    pub(crate) shared_links: Vec<SharedLinkRecord>,
    pub(crate) tokens: Tokens,
}

impl State {
    pub(crate) fn new(account: FullAccount) -> Self {
        Self {
            account,
            files: Tree::default(),
            file_requests: Vec::new(),
            shared_links: Vec::new(),
            tokens: Tokens::default(),
            ids: Ids::default(),
            others: Vec::new(),
            browser_user: 0,
        }
    }

    /// How many users there are.
    pub(crate) fn user_count(&self) -> usize {
        1 + self.others.len()
    }

    /// Exchanges the top-level fields with user `user`'s (a no-op for user 0). Swapping twice
    /// puts everything back.
    pub(crate) fn swap(&mut self, user: usize) {
        let Some(parked) = user.checked_sub(1).and_then(|i| self.others.get_mut(i)) else {
            return;
        };
        std::mem::swap(&mut self.account, &mut parked.account);
        if let Some(files) = &mut parked.files {
            std::mem::swap(&mut self.files, files);
        }
        std::mem::swap(&mut self.file_requests, &mut parked.file_requests);
        std::mem::swap(&mut self.shared_links, &mut parked.shared_links);
        std::mem::swap(&mut self.tokens, &mut parked.tokens);
    }

    /// The tokens of user `user`, wherever they are kept right now (user 0's fields hold
    /// user 0's data: nobody is swapped in).
    pub(crate) fn tokens_of(&self, user: usize) -> Option<&Tokens> {
        match user {
            0 => Some(&self.tokens),
            n => self.others.get(n - 1).map(|p| &p.tokens),
        }
    }

    /// The account of user `user` (nobody swapped in).
    pub(crate) fn account_of(&self, user: usize) -> Option<&FullAccount> {
        match user {
            0 => Some(&self.account),
            n => self.others.get(n - 1).map(|p| &p.account),
        }
    }

    /// The first user for whom `found` holds, with nobody swapped in.
    pub(crate) fn user_where(&self, mut found: impl FnMut(&Tokens) -> bool) -> Option<usize> {
        (0..self.user_count()).find(|&user| self.tokens_of(user).is_some_and(&mut found))
    }

    /// The user whose file request `id` is.
    pub(crate) fn user_with_request(&self, id: &str) -> Option<usize> {
        self.user_owning(|requests, _| requests.iter().any(|r| r.id == id))
    }

    /// The user whose shared link `key` is.
    pub(crate) fn user_with_link(&self, key: &str) -> Option<usize> {
        self.user_owning(|_, links| links.iter().any(|l| l.key == key))
    }

    /// The first user whose requests and links `owns` holds for, with nobody swapped in.
    fn user_owning(
        &self,
        owns: impl Fn(&[FileRequestRecord], &[SharedLinkRecord]) -> bool,
    ) -> Option<usize> {
        if owns(&self.file_requests, &self.shared_links) {
            return Some(0);
        }
        self.others
            .iter()
            .position(|p| owns(&p.file_requests, &p.shared_links))
            .map(|i| i + 1)
    }

    /// Grows whenever any user's tree changes (for longpoll waiters).
    pub(crate) fn change_mark(&self) -> u64 {
        self.files.seq
            + self
                .others
                .iter()
                .filter_map(|p| p.files.as_ref())
                .map(|t| t.seq)
                .sum::<u64>()
    }
}

impl State {
    /// The account's numeric user id (`uid` in token responses).
    pub(crate) fn uid(&self) -> String {
        self.account.root_info.home_namespace_id().to_owned()
    }
}

/// Deterministic ids: the same operations on the same seed give the same ids, so tests and
/// screenshots are repeatable.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Ids {
    next: u64,
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl Ids {
    fn bump(&mut self) -> u64 {
        self.next += 1;
        self.next
    }

    /// `len` characters of `[0-9A-Za-z]`, derived from a counter.
    pub(crate) fn opaque(&mut self, kind: &str, len: usize) -> String {
        let n = self.bump();
        let mut out = String::with_capacity(len);
        let mut round = 0u32;
        while out.len() < len {
            let digest = Sha256::digest(format!("{kind}:{n}:{round}").as_bytes());
            out.extend(
                digest
                    .iter()
                    .map(|b| char::from(BASE62[usize::from(*b) % BASE62.len()])),
            );
            round += 1;
        }
        out.truncate(len);
        out
    }

    /// `id:` and 22 characters, like Dropbox's file ids.
    pub(crate) fn file_id(&mut self) -> String {
        format!("id:{}", self.opaque("file", 22))
    }

    /// A revision: 15 hex digits (the spec wants at least 9).
    pub(crate) fn rev(&mut self) -> String {
        format!("{:015x}", 0x5_d1c0_0000_0000 + self.bump())
    }

    /// A file request id: 20 characters of `[-_0-9a-zA-Z]`.
    pub(crate) fn file_request_id(&mut self) -> String {
        self.opaque("request", 20)
    }
}

/// `file_requests.GracePeriod`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum GracePeriod {
    OneDay,
    TwoDays,
    SevenDays,
    ThirtyDays,
    Always,
}

impl GracePeriod {
    pub(crate) const TAGS: [&'static str; 5] =
        ["one_day", "two_days", "seven_days", "thirty_days", "always"];

    pub(crate) fn from_tag(tag: &str) -> Option<Self> {
        Some(match tag {
            "one_day" => Self::OneDay,
            "two_days" => Self::TwoDays,
            "seven_days" => Self::SevenDays,
            "thirty_days" => Self::ThirtyDays,
            "always" => Self::Always,
            _ => return None,
        })
    }

    pub(crate) fn tag(self) -> &'static str {
        match self {
            Self::OneDay => "one_day",
            Self::TwoDays => "two_days",
            Self::SevenDays => "seven_days",
            Self::ThirtyDays => "thirty_days",
            Self::Always => "always",
        }
    }

    /// How long after the deadline uploads are still accepted; `None` = forever.
    pub(crate) fn seconds(self) -> Option<i64> {
        const DAY: i64 = 86_400;
        match self {
            Self::OneDay => Some(DAY),
            Self::TwoDays => Some(2 * DAY),
            Self::SevenDays => Some(7 * DAY),
            Self::ThirtyDays => Some(30 * DAY),
            Self::Always => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Deadline {
    pub(crate) at: i64,
    pub(crate) grace: Option<GracePeriod>,
}

impl Deadline {
    /// Whether an upload at `now` is accepted, and whether it is late.
    pub(crate) fn admits(&self, now: i64) -> Option<bool> {
        if now <= self.at {
            return Some(false);
        }
        match self.grace {
            None => None,
            Some(grace) => match grace.seconds() {
                None => Some(true),
                Some(secs) if now <= self.at + secs => Some(true),
                Some(_) => None,
            },
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct FileRequestRecord {
    pub(crate) id: String,
    pub(crate) title: String,
    /// Display path of the destination folder.
    pub(crate) destination: String,
    pub(crate) created: i64,
    pub(crate) deadline: Option<Deadline>,
    pub(crate) is_open: bool,
    pub(crate) file_count: i64,
    pub(crate) description: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SharedLinkRecord {
    pub(crate) key: String,
    /// The linked item's file id (links follow moves, as Dropbox's do).
    pub(crate) file_id: String,
    pub(crate) created: i64,
    /// When the link stops working, if ever.
    #[serde(default)]
    pub(crate) expires: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_deterministic_and_shaped_like_dropbox_ids() {
        let (mut a, mut b) = (Ids::default(), Ids::default());
        let id = a.file_request_id();
        assert_eq!(id, b.file_request_id());
        assert_eq!(id.len(), 20);
        assert!(id.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a.file_request_id(), id);
        let rev = a.rev();
        assert!(rev.len() >= 9 && rev.bytes().all(|c| c.is_ascii_hexdigit()));
        assert!(a.file_id().starts_with("id:"));
    }

    #[test]
    fn grace_periods_admit_late_uploads_until_they_run_out() {
        let deadline = Deadline {
            at: 1000,
            grace: Some(GracePeriod::OneDay),
        };
        assert_eq!(deadline.admits(1000), Some(false));
        assert_eq!(deadline.admits(1001), Some(true));
        assert_eq!(deadline.admits(1000 + 86_400), Some(true));
        assert_eq!(deadline.admits(1001 + 86_400), None);
        let strict = Deadline {
            at: 1000,
            grace: None,
        };
        assert_eq!(strict.admits(1001), None);
        let always = Deadline {
            at: 1000,
            grace: Some(GracePeriod::Always),
        };
        assert_eq!(always.admits(i64::MAX), Some(true));
    }
}
