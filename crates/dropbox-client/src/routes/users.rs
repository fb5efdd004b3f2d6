use crate::client::Client;
use crate::error::{Error, VoidError};
use crate::retry::Replay;
use crate::types::users::FullAccount;
use crate::wire::rpc;

/// `users/get_current_account`: the signed-in account.
pub async fn get_current_account(client: &Client) -> Result<FullAccount, Error<VoidError>> {
    rpc(client, "users/get_current_account", &(), Replay::Safe).await
}
