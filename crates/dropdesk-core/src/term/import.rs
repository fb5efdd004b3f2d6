//! A term's plan from a CSV file: one request per row, with the columns title, folder,
//! deadline, grace and description (and, optionally, time and time zone). Read with the
//! class list's rules (encodings, separators, Excel's `sep=` line, the line of every
//! problem); a file with a problem is refused whole, each problem naming its line and fix.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;

use super::schedule::{MAX_ROWS, PlannedRow};
use crate::csv_file::{self, Table, header_key};
use crate::error::CoreError;
use crate::requests::deadline::DeadlineInput;
use crate::requests::{Grace, RequestForm};

const PLAN: csv_file::Kind = csv_file::Kind {
    field: "plan",
    noun: "plan",
};

/// Problems listed in the error before the rest are only counted.
const SHOWN_PROBLEMS: usize = 5;

/// The names each column is known by (compared folded, words split by one space).
const TITLE: &[&str] = &["title", "name", "request", "assignment", "titel"];
const FOLDER: &[&str] = &[
    "folder",
    "destination",
    "path",
    "folder path",
    "dropbox folder",
    "ordner",
];
const DEADLINE: &[&str] = &[
    "deadline",
    "due",
    "due date",
    "due at",
    "deadline local",
    "date",
    "abgabe",
    "frist",
];
const TIME: &[&str] = &["time", "due time", "deadline time", "uhrzeit"];
const ZONE: &[&str] = &["time zone", "timezone", "zone", "tz"];
const GRACE: &[&str] = &[
    "grace",
    "late uploads",
    "late",
    "grace period",
    "allow late uploads",
    "late until",
];
const DESCRIPTION: &[&str] = &[
    "description",
    "instructions",
    "notes",
    "note",
    "details",
    "beschreibung",
];

/// Which column holds what; `None`: no column does.
#[derive(Debug, Default)]
struct Columns {
    title: Option<usize>,
    folder: Option<usize>,
    deadline: Option<usize>,
    time: Option<usize>,
    zone: Option<usize>,
    grace: Option<usize>,
    description: Option<usize>,
}

impl Columns {
    /// From the header row, or (when no cell of the first row names a column) the order
    /// title, folder, deadline, grace, description.
    fn of(first: &[String]) -> (Self, bool) {
        let keys: Vec<String> = first.iter().map(|c| header_key(c)).collect();
        let find = |known: &[&str]| keys.iter().position(|k| known.contains(&k.as_str()));
        let columns = Columns {
            title: find(TITLE),
            folder: find(FOLDER),
            deadline: find(DEADLINE),
            time: find(TIME),
            zone: find(ZONE),
            grace: find(GRACE),
            description: find(DESCRIPTION),
        };
        let named = [
            columns.title,
            columns.folder,
            columns.deadline,
            columns.grace,
            columns.description,
        ]
        .iter()
        .any(Option::is_some);
        if named {
            return (columns, true);
        }
        (
            Columns {
                title: Some(0),
                folder: Some(1),
                deadline: Some(2),
                grace: Some(3),
                description: Some(4),
                ..Columns::default()
            },
            false,
        )
    }
}

fn cell(row: &[String], column: Option<usize>) -> &str {
    column.and_then(|c| row.get(c)).map_or("", |c| c.trim())
}

/// How slashed dates (`3/4/2026`) are read: decided for the whole column, since one file
/// does not mix the two orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SlashOrder {
    MonthFirst,
    DayFirst,
    /// Every slashed date reads both ways (`3/4/2026`): the user must say.
    Unknown,
}

fn slash_order<'a>(cells: impl Iterator<Item = &'a str>) -> SlashOrder {
    let mut order = SlashOrder::Unknown;
    for cell in cells {
        let date = cell.split_whitespace().next().unwrap_or("");
        let parts: Vec<&str> = date.split('/').collect();
        if let [a, b, _] = parts[..]
            && let (Ok(a), Ok(b)) = (a.parse::<u8>(), b.parse::<u8>())
        {
            if a > 12 && b <= 12 {
                return SlashOrder::DayFirst;
            }
            if b > 12 && a <= 12 {
                order = SlashOrder::MonthFirst;
            }
        }
    }
    order
}

