//! Which student a submitted file is from, by its name alone (Dropbox keeps no uploader per
//! file). A file goes to a student only when one student fits better than every other; a
//! file that fits two equally, or nobody, is left for the user to assign.

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use super::names::{compact, fold, fold_umlauts, words};
use super::roster::Student;

/// How sure a match is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Confidence {
    /// A family name spelled nearly right (`Hoper` for `Hopper`).
    Low,
    /// The family name alone.
    Medium,
    /// The whole name, the e-mail's local part, or the name the uploader typed.
    High,
    /// The student ID.
    Certain,
}

/// What matching made of one file name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// Index into the roster.
    Student {
        index: usize,
        confidence: Confidence,
    },
    /// These fit equally well (indexes into the roster).
    Ambiguous(Vec<usize>),
    Nobody,
}

/// Scores of each kind of evidence; the best wins, a tie is ambiguous.
const BY_ID: u32 = 100;
const BY_UPLOADER: u32 = 95;
const BY_EMAIL: u32 = 90;
const BY_FULL_NAME: u32 = 80;
const BY_INITIAL_AND_LAST: u32 = 70;
const BY_LAST: u32 = 60;
const BY_NEAR_LAST: u32 = 30;

fn confidence(score: u32) -> Confidence {
    match score {
        BY_ID.. => Confidence::Certain,
        BY_FULL_NAME.. => Confidence::High,
        BY_LAST.. => Confidence::Medium,
        _ => Confidence::Low,
    }
}

/// A student's names in every spelling a file name may use.
struct Names {
    /// The words of the first and of the last name, each in each spelling.
    first: Vec<Vec<String>>,
    last: Vec<Vec<String>>,
    /// The last name without separators (`O'Brien` → `obrien`), in each spelling.
    last_compact: Vec<String>,
    /// `gracehopper`, `hoppergrace`, `ghopper`, `hopperg`.
    joined: Vec<(String, u32)>,
    email_local: Option<String>,
    id: Option<String>,
}

fn spellings(text: &str) -> Vec<String> {
    let mut all = vec![fold(text)];
    all.extend(fold_umlauts(text));
    all
}

fn names(student: &Student) -> Names {
    let split = |text: &str| -> Vec<Vec<String>> {
        let mut variants: Vec<Vec<String>> = spellings(text).iter().map(|s| words(s)).collect();
        variants.dedup();
        variants.retain(|v| !v.is_empty());
        variants
    };
    let first = split(&student.first_name);
    let last = split(&student.last_name);
    let last_compact: Vec<String> = spellings(&student.last_name)
        .iter()
        .map(|s| compact(s))
        .filter(|s| !s.is_empty())
        .collect();
    let first_compact: Vec<String> = spellings(&student.first_name)
        .iter()
        .map(|s| compact(s))
        .filter(|s| !s.is_empty())
        .collect();
    let mut joined = Vec::new();
    for l in &last_compact {
        for f in &first_compact {
            joined.push((format!("{f}{l}"), BY_FULL_NAME));
            joined.push((format!("{l}{f}"), BY_FULL_NAME));
            if let Some(initial) = f.chars().next() {
                joined.push((format!("{initial}{l}"), BY_INITIAL_AND_LAST));
                joined.push((format!("{l}{initial}"), BY_INITIAL_AND_LAST));
            }
        }
    }
    Names {
        first,
        last,
        last_compact,
        joined,
        email_local: student
            .email
            .as_deref()
            .and_then(|e| e.split('@').next())
            .map(compact)
            .filter(|l| l.len() >= 3),
        id: student
            .student_id
            .as_deref()
            .map(compact)
            .filter(|id| id.len() >= 3),
    }
}

/// The roster, indexed by every word that can point at a student.
pub struct Matcher {
    names: Vec<Names>,
    /// Word → students whose name, joined name, e-mail local part or ID it is.
    index: HashMap<String, Vec<usize>>,
    /// Students' IDs by their longest run of digits, for IDs written inside a longer word
    /// (`s12345hw3`); IDs without digits are kept aside and looked for in every name.
    ids: HashMap<String, Vec<(String, usize)>>,
    ids_without_digits: Vec<(String, usize)>,
    /// Students by the first letter of their family name, for near misses.
    by_initial: HashMap<char, Vec<usize>>,
}

/// The runs of three or more digits in `text`.
fn digit_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= 3)
}

impl Matcher {
    pub fn new(roster: &[Student]) -> Self {
        let names: Vec<Names> = roster.iter().map(names).collect();
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        let mut ids: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        let mut ids_without_digits = Vec::new();
        let mut by_initial: HashMap<char, Vec<usize>> = HashMap::new();
        for (i, n) in names.iter().enumerate() {
            for initial in n.last_compact.iter().filter_map(|l| l.chars().next()) {
                let students = by_initial.entry(initial).or_default();
                if students.last() != Some(&i) {
                    students.push(i);
                }
            }
            let mut keys: Vec<&String> = n.last.iter().flatten().chain(&n.last_compact).collect();
            keys.extend(n.joined.iter().map(|(j, _)| j));
            keys.extend(n.email_local.iter());
            keys.extend(n.id.iter());
            keys.sort();
            keys.dedup();
            for key in keys {
                index.entry(key.clone()).or_default().push(i);
            }
            if let Some(id) = &n.id {
                match digit_runs(id).max_by_key(|run| run.len()) {
                    Some(run) => ids.entry(run.to_owned()).or_default().push((id.clone(), i)),
                    None => ids_without_digits.push((id.clone(), i)),
                }
            }
        }
        Matcher {
            names,
            index,
            ids,
            ids_without_digits,
            by_initial,
        }
    }

