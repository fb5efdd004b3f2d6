//! Where the window was in an account when it was left: the place, the request and the Paper
//! doc that were selected, and how the list of requests was filtered and sorted. Kept per
//! account (see [`crate::account_settings`]), so that each account opens as it was left.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The window's places, in the sidebar's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Place {
    Requests,
    Courses,
    Paper,
    Settings,
}

/// Which requests the list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RequestFilter {
    All,
    Open,
    Closed,
}

/// The order of the list of requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RequestSort {
    /// Upcoming deadlines first (soonest first), then past ones (latest first), then none.
    Deadline,
    /// Newest first.
    Created,
}

/// What is remembered of the window. As the window sends it, only what changed is set: the
/// rest is kept as it was.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct Whereabouts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub place: Option<Place>,
    /// The request selected in the list (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub request_id: Option<String>,
    /// The Paper doc that was open (its id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub doc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub request_filter: Option<RequestFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub request_sort: Option<RequestSort>,
}

/// The longest id kept: Dropbox's ids are a few dozen characters; anything longer is not one.
const LONGEST_ID: usize = 256;

impl Whereabouts {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Takes what `newer` sets; keeps the rest. An id that cannot be one (empty, or longer
    /// than any Dropbox id) is not kept.
    pub fn update(&mut self, newer: &Whereabouts) {
        let plausible = |id: &Option<String>| {
            id.as_ref()
                .filter(|id| !id.is_empty() && id.len() <= LONGEST_ID)
                .cloned()
        };
        self.place = newer.place.or(self.place);
        self.request_id = plausible(&newer.request_id).or(self.request_id.take());
        self.doc_id = plausible(&newer.doc_id).or(self.doc_id.take());
        self.request_filter = newer.request_filter.or(self.request_filter);
        self.request_sort = newer.request_sort.or(self.request_sort);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_changes_what_it_sets_and_keeps_the_rest() {
        let mut kept = Whereabouts {
            place: Some(Place::Courses),
            request_id: Some("id:hw3".into()),
            request_sort: Some(RequestSort::Created),
            ..Whereabouts::default()
        };
        kept.update(&Whereabouts {
            request_filter: Some(RequestFilter::Closed),
            doc_id: Some("paper:1".into()),
            request_id: Some(String::new()),
            ..Whereabouts::default()
        });
        assert_eq!(
            kept,
            Whereabouts {
                place: Some(Place::Courses),
                request_id: Some("id:hw3".into()),
                doc_id: Some("paper:1".into()),
                request_filter: Some(RequestFilter::Closed),
                request_sort: Some(RequestSort::Created),
            }
        );
        kept.update(&Whereabouts {
            request_id: Some("x".repeat(LONGEST_ID + 1)),
            place: Some(Place::Paper),
            ..Whereabouts::default()
        });
        assert_eq!(kept.request_id.as_deref(), Some("id:hw3"));
        assert_eq!(kept.place, Some(Place::Paper));
    }

    #[test]
    fn the_window_sends_only_what_changed_in_the_words_it_uses() {
        let sent: Whereabouts =
            serde_json::from_str(r#"{"requestFilter":"open","requestSort":"deadline"}"#).unwrap();
        assert_eq!(sent.request_filter, Some(RequestFilter::Open));
        assert_eq!(sent.request_sort, Some(RequestSort::Deadline));
        assert_eq!(sent.place, None);
        for wrong in [
            r#"{"place":"../etc"}"#,
            r#"{"requestSort":"size"}"#,
            r#"{"x":1}"#,
        ] {
            assert!(
                serde_json::from_str::<Whereabouts>(wrong).is_err(),
                "{wrong}"
            );
        }
        assert_eq!(
            serde_json::to_string(&Whereabouts {
                place: Some(Place::Settings),
                ..Whereabouts::default()
            })
            .unwrap(),
            r#"{"place":"settings"}"#
        );
    }
}
