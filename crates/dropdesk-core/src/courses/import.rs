//! Class lists as people have them: CSV exported from Canvas, Moodle, Blackboard or Google
//! Classroom, saved by Excel or typed by hand. Decoded (UTF-8 with or without BOM, UTF-16,
//! Windows-1252), split (`,` `;` or tab), its columns recognised, every row checked. A list
//! with a problem is refused whole, each problem naming its line.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::names::{compact, fold};
use super::roster::{Student, split_name};
use crate::error::CoreError;

/// Larger than any class list (500 students of a gradebook export is under 1 MB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Problems listed by line before the rest are only counted.
const SHOWN_PROBLEMS: usize = 50;

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 8;

/// Which column (0-based) holds what. `None`: no column does.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Columns {
    /// The first row names the columns (it is not a student).
    pub has_header: bool,
    /// One cell with the whole name: `Grace Hopper` or `Hopper, Grace`.
    pub name: Option<u32>,
    pub first_name: Option<u32>,
    pub last_name: Option<u32>,
    pub email: Option<u32>,
    pub student_id: Option<u32>,
    pub section: Option<u32>,
}

/// What is wrong on one line of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LineProblem {
    pub line: u32,
    /// A sentence that starts with "Line N:" and says the fix.
    pub message: String,
}

/// A class list read with the columns chosen (or recognised), before anything is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    /// How the text was decoded, in words ("UTF-8", "Windows-1252 (Excel)").
    pub encoding: String,
    /// "comma", "semicolon" or "tab".
    pub separator: String,
    /// The column names of the first row, or "Column 1", "Column 2"… without a header.
    pub headers: Vec<String>,
    pub columns: Columns,
    /// The first students, as they would be imported.
    pub students: Vec<Student>,
    /// Students the whole file holds.
    pub count: u32,
    /// The first problems; importing is refused while there are any.
    pub problems: Vec<LineProblem>,
    /// Problems beyond those listed.
    pub more_problems: u32,
}

/// A decoded, split file: each row with the line it starts on.
struct Table {
    encoding: &'static str,
    separator: u8,
    rows: Vec<(u32, Vec<String>)>,
}

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::InvalidInput {
        field: "classList",
        message: message.into(),
    }
}

/// Text from the file's bytes: by its byte-order mark, else UTF-8 if it is valid, else
/// Windows-1252 (what Excel saves as "CSV" on Windows; a superset of Latin-1's letters).
fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let name = match encoding.name() {
            "UTF-8" => "UTF-8",
            "UTF-16LE" => "UTF-16 (little-endian)",
            _ => "UTF-16 (big-endian)",
        };
        return (text.into_owned(), name);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => (text.to_owned(), "UTF-8"),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), "Windows-1252 (Excel)")
        }
    }
}

/// The separator the header line uses most outside quotes: `,`, `;` (European Excel) or tab.
/// Excel's `sep=;` first line says it outright (and is then skipped).
fn separator(text: &str) -> (u8, &str) {
    let first = text
        .split(['\n', '\r'])
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    if let Some(sep) = first.trim().strip_prefix("sep=")
        && let [c] = sep.as_bytes()
    {
        let rest = text.split_once(['\n', '\r']).map_or("", |(_, rest)| rest);
        return (*c, rest);
    }
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in first.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(n) = counts.iter_mut().find(|(s, _)| *s == c) {
            n.1 += 1;
        }
    }
    let best = counts
        .iter()
        .max_by_key(|(s, n)| (*n, *s == b','))
        .map_or(b',', |(s, _)| *s);
    (best, text)
}

/// The line of a quote that opens a field and never closes, if one does (the CSV reader
/// would read the rest of the file as one cell).
fn unclosed_quote(text: &str, separator: u8) -> Option<u32> {
    let bytes = text.as_bytes();
    let mut line = 1u32;
    let mut quoted_since: Option<u32> = None;
    let mut at_field_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match quoted_since {
            Some(_) if c == b'"' => {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted_since = None;
                }
            }
            Some(_) => {}
            None if c == b'"' && at_field_start => quoted_since = Some(line),
            None => {}
        }
        at_field_start = quoted_since.is_none() && (c == separator || c == b'\n' || c == b'\r');
        if c == b'\n' || c == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            line += 1;
        }
        i += 1;
    }
    quoted_since
}

