//! The class list: who is in the course, and the key each student is known by in the course
//! file's decisions.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::names::{compact, fold};

/// One student.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Student {
    /// What the course file's decisions point at: the student ID, else the e-mail, else the
    /// name (see [`Student::key_of`]).
    pub key: String,
    pub first_name: String,
    /// The family name; a one-part name is kept here.
    pub last_name: String,
    pub email: Option<String>,
    pub student_id: Option<String>,
    pub section: Option<String>,
}

impl Student {
    /// A student from the parts of a class list's row; the key follows from them.
    pub fn new(
        first_name: &str,
        last_name: &str,
        email: Option<&str>,
        student_id: Option<&str>,
        section: Option<&str>,
    ) -> Self {
        let clean = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let mut student = Student {
            key: String::new(),
            first_name: first_name.trim().to_owned(),
            last_name: last_name.trim().to_owned(),
            email: clean(email),
            student_id: clean(student_id),
            section: clean(section),
        };
        student.key = Student::key_of(&student);
        student
    }

    /// `id:<student id>`, else `email:<address>`, else `name:<folded name>`: what stays the
    /// same when a name's spelling is corrected.
    pub fn key_of(student: &Student) -> String {
        if let Some(id) = &student.student_id {
            return format!("id:{}", compact(id));
        }
        if let Some(email) = &student.email {
            return format!("email:{}", email.trim().to_lowercase());
        }
        format!("name:{}", fold(&student.full_name()).trim())
    }

    /// "Grace Hopper".
    pub fn full_name(&self) -> String {
        match (self.first_name.is_empty(), self.last_name.is_empty()) {
            (true, _) => self.last_name.clone(),
            (false, true) => self.first_name.clone(),
            (false, false) => format!("{} {}", self.first_name, self.last_name),
        }
    }

    /// "Hopper, Grace": how class lists sort.
    pub fn sort_name(&self) -> String {
        if self.first_name.is_empty() {
            self.last_name.clone()
        } else {
            format!("{}, {}", self.last_name, self.first_name)
        }
    }
}

/// Splits one "name" cell: `Hopper, Grace` (family name first, as Canvas writes it) or
/// `Grace Hopper` (the last word is the family name).
pub fn split_name(name: &str) -> (String, String) {
    let name = name.trim();
    if let Some((last, first)) = name.split_once(',') {
        return (first.trim().to_owned(), last.trim().to_owned());
    }
    match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim().to_owned(), last.trim().to_owned()),
        None => (String::new(), name.to_owned()),
    }
}

/// The columns of `Roster.csv` as Dropdesk writes it.
pub const ROSTER_HEADER: [&str; 5] = ["Last name", "First name", "Email", "Student ID", "Section"];

/// `Roster.csv`: UTF-8 with a byte-order mark (so Excel reads the accents), comma-separated,
/// sorted by family name.
pub fn to_csv(students: &[Student]) -> Vec<u8> {
    let mut sorted: Vec<&Student> = students.iter().collect();
    sorted.sort_by_cached_key(|s| (fold(&s.sort_name()), s.key.clone()));
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing to memory cannot fail.
        let _ = writer.write_record(ROSTER_HEADER);
        for s in sorted {
            let _ = writer.write_record([
                s.last_name.as_str(),
                s.first_name.as_str(),
                s.email.as_deref().unwrap_or(""),
                s.student_id.as_deref().unwrap_or(""),
                s.section.as_deref().unwrap_or(""),
            ]);
        }
        let _ = writer.flush();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_prefers_what_does_not_change() {
        let s = Student::new(
            "Grace",
            "Hopper",
            Some("Grace@Yale.edu"),
            Some(" 12 345 "),
            None,
        );
        assert_eq!(s.key, "id:12345");
        let s = Student::new("Grace", "Hopper", Some("Grace@Yale.edu "), None, None);
        assert_eq!(s.key, "email:grace@yale.edu");
        let s = Student::new("José", "Müller", None, None, Some(""));
        assert_eq!(s.key, "name:jose muller");
        assert_eq!(s.section, None);
    }

    #[test]
    fn one_name_cell_splits_either_way_round() {
        assert_eq!(
            split_name("Hopper, Grace"),
            ("Grace".into(), "Hopper".into())
        );
        assert_eq!(
            split_name("Grace Brewster Hopper"),
            ("Grace Brewster".into(), "Hopper".into())
        );
        assert_eq!(split_name("Cher"), (String::new(), "Cher".into()));
    }
}
