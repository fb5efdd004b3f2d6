//! A term's requests from a pattern: titles, folders and descriptions with `{n}` and the
//! like, and deadlines repeating on the same weekday and local time (across clock changes),
//! every N days, or on listed dates.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;
use crate::requests::deadline::DeadlineInput;
use crate::requests::{Grace, RequestForm};

/// The most requests one plan makes (a term of weekly work is 10–20).
pub const MAX_ROWS: u32 = 200;

/// How the deadlines follow each other.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Repeat {
    /// The same weekday and local time each week.
    Weekly,
    /// Every `days` days, at the same local time.
    EveryDays { days: u32 },
    /// On these dates (`YYYY-MM-DD`), at the same local time; one request each.
    Dates { dates: Vec<String> },
}

/// What the professor fills in to plan a term.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TermPattern {
    /// The course folder (`/Courses/CS101`), `{course}` in the patterns.
    pub course: String,
    /// `Homework {n}`; `{n}`, `{nn}` (two digits), `{topic}`, `{course}`, `{course_name}`
    /// and `{date}` are filled in.
    pub title: String,
    /// `{course}/Homework {n}`.
    pub folder: String,
    pub description: String,
    /// One per row, for `{topic}`; rows beyond the list have none.
    #[serde(default)]
    pub topics: Vec<String>,
    /// The number of the first row (`{n}`).
    pub first_number: u32,
    /// How many rows (ignored with `Repeat::Dates`: one per date).
    pub count: u32,
    /// The first deadline's date, local time and zone; `None`: no deadlines.
    pub first_deadline: Option<DeadlineInput>,
    pub repeat: Repeat,
    pub grace: Grace,
}

/// One planned request: its number and the form it will be created with. The window edits
/// rows in place and sends them back to be previewed and created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlannedRow {
    pub number: u32,
    pub form: RequestForm,
}

fn invalid(field: &'static str, message: String) -> CoreError {
    CoreError::InvalidInput { field, message }
}

fn parse_date(field: &'static str, text: &str) -> Result<Date, CoreError> {
    let label = if field == "dates" {
        "Dates"
    } else {
        "Deadline"
    };
    text.trim().parse().map_err(|_| {
        invalid(
            field,
            format!(
                "{label}: \"{}\" is not a date like 2026-02-03.",
                text.trim()
            ),
        )
    })
}

/// The rows of `pattern`, each a form as the single request dialog would send it. Errors name
/// the field and the fix; a row's own problems (a time the clocks skip, a past deadline) are
/// the preview's to show.
pub fn expand(pattern: &TermPattern) -> Result<Vec<PlannedRow>, CoreError> {
    let dates = deadline_dates(pattern)?;
    let rows = match &dates {
        Some(dates) => dates.len(),
        None => pattern.count as usize,
    };
    if rows == 0 {
        return Err(invalid(
            "count",
            "Requests: plan at least one (How many, or the list of dates).".into(),
        ));
    }
    if rows > MAX_ROWS as usize {
        return Err(invalid(
            "count",
            format!("Requests: plan at most {MAX_ROWS} at once."),
        ));
    }
    let course = pattern.course.trim().trim_end_matches('/');
    let course_name = course.rsplit('/').next().unwrap_or(course);
    (0..rows)
        .map(|i| {
            let number = pattern.first_number.saturating_add(i as u32);
            let deadline = match (&pattern.first_deadline, &dates) {
                (Some(first), Some(dates)) => Some(DeadlineInput {
                    date: dates[i].to_string(),
                    ..first.clone()
                }),
                _ => None,
            };
            let fill = Fill {
                number,
                topic: pattern.topics.get(i).map(|t| t.trim()).unwrap_or(""),
                course,
                course_name,
                date: deadline.as_ref().map_or("", |d| d.date.as_str()),
            };
            Ok(PlannedRow {
                number,
                form: RequestForm {
                    title: fill.apply("title", &pattern.title)?,
                    destination: fill.apply("folder", &pattern.folder)?,
                    description: fill.apply("description", &pattern.description)?,
                    grace: if deadline.is_some() {
                        pattern.grace
                    } else {
                        Grace::None
                    },
                    deadline,
                },
            })
        })
        .collect()
}

