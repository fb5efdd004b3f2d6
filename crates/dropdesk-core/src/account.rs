//! The signed-in account, as the UI shows it.

use dropbox_client::Client;
use dropbox_client::routes::users;
use dropbox_client::types::users::{AccountType, FullAccount};
use serde::Serialize;
use ts_rs::TS;

use crate::error::CoreError;

/// The account shown in the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AccountView {
    pub display_name: String,
    pub email: String,
    pub plan: Plan,
    /// The team of a business account (`University of Example`).
    pub team: Option<String>,
    /// A team member's own folder in the team space (`/Ada Lovelace`): paths start at the team
    /// space, with this folder beside the team folders.
    pub own_folder: Option<String>,
}

/// The account's Dropbox plan. Deadlines on file requests need a paid one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Plan {
    Basic,
    Pro,
    Business,
}

impl From<&FullAccount> for AccountView {
    fn from(account: &FullAccount) -> Self {
        Self {
            display_name: account.name.display_name.clone(),
            email: account.email.clone(),
            plan: match account.account_type {
                AccountType::Basic => Plan::Basic,
                AccountType::Pro => Plan::Pro,
                AccountType::Business => Plan::Business,
            },
            team: account.team.as_ref().map(|t| t.name.clone()),
            own_folder: crate::space::Space::of(account)
                .own_folder()
                .map(str::to_owned),
        }
    }
}

/// Asks Dropbox who is signed in.
pub async fn current_account(client: &Client) -> Result<AccountView, CoreError> {
    let account = users::get_current_account(client).await?;
    Ok(AccountView::from(&account))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use dropbox_client::{AccessToken, Hosts};
    use dropbox_emulator::Emulator;

    #[tokio::test]
    async fn current_account_is_the_demo_professor() {
        let emulator = Emulator::builder().spawn().await.unwrap();
        let token = emulator.control().issue_token().await.unwrap();
        let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
        let client = Client::new(hosts, AccessToken::new(token.access_token));

        let view = current_account(&client).await.unwrap();

        assert_eq!(
            view,
            AccountView {
                display_name: "Ada Lovelace".into(),
                email: "ada.lovelace@university.example".into(),
                plan: Plan::Pro,
                team: None,
                own_folder: None,
            }
        );
    }

    #[tokio::test]
    async fn a_rejected_token_asks_the_user_to_sign_in_again() {
        let emulator = Emulator::builder().spawn().await.unwrap();
        let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
        let client = Client::new(hosts, AccessToken::new("sl.Revoked"));

        let err = current_account(&client).await.unwrap_err();

        assert_eq!(err.code(), ErrorCode::SignInExpired);
    }
}