/// Line numbers of the records the CSV reader reads, in order: its positions can point at the
/// line break before a record, and its own line count is off after `\r\n`. A line ends at
/// `\n`, `\r\n` or a lone `\r` (old Mac Excel).
struct Lines<'a> {
    text: &'a [u8],
    counted_to: usize,
    line: u32,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            counted_to: 0,
            line: 1,
        }
    }

    /// The line a record read at `position` starts on; positions only move forward.
    fn at(&mut self, position: Option<&csv::Position>) -> u32 {
        let Some(position) = position else {
            return self.line;
        };
        let mut start = usize::try_from(position.byte()).unwrap_or(usize::MAX);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        while self.counted_to < start.min(self.text.len()) {
            let ends_line = match self.text[self.counted_to] {
                b'\n' => true,
                b'\r' => self.text.get(self.counted_to + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                self.line += 1;
            }
            self.counted_to += 1;
        }
        self.line
    }
}

fn table(bytes: &[u8]) -> Result<Table, CoreError> {
    if bytes.len() > MAX_BYTES {
        return Err(invalid(format!(
            "This file is {} MB; a class list is far smaller. Choose the CSV export of the \
             class list, not a whole gradebook or workbook.",
            bytes.len() / (1024 * 1024)
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(invalid(
            "This is an Excel workbook, not a CSV file. In Excel choose File › Save As › \
             \"CSV UTF-8\", then import that file.",
        ));
    }
    if bytes.starts_with(b"%PDF")
        || bytes.iter().take(4096).filter(|b| **b == 0).count() > 8
            && encoding_rs::Encoding::for_bom(bytes).is_none()
    {
        return Err(invalid(
            "This is not a text file. Choose the class list's CSV export.",
        ));
    }
    let (text, encoding) = decode(bytes);
    let (separator, text) = separator(&text);
    if let Some(line) = unclosed_quote(text, separator) {
        return Err(invalid(format!(
            "Line {line}: a quote (\") opens a field that is never closed, so the rest of the \
             file would be read as one cell. Close the quote or remove it."
        )));
    }
    let mut lines = Lines::new(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = lines.at(e.position());
            invalid(format!("Line {line}: it could not be read as CSV ({e})."))
        })?;
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        rows.push((lines.at(record.position()), cells));
    }
    if rows.is_empty() {
        return Err(invalid(
            "The file is empty. Choose the class list's CSV export.",
        ));
    }
    Ok(Table {
        encoding,
        separator,
        rows,
    })
}

/// A column name reduced for comparison: folded, words separated by one space.
fn header_key(header: &str) -> String {
    fold(header)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Column names each field is known by, most specific first (Canvas has both "ID" and
/// "SIS User ID"; the latter is the student ID people know).
const STUDENT_ID: &[&str] = &[
    "sis user id",
    "student id",
    "studentid",
    "student number",
    "student no",
    "id number",
    "matriculation number",
    "matrikelnummer",
    "orgdefinedid",
    "org defined id",
    "sis id",
    "username",
    "user id",
    "id",
];
const EMAIL: &[&str] = &[
    "email",
    "email address",
    "e mail",
    "e mail address",
    "mail",
    "student email",
    "school email",
    "sis login id",
    "login id",
];
const FIRST: &[&str] = &[
    "first name",
    "firstname",
    "first",
    "given name",
    "given names",
    "forename",
    "vorname",
    "prenom",
    "nombre",
    "student first name",
];
const LAST: &[&str] = &[
    "last name",
    "lastname",
    "last",
    "surname",
    "family name",
    "nachname",
    "nom de famille",
    "apellido",
    "apellidos",
    "student last name",
];
const NAME: &[&str] = &[
    "name",
    "student",
    "student name",
    "full name",
    "fullname",
    "display name",
    "sortable name",
    "participant",
    "nom",
];
const SECTION: &[&str] = &[
    "section",
    "sections",
    "section name",
    "group",
    "groups",
    "class",
    "cohort",
    "tutorial",
];

fn find(headers: &[String], known: &[&str], taken: &[Option<u32>]) -> Option<u32> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    known.iter().find_map(|k| {
        keys.iter()
            .position(|h| h == k)
            .map(|i| i as u32)
            .filter(|i| !taken.contains(&Some(*i)))
    })
}

/// Whether a cell is an e-mail address (one `@`, something either side, no spaces).
pub(crate) fn is_email(cell: &str) -> bool {
    let Some((local, domain)) = cell.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && !cell.chars().any(char::is_whitespace)
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

/// The column most of whose cells (of the first rows) pass `test`.
fn column_where(
    rows: &[&Vec<String>],
    width: usize,
    test: impl Fn(&str) -> bool,
    taken: &[Option<u32>],
) -> Option<u32> {
    (0..width)
        .filter(|i| !taken.contains(&Some(*i as u32)))
        .map(|i| {
            let filled: Vec<&str> = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(String::as_str)
                .filter(|c| !c.is_empty())
                .collect();
            let passing = filled.iter().filter(|c| test(c)).count();
            (i, passing, filled.len())
        })
        .filter(|(_, passing, filled)| *filled > 0 && *passing * 10 >= *filled * 8)
        .max_by_key(|(_, passing, _)| *passing)
        .map(|(i, _, _)| i as u32)
}

/// The columns a file's first rows suggest.
fn recognise(table: &Table) -> Columns {
    let first = &table.rows[0].1;
    let width = table.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    let known = [STUDENT_ID, EMAIL, FIRST, LAST, NAME, SECTION];
    let has_header = first
        .iter()
        .any(|c| known.iter().any(|k| k.contains(&header_key(c).as_str())))
        || !first.iter().any(|c| is_email(c));
    let mut columns = Columns {
        has_header,
        ..Columns::default()
    };
    let sample: Vec<&Vec<String>> = table
        .rows
        .iter()
        .skip(usize::from(has_header))
        .take(50)
        .map(|(_, r)| r)
        .collect();
    if has_header {
        let h = first;
        columns.first_name = find(h, FIRST, &[]);
        columns.last_name = find(h, LAST, &[columns.first_name]);
        columns.email = find(h, EMAIL, &[columns.first_name, columns.last_name]);
        let taken = [columns.first_name, columns.last_name, columns.email];
        columns.student_id = find(h, STUDENT_ID, &taken);
        let taken = [
            columns.first_name,
            columns.last_name,
            columns.email,
            columns.student_id,
        ];
        if columns.last_name.is_none() {
            columns.name = find(h, NAME, &taken);
        }
        let taken = [
            columns.first_name,
            columns.last_name,
            columns.email,
            columns.student_id,
            columns.name,
        ];
        columns.section = find(h, SECTION, &taken);
        // A "SIS Login ID" that holds user names is no e-mail column; an "Email" column is
        // one even with a typo in it (the typo is then reported by line).
        if let Some(e) = columns.email
            && header_key(&h[e as usize]).contains("login")
            && column_where(&sample, width, is_email, &[]) != Some(e)
        {
            columns.email = None;
        }
    }
    let taken = [
        columns.first_name,
        columns.last_name,
        columns.student_id,
        columns.name,
        columns.section,
    ];
    if columns.email.is_none() {
        columns.email = column_where(&sample, width, is_email, &taken);
    }
    if !has_header {
        let taken = [columns.email];
        columns.student_id = column_where(
            &sample,
            width,
            |c| {
                c.chars().filter(char::is_ascii_digit).count() >= 3
                    && !c.contains(char::is_whitespace)
            },
            &taken,
        );
        let taken = [columns.email, columns.student_id];
        columns.name = column_where(
            &sample,
            width,
            |c| c.chars().any(char::is_alphabetic) && !is_email(c),
            &taken,
        );
    }
    columns
}

/// Canvas's "Points Possible" row and its "Test Student" (the teacher's student view) are
/// not students.
fn is_canvas_extra(first: &str, last: &str) -> bool {
    let whole = format!("{first} {last}").trim().to_lowercase();
    whole.starts_with("points possible")
        || whole == "test student"
        || (first.eq_ignore_ascii_case("test") && last.eq_ignore_ascii_case("student"))
}

fn cell(row: &[String], column: Option<u32>) -> &str {
    column
        .and_then(|i| row.get(i as usize))
        .map_or("", String::as_str)
}

/// Every student of the table, or every problem it has.
fn students(table: &Table, columns: &Columns) -> (Vec<Student>, Vec<LineProblem>) {
    let mut students = Vec::new();
    let mut problems = Vec::new();
    if columns.name.is_none() && columns.last_name.is_none() && columns.first_name.is_none() {
        problems.push(LineProblem {
            line: table.rows[0].0,
            message: "No column holds the students' names. Choose the column (or the first and last name columns) that has them.".into(),
        });
        return (students, problems);
    }
    let width = table.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0) as u32;
    let chosen = [
        columns.name,
        columns.first_name,
        columns.last_name,
        columns.email,
        columns.student_id,
        columns.section,
    ];
    if let Some(bad) = chosen.iter().flatten().find(|i| **i >= width) {
        problems.push(LineProblem {
            line: table.rows[0].0,
            message: format!(
                "The file has {width} columns, so there is no column {}. Choose another.",
                bad + 1
            ),
        });
        return (students, problems);
    }
    let mut seen_email: HashMap<String, u32> = HashMap::new();
    let mut seen_id: HashMap<String, u32> = HashMap::new();
    let mut seen_key: HashMap<String, u32> = HashMap::new();
    for (line, row) in table.rows.iter().skip(usize::from(columns.has_header)) {
        let line = *line;
        let (first, last) = match (columns.first_name, columns.last_name) {
            (None, None) => split_name(cell(row, columns.name)),
            (first, last) => {
                let (mut f, mut l) = (cell(row, first).to_owned(), cell(row, last).to_owned());
                if l.is_empty() && f.is_empty() && columns.name.is_some() {
                    (f, l) = split_name(cell(row, columns.name));
                }
                (f, l)
            }
        };
        if is_canvas_extra(&first, &last) {
            continue;
        }
        let mut problem = |message: String| problems.push(LineProblem { line, message });
        if first.is_empty() && last.is_empty() {
            problem(format!(
                "Line {line}: the name is empty. Fill it in or delete the line."
            ));
            continue;
        }
        let email = cell(row, columns.email);
        if !email.is_empty() && !is_email(email) {
            problem(format!(
                "Line {line}: \"{email}\" is not an e-mail address. Correct it or leave the cell empty."
            ));
            continue;
        }
        let student = Student::new(
            &first,
            &last,
            Some(email),
            Some(cell(row, columns.student_id)),
            Some(cell(row, columns.section)),
        );
        if let Some(email) = &student.email
            && let Some(before) = seen_email.insert(email.to_lowercase(), line)
        {
            problem(format!(
                "Line {line}: the same e-mail as line {before} ({email}). Delete one of them."
            ));
            continue;
        }
        if let Some(id) = &student.student_id
            && let Some(before) = seen_id.insert(compact(id), line)
        {
            problem(format!(
                "Line {line}: the same student ID as line {before} ({id}). Delete one of them."
            ));
            continue;
        }
        if let Some(before) = seen_key.insert(student.key.clone(), line) {
            problem(format!(
                "Line {line}: the same name as line {before} ({}), and neither has an e-mail or student ID to tell them apart. Add one, or delete a line.",
                student.full_name()
            ));
            continue;
        }
        students.push(student);
    }
    if students.is_empty() && problems.is_empty() {
        problems.push(LineProblem {
            line: table.rows[0].0,
            message:
                "The file has column names but no students. Choose the export that lists the class."
                    .into(),
        });
    }
    (students, problems)
}

fn headers(table: &Table, columns: &Columns) -> Vec<String> {
    let width = table.rows.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
    (0..width)
        .map(|i| match table.rows[0].1.get(i) {
            Some(h) if columns.has_header && !h.is_empty() => h.clone(),
            _ => format!("Column {}", i + 1),
        })
        .collect()
}

/// The file read with the columns given (or recognised): its students and its problems.
fn parsed(
    bytes: &[u8],
    columns: Option<&Columns>,
) -> Result<(Table, Columns, Vec<Student>, Vec<LineProblem>), CoreError> {
    let table = table(bytes)?;
    let columns = columns.cloned().unwrap_or_else(|| recognise(&table));
    let (students, problems) = students(&table, &columns);
    Ok((table, columns, students, problems))
}

/// The file as it would be imported, with the columns given or, without them, recognised.
pub fn preview(bytes: &[u8], columns: Option<&Columns>) -> Result<ImportPreview, CoreError> {
    let (table, columns, students, problems) = parsed(bytes, columns)?;
    Ok(ImportPreview {
        encoding: table.encoding.to_owned(),
        separator: match table.separator {
            b';' => "semicolon",
            b'\t' => "tab",
            b',' => "comma",
            _ => "other",
        }
        .to_owned(),
        headers: headers(&table, &columns),
        count: students.len() as u32,
        students: students.into_iter().take(PREVIEW_ROWS).collect(),
        more_problems: problems.len().saturating_sub(SHOWN_PROBLEMS) as u32,
        problems: problems.into_iter().take(SHOWN_PROBLEMS).collect(),
        columns,
    })
}

/// Every student of the file, or (with nothing imported) an error that lists the problems by
/// line.
pub fn read(bytes: &[u8], columns: Option<&Columns>) -> Result<Vec<Student>, CoreError> {
    let (_, _, students, problems) = parsed(bytes, columns)?;
    if problems.is_empty() {
        return Ok(students);
    }
    let mut message: String = problems
        .iter()
        .take(5)
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if problems.len() > 5 {
        message.push_str(&format!(" ({} more problems.)", problems.len() - 5));
    }
    Err(invalid(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(text: &str) -> String {
        read(text.as_bytes(), None).unwrap_err().to_string()
    }

    #[test]
    fn problems_name_the_line_the_record_starts_on_whatever_the_line_breaks() {
        let rows = "Ada Lovelace,ada@example.edu{n}{n}\"Hopper,{n}Grace\",grace@example.edu{n}Alan Turing,alan(at)example.edu{n}";
        for n in ["\n", "\r\n", "\r"] {
            let text = format!("Name,Email{n}{}", rows.replace("{n}", n));
            let said = problem(&text);
            assert!(
                said.starts_with("Line 6: \"alan(at)example.edu\""),
                "{n:?}: {said}"
            );
        }
    }

    #[test]
    fn a_class_list_with_old_mac_line_breaks_reads_every_row() {
        let text = "sep=;\rFirst name;Last name\rAda;Lovelace\rGrace;Hopper\rAlan;Turing\r";
        let students = read(text.as_bytes(), None).unwrap();
        let names: Vec<String> = students.iter().map(Student::full_name).collect();
        assert_eq!(names, ["Ada Lovelace", "Grace Hopper", "Alan Turing"]);
    }

    #[test]
    fn an_unclosed_quote_names_its_line_with_lone_carriage_returns_too() {
        let said = problem("Name\rAda Lovelace\r\"Grace Hopper\rAlan Turing\r");
        assert!(said.starts_with("Line 3: a quote"), "{said}");
    }
}