/// `17:00`, `17:00:00`, `17.00`, `5 PM`, `5:30pm`.
fn parse_time(text: &str) -> Option<Time> {
    let lower = text.trim().to_lowercase().replace(' ', "");
    let (clock, half) = if let Some(clock) = lower.strip_suffix("pm") {
        (clock, Some(12))
    } else if let Some(clock) = lower.strip_suffix("am") {
        (clock, Some(0))
    } else {
        (lower.as_str(), None)
    };
    let mut parts = clock.split([':', '.']);
    let hour: i8 = parts.next()?.parse().ok()?;
    let minute: i8 = match parts.next() {
        Some(m) => m.parse().ok()?,
        None if half.is_some() => 0,
        None => return None,
    };
    let second: i8 = parts.next().map_or(Some(0), |s| s.parse().ok())?;
    let hour = match half {
        Some(offset) if (1..=12).contains(&hour) => hour % 12 + offset,
        Some(_) => return None,
        None => hour,
    };
    Time::new(hour, minute, second, 0).ok()
}

/// `2026-02-06`, `06.02.2026`, `2/6/2026` (in the column's order).
fn parse_date(text: &str, order: SlashOrder) -> Result<Date, String> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        return Ok(date);
    }
    let numbers = |sep: char| -> Option<Vec<i32>> {
        let parts: Vec<&str> = text.split(sep).collect();
        (parts.len() == 3)
            .then(|| parts.iter().map(|p| p.trim().parse().ok()).collect())
            .flatten()
    };
    let civil = |year: i32, month: i32, day: i32| {
        let year = if year < 100 { year + 2000 } else { year };
        Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()
    };
    let not_a_date = || format!("\"{text}\" is not a date. Write it like 2026-02-06.");
    if let Some([day, month, year]) = numbers('.').as_deref() {
        return civil(*year, *month, *day).ok_or_else(not_a_date);
    }
    if let Some([a, b, year]) = numbers('/').as_deref() {
        let (month, day) = match order {
            SlashOrder::MonthFirst => (*a, *b),
            SlashOrder::DayFirst => (*b, *a),
            SlashOrder::Unknown if a == b => (*a, *b),
            SlashOrder::Unknown => {
                return Err(format!(
                    "\"{text}\" could be {} or {}. Write it like {}.",
                    civil(*year, *a, *b)
                        .map_or(String::new(), |d| d.strftime("%-d %B").to_string()),
                    civil(*year, *b, *a)
                        .map_or(String::new(), |d| d.strftime("%-d %B").to_string()),
                    civil(*year, *a, *b).map_or("2026-02-06".to_owned(), |d| d.to_string()),
                ));
            }
        };
        return civil(*year, month, day).ok_or_else(not_a_date);
    }
    Err(not_a_date())
}

/// A deadline cell (and the time cell, when the file has one) as the dialog's deadline, in
/// `zone` unless the cell carries its own offset or zone. A date alone is due at 23:59.
fn parse_deadline(
    text: &str,
    time: &str,
    zone: &str,
    order: SlashOrder,
) -> Result<Option<DeadlineInput>, String> {
    let text = text.trim();
    if text.is_empty() {
        return if time.is_empty() {
            Ok(None)
        } else {
            Err("a time is given without a date. Add the date.".into())
        };
    }
    let input = |date: Date, time: Time, zone: &str| DeadlineInput {
        date: date.to_string(),
        time: time.strftime("%H:%M").to_string(),
        time_zone: zone.to_owned(),
    };
    // An exact moment (`2026-02-06T16:00:00Z`, `…+01:00`, `…[Europe/Berlin]`).
    if let Ok(zoned) = text.parse::<jiff::Zoned>() {
        return Ok(Some(input(
            zoned.date(),
            zoned.time(),
            zoned.time_zone().iana_name().unwrap_or(zone),
        )));
    }
    if let Ok(instant) = text.parse::<jiff::Timestamp>() {
        let local = instant.to_zoned(TimeZone::get(zone).map_err(|e| e.to_string())?);
        return Ok(Some(input(local.date(), local.time(), zone)));
    }
    // (Only with a time: jiff reads a date alone as midnight, and a date alone is due at
    // the end of its day.)
    if text.contains(':')
        && let Ok(civil) = text.parse::<DateTime>()
    {
        return Ok(Some(input(civil.date(), civil.time(), zone)));
    }
    let (date_text, time_text) = match text.split_once([' ', 'T']) {
        Some((date, rest)) if time.is_empty() => (date, rest.trim()),
        _ => (text, time),
    };
    if !date_text.chars().any(|c| c.is_ascii_digit()) {
        return Err(format!(
            "\"{text}\" is not a date. Write it like 2026-02-06 17:00."
        ));
    }
    let date = parse_date(date_text, order)?;
    let at = if time_text.is_empty() {
        Time::constant(23, 59, 0, 0)
    } else {
        parse_time(time_text).ok_or_else(|| {
            format!("\"{time_text}\" is not a time. Write it like 17:00 or 5:00 PM.")
        })?
    };
    Ok(Some(input(date, at, zone)))
}

