//! Reading stone unions from JSON: a void member may come as `"tag"` or `{".tag": "tag"}`; a
//! struct member's fields sit beside `.tag`; a primitive member's value sits under its tag's name.

use serde_json::{Map, Value};

/// A union value split into its tag and the fields beside it.
#[derive(Debug)]
pub(crate) struct Tagged {
    pub(crate) tag: String,
    pub(crate) fields: Map<String, Value>,
}

impl Tagged {
    /// `None` when the value is neither a string nor an object with a string `.tag`.
    pub(crate) fn read(value: &Value) -> Option<Self> {
        match value {
            Value::String(tag) => Some(Self {
                tag: tag.clone(),
                fields: Map::new(),
            }),
            Value::Object(map) => {
                let tag = map.get(".tag")?.as_str()?.to_owned();
                let mut fields = map.clone();
                fields.remove(".tag");
                Some(Self { tag, fields })
            }
            _ => None,
        }
    }
}

/// A void-member union: its tag, if it is one of `allowed`.
pub(crate) fn void_tag<'a>(value: &Value, allowed: &[&'a str]) -> Result<&'a str, String> {
    let tagged = Tagged::read(value).ok_or_else(|| format!("expected a union, got {value}"))?;
    if !tagged.fields.is_empty() {
        return Err(format!(
            "unexpected fields beside \".tag\": \"{}\"",
            tagged.tag
        ));
    }
    allowed
        .iter()
        .find(|t| **t == tagged.tag)
        .copied()
        .ok_or_else(|| format!("unknown tag \"{}\"", tagged.tag))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn void_members_are_read_in_both_forms() {
        let allowed = ["one_day", "always"];
        assert_eq!(void_tag(&json!("always"), &allowed), Ok("always"));
        assert_eq!(
            void_tag(&json!({".tag": "one_day"}), &allowed),
            Ok("one_day")
        );
        assert!(void_tag(&json!({".tag": "never"}), &allowed).is_err());
        assert!(void_tag(&json!(3), &allowed).is_err());
    }
}