    /// Who `file_name` is from.
    pub fn find(&self, file_name: &str) -> Match {
        let stem = match file_name.rfind('.') {
            Some(dot) if dot > 0 && file_name.len() - dot <= 6 => &file_name[..dot],
            _ => file_name,
        };
        // Few students get a score, so a list beats a map.
        let mut scores: Vec<(usize, u32)> = Vec::new();
        let score = |scores: &mut Vec<(usize, u32)>, i: usize, s: u32| match scores
            .iter_mut()
            .find(|(student, _)| *student == i)
        {
            Some((_, best)) => *best = (*best).max(s),
            None => scores.push((i, s)),
        };
        // Dropbox adds the name the uploader typed after the last " - ".
        if let Some((_, typed)) = stem.rsplit_once(" - ") {
            let typed_words = words(typed);
            let mut typed_keys: Vec<String> = typed_words.clone();
            typed_keys.extend(typed_words.windows(2).map(|p| format!("{}{}", p[0], p[1])));
            let candidates = typed_keys
                .iter()
                .filter_map(|w| self.index.get(w))
                .flatten();
            for &i in candidates {
                let n = &self.names[i];
                if has_all(&typed_words, &n.first) && has_all(&typed_words, &n.last) {
                    score(&mut scores, i, BY_UPLOADER);
                }
            }
        }
        let file_words = words(stem);
        let folded = fold(stem);
        let compacted: String = folded.chars().filter(|c| c.is_alphanumeric()).collect();
        let with_digits = digit_runs(&compacted)
            .filter_map(|run| self.ids.get(run))
            .flatten();
        for (id, i) in with_digits.chain(&self.ids_without_digits) {
            if compacted.contains(id.as_str()) {
                score(&mut scores, *i, BY_ID);
            }
        }
        let mut pieces: Vec<String> = file_words.clone();
        // Words split at separators only, for `grace.hopper` and `s123hw3` style names.
        pieces.extend(
            folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_owned),
        );
        for pair in file_words.windows(2) {
            pieces.push(format!("{}{}", pair[0], pair[1]));
        }
        pieces.sort();
        pieces.dedup();
        for piece in &pieces {
            let Some(students) = self.index.get(piece) else {
                continue;
            };
            for &i in students {
                let n = &self.names[i];
                if n.id.as_deref() == Some(piece) {
                    score(&mut scores, i, BY_ID);
                } else if n.email_local.as_deref() == Some(piece) {
                    score(&mut scores, i, BY_EMAIL);
                }
                if let Some((_, s)) = n.joined.iter().find(|(j, _)| j == piece) {
                    score(&mut scores, i, *s);
                }
                let last_here = has_all(&file_words, &n.last) || n.last_compact.contains(piece);
                if last_here {
                    let first_here = has_all(&file_words, &n.first);
                    score(
                        &mut scores,
                        i,
                        if first_here { BY_FULL_NAME } else { BY_LAST },
                    );
                    if !first_here
                        && n.first.iter().flatten().any(|f| {
                            file_words
                                .iter()
                                .any(|w| w.len() == 1 && f.starts_with(w.as_str()))
                        })
                    {
                        score(&mut scores, i, BY_INITIAL_AND_LAST);
                    }
                }
            }
        }
        if scores.is_empty() {
            // Nothing exact: a family name of five letters or more, one letter off.
            // Jaro-Winkler this close needs the same first letter and nearly the same length.
            let long_words: Vec<&String> = file_words.iter().filter(|w| w.len() >= 5).collect();
            let initials = long_words.iter().filter_map(|w| w.chars().next());
            let mut candidates: Vec<usize> = initials
                .filter_map(|c| self.by_initial.get(&c))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            for i in candidates {
                let n = &self.names[i];
                let near = n.last_compact.iter().filter(|l| l.len() >= 5).any(|l| {
                    long_words.iter().any(|w| {
                        w.len().abs_diff(l.len()) <= 2 && strsim::jaro_winkler(w, l) >= 0.93
                    })
                });
                if near {
                    score(&mut scores, i, BY_NEAR_LAST);
                }
            }
        }
        let Some(best) = scores.iter().map(|(_, s)| *s).max() else {
            return Match::Nobody;
        };
        let mut top: Vec<usize> = scores
            .iter()
            .filter(|(_, s)| *s == best)
            .map(|(i, _)| *i)
            .collect();
        top.sort_unstable();
        match top.as_slice() {
            [index] => Match::Student {
                index: *index,
                confidence: confidence(best),
            },
            _ => Match::Ambiguous(top),
        }
    }
}

/// Whether `words` holds every word of one spelling of a name (an empty name never matches).
fn has_all(words: &[String], spellings: &[Vec<String>]) -> bool {
    spellings
        .iter()
        .any(|name| !name.is_empty() && name.iter().all(|w| words.contains(w)))
}
