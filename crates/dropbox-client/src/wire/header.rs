//! JSON in HTTP headers (`Dropbox-API-Arg`): pure ASCII, with U+007F and everything above it
//! escaped as `\uXXXX` UTF-16 code units, so characters beyond the BMP become surrogate pairs.
//! (The official Rust SDK writes `\u1f600` for an emoji, which servers read as another
//! character; paths with emoji must survive here.)

use serde::Serialize;

pub(crate) fn encode<T: Serialize + ?Sized>(value: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(value)?;
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
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::{Value, json};

    #[test]
    fn emoji_become_surrogate_pairs() {
        let encoded = encode(&json!({ "path": "/😀" })).unwrap();
        assert_eq!(encoded, r#"{"path":"/\ud83d\ude00"}"#);
    }

    proptest! {
        #[test]
        fn any_text_is_ascii_in_the_header_and_decodes_back_unchanged(text in any::<String>()) {
            let encoded = encode(&json!({ "path": text })).unwrap();
            prop_assert!(encoded.is_ascii());
            prop_assert!(!encoded.bytes().any(|b| b == 0x7f || b < 0x20));
            let back: Value = serde_json::from_str(&encoded).unwrap();
            prop_assert_eq!(back["path"].as_str(), Some(text.as_str()));
        }
    }
}
