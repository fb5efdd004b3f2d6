//! Rolling a course over: last term's requests proposed for a new course folder, with their
//! deadlines moved by whole weeks on the wall clock (the same weekday and local time, across
//! clock changes), titles, descriptions and grace kept. The rows go to the same preview as a
//! planned term.

use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;
use ts_rs::TS;

use super::schedule::{MAX_ROWS, PlannedRow};
use crate::error::CoreError;
use crate::requests::deadline::DeadlineInput;
use crate::requests::{Grace, RequestForm, RequestView};

/// The furthest a course is moved: ten years.
const MAX_WEEKS: u32 = 520;

/// Last term's requests as rows for the new course.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Rollover {
    pub rows: Vec<PlannedRow>,
    /// How many weeks the deadlines moved.
    pub weeks: u32,
}

fn invalid(field: &'static str, message: String) -> CoreError {
    CoreError::InvalidInput { field, message }
}

fn folder_key(folder: &str) -> String {
    folder.trim().trim_end_matches('/').to_lowercase()
}

/// The part of `destination` below `course` (`/HW 1`), when it is a folder inside it.
fn below<'a>(destination: &'a str, course: &str) -> Option<&'a str> {
    if !crate::courses::is_inside(course, destination) {
        return None;
    }
    // By parts, not bytes: folding the case may change a name's length.
    let depth = course.trim_end_matches('/').matches('/').count();
    destination
        .match_indices('/')
        .nth(depth)
        .map(|(at, _)| &destination[at..])
}

/// The requests collecting into `from` or a folder inside it, proposed for `to`. `weeks`:
/// how far to move the deadlines; `None` takes the fewest whole weeks that put the earliest
/// deadline after `now`. Deadlines are read in `zone`, the professor's time zone.
pub fn rollover(
    existing: &[RequestView],
    from: &str,
    to: &str,
    weeks: Option<i64>,
    zone: &str,
    now: Timestamp,
) -> Result<Rollover, CoreError> {
    let weeks =
        weeks
            .map(|w| {
                u32::try_from(w).ok().filter(|w| *w <= MAX_WEEKS).ok_or_else(|| {
                invalid(
                    "weeks",
                    format!(
                        "Move deadlines by: a whole number of weeks from 0 to {MAX_WEEKS}, or \
                         empty for the fewest that put them ahead."
                    ),
                )
            })
            })
            .transpose()?;
    let tz = TimeZone::get(zone)
        .map_err(|_| invalid("zone", format!("\"{zone}\" is not a time zone.")))?;
    let from_key = folder_key(from);
    let to = to.trim().trim_end_matches('/');
    if from_key.is_empty() || !from.trim().starts_with('/') {
        return Err(invalid(
            "from",
            "Last term's course: choose its folder, like /Courses/CS101 Fall.".into(),
        ));
    }
    if to.is_empty() || !to.starts_with('/') {
        return Err(invalid(
            "to",
            "New course: type its folder, like /Courses/CS101 Spring.".into(),
        ));
    }
    let to_key = to.to_lowercase();
    if to_key == from_key
        || below(&to_key, &from_key).is_some()
        || below(&from_key, &to_key).is_some()
    {
        return Err(invalid(
            "to",
            "New course: choose a folder that is neither last term's course nor inside it.".into(),
        ));
    }

    let mut found: Vec<(&RequestView, &str, Option<Timestamp>)> = existing
        .iter()
        .filter_map(|request| {
            let destination = request.destination.as_deref()?;
            let rest = below(destination, &from_key)?;
            let deadline = request.deadline.as_deref().and_then(|d| d.parse().ok());
            Some((request, rest, deadline))
        })
        .collect();
    if found.is_empty() {
        return Err(invalid(
            "from",
            format!(
                "Last term's course: no request collects into {} or a folder in it. Choose \
                 the course folder its requests upload to.",
                from.trim()
            ),
        ));
    }
    if found.len() > MAX_ROWS as usize {
        return Err(invalid(
            "from",
            format!(
                "Last term's course has {} requests; a plan takes at most {MAX_ROWS}. Roll \
                 over one of its folders at a time.",
                found.len()
            ),
        ));
    }
    // By old deadline (those without one last), then by title.
    found.sort_by(|a, b| {
        (a.2.is_none(), a.2, a.0.title.to_lowercase()).cmp(&(
            b.2.is_none(),
            b.2,
            b.0.title.to_lowercase(),
        ))
    });

    let earliest = found.iter().find_map(|(_, _, deadline)| *deadline);
    let weeks = match (weeks, earliest) {
        (Some(weeks), _) => weeks,
        (None, None) => 0,
        (None, Some(earliest)) => weeks_to_future(earliest, &tz, now)?,
    };
    let moved = |deadline: Timestamp| -> Result<DeadlineInput, CoreError> {
        let local = deadline
            .to_zoned(tz.clone())
            .datetime()
            .checked_add((i64::from(weeks) * 7).days())
            .map_err(|_| invalid("weeks", "Move deadlines by: that is too far.".into()))?;
        Ok(DeadlineInput {
            date: local.date().to_string(),
            time: format!("{:02}:{:02}", local.hour(), local.minute()),
            time_zone: zone.to_owned(),
        })
    };

    let rows = found
        .iter()
        .zip(1u32..)
        .map(|((request, rest, deadline), number)| {
            let deadline = deadline.map(moved).transpose()?;
            Ok(PlannedRow {
                number,
                form: RequestForm {
                    title: request.title.clone(),
                    destination: format!("{to}{rest}"),
                    description: request.description.clone().unwrap_or_default(),
                    grace: if deadline.is_some() {
                        request.grace
                    } else {
                        Grace::None
                    },
                    deadline,
                },
            })
        })
        .collect::<Result<_, CoreError>>()?;
    Ok(Rollover { rows, weeks })
}