/// A grace cell in the words people use: empty, "none", "1 day", "48h", "1 week",
/// "30 days", "always", or the names the window shows.
fn parse_grace(text: &str) -> Result<Grace, String> {
    let key = header_key(text).replace(' ', "");
    let grace = match key.as_str() {
        "" | "none" | "no" | "0" | "nolateuploads" | "never" => Grace::None,
        "1day" | "1d" | "oneday" | "24h" | "24hours" | "1" => Grace::OneDay,
        "2days" | "2d" | "twodays" | "48h" | "48hours" | "2" => Grace::TwoDays,
        "7days" | "7d" | "sevendays" | "1week" | "oneweek" | "aweek" | "week" | "7" => {
            Grace::SevenDays
        }
        "30days" | "30d" | "thirtydays" | "1month" | "onemonth" | "amonth" | "month" | "30" => {
            Grace::ThirtyDays
        }
        "always" | "anytime" | "yes" | "forever" | "noend" => Grace::Always,
        _ => {
            return Err(format!(
                "\"{}\" is not a grace period. Write none, 1 day, 2 days, 7 days, 30 days or \
                 always.",
                text.trim()
            ));
        }
    };
    Ok(grace)
}

/// A folder cell as a path: relative ones (`Homework 1`) go inside `course`.
fn folder_path(text: &str, course: &str) -> Result<String, String> {
    let text = text.trim();
    if text.starts_with('/') {
        return Ok(text.to_owned());
    }
    let course = course.trim().trim_end_matches('/');
    if course.is_empty() || !course.starts_with('/') {
        return Err(format!(
            "the folder \"{text}\" does not start with / and no course folder is chosen. \
             Write the whole path, like /Courses/CS101/{text}."
        ));
    }
    if text.is_empty() {
        return Err("the folder is empty. Name the folder students upload into.".into());
    }
    Ok(format!("{course}/{text}"))
}

/// The plan a CSV file holds: one row per request, numbered from 1, deadlines in `zone`
/// unless a cell says otherwise, relative folders inside `course`. Refused whole, with its
/// problems by line, when any row has one.
pub fn read(bytes: &[u8], course: &str, zone: &str) -> Result<Vec<PlannedRow>, CoreError> {
    let table = csv_file::read(bytes, &PLAN)?;
    let (columns, has_header) = Columns::of(&table.rows[0].1);
    if TimeZone::get(zone).is_err() {
        return Err(invalid(format!("\"{zone}\" is not a time zone.")));
    }
    let (rows, problems) = rows(&table, &columns, has_header, course, zone);
    if !problems.is_empty() {
        let mut message = problems
            .iter()
            .take(SHOWN_PROBLEMS)
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        if problems.len() > SHOWN_PROBLEMS {
            message.push_str(&format!(
                " ({} more problems.)",
                problems.len() - SHOWN_PROBLEMS
            ));
        }
        return Err(invalid(message));
    }
    if rows.is_empty() {
        return Err(invalid(
            "The file names its columns but has no requests below them. Add one row per \
             request."
                .into(),
        ));
    }
    if rows.len() > MAX_ROWS as usize {
        return Err(invalid(format!(
            "The file has {} requests; plan at most {MAX_ROWS} at once.",
            rows.len()
        )));
    }
    Ok(rows)
}

