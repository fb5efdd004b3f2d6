//! The emulator's state: accounts and the access tokens issued for them.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use rand::Rng;
use rand::distr::Alphanumeric;

use crate::model::account::FullAccount;

pub(crate) struct Store {
    state: Mutex<State>,
}

struct State {
    account: FullAccount,
    tokens: HashMap<String, TokenRecord>,
}

struct TokenRecord {
    expires_at: SystemTime,
}

/// Why a presented access token is not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Unknown,
    Expired,
}

impl Store {
    pub(crate) fn new(account: FullAccount) -> Self {
        Self {
            state: Mutex::new(State {
                account,
                tokens: HashMap::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half-written, so keep serving.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn account(&self) -> FullAccount {
        self.lock().account.clone()
    }

    /// Issues a short-lived access token shaped like Dropbox's (`sl.` and opaque characters).
    pub(crate) fn issue_token(&self, now: SystemTime, ttl: Duration) -> String {
        let body: String = rand::rng()
            .sample_iter(&Alphanumeric)
            .take(136)
            .map(char::from)
            .collect();
        let token = format!("sl.{body}");
        self.lock().tokens.insert(
            token.clone(),
            TokenRecord {
                expires_at: now + ttl,
            },
        );
        token
    }

    /// Checks a bearer token and returns the account it belongs to.
    pub(crate) fn authenticate(
        &self,
        token: &str,
        now: SystemTime,
    ) -> Result<FullAccount, TokenProblem> {
        let state = self.lock();
        let record = state.tokens.get(token).ok_or(TokenProblem::Unknown)?;
        if now >= record.expires_at {
            return Err(TokenProblem::Expired);
        }
        Ok(state.account.clone())
    }
}
