//! Names and file names reduced to comparable words: case, accents and separators folded,
//! so that `Müller`, `muller` and `Mueller` are the same person.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, accents dropped (`é` → `e`, `ü` → `u`), and the letters that do not decompose
/// spelled out (`ß` → `ss`, `ø` → `o`, `æ` → `ae`).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ı' => out.push('i'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The German spelling without umlauts (`Müller` → `mueller`), when it differs from [`fold`].
pub fn fold_umlauts(text: &str) -> Option<String> {
    if !text.chars().any(|c| "äöüÄÖÜ".contains(c)) {
        return None;
    }
    let spelled: String = text
        .chars()
        .flat_map(|c| match c {
            'ä' | 'Ä' => "ae".chars().collect::<Vec<_>>(),
            'ö' | 'Ö' => "oe".chars().collect(),
            'ü' | 'Ü' => "ue".chars().collect(),
            c => vec![c],
        })
        .collect();
    Some(fold(&spelled))
}

/// The words of a name or file name, folded: split at anything that is not a letter or a
/// digit, between a lower- and an upper-case letter (`GraceHopper`), and between letters and
/// digits (`hopper3`).
pub fn words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            flush(&mut words, &mut current);
            previous = None;
            continue;
        }
        if let Some(p) = previous {
            let case_turn = p.is_lowercase() && c.is_uppercase();
            let digit_turn = p.is_ascii_digit() != c.is_ascii_digit();
            if case_turn || digit_turn {
                flush(&mut words, &mut current);
            }
        }
        current.push(c);
        previous = Some(c);
    }
    flush(&mut words, &mut current);
    words
}

fn flush(words: &mut Vec<String>, current: &mut String) {
    if !current.is_empty() {
        let folded = fold(current);
        if !folded.is_empty() {
            words.push(folded);
        }
        current.clear();
    }
}

/// Letters and digits only, folded: `grace.hopper` → `gracehopper`, `S-12 345` → `s12345`.
pub fn compact(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_case_fold_away() {
        assert_eq!(fold("Müller"), "muller");
        assert_eq!(fold("ŁUKASZ Żółć"), "lukasz zolc");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("Søren"), "soren");
        assert_eq!(fold("Ｇｒａｃｅ"), "grace");
        assert_eq!(fold_umlauts("Müller").as_deref(), Some("mueller"));
        assert_eq!(fold_umlauts("Muller"), None);
    }

    #[test]
    fn words_split_where_people_join_them() {
        assert_eq!(
            words("hw3 - Grace Hopper.pdf"),
            ["hw", "3", "grace", "hopper", "pdf"]
        );
        assert_eq!(words("GraceHopper_HW3"), ["grace", "hopper", "hw", "3"]);
        assert_eq!(words("o'brien__final(2)"), ["o", "brien", "final", "2"]);
        assert_eq!(words("José-María"), ["jose", "maria"]);
        assert_eq!(compact("grace.hopper"), "gracehopper");
    }
}
