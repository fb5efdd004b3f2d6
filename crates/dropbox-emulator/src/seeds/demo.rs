//! The demo course: CS101 with four homework requests in different states, their submissions
//! (some late, within the grace period), Paper notes, and shared links.

use std::sync::Arc;

use super::Seeded;
use crate::model::account::FullAccount;
use crate::store::{
    Deadline, FileRequestRecord, GracePeriod, NodeKind, SharedLinkRecord, State, lower,
};
use crate::wire::content_hash::content_hash;

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

const STUDENTS: [&str; 25] = [
    "amara_okafor",
    "ben_carter",
    "chen_wei",
    "diego_alvarez",
    "elif_yilmaz",
    "farah_haddad",
    "gus_lindqvist",
    "hana_sato",
    "ivan_petrov",
    "jade_nguyen",
    "kofi_mensah",
    "lena_schmidt",
    "marco_rossi",
    "nadia_rahman",
    "oscar_dubois",
    "priya_sharma",
    "quinn_murphy",
    "rosa_martinez",
    "sven_olsen",
    "tara_obrien",
    "umar_farouk",
    "vera_novak",
    "wen_li",
    "ximena_cruz",
    "yusuf_demir",
];

struct Homework {
    title: &'static str,
    folder: &'static str,
    slug: &'static str,
    description: &'static str,
    /// Deadline relative to now, rounded to 17:00 UTC; None = no deadline.
    deadline_in_days: Option<i64>,
    grace: Option<GracePeriod>,
    is_open: bool,
    submissions: usize,
    late: usize,
    extension: &'static str,
}

const HOMEWORK: [Homework; 4] = [
    Homework {
        title: "Homework 1 — Arrays",
        folder: "/Courses/CS101/Homework 1",
        slug: "hw1",
        description: "Upload one PDF named lastname_hw1.pdf.",
        deadline_in_days: Some(-20),
        grace: Some(GracePeriod::TwoDays),
        is_open: false,
        submissions: 25,
        late: 2,
        extension: "pdf",
    },
    Homework {
        title: "Homework 2 — Recursion",
        folder: "/Courses/CS101/Homework 2",
        slug: "hw2",
        description: "Upload your solution as a single .zip with a README.",
        deadline_in_days: Some(-2),
        grace: Some(GracePeriod::SevenDays),
        is_open: true,
        submissions: 18,
        late: 3,
        extension: "zip",
    },
    Homework {
        title: "Homework 3 — Linked lists",
        folder: "/Courses/CS101/Homework 3",
        slug: "hw3",
        description: "Upload one PDF named lastname_hw3.pdf. Late uploads are accepted for 2 days.",
        deadline_in_days: Some(6),
        grace: Some(GracePeriod::TwoDays),
        is_open: true,
        submissions: 12,
        late: 0,
        extension: "pdf",
    },
    Homework {
        title: "Reading reflections",
        folder: "/Courses/CS101/Reflections",
        slug: "reflection",
        description: "One page on this week's reading, any time before the end of term.",
        deadline_in_days: None,
        grace: None,
        is_open: true,
        submissions: 5,
        late: 0,
        extension: "docx",
    },
];

const NOTES: [(&str, &str); 4] = [
    (
        "/Notes/Lecture 1 notes.paper",
        "# Lecture 1 — Welcome to CS101\n\n- Course logistics: homework every week, due Fridays 17:00\n- Office hours: Tuesdays 14:00–16:00\n\n## Arrays\n\nAn array stores elements **contiguously**, so indexing is O(1).\n\n| operation | cost |\n|---|---|\n| index | O(1) |\n| insert at front | O(n) |\n",
    ),
    (
        "/Notes/Lecture 2 notes.paper",
        "# Lecture 2 — Recursion\n\n1. Base case\n2. Recursive case that shrinks the problem\n\n```\nfn fact(n: u64) -> u64 { if n == 0 { 1 } else { n * fact(n - 1) } }\n```\n\n- [x] Towers of Hanoi demo\n- [ ] Post the recursion tree slides\n",
    ),
    (
        "/Notes/Lecture 3 notes.paper",
        "# Lecture 3 — Linked lists\n\n- pointers and nodes\n- singly vs doubly linked\n- ~~arrays are always faster~~ it depends on the access pattern\n\n- [ ] exercise 4: reverse a list in place\n",
    ),
    (
        "/Notes/Course log.paper",
        "# CS101 course log\n\n### Week 1\nIntroduced the course; 74 students enrolled.\n\n### Week 2\nHomework 1 collected: 25 submissions, 2 late.\n",
    ),
];

/// 17:00 UTC on the day `days` from `now`.
fn five_pm(now: i64, days: i64) -> i64 {
    let day_start = now - now.rem_euclid(DAY);
    day_start + days * DAY + 17 * HOUR
}

/// Plausible, deterministic file contents of a given size.
fn contents(student: &str, slug: &str, extension: &str, size: usize) -> Arc<[u8]> {
    let header = match extension {
        "pdf" => format!("%PDF-1.7\n% {student} — {slug}\n"),
        "zip" => format!("PK\u{3}\u{4}{student}/{slug}/README.md\n"),
        _ => format!("{student} — {slug}\n"),
    };
    let mut bytes = header.into_bytes();
    let filler = format!("{student} {slug} ");
    while bytes.len() < size {
        bytes.extend_from_slice(filler.as_bytes());
    }
    bytes.truncate(size);
    Arc::from(bytes)
}

