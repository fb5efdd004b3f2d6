//! The gradebook export: one row per student, and per request its status, minutes late, the
//! file and when it came (in the user's time zone and in UTC). UTF-8 with a byte-order mark
//! and plain `YYYY-MM-DD HH:MM` times, so Excel and LibreOffice read accents and dates as
//! they are.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::CourseView;
use super::grid::{Cell, CellState};
use crate::error::CoreError;
use crate::requests::deadline::from_dropbox;

fn status(cell: &Cell) -> &'static str {
    match cell.state {
        CellState::OnTime => "on time",
        CellState::Late => "late",
        CellState::PastGrace => "late, past grace period",
        CellState::Missing => "missing",
        CellState::NotDue => "not due yet",
        CellState::Excused => "excused",
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading
/// apostrophe: names and file names come from strangers.
fn text(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    }
}

fn when(at: &str, zone: &TimeZone) -> String {
    from_dropbox(at).map_or_else(String::new, |t: Timestamp| {
        t.to_zoned(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    })
}

/// The export as CSV bytes; `time_zone` is the user's (IANA name).
pub fn to_csv(course: &CourseView, time_zone: &str) -> Result<Vec<u8>, CoreError> {
    let zone = TimeZone::get(time_zone).map_err(|_| CoreError::InvalidInput {
        field: "timeZone",
        message: format!("Time zone: \"{time_zone}\" is not one this computer knows."),
    })?;
    let mut header: Vec<String> = ["Student ID", "Last name", "First name", "Email", "Section"]
        .map(String::from)
        .to_vec();
    for request in &course.grid.requests {
        let t = text(&request.title);
        header.push(format!("{t}: status"));
        header.push(format!("{t}: minutes late"));
        header.push(format!("{t}: file"));
        header.push(format!("{t}: uploaded ({time_zone})"));
        header.push(format!("{t}: uploaded (UTC)"));
    }
    header.extend(["Submitted", "Late", "Missing"].map(String::from));
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let mut put = |record: Vec<String>| {
            writer
                .write_record(&record)
                .map_err(|e| CoreError::Internal(format!("the export could not be written: {e}")))
        };
        put(header)?;
        for row in &course.grid.rows {
            let s = &row.student;
            let mut record = vec![
                text(s.student_id.as_deref().unwrap_or("")),
                text(&s.last_name),
                text(&s.first_name),
                text(s.email.as_deref().unwrap_or("")),
                text(s.section.as_deref().unwrap_or("")),
            ];
            for cell in &row.cells {
                record.push(status(cell).to_owned());
                record.push(cell.minutes_late.map(|m| m.to_string()).unwrap_or_default());
                let file = cell.file.as_ref();
                record.push(file.map(|f| text(&f.name)).unwrap_or_default());
                record.push(file.map(|f| when(&f.uploaded, &zone)).unwrap_or_default());
                record.push(
                    file.map(|f| when(&f.uploaded, &TimeZone::UTC))
                        .unwrap_or_default(),
                );
            }
            record.push(row.totals.submitted.to_string());
            record.push(row.totals.late.to_string());
            record.push(row.totals.missing.to_string());
            put(record)?;
        }
    }
    Ok(out)
}

/// "CS101 gradebook 2026-12-02.csv".
pub fn file_name(course: &CourseView, now: Timestamp, time_zone: &str) -> String {
    let zone = TimeZone::get(time_zone).unwrap_or(TimeZone::UTC);
    format!(
        "{} gradebook {}.csv",
        course.name,
        now.to_zoned(zone).strftime("%Y-%m-%d")
    )
}

/// Writes the export into `folder` (never over an existing file); answers its path.
pub async fn save(
    course: &CourseView,
    time_zone: &str,
    folder: &std::path::Path,
    now: Timestamp,
) -> Result<std::path::PathBuf, CoreError> {
    let bytes = to_csv(course, time_zone)?;
    crate::downloads::save_bytes(folder, &file_name(course, now, time_zone), &bytes).await
}
