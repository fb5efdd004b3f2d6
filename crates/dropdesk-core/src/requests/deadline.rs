//! Deadlines as people type them (a date and a time in their time zone) and as Dropbox keeps
//! them (a UTC instant), including the days the clocks change.

use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{Timestamp, civil};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;

/// A deadline as typed in the form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeadlineInput {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`.
    pub time: String,
    /// The IANA time zone the date and time are in, e.g. `Europe/Berlin`.
    pub time_zone: String,
}

fn invalid(message: String) -> CoreError {
    CoreError::InvalidInput {
        field: "deadline",
        message,
    }
}

impl DeadlineInput {
    /// The UTC instant, or a field error that says what to choose instead. On the night the
    /// clocks go back, a time that happens twice means its later occurrence (the students'
    /// benefit); a time skipped when they go forward is refused.
    pub fn to_utc(&self, now: Timestamp) -> Result<Timestamp, CoreError> {
        let zone = TimeZone::get(&self.time_zone).map_err(|_| {
            invalid(format!(
                "Deadline: \"{}\" is not a time zone this computer knows.",
                self.time_zone
            ))
        })?;
        let date: civil::Date = self
            .date
            .trim()
            .parse()
            .map_err(|_| invalid("Deadline: enter a date like 2025-03-21.".into()))?;
        let time: civil::Time = self
            .time
            .trim()
            .parse()
            .map_err(|_| invalid("Deadline: enter a time like 17:00.".into()))?;
        let local = date.to_datetime(time);
        let ambiguous = zone.to_ambiguous_timestamp(local);
        let offset = match ambiguous.offset() {
            AmbiguousOffset::Unambiguous { offset } => offset,
            AmbiguousOffset::Fold { after, .. } => after,
            AmbiguousOffset::Gap { after, .. } => {
                // Read with the offset that starts at the change, the time falls just before
                // it; the change's own local time is the first that exists again.
                let first_valid = after
                    .to_timestamp(local)
                    .ok()
                    .and_then(|t| zone.following(t).next())
                    .map(|change| {
                        change
                            .timestamp()
                            .to_zoned(zone.clone())
                            .strftime("%H:%M")
                            .to_string()
                    })
                    .unwrap_or_else(|| "a later time".into());
                return Err(invalid(format!(
                    "Deadline: {} does not exist on {} in {} (the clocks go forward). Choose \
                     {first_valid} or later.",
                    time.strftime("%H:%M"),
                    date.strftime("%a %-d %b"),
                    self.time_zone
                )));
            }
        };
        let instant = offset
            .to_timestamp(local)
            .map_err(|_| invalid("Deadline: that date is out of range.".into()))?;
        if instant <= now {
            return Err(invalid(
                "Deadline: that time has passed. Choose a later one.".into(),
            ));
        }
        Ok(instant)
    }
}

/// Dropbox's timestamp form, `%Y-%m-%dT%H:%M:%SZ` (whole seconds, UTC).
pub fn to_dropbox(instant: Timestamp) -> String {
    instant.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A Dropbox timestamp, if it is one.
pub fn from_dropbox(text: &str) -> Option<Timestamp> {
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(date: &str, time: &str, zone: &str) -> DeadlineInput {
        DeadlineInput {
            date: date.into(),
            time: time.into(),
            time_zone: zone.into(),
        }
    }

    fn long_ago() -> Timestamp {
        "2000-01-01T00:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_local_time_becomes_its_utc_instant() {
        let winter = input("2025-03-14", "17:00", "Europe/Berlin")
            .to_utc(long_ago())
            .unwrap();
        assert_eq!(to_dropbox(winter), "2025-03-14T16:00:00Z");
        let summer = input("2025-07-14", "17:00", "Europe/Berlin")
            .to_utc(long_ago())
            .unwrap();
        assert_eq!(to_dropbox(summer), "2025-07-14T15:00:00Z");
        let southern = input("2025-07-14", "09:30", "Australia/Adelaide")
            .to_utc(long_ago())
            .unwrap();
        assert_eq!(to_dropbox(southern), "2025-07-14T00:00:00Z");
    }

    #[test]
    fn a_time_skipped_by_the_clocks_going_forward_is_refused_with_what_to_choose() {
        // 30 March 2025: Berlin goes from 02:00 straight to 03:00.
        let err = input("2025-03-30", "02:30", "Europe/Berlin")
            .to_utc(long_ago())
            .unwrap_err();
        assert_eq!(err.field(), Some("deadline"));
        let message = err.to_string();
        assert!(message.contains("02:30 does not exist"), "{message}");
        assert!(message.contains("Choose 03:00 or later"), "{message}");
        // New York, 9 March 2025, 02:00 → 03:00.
        assert!(
            input("2025-03-09", "02:15", "America/New_York")
                .to_utc(long_ago())
                .is_err()
        );
    }

    #[test]
    fn a_time_that_happens_twice_means_the_later_one() {
        // 26 October 2025: Berlin goes from 03:00 back to 02:00; 02:30 happens at 00:30 and
        // 01:30 UTC.
        let instant = input("2025-10-26", "02:30", "Europe/Berlin")
            .to_utc(long_ago())
            .unwrap();
        assert_eq!(to_dropbox(instant), "2025-10-26T01:30:00Z");
    }

    #[test]
    fn bad_input_names_the_field_and_the_fix() {
        for (date, time, zone, says) in [
            ("21/03/2025", "17:00", "Europe/Berlin", "like 2025-03-21"),
            ("2025-03-21", "5pm", "Europe/Berlin", "like 17:00"),
            ("2025-03-21", "17:00", "Mars/Olympus", "not a time zone"),
            ("1999-03-21", "17:00", "UTC", "has passed"),
        ] {
            let err = input(date, time, zone).to_utc(long_ago()).unwrap_err();
            assert_eq!(err.field(), Some("deadline"));
            assert!(err.to_string().contains(says), "{err}");
        }
    }

    #[test]
    fn dropbox_timestamps_round_trip() {
        let instant = from_dropbox("2025-03-14T17:00:00Z").unwrap();
        assert_eq!(to_dropbox(instant), "2025-03-14T17:00:00Z");
        assert!(from_dropbox("yesterday").is_none());
    }
}
