use dropdesk_core::{CoreError, ErrorCode};
use serde::Serialize;
use ts_rs::TS;

/// The one error shape every command returns to the UI, which branches on `code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct IpcError {
    pub code: ErrorCode,
    /// Words for the user: what happened and what to do.
    pub message: String,
    /// The input field the error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
    /// For `rate_limited`: seconds until Dropdesk retries.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub retry_after_secs: Option<u32>,
    /// What the field could say instead to go ahead (a team member's own folder).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub suggestion: Option<String>,
}

impl From<CoreError> for IpcError {
    fn from(error: CoreError) -> Self {
        if error.code() == ErrorCode::Internal {
            tracing::error!(%error, "internal error");
        }
        Self {
            code: error.code(),
            message: error.to_string(),
            field: error.field().map(str::to_owned),
            retry_after_secs: error
                .retry_after()
                .map(|d| u32::try_from(d.as_secs()).unwrap_or(u32::MAX)),
            suggestion: error.suggestion().map(str::to_owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_error_serializes_with_its_field_and_without_empty_keys() {
        let error = IpcError::from(CoreError::InvalidInput {
            field: "appKey",
            message: "App key: paste it from the App Console.".into(),
        });
        assert_eq!(
            serde_json::to_value(&error).unwrap(),
            serde_json::json!({
                "code": "invalid_input",
                "message": "App key: paste it from the App Console.",
                "field": "appKey"
            })
        );
    }

    #[test]
    fn a_rate_limit_carries_its_wait_in_seconds() {
        let error = IpcError::from(CoreError::RateLimited {
            retry_after: std::time::Duration::from_secs(12),
        });
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "rate_limited");
        assert_eq!(json["retryAfterSecs"], 12);
    }

    #[test]
    fn a_folder_outside_the_team_space_carries_the_path_it_would_get() {
        let error = IpcError::from(CoreError::NotInTeamSpace {
            top: "CS Dept".into(),
            placed: "/Ada Lovelace/CS Dept/HW".into(),
        });
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["code"], "invalid_input");
        assert_eq!(json["field"], "destination");
        assert_eq!(json["suggestion"], "/Ada Lovelace/CS Dept/HW");
        let message = json["message"].as_str().unwrap();
        assert!(message.contains("\"CS Dept\""), "{message}");
        assert!(
            message.contains("in your own folder, not the team space"),
            "{message}"
        );
    }
}
