//! OAuth state: authorization codes, refresh tokens and short-lived access tokens.

use std::collections::HashMap;

use rand::Rng;
use rand::distr::Alphanumeric;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Tokens {
    access: HashMap<String, AccessRecord>,
    refresh: HashMap<String, RefreshRecord>,
    codes: HashMap<String, CodeRecord>,
    /// How many `refresh_token` grants were served (tests count refreshes through this).
    pub(crate) refreshes: u64,
    /// Access tokens revoked or ended, so a later call with one is known to be this user's.
    #[serde(default, skip_serializing_if = "std::collections::HashSet::is_empty")]
    ended: std::collections::HashSet<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct AccessRecord {
    pub(crate) scopes: Vec<String>,
    pub(crate) expires_at: i64,
    /// The refresh token this access token came from, if any.
    pub(crate) refresh: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct RefreshRecord {
    pub(crate) app_key: String,
    pub(crate) scopes: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct CodeRecord {
    pub(crate) app_key: String,
    pub(crate) redirect_uri: Option<String>,
    pub(crate) code_challenge: String,
    pub(crate) code_challenge_method: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) offline: bool,
    pub(crate) expires_at: i64,
}

/// Why a presented access token is not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TokenProblem {
    Unknown,
    Expired,
}

fn random(prefix: &str, len: usize) -> String {
    let body: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect();
    format!("{prefix}{body}")
}

impl Tokens {
    /// A short-lived access token shaped like Dropbox's (`sl.` and opaque characters).
    pub(crate) fn issue_access(
        &mut self,
        scopes: Vec<String>,
        expires_at: i64,
        refresh: Option<String>,
    ) -> String {
        let token = random("sl.", 136);
        self.access.insert(
            token.clone(),
            AccessRecord {
                scopes,
                expires_at,
                refresh,
            },
        );
        token
    }

    pub(crate) fn issue_refresh(&mut self, app_key: &str, scopes: Vec<String>) -> String {
        let token = random("", 64);
        self.refresh.insert(
            token.clone(),
            RefreshRecord {
                app_key: app_key.to_owned(),
                scopes,
            },
        );
        token
    }

    pub(crate) fn refresh_record(&self, token: &str) -> Option<&RefreshRecord> {
        self.refresh.get(token)
    }

    pub(crate) fn authenticate(
        &self,
        token: &str,
        now: i64,
    ) -> Result<&AccessRecord, TokenProblem> {
        let record = self.access.get(token).ok_or(TokenProblem::Unknown)?;
        if now >= record.expires_at {
            return Err(TokenProblem::Expired);
        }
        Ok(record)
    }

    /// Whether `token` is, or was until it was revoked, one of these access tokens.
    pub(crate) fn knows(&self, token: &str) -> bool {
        self.access.contains_key(token) || self.ended.contains(token)
    }

    /// Disables an access token; if it came from a refresh token, that refresh token and all its
    /// access tokens go too (as Dropbox's `auth/token/revoke` does).
    pub(crate) fn revoke(&mut self, token: &str) {
        let Some(record) = self.access.remove(token) else {
            return;
        };
        self.ended.insert(token.to_owned());
        if let Some(refresh) = record.refresh {
            self.refresh.remove(&refresh);
            let ended = &mut self.ended;
            self.access.retain(|token, other| {
                let sibling = other.refresh.as_deref() == Some(refresh.as_str());
                if sibling {
                    ended.insert(token.clone());
                }
                !sibling
            });
        }
    }

    /// Ends every sign-in: what the user does by disconnecting the app at dropbox.com
    /// (Settings → Connected apps). Every access and refresh token stops working.
    pub(crate) fn revoke_all(&mut self) {
        self.ended
            .extend(self.access.drain().map(|(token, _)| token));
        self.refresh.clear();
    }

    /// Access tokens still accepted at `now`, and refresh tokens not revoked.
    pub(crate) fn live(&self, now: i64) -> (usize, usize) {
        let access = self.access.values().filter(|a| a.expires_at > now).count();
        (access, self.refresh.len())
    }

    pub(crate) fn store_code(&mut self, record: CodeRecord) -> String {
        let code = random("", 43);
        self.codes.insert(code.clone(), record);
        code
    }

    /// Every access token ever issued here (revoked ones too) and every refresh token not
    /// revoked: what a test looks for where no token may be.
    pub(crate) fn issued(&self) -> (Vec<String>, Vec<String>) {
        let mut access: Vec<String> = self.access.keys().chain(&self.ended).cloned().collect();
        access.sort();
        let mut refresh: Vec<String> = self.refresh.keys().cloned().collect();
        refresh.sort();
        (access, refresh)
    }

    /// Whether `code` is one of these (unused) authorization codes.
    pub(crate) fn has_code(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    /// Codes are single-use: taking one removes it.
    pub(crate) fn take_code(&mut self, code: &str) -> Option<CodeRecord> {
        self.codes.remove(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revoking_a_refreshed_token_revokes_its_refresh_token_and_siblings() {
        let mut tokens = Tokens::default();
        let refresh = tokens.issue_refresh("key", vec![]);
        let a = tokens.issue_access(vec![], 100, Some(refresh.clone()));
        let b = tokens.issue_access(vec![], 100, Some(refresh.clone()));
        let other = tokens.issue_access(vec![], 100, None);

        tokens.revoke(&a);

        assert_eq!(
            tokens.authenticate(&b, 0).unwrap_err(),
            TokenProblem::Unknown
        );
        assert!(tokens.refresh_record(&refresh).is_none());
        assert!(tokens.authenticate(&other, 0).is_ok());
    }

    #[test]
    fn tokens_expire_at_their_time_and_codes_are_single_use() {
        let mut tokens = Tokens::default();
        let token = tokens.issue_access(vec![], 100, None);
        assert!(tokens.authenticate(&token, 99).is_ok());
        assert_eq!(
            tokens.authenticate(&token, 100).unwrap_err(),
            TokenProblem::Expired
        );
        let code = tokens.store_code(CodeRecord {
            app_key: "k".into(),
            redirect_uri: None,
            code_challenge: "c".into(),
            code_challenge_method: "S256".into(),
            scopes: vec![],
            offline: true,
            expires_at: 10,
        });
        assert!(tokens.take_code(&code).is_some());
        assert!(tokens.take_code(&code).is_none());
    }
}