/// Each row's deadline date, or `None` without deadlines.
fn deadline_dates(pattern: &TermPattern) -> Result<Option<Vec<Date>>, CoreError> {
    let Some(first) = &pattern.first_deadline else {
        return Ok(None);
    };
    let step = match &pattern.repeat {
        Repeat::Dates { dates } => return listed(dates).map(Some),
        Repeat::Weekly => 7,
        Repeat::EveryDays { days } if (1..=366).contains(days) => i64::from(*days),
        Repeat::EveryDays { .. } => {
            return Err(invalid("repeat", "Repeat: every 1 to 366 days.".into()));
        }
    };
    let start = parse_date("deadline", &first.date)?;
    let count = pattern.count.min(MAX_ROWS + 1);
    (0..i64::from(count))
        .map(|i| {
            start
                .checked_add(jiff::Span::new().days(i * step))
                .map_err(|_| {
                    invalid(
                        "deadline",
                        "Deadline: the term runs past the calendar's end.".into(),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Listed deadline dates, in order; one listed twice is an error.
fn listed(dates: &[String]) -> Result<Vec<Date>, CoreError> {
    let mut parsed = dates
        .iter()
        .filter(|d| !d.trim().is_empty())
        .map(|d| parse_date("dates", d))
        .collect::<Result<Vec<_>, _>>()?;
    parsed.sort();
    if let Some(twice) = parsed.windows(2).find(|w| w[0] == w[1]) {
        return Err(invalid(
            "dates",
            format!("Dates: {} is listed twice.", twice[0]),
        ));
    }
    Ok(parsed)
}

/// What the placeholders of one row stand for.
struct Fill<'a> {
    number: u32,
    topic: &'a str,
    course: &'a str,
    course_name: &'a str,
    date: &'a str,
}

impl Fill<'_> {
    /// `pattern` with its placeholders filled in; an unknown one names the field.
    fn apply(&self, field: &'static str, pattern: &str) -> Result<String, CoreError> {
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut rest = pattern;
        let mut last_was_empty = false;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(invalid(
                    field,
                    format!(
                        "{}: a \"{{\" is not closed. Write placeholders like {{n}}.",
                        label(field)
                    ),
                ));
            };
            let name = &after[..close];
            let before = out.len();
            match name {
                "n" => out.push_str(&self.number.to_string()),
                "nn" => out.push_str(&format!("{:02}", self.number)),
                "topic" => out.push_str(self.topic),
                "course" => out.push_str(self.course),
                "course_name" => out.push_str(self.course_name),
                "date" => out.push_str(self.date),
                other => {
                    return Err(invalid(
                        field,
                        format!(
                            "{}: {{{other}}} is not a placeholder. Use {{n}}, {{nn}}, {{topic}}, \
                             {{course}}, {{course_name}} or {{date}}.",
                            label(field)
                        ),
                    ));
                }
            }
            last_was_empty = out.len() == before;
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        let text = out.trim();
        // "Homework {n} — {topic}" without a topic reads "Homework 3", not "Homework 3 —".
        if last_was_empty && rest.trim().is_empty() {
            return Ok(text
                .trim_end_matches(['—', '–', '-', ':', '·', ','])
                .trim_end()
                .to_owned());
        }
        Ok(text.to_owned())
    }
}

fn label(field: &str) -> &'static str {
    match field {
        "title" => "Title",
        "folder" => "Folder",
        _ => "Description",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekly(zone: &str, first: &str, time: &str, count: u32) -> TermPattern {
        TermPattern {
            course: "/Courses/CS101".into(),
            title: "Homework {n} — {topic}".into(),
            folder: "{course}/Homework {nn}".into(),
            description: "Upload one PDF for {course_name}, due {date}.".into(),
            topics: vec!["Arrays".into(), "Lists".into()],
            first_number: 1,
            count,
            first_deadline: Some(DeadlineInput {
                date: first.into(),
                time: time.into(),
                time_zone: zone.into(),
            }),
            repeat: Repeat::Weekly,
            grace: Grace::TwoDays,
        }
    }

    fn local_times(rows: &[PlannedRow]) -> Vec<String> {
        rows.iter()
            .map(|row| {
                let deadline = row.form.deadline.as_ref().unwrap();
                let utc = deadline.to_utc(jiff::Timestamp::UNIX_EPOCH).unwrap();
                let zone = jiff::tz::TimeZone::get(&deadline.time_zone).unwrap();
                utc.to_zoned(zone).strftime("%a %H:%M").to_string()
            })
            .collect()
    }

    #[test]
    fn weekly_deadlines_keep_five_pm_local_across_the_clock_changes() {
        // Berlin moves its clocks on 29 March and 25 October 2026; New York on 8 March and
        // 1 November.
        for (zone, first) in [
            ("Europe/Berlin", "2026-03-13"),
            ("Europe/Berlin", "2026-10-16"),
            ("America/New_York", "2026-02-27"),
            ("America/New_York", "2026-10-23"),
        ] {
            let rows = expand(&weekly(zone, first, "17:00", 4)).unwrap();
            assert_eq!(local_times(&rows), ["Fri 17:00"; 4], "{zone} from {first}");
            let utc: Vec<_> = rows
                .iter()
                .map(|r| {
                    r.form
                        .deadline
                        .as_ref()
                        .unwrap()
                        .to_utc(jiff::Timestamp::UNIX_EPOCH)
                        .unwrap()
                })
                .collect();
            let gaps: std::collections::BTreeSet<i64> = utc
                .windows(2)
                .map(|w| w[1].duration_since(w[0]).as_hours())
                .collect();
            assert_eq!(
                gaps.len(),
                2,
                "one week is an hour shorter or longer in {zone}: {gaps:?}"
            );
        }
    }

    #[test]
    fn placeholders_are_filled_per_row_and_a_missing_topic_leaves_no_dash() {
        let rows = expand(&weekly("Europe/Berlin", "2026-04-10", "17:00", 3)).unwrap();
        let titles: Vec<&str> = rows.iter().map(|r| r.form.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Homework 1 — Arrays", "Homework 2 — Lists", "Homework 3"]
        );
        assert_eq!(rows[2].form.destination, "/Courses/CS101/Homework 03");
        assert_eq!(
            rows[1].form.description,
            "Upload one PDF for CS101, due 2026-04-17."
        );
        assert_eq!(rows[0].form.grace, Grace::TwoDays);
        assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn every_n_days_and_listed_dates() {
        let mut pattern = weekly("UTC", "2026-01-05", "09:30", 3);
        pattern.repeat = Repeat::EveryDays { days: 10 };
        let dates: Vec<String> = expand(&pattern)
            .unwrap()
            .iter()
            .map(|r| r.form.deadline.clone().unwrap().date)
            .collect();
        assert_eq!(dates, ["2026-01-05", "2026-01-15", "2026-01-25"]);

        pattern.repeat = Repeat::Dates {
            dates: vec!["2026-03-02".into(), " 2026-02-01".into(), String::new()],
        };
        let rows = expand(&pattern).unwrap();
        assert_eq!(rows.len(), 2, "one per date, the count aside");
        assert_eq!(rows[0].form.deadline.as_ref().unwrap().date, "2026-02-01");
        assert_eq!(rows[1].form.deadline.as_ref().unwrap().time, "09:30");
    }

    #[test]
    fn without_a_deadline_there_is_no_grace_and_no_date() {
        let mut pattern = weekly("UTC", "2026-01-05", "09:30", 2);
        pattern.first_deadline = None;
        pattern.description = "Due {date}".into();
        let rows = expand(&pattern).unwrap();
        assert!(
            rows.iter()
                .all(|r| r.form.deadline.is_none() && r.form.grace == Grace::None)
        );
        assert_eq!(rows[0].form.description, "Due");
    }

    #[test]
    fn bad_patterns_name_their_field_and_the_fix() {
        let mut pattern = weekly("UTC", "2026-01-05", "09:30", 2);
        pattern.title = "Homework {number}".into();
        let error = expand(&pattern).unwrap_err();
        assert_eq!(error.field(), Some("title"));
        assert!(
            error.to_string().contains("{number} is not a placeholder"),
            "{error}"
        );

        let mut pattern = weekly("UTC", "2026-01-05", "09:30", 2);
        pattern.folder = "{course/HW".into();
        assert_eq!(expand(&pattern).unwrap_err().field(), Some("folder"));

        let mut pattern = weekly("UTC", "2026-01-05", "09:30", 0);
        assert_eq!(expand(&pattern).unwrap_err().field(), Some("count"));
        pattern.count = MAX_ROWS + 1;
        assert_eq!(expand(&pattern).unwrap_err().field(), Some("count"));

        let mut pattern = weekly("UTC", "2026-01-05", "09:30", 2);
        pattern.repeat = Repeat::EveryDays { days: 0 };
        assert_eq!(expand(&pattern).unwrap_err().field(), Some("repeat"));

        pattern.repeat = Repeat::Dates {
            dates: vec!["2026-02-01".into(), "2026-02-01".into()],
        };
        let twice = expand(&pattern).unwrap_err();
        assert_eq!(twice.field(), Some("dates"));
        assert!(twice.to_string().contains("listed twice"), "{twice}");
        pattern.repeat = Repeat::Dates {
            dates: vec!["1 Feb".into()],
        };
        assert_eq!(expand(&pattern).unwrap_err().field(), Some("dates"));
    }
}