/// The fewest whole weeks (on the wall clock of `tz`) that put `earliest` after `now`.
fn weeks_to_future(earliest: Timestamp, tz: &TimeZone, now: Timestamp) -> Result<u32, CoreError> {
    if earliest > now {
        return Ok(0);
    }
    let behind_days = now.duration_since(earliest).as_secs() / 86_400;
    let mut weeks = u32::try_from(behind_days / 7).unwrap_or(u32::MAX);
    let local = earliest.to_zoned(tz.clone());
    while weeks <= MAX_WEEKS {
        let moved = local
            .datetime()
            .checked_add((i64::from(weeks) * 7).days())
            .ok()
            .and_then(|dt| dt.to_zoned(tz.clone()).ok());
        if moved.is_some_and(|m| m.timestamp() > now) {
            return Ok(weeks);
        }
        weeks += 1;
    }
    Err(invalid(
        "from",
        format!(
            "Last term's course ended more than {MAX_WEEKS} weeks ago; say how far to move it."
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(title: &str, destination: &str, deadline: Option<&str>) -> RequestView {
        RequestView {
            id: format!("id-{title}"),
            title: title.into(),
            url: format!("https://www.dropbox.com/request/{title}"),
            destination: Some(destination.into()),
            created: "2026-01-01T00:00:00Z".into(),
            deadline: deadline.map(Into::into),
            grace: if deadline.is_some() {
                Grace::TwoDays
            } else {
                Grace::None
            },
            late_until: None,
            is_open: false,
            file_count: 3,
            description: Some(format!("About {title}")),
        }
    }

    fn fall() -> Vec<RequestView> {
        vec![
            // 17:00 in Berlin in summer time (UTC+2) and after the clocks went back (UTC+1).
            request(
                "Homework 2",
                "/Courses/CS101 Fall/Homework 2",
                Some("2026-10-30T16:00:00Z"),
            ),
            request(
                "Homework 1",
                "/courses/cs101 fall/Homework 1",
                Some("2026-10-16T15:00:00Z"),
            ),
            request("Reflection", "/Courses/CS101 Fall/Reflection", None),
            request(
                "Elsewhere",
                "/Courses/CS101 Fallout/Homework 1",
                Some("2026-10-16T15:00:00Z"),
            ),
            request(
                "Other",
                "/Courses/MA201/Homework 1",
                Some("2026-10-16T15:00:00Z"),
            ),
        ]
    }

    #[test]
    fn deadlines_move_by_whole_weeks_and_keep_the_local_time_across_a_clock_change() {
        let now: Timestamp = "2026-12-03T12:00:00Z".parse().unwrap();
        let rolled = rollover(
            &fall(),
            "/Courses/CS101 Fall/",
            "/Courses/CS101 Spring",
            Some(20),
            "Europe/Berlin",
            now,
        )
        .unwrap();
        assert_eq!(rolled.weeks, 20);
        let titles: Vec<&str> = rolled.rows.iter().map(|r| r.form.title.as_str()).collect();
        assert_eq!(titles, ["Homework 1", "Homework 2", "Reflection"]);
        let numbers: Vec<u32> = rolled.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 3]);

        let first = &rolled.rows[0].form;
        assert_eq!(first.destination, "/Courses/CS101 Spring/Homework 1");
        assert_eq!(first.description, "About Homework 1");
        assert_eq!(first.grace, Grace::TwoDays);
        // 16 October (summer time) + 20 weeks = 5 March (winter time), still 17:00.
        let deadline = first.deadline.as_ref().unwrap();
        assert_eq!(
            (deadline.date.as_str(), deadline.time.as_str()),
            ("2027-03-05", "17:00")
        );
        assert_eq!(
            deadline.to_utc(now).unwrap(),
            "2027-03-05T16:00:00Z".parse::<Timestamp>().unwrap()
        );

        let reflection = &rolled.rows[2].form;
        assert_eq!(reflection.destination, "/Courses/CS101 Spring/Reflection");
        assert_eq!(
            (reflection.deadline.as_ref(), reflection.grace),
            (None, Grace::None)
        );
    }

    #[test]
    fn by_default_the_fewest_weeks_that_put_the_first_deadline_ahead() {
        // New York: 16 October 2026 11:00 EDT; the clocks go back on 1 November.
        let now: Timestamp = "2026-12-03T12:00:00Z".parse().unwrap();
        let rolled = rollover(
            &fall(),
            "/Courses/CS101 Fall",
            "/Courses/CS101 Spring",
            None,
            "America/New_York",
            now,
        )
        .unwrap();
        assert_eq!(rolled.weeks, 7);
        let deadline = rolled.rows[0].form.deadline.as_ref().unwrap();
        assert_eq!(
            (deadline.date.as_str(), deadline.time.as_str()),
            ("2026-12-04", "11:00")
        );
        assert_eq!(
            deadline.to_utc(now).unwrap(),
            "2026-12-04T16:00:00Z".parse::<Timestamp>().unwrap()
        );
    }

    #[test]
    fn a_folder_without_requests_or_a_new_course_inside_the_old_is_refused_by_field() {
        let now = Timestamp::now();
        let none = rollover(
            &fall(),
            "/Courses/PH300",
            "/Courses/PH300 Spring",
            None,
            "UTC",
            now,
        )
        .unwrap_err();
        assert_eq!(none.field(), Some("from"));
        assert!(none.to_string().contains("/Courses/PH300"), "{none}");

        let inside = rollover(
            &fall(),
            "/Courses/CS101 Fall",
            "/courses/cs101 fall/",
            None,
            "UTC",
            now,
        )
        .unwrap_err();
        assert_eq!(inside.field(), Some("to"));

        let back =
            rollover(&fall(), "/Courses/CS101 Fall", "/B", Some(-1), "UTC", now).unwrap_err();
        assert_eq!(back.field(), Some("weeks"));
        assert!(back.to_string().contains("from 0 to 520"), "{back}");

        let zone =
            rollover(&fall(), "/Courses/CS101 Fall", "/B", None, "Mars/Base", now).unwrap_err();
        assert!(zone.to_string().contains("Mars/Base"), "{zone}");
    }
}
