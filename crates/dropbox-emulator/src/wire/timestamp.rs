//! `common.DropboxTimestamp`: `%Y-%m-%dT%H:%M:%SZ`, UTC, whole seconds.

use time::format_description::FormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime};

const FORMAT: &[FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");

/// Seconds since the Unix epoch, as Dropbox writes them.
pub(crate) fn format(unix_seconds: i64) -> String {
    // Written by hand: listings format two timestamps per entry, for thousands of entries.
    match OffsetDateTime::from_unix_timestamp(unix_seconds) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => "1970-01-01T00:00:00Z".to_owned(),
    }
}

/// Parses a Dropbox timestamp; anything else (fractions, offsets, no `Z`) is rejected.
pub(crate) fn parse(text: &str) -> Option<i64> {
    PrimitiveDateTime::parse(text, FORMAT)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_parses_the_exact_dropbox_form_only() {
        assert_eq!(format(1_741_971_600), "2025-03-14T17:00:00Z");
        assert_eq!(parse("2025-03-14T17:00:00Z"), Some(1_741_971_600));
        for bad in [
            "2025-03-14T17:00:00.5Z",
            "2025-03-14T17:00:00+01:00",
            "2025-03-14 17:00:00",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_formatted_second_parses_back() {
        for seconds in (-2_000_000_000_i64..4_000_000_000).step_by(7_777_777) {
            assert_eq!(
                parse(&format(seconds)),
                Some(seconds),
                "{}",
                format(seconds)
            );
        }
    }
}
