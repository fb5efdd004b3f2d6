//! `users/get_current_account` and `users/features/get_values`.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

use super::call::{Rpc, RpcVoid};
use crate::errors::ApiError;
use crate::shared::{AppState, json_ok};
use crate::wire::union;

/// `users/get_current_account`: Void → FullAccount.
pub(crate) async fn get_current_account(
    State(state): State<AppState>,
    RpcVoid { caller }: RpcVoid,
) -> Result<Response, ApiError> {
    let account = state
        .store
        .read_as(caller.user, |data| data.account.clone());
    Ok(json_ok(&account))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FeaturesArg {
    features: Vec<Value>,
}

const FEATURES: [&str; 4] = [
    "paper_as_files",
    "file_locking",
    "team_shared_dropbox",
    "distinct_member_home",
];

/// `users/features/get_values`: each feature's value, as a union inside a union.
pub(crate) async fn features_get_values(
    State(state): State<AppState>,
    Rpc { route, caller, arg }: Rpc<FeaturesArg>,
) -> Result<Response, ApiError> {
    if arg.features.is_empty() {
        return Err(ApiError::tag("empty_features_list"));
    }
    let team_member = state.store.read_as(caller.user, |data| {
        !data.account.root_info.home_path().is_empty()
    });
    let mut values = Vec::new();
    for feature in &arg.features {
        let tag = union::void_tag(feature, &FEATURES)
            .map_err(|e| ApiError::bad_input(route, format!("request body: features: {e}")))?;
        // Paper docs are files on this account; a team member has a team space with a
        // distinct home, which the team features report.
        let enabled = if tag == "paper_as_files" {
            state.config.paper_as_files
        } else {
            team_member && tag != "file_locking"
        };
        let mut value = serde_json::Map::new();
        value.insert(".tag".into(), tag.into());
        value.insert(tag.into(), json!({ ".tag": "enabled", "enabled": enabled }));
        values.push(Value::Object(value));
    }
    Ok(json_ok(&json!({ "values": values })))
}
