//! Three-way merge of a doc after someone else saved: the text both started from (the base),
//! ours and theirs. Lines both sides changed differently are conflicts, handed over as parts
//! so that the user resolves each one; nothing of either side is dropped.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Markers are at least this long, and always longer than any run of `<`, `=` or `>` that
/// starts a line of the doc, so that a line of text is never mistaken for one.
const MIN_MARKER_LENGTH: usize = 7;

/// A stretch of the merged doc.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[ts(export)]
pub enum MergePart {
    /// Text both sides agree on (or only one side changed).
    Same { text: String },
    /// Lines both sides changed, differently.
    Conflict { ours: String, theirs: String },
}

/// What a merge came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Merged {
    Clean(String),
    Conflicts(Vec<MergePart>),
}

/// Merges `ours` and `theirs`, both edited from `base`.
pub fn three_way(base: &str, ours: &str, theirs: &str) -> Merged {
    // Line-based merging wants every line to end: a missing final newline would make the
    // last line differ on its own.
    let (base, ours, theirs) = (with_newline(base), with_newline(ours), with_newline(theirs));
    let length = [&base, &ours, &theirs]
        .iter()
        .flat_map(|text| text.lines())
        .filter_map(|line| {
            let first = line
                .chars()
                .next()
                .filter(|c| matches!(c, '<' | '=' | '>'))?;
            Some(line.chars().take_while(|c| *c == first).count())
        })
        .max()
        .map_or(MIN_MARKER_LENGTH, |longest| {
            (longest + 1).max(MIN_MARKER_LENGTH)
        });
    let mut options = diffy::MergeOptions::new();
    options
        .set_conflict_style(diffy::ConflictStyle::Merge)
        .set_conflict_marker_length(length);
    match options.merge(&base, &ours, &theirs) {
        Ok(merged) => Merged::Clean(merged),
        Err(marked) => Merged::Conflicts(parts(&marked, length)),
    }
}

fn with_newline(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n");
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// Splits diffy's marked-up text into parts.
fn parts(marked: &str, length: usize) -> Vec<MergePart> {
    let start = format!("{} ", "<".repeat(length));
    let middle = "=".repeat(length);
    let end = format!("{} ", ">".repeat(length));
    enum In {
        Same,
        Ours,
        Theirs,
    }
    let mut found = Vec::new();
    let (mut same, mut ours, mut theirs) = (String::new(), String::new(), String::new());
    let mut at = In::Same;
    for line in marked.split_inclusive('\n') {
        let bare = line.trim_end_matches('\n');
        match at {
            In::Same if bare.starts_with(&start) => {
                if !same.is_empty() {
                    found.push(MergePart::Same {
                        text: std::mem::take(&mut same),
                    });
                }
                at = In::Ours;
            }
            In::Ours if bare == middle => at = In::Theirs,
            In::Theirs if bare.starts_with(&end) => {
                found.push(MergePart::Conflict {
                    ours: std::mem::take(&mut ours),
                    theirs: std::mem::take(&mut theirs),
                });
                at = In::Same;
            }
            In::Same => same.push_str(line),
            In::Ours => ours.push_str(line),
            In::Theirs => theirs.push_str(line),
        }
    }
    if !same.is_empty() {
        found.push(MergePart::Same { text: same });
    }
    found
}

/// How the user settled one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Resolution {
    Ours,
    Theirs,
    /// Ours, then theirs.
    Both,
}

