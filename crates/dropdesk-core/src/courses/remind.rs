//! Reminding the students who have not handed in: a `mailto:` link with their addresses in
//! BCC for the user's own mail program (Dropdesk sends no mail itself).

use url::Url;

use super::grid::{CellState, CourseGrid};
use crate::error::CoreError;

/// Who a reminder for one request goes to.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Missing {
    /// The students with nothing, in class-list order.
    pub students: Vec<MissingStudent>,
    /// E-mail addresses of the students with nothing, in class-list order.
    pub addresses: Vec<String>,
    /// Names of those among them without an address.
    pub without_email: Vec<String>,
}

/// A student with nothing for a request.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MissingStudent {
    /// "Grace Hopper".
    pub name: String,
    pub email: Option<String>,
}

/// The students with nothing for request `request` (an index into the grid's requests):
/// missing after the deadline, or not in yet before it; excused students are left out.
pub fn missing(grid: &CourseGrid, request: usize) -> Missing {
    let mut found = Missing::default();
    for row in &grid.rows {
        let Some(cell) = row.cells.get(request) else {
            continue;
        };
        if !matches!(cell.state, CellState::Missing | CellState::NotDue) {
            continue;
        }
        found.students.push(MissingStudent {
            name: row.student.full_name(),
            email: row.student.email.clone(),
        });
        match &row.student.email {
            Some(email) => found.addresses.push(email.clone()),
            None => found.without_email.push(row.student.full_name()),
        }
    }
    found
}

/// `mailto:?bcc=…&subject=…&body=…`, each part percent-encoded as RFC 6068 asks.
pub fn mailto(bcc: &[String], subject: &str, body: &str) -> Result<Url, CoreError> {
    if bcc.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "bcc",
            message: "Nobody to write to: every student has handed in.".into(),
        });
    }
    if let Some(bad) = bcc
        .iter()
        .find(|a| !super::import::is_email(a) || a.contains([',', '?', '&', '<', '>']))
    {
        return Err(CoreError::InvalidInput {
            field: "bcc",
            message: format!("\"{bad}\" is not an e-mail address. Correct it in the class list."),
        });
    }
    let encode = |text: &str| -> String {
        // Everything but unreserved characters; line breaks as CRLF.
        let text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        let mut out = String::new();
        for byte in text.bytes() {
            if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                out.push(byte as char);
            } else {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
        out
    };
    let addresses: Vec<String> = bcc.iter().map(|a| encode(a).replace("%40", "@")).collect();
    let text = format!(
        "mailto:?bcc={}&subject={}&body={}",
        addresses.join(","),
        encode(subject),
        encode(body)
    );
    Url::parse(&text)
        .map_err(|e| CoreError::Internal(format!("the mail link could not be made: {e}")))
}
