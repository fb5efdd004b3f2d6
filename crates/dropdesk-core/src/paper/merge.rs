//! Three-way merge of a doc after someone else saved: the text both started from (the base),
//! ours and theirs. Lines both sides changed differently are conflicts, handed over as parts
//! so that the user resolves each one; nothing of either side is dropped. A clean merge comes
//! with a review that marks who added or removed each line.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::CoreError;

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
pub fn resolve(parts: &[MergePart], resolutions: &[Resolution]) -> Result<String, CoreError> {
    let unsettled = || CoreError::InvalidInput {
        field: "conflicts",
        message: "Conflicts: choose what to keep in each one before saving.".into(),
    };
    let mut choices = resolutions.iter();
    let mut text = String::new();
    for part in parts {
        match part {
            MergePart::Same { text: same } => text.push_str(same),
            MergePart::Conflict { ours, theirs } => match choices.next().ok_or_else(unsettled)? {
                Resolution::Ours => text.push_str(ours),
                Resolution::Theirs => text.push_str(theirs),
                Resolution::Both => {
                    text.push_str(ours);
                    text.push_str(theirs);
                }
            },
        }
    }
    match choices.next() {
        None => Ok(text),
        Some(_) => Err(unsettled()),
    }
}

/// Whose change a stretch of a combined doc is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum Side {
    Ours,
    Theirs,
}

/// A stretch of the review of a clean merge: text both sides have (`by` is `None`), or lines
/// one side added, or lines one side removed (not in the combined text, shown struck out).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Marked {
    pub text: String,
    pub by: Option<Side>,
    pub removed: bool,
}

/// Marks each line of `merged` (the clean merge of `ours` and `theirs`) with the side that
/// added it, and puts the lines each side removed where they were. Without the removed
/// lines, the review reads as `merged`.
pub fn review(ours: &str, theirs: &str, merged: &str) -> Vec<Marked> {
    let (ours, theirs, merged) = (
        with_newline(ours),
        with_newline(theirs),
        with_newline(merged),
    );
    // What merged has that ours lacks came from them, and the other way round.
    let by_them = walk(&ours, &merged);
    let by_us = walk(&theirs, &merged);
    let mut marked: Vec<Marked> = Vec::new();
    let mut push = |text: &str, by: Option<Side>, removed: bool| {
        if text.is_empty() {
            return;
        }
        match marked.last_mut() {
            Some(last) if last.by == by && last.removed == removed => last.text.push_str(text),
            _ => marked.push(Marked {
                text: text.to_owned(),
                by,
                removed,
            }),
        }
    };
    for (at, line) in merged.split_inclusive('\n').enumerate() {
        push(&by_them.removed[at], Some(Side::Theirs), true);
        push(&by_us.removed[at], Some(Side::Ours), true);
        let by = match (by_them.added[at], by_us.added[at]) {
            (true, false) => Some(Side::Theirs),
            (false, true) => Some(Side::Ours),
            _ => None,
        };
        push(line, by, false);
    }
    let end = by_them.added.len();
    push(&by_them.removed[end], Some(Side::Theirs), true);
    push(&by_us.removed[end], Some(Side::Ours), true);
    marked
}

/// The lines of `to` that `from` lacks, and the lines of `from` that `to` lacks, each placed
/// before the line of `to` they stood before (`removed` has one more place: the end).
struct Walk {
    added: Vec<bool>,
    removed: Vec<String>,
}

fn walk(from: &str, to: &str) -> Walk {
    let lines = to.split_inclusive('\n').count();
    let mut walk = Walk {
        added: vec![false; lines],
        removed: vec![String::new(); lines + 1],
    };
    let mut options = diffy::DiffOptions::new();
    // Context as long as both texts: the patch is one hunk from the first line to the last.
    options.set_context_len(lines + from.split_inclusive('\n').count() + 1);
    let patch = options.create_patch(from, to);
    let mut at = 0;
    for hunk in patch.hunks() {
        for line in hunk.lines() {
            match line {
                diffy::Line::Context(_) => at += 1,
                diffy::Line::Insert(_) => {
                    walk.added[at] = true;
                    at += 1;
                }
                diffy::Line::Delete(text) => walk.removed[at].push_str(text),
            }
        }
    }
    walk
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
        let unsettled = resolve(&parts, &[]).unwrap_err();
        assert_eq!(
            unsettled.field(),
            Some("conflicts"),
            "every conflict needs a choice"
        );
        assert!(
            unsettled.to_string().contains("choose what to keep"),
            "{unsettled}"
        );
        assert!(resolve(&parts, &[Resolution::Ours, Resolution::Ours]).is_err());
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

    fn shown(marked: &[Marked]) -> Vec<(String, Option<Side>, bool)> {
        marked
            .iter()
            .map(|m| (m.text.clone(), m.by, m.removed))
            .collect()
    }

    #[test]
    fn the_review_marks_who_added_and_who_removed_each_line() {
        let ours = BASE.replace("Intro.", "Intro, with examples.");
        let theirs = BASE
            .replace("Due Friday.", "Due Monday.\nBring a laptop.")
            .replace("Base case.\n", "");
        let Merged::Clean(merged) = three_way(BASE, &ours, &theirs) else {
            panic!("expected a clean merge");
        };
        let review = review(&ours, &theirs, &merged);
        let kept: String = review
            .iter()
            .filter(|m| !m.removed)
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            kept, merged,
            "without the removed lines the review is the merged text"
        );
        let marked: Vec<_> = shown(&review)
            .into_iter()
            .filter(|(_, by, _)| by.is_some())
            .collect();
        assert_eq!(
            marked,
            [
                ("Intro.\n".into(), Some(Side::Ours), true),
                ("Intro, with examples.\n".into(), Some(Side::Ours), false),
                ("Base case.\n".into(), Some(Side::Theirs), true),
                ("Due Friday.\n".into(), Some(Side::Theirs), true),
                (
                    "Due Monday.\nBring a laptop.\n".into(),
                    Some(Side::Theirs),
                    false
                ),
            ]
        );
    }

    #[test]
    fn a_review_of_unchanged_text_marks_nothing_and_keeps_the_last_line() {
        let review = review("a\nb", "a\nb\n", "a\nb\n");
        assert_eq!(shown(&review), [("a\nb\n".into(), None, false)]);
        let removed_at_end = super::review("a\nb\n", "a\n", "a\n");
        assert_eq!(
            shown(&removed_at_end),
            [
                ("a\n".into(), None, false),
                ("b\n".into(), Some(Side::Theirs), true)
            ]
        );
    }
}