pub(super) fn seed(account: FullAccount, now: i64) -> Seeded {
    // Paths below are in the account's home: the root for personal accounts, a folder of the
    // team space for team members.
    let home = account.root_info.home_path().to_owned();
    let team_member = !home.is_empty();
    let mut state = State::new(account);
    let mut blobs = Vec::new();
    let term_start = now - 35 * DAY;

    let put_file = |state: &mut State,
                    blobs: &mut Vec<(String, Arc<[u8]>)>,
                    path: &str,
                    bytes: Arc<[u8]>,
                    at: i64| {
        let hash = content_hash(&bytes);
        let kind = NodeKind::File {
            rev: state.ids.rev(),
            size: bytes.len() as u64,
            content_hash: hash.clone(),
            client_modified: at - 5 * 60,
            server_modified: at,
        };
        state.files.put(path, kind, &mut state.ids);
        blobs.push((hash, bytes));
    };

    put_file(
        &mut state,
        &mut blobs,
        &format!("{home}/Courses/CS101/Syllabus.pdf"),
        contents("syllabus", "cs101", "pdf", 48_213),
        term_start,
    );

    for (n, hw) in HOMEWORK.iter().enumerate() {
        let deadline = hw.deadline_in_days.map(|days| Deadline {
            at: five_pm(now, days),
            grace: hw.grace,
        });
        let created = match deadline {
            Some(d) => d.at - 10 * DAY,
            None => term_start + DAY,
        };
        let folder = format!("{home}{}", hw.folder);
        let _ = state.files.ensure_folder(&folder, &mut state.ids);
        for (i, student) in STUDENTS.iter().take(hw.submissions).enumerate() {
            let on_time = i < hw.submissions - hw.late;
            let at = match deadline {
                // Spread over the days before the deadline; late ones inside the grace period.
                Some(d) if on_time => d.at - DAY * 3 + (i as i64) * 4 * HOUR % (3 * DAY) - HOUR,
                Some(d) => d.at + HOUR * (3 + 7 * (i as i64 % 5)),
                None => created + (i as i64 + 1) * 2 * DAY,
            }
            .min(now - 10 * 60);
            let size = 12_000 + (i * 7_919 + n * 104_729) % 290_000;
            let name = format!("{folder}/{student}_{}.{}", hw.slug, hw.extension);
            put_file(
                &mut state,
                &mut blobs,
                &name,
                contents(student, hw.slug, hw.extension, size),
                at,
            );
        }
        let id = state.ids.file_request_id();
        state.file_requests.push(FileRequestRecord {
            id,
            title: hw.title.to_owned(),
            destination: folder,
            created,
            deadline,
            is_open: hw.is_open,
            file_count: hw.submissions as i64,
            description: Some(hw.description.to_owned()),
        });
    }

    for (i, (path, markdown)) in NOTES.iter().enumerate() {
        let at = term_start + (i as i64) * 7 * DAY;
        let kind = NodeKind::Paper {
            rev: state.ids.rev(),
            revision: 3 + i as i64,
            markdown: (*markdown).to_owned(),
            client_modified: at,
            server_modified: at,
        };
        state
            .files
            .put(&format!("{home}{path}"), kind, &mut state.ids);
    }

    for path in ["/Courses/CS101/Syllabus.pdf", "/Courses/CS101/Homework 3"] {
        let path = format!("{home}{path}");
        if let Some(file_id) = state.files.get(&lower(&path)).map(|n| n.id.clone()) {
            let key = state.ids.opaque("shared-link", 24);
            state.shared_links.push(SharedLinkRecord {
                key,
                file_id,
                created: term_start,
                expires: None,
            });
        }
    }

    if team_member {
        // The department's team folder, outside the member's home.
        put_file(
            &mut state,
            &mut blobs,
            "/CS Department/Course catalogue.pdf",
            contents("department", "catalogue", "pdf", 96_000),
            term_start,
        );
    }

    Seeded { state, blobs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seeds::{Seed, account};

    #[test]
    fn the_demo_course_has_requests_in_every_state_with_late_work() {
        let now = 1_760_000_000;
        let seeded = seed(
            account(Seed::Demo, crate::model::account::AccountType::Pro),
            now,
        );
        let requests = &seeded.state.file_requests;
        assert_eq!(requests.len(), 4);
        assert!(requests.iter().any(|r| !r.is_open));
        assert!(requests.iter().any(|r| r.deadline.is_none()));
        assert!(
            requests
                .iter()
                .any(|r| r.deadline.is_some_and(|d| d.at > now))
        );
        // Every late submission of a request is inside its grace period.
        for (hw, request) in HOMEWORK.iter().zip(requests) {
            let Some(deadline) = request.deadline else {
                continue;
            };
            let folder = lower(hw.folder);
            let late = seeded
                .state
                .files
                .under(&folder, false, None)
                .filter(|n| matches!(n.kind, NodeKind::File { server_modified, .. } if server_modified > deadline.at))
                .count();
            assert_eq!(late, hw.late, "{}", hw.title);
            assert_eq!(request.file_count as usize, hw.submissions);
        }
        assert_eq!(seeded.state.shared_links.len(), 2);
        assert!(HOMEWORK.iter().all(|h| (3..=25).contains(&h.submissions)));
    }
}
