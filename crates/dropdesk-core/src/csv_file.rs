//! CSV files as people have them: decoded (UTF-8 with or without BOM, UTF-16,
//! Windows-1252), split (`,` `;` or tab, or what Excel's `sep=` line says), each record with
//! the line it starts on, so that every problem can name its line. Class lists and term
//! plans are read this way.

use crate::courses::names::fold;
use crate::error::CoreError;

/// Larger than any file of this kind (500 students of a gradebook export is under 1 MB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// What a file is, for its errors: the form field they belong to and what the file holds.
pub(crate) struct Kind {
    pub field: &'static str,
    /// "class list", "plan".
    pub noun: &'static str,
}

/// A decoded, split file: each row with the line it starts on.
pub(crate) struct Table {
    pub(crate) encoding: &'static str,
    pub(crate) separator: u8,
    pub(crate) rows: Vec<(u32, Vec<String>)>,
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

/// The file's rows, or an error that names the line and the fix.
pub(crate) fn read(bytes: &[u8], kind: &Kind) -> Result<Table, CoreError> {
    let invalid = |message: String| CoreError::InvalidInput {
        field: kind.field,
        message,
    };
    let noun = kind.noun;
    if bytes.len() > MAX_BYTES {
        return Err(invalid(format!(
            "This file is {} MB; a {noun} is far smaller. Choose the CSV export of the \
             {noun}, not a whole gradebook or workbook.",
            bytes.len() / (1024 * 1024)
        )));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(invalid(
            "This is an Excel workbook, not a CSV file. In Excel choose File › Save As › \
             \"CSV UTF-8\", then import that file."
                .into(),
        ));
    }
    if bytes.starts_with(b"%PDF")
        || bytes.iter().take(4096).filter(|b| **b == 0).count() > 8
            && encoding_rs::Encoding::for_bom(bytes).is_none()
    {
        return Err(invalid(format!(
            "This is not a text file. Choose the {noun}'s CSV export."
        )));
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
        return Err(invalid(format!(
            "The file is empty. Choose the {noun}'s CSV export."
        )));
    }
    Ok(Table {
        encoding,
        separator,
        rows,
    })
}

/// A column name reduced for comparison: folded, words separated by one space.
pub(crate) fn header_key(header: &str) -> String {
    fold(header)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Table {
    /// "comma", "semicolon" or "tab".
    pub(crate) fn separator_name(&self) -> &'static str {
        match self.separator {
            b';' => "semicolon",
            b'\t' => "tab",
            b',' => "comma",
            _ => "other",
        }
    }
}
