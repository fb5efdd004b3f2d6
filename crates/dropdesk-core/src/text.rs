//! Rules for text that comes from other people (titles, file names, doc text).

/// The invisible characters that change the direction text is shown in: embeddings,
/// overrides, isolates and marks. `x\u{202E}fdp.exe` shows as `xexe.pdf`.
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_controls_are_known_and_letters_are_not() {
        for c in [
            '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}',
        ] {
            assert!(is_bidi_control(c), "{c:?}");
        }
        for c in ['a', 'ש', 'ع', ' ', '\u{200B}'] {
            assert!(!is_bidi_control(c), "{c:?}");
        }
    }
}
