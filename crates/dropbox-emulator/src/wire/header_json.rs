//! JSON carried in HTTP headers (`Dropbox-API-Arg`, `Dropbox-API-Result`): every character from
//! U+007F up is escaped as `\uXXXX` UTF-16 code units (surrogate pairs beyond the BMP), so the
//! header is pure ASCII.

/// Escapes already-serialized JSON for a header.
pub(crate) fn escape(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() && c != '\u{7f}' {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_accents_and_emoji_as_utf16_units_and_round_trips() {
        let json = serde_json::json!({ "path": "/Café/😀 notes" }).to_string();
        let escaped = escape(&json);
        assert!(escaped.is_ascii());
        assert!(escaped.contains(r"\u00e9"), "{escaped}");
        assert!(escaped.contains(r"\ud83d\ude00"), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back["path"], "/Café/😀 notes");
    }
}