/// The doc once every conflict is settled (one resolution per conflict, in order).
pub fn resolve(parts: &[MergePart], resolutions: &[Resolution]) -> Option<String> {
    let mut choices = resolutions.iter();
    let mut text = String::new();
    for part in parts {
        match part {
            MergePart::Same { text: same } => text.push_str(same),
            MergePart::Conflict { ours, theirs } => match choices.next()? {
                Resolution::Ours => text.push_str(ours),
                Resolution::Theirs => text.push_str(theirs),
                Resolution::Both => {
                    text.push_str(ours);
                    text.push_str(theirs);
                }
            },
        }
    }
    choices.next().is_none().then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        "# Lecture 1\n\nIntro.\n\n## Recursion\nBase case.\n\n## Homework\nDue Friday.\n";

    #[test]
    fn edits_in_different_places_merge_cleanly_keeping_both() {
        let ours = BASE.replace("Intro.", "Intro, with examples.");
        let theirs = BASE.replace("Due Friday.", "Due Monday.");
        let Merged::Clean(merged) = three_way(BASE, &ours, &theirs) else {
            panic!("expected a clean merge");
        };
        assert!(merged.contains("Intro, with examples.") && merged.contains("Due Monday."));
    }

    #[test]
    fn the_same_line_changed_twice_is_a_conflict_with_both_sides() {
        let ours = BASE.replace("Base case.", "Base case first.");
        let theirs = BASE.replace("Base case.", "Always a base case.");
        let Merged::Conflicts(parts) = three_way(BASE, &ours, &theirs) else {
            panic!("expected a conflict");
        };
        let conflicts: Vec<_> = parts
            .iter()
            .filter(|p| matches!(p, MergePart::Conflict { .. }))
            .collect();
        assert_eq!(
            conflicts,
            [&MergePart::Conflict {
                ours: "Base case first.\n".into(),
                theirs: "Always a base case.\n".into()
            }]
        );
        assert_eq!(
            resolve(&parts, &[Resolution::Ours]).unwrap(),
            ours,
            "ours alone gives our text back"
        );
        assert_eq!(resolve(&parts, &[Resolution::Theirs]).unwrap(), theirs);
        let both = resolve(&parts, &[Resolution::Both]).unwrap();
        assert!(
            both.contains("Base case first.\nAlways a base case.\n"),
            "{both}"
        );
        assert_eq!(resolve(&parts, &[]), None, "every conflict needs a choice");
        assert_eq!(resolve(&parts, &[Resolution::Ours, Resolution::Ours]), None);
    }

    #[test]
    fn lines_that_look_like_git_markers_are_text() {
        let base = "a\n<<<<<<< ours\n=======\n>>>>>>> theirs\nb\n";
        let ours = base.replace("a\n", "a1\n");
        let theirs = base.replace("a\n", "a2\n");
        let Merged::Conflicts(parts) = three_way(base, &ours, &theirs) else {
            panic!("expected a conflict");
        };
        let text = resolve(&parts, &[Resolution::Theirs]).unwrap();
        assert_eq!(text, theirs);
    }

    #[test]
    fn a_line_of_equals_signs_in_a_conflict_stays_text() {
        let rule = "=".repeat(40);
        let base = format!("Title\n{rule}\nbody\n");
        let ours = format!("Our title\n{rule}\nour body\n");
        let theirs = format!("Their title\n{rule}\ntheir body\n");
        let Merged::Conflicts(parts) = three_way(&base, &ours, &theirs) else {
            panic!("expected a conflict");
        };
        let conflicts = parts
            .iter()
            .filter(|p| matches!(p, MergePart::Conflict { .. }))
            .count();
        let mine = vec![Resolution::Ours; conflicts];
        assert_eq!(
            resolve(&parts, &mine).unwrap(),
            ours,
            "our lines cut at the rule"
        );
        let theirs_kept = vec![Resolution::Theirs; conflicts];
        assert_eq!(resolve(&parts, &theirs_kept).unwrap(), theirs);
    }

    #[test]
    fn a_missing_final_newline_or_windows_line_ends_do_not_make_conflicts() {
        let ours = "one\r\ntwo\r\nthree changed";
        let theirs = "one changed\ntwo\nthree\n";
        let Merged::Clean(merged) = three_way("one\ntwo\nthree", ours, theirs) else {
            panic!("expected a clean merge");
        };
        assert_eq!(merged, "one changed\ntwo\nthree changed\n");
    }
}
