//! `auth/token/revoke`.

use crate::client::Client;
use crate::error::{Error, VoidError};
use crate::retry::Replay;
use crate::wire::rpc;

/// Signs out: disables the access token and, for a refreshed one, its refresh token.
pub async fn token_revoke(client: &Client) -> Result<(), Error<VoidError>> {
    rpc(client, "auth/token/revoke", &(), Replay::Safe).await
}
