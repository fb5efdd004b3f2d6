use crate::client::Client;
use crate::error::{Error, VoidError};
use crate::retry::Replay;
use crate::types::users::{
    FullAccount, UserFeature, UserFeatureValue, UserFeaturesGetValuesBatchError,
};
use crate::wire::rpc;

/// `users/get_current_account`: the signed-in account.
pub async fn get_current_account(client: &Client) -> Result<FullAccount, Error<VoidError>> {
    rpc(client, "users/get_current_account", &(), Replay::Safe).await
}

/// `users/features/get_values`: the values of the given features, in order.
pub async fn features_get_values(
    client: &Client,
    features: &[UserFeature],
) -> Result<Vec<UserFeatureValue>, Error<UserFeaturesGetValuesBatchError>> {
    #[derive(serde::Deserialize)]
    struct Values {
        values: Vec<UserFeatureValue>,
    }
    let values: Values = rpc(
        client,
        "users/features/get_values",
        &serde_json::json!({ "features": features }),
        Replay::Safe,
    )
    .await?;
    Ok(values.values)
}