fn invalid(message: String) -> CoreError {
    CoreError::InvalidInput {
        field: PLAN.field,
        message,
    }
}

fn rows(
    table: &Table,
    columns: &Columns,
    has_header: bool,
    course: &str,
    zone: &str,
) -> (Vec<PlannedRow>, Vec<String>) {
    let body = &table.rows[usize::from(has_header)..];
    if columns.title.is_none() {
        let line = table.rows[0].0;
        return (
            Vec::new(),
            vec![format!(
                "Line {line}: no column is called Title. Name the columns title, folder, \
                 deadline, grace and description."
            )],
        );
    }
    let order = slash_order(body.iter().map(|(_, r)| cell(r, columns.deadline)));
    let mut planned = Vec::new();
    let mut problems = Vec::new();
    for (line, row) in body {
        let title = cell(row, columns.title);
        let row_zone = match cell(row, columns.zone) {
            "" => zone,
            named if TimeZone::get(named).is_ok() => named,
            named => {
                problems.push(format!(
                    "Line {line}: Time zone: \"{named}\" is not a time zone. Write it like \
                     Europe/Berlin or America/New_York."
                ));
                continue;
            }
        };
        let mut said = |field: &str, message: String| {
            problems.push(format!("Line {line}: {field}: {message}"));
        };
        let destination = folder_path(cell(row, columns.folder), course)
            .map_err(|m| said("Folder", m))
            .ok();
        let deadline = parse_deadline(
            cell(row, columns.deadline),
            cell(row, columns.time),
            row_zone,
            order,
        )
        .map_err(|m| said("Deadline", m))
        .ok();
        let grace = parse_grace(cell(row, columns.grace))
            .map_err(|m| said("Grace", m))
            .ok();
        if title.is_empty() {
            said(
                "Title",
                "the title is empty. Give the request a title.".into(),
            );
        }
        let (Some(destination), Some(deadline), Some(grace)) = (destination, deadline, grace)
        else {
            continue;
        };
        if deadline.is_none() && grace != Grace::None {
            said(
                "Grace",
                "late uploads need a deadline. Give one, or leave Grace empty.".into(),
            );
            continue;
        }
        planned.push(PlannedRow {
            number: planned.len() as u32 + 1,
            form: RequestForm {
                title: title.to_owned(),
                destination,
                description: cell(row, columns.description).to_owned(),
                deadline,
                grace,
            },
        });
    }
    (planned, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(text: &str) -> Result<Vec<PlannedRow>, CoreError> {
        read(text.as_bytes(), "/Courses/CS101", "Europe/Berlin")
    }

    fn deadline(row: &PlannedRow) -> (String, String, String) {
        let d = row.form.deadline.clone().unwrap();
        (d.date, d.time, d.time_zone)
    }

    #[test]
    fn the_columns_are_found_by_name_in_any_order_and_separator() {
        let text = "sep=;\r\nDescription;Late uploads;Due;Title;Folder\r\n\
                    One PDF;2 days;2026-02-06 17:00;Homework 1;Homework 1\r\n\
                    ;;;Reflection;/Courses/CS101/Reflections\r\n";
        let rows = plan(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].form.title, "Homework 1");
        assert_eq!(rows[0].form.destination, "/Courses/CS101/Homework 1");
        assert_eq!(rows[0].form.description, "One PDF");
        assert_eq!(rows[0].form.grace, Grace::TwoDays);
        assert_eq!(
            deadline(&rows[0]),
            ("2026-02-06".into(), "17:00".into(), "Europe/Berlin".into())
        );
        assert_eq!(rows[1].form.deadline, None);
        assert_eq!(rows[1].form.destination, "/Courses/CS101/Reflections");
        assert_eq!(rows.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn without_a_header_the_columns_are_in_the_issued_order() {
        let rows = plan("Homework 1,HW1,2026-02-06T17:00,1 day,Upload a PDF\n").unwrap();
        assert_eq!(rows[0].form.title, "Homework 1");
        assert_eq!(rows[0].form.grace, Grace::OneDay);
        assert_eq!(rows[0].form.description, "Upload a PDF");
    }

    #[test]
    fn deadlines_are_read_in_the_forms_people_write() {
        let text = "title,folder,deadline,time,time zone\n\
                    A,/a,06.02.2026,5:30 PM,\n\
                    B,/b,2026-02-13,,America/New_York\n\
                    C,/c,2026-02-20T16:00:00Z,,\n\
                    D,/d,2026-02-27T17:00[America/Chicago],,\n";
        let rows = plan(text).unwrap();
        let got: Vec<_> = rows.iter().map(deadline).collect();
        assert_eq!(
            got,
            [
                ("2026-02-06".into(), "17:30".into(), "Europe/Berlin".into()),
                (
                    "2026-02-13".into(),
                    "23:59".into(),
                    "America/New_York".into()
                ),
                ("2026-02-20".into(), "17:00".into(), "Europe/Berlin".into()),
                (
                    "2026-02-27".into(),
                    "17:00".into(),
                    "America/Chicago".into()
                ),
            ]
        );
    }

    #[test]
    fn slashed_dates_take_the_order_the_column_shows_and_ambiguity_is_asked() {
        let us = plan("title,folder,due\nA,/a,2/6/2026 17:00\nB,/b,2/13/2026 17:00\n").unwrap();
        assert_eq!(deadline(&us[0]).0, "2026-02-06");
        let eu = plan("title,folder,due\nA,/a,6/2/2026 17:00\nB,/b,13/2/2026 17:00\n").unwrap();
        assert_eq!(deadline(&eu[0]).0, "2026-02-06");
        let said = plan("title,folder,due\nA,/a,3/4/2026\n")
            .unwrap_err()
            .to_string();
        assert!(
            said.starts_with("Line 2: Deadline: \"3/4/2026\" could be 4 March or 3 April"),
            "{said}"
        );
    }

    #[test]
    fn every_problem_names_its_line_its_column_and_the_fix() {
        let text = "title,folder,deadline,grace\n\
                    Homework 1,HW1,2026-02-06 17:00,1 day\n\
                    Homework 2,HW2,next friday,\n\
                    ,HW3,2026-02-20 17:00,\n\
                    Homework 4,HW4,,2 days\n\
                    Homework 5,HW5,2026-03-06 25:00,\n\
                    Homework 6,HW6,2026-03-13,a fortnight\n";
        let said = plan(text).unwrap_err().to_string();
        for expected in [
            "Line 3: Deadline: \"next friday\" is not a date",
            "Line 4: Title: the title is empty",
            "Line 5: Grace: late uploads need a deadline",
            "Line 6: Deadline: \"25:00\" is not a time",
            "Line 7: Grace: \"a fortnight\" is not a grace period",
        ] {
            assert!(said.contains(expected), "{expected:?} in {said}");
        }
        assert!(!said.contains("Line 2"), "{said}");
    }

    #[test]
    fn relative_folders_need_a_course_and_files_need_a_title_column() {
        let said = read(b"title,folder\nA,HW1\n", "", "UTC")
            .unwrap_err()
            .to_string();
        assert!(said.contains("Line 2: Folder: the folder \"HW1\" does not start with /"));
        let said = plan("folder,deadline,description\n/a,2026-02-06,x\n")
            .unwrap_err()
            .to_string();
        assert!(
            said.starts_with("Line 1: no column is called Title"),
            "{said}"
        );
        let windows_1252 = b"title,folder\nDevoir \xe9t\xe9,/a\n";
        assert_eq!(
            read(windows_1252, "", "UTC").unwrap()[0].form.title,
            "Devoir été"
        );
        let empty = plan("title,folder\n").unwrap_err().to_string();
        assert!(empty.contains("no requests below them"), "{empty}");
    }
}
