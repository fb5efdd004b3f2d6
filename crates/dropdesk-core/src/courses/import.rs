//! Class lists as people have them: CSV exported from Canvas, Moodle, Blackboard or Google
//! Classroom, saved by Excel or typed by hand. Decoded (UTF-8 with or without BOM, UTF-16,
//! Windows-1252), split (`,` `;` or tab), its columns recognised, every row checked. A list
//! with a problem is refused whole, each problem naming its line.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::names::compact;
use super::roster::{Student, split_name};
use crate::csv_file::{self, Table, header_key};
use crate::error::CoreError;

/// Larger than any class list (500 students of a gradebook export is under 1 MB).
pub const MAX_BYTES: usize = csv_file::MAX_BYTES;

/// Problems listed by line before the rest are only counted.
const SHOWN_PROBLEMS: usize = 50;

/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 8;

const CLASS_LIST: csv_file::Kind = csv_file::Kind {
    field: "classList",
    noun: "class list",
};

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

fn invalid(message: impl Into<String>) -> CoreError {
    CoreError::InvalidInput {
        field: "classList",
        message: message.into(),
    }
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
    let table = csv_file::read(bytes, &CLASS_LIST)?;
    let columns = columns.cloned().unwrap_or_else(|| recognise(&table));
    let (students, problems) = students(&table, &columns);
    Ok((table, columns, students, problems))
}

/// The file as it would be imported, with the columns given or, without them, recognised.
pub fn preview(bytes: &[u8], columns: Option<&Columns>) -> Result<ImportPreview, CoreError> {
    let (table, columns, students, problems) = parsed(bytes, columns)?;
    Ok(ImportPreview {
        encoding: table.encoding.to_owned(),
        separator: table.separator_name().to_owned(),
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
