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

/// The class: first name, family name, and the ASCII slug they use in file names. Two are
/// named Chen, some have accents, one has an apostrophe.
const STUDENTS: [(&str, &str, &str); 30] = [
    ("Amara", "Okafor", "amara_okafor"),
    ("Ben", "Carter", "ben_carter"),
    ("Wei", "Chen", "wei_chen"),
    ("Diego", "Álvarez", "diego_alvarez"),
    ("Elif", "Yılmaz", "elif_yilmaz"),
    ("Farah", "Haddad", "farah_haddad"),
    ("Gus", "Lindqvist", "gus_lindqvist"),
    ("Hana", "Sato", "hana_sato"),
    ("Ivan", "Petrov", "ivan_petrov"),
    ("Jade", "Nguyen", "jade_nguyen"),
    ("Kofi", "Mensah", "kofi_mensah"),
    ("Lena", "Schmidt", "lena_schmidt"),
    ("Marco", "Rossi", "marco_rossi"),
    ("Nadia", "Rahman", "nadia_rahman"),
    ("Oscar", "Dubois", "oscar_dubois"),
    ("Priya", "Sharma", "priya_sharma"),
    ("Quinn", "Murphy", "quinn_murphy"),
    ("Rosa", "Martínez", "rosa_martinez"),
    ("Sven", "Olsen", "sven_olsen"),
    ("Tara", "O'Brien", "tara_obrien"),
    ("Umar", "Farouk", "umar_farouk"),
    ("Vera", "Novak", "vera_novak"),
    ("Wen", "Li", "wen_li"),
    ("Ximena", "Cruz", "ximena_cruz"),
    ("Yusuf", "Demir", "yusuf_demir"),
    ("Li", "Chen", "li_chen"),
    ("Jonas", "Müller", "jonas_muller"),
    ("Grace", "Hopper", "grace_hopper"),
    ("Zoe", "Adams", "zoe_adams"),
    ("Noah", "Kim", "noah_kim"),
];

/// `Roster.csv` of the course folder, as Dropdesk writes it (UTF-8 with BOM, CRLF).
fn roster_csv() -> String {
    let mut csv = String::from("\u{FEFF}Last name,First name,Email,Student ID,Section\r\n");
    for (i, (first, last, slug)) in STUDENTS.iter().enumerate() {
        let email = slug.replace('_', ".");
        let section = if i % 2 == 0 { "A" } else { "B" };
        csv.push_str(&format!(
            "{last},{first},{email}@students.example.edu,2026{:03},{section}\r\n",
            i + 1
        ));
    }
    csv
}

/// When a file came, relative to the deadline (or to the request's creation without one).
#[derive(Clone, Copy)]
enum At {
    Before(i64),
    After(i64),
}

struct Homework {
    title: &'static str,
    folder: &'static str,
    description: &'static str,
    /// Deadline relative to now, rounded to 17:00 UTC; None = no deadline.
    deadline_in_days: Option<i64>,
    grace: Option<GracePeriod>,
    is_open: bool,
    /// File names and when they came.
    files: fn() -> Vec<(String, At)>,
}

/// 23 on time, one late inside the grace period, one past it (a TA put it in by hand); Wei
/// Chen signs with an initial, since there are two Chens.
fn hw1_files() -> Vec<(String, At)> {
    STUDENTS
        .iter()
        .take(25)
        .enumerate()
        .map(|(i, (_, last, slug))| {
            let last = slug.rsplit('_').next().unwrap_or(last);
            let name = match *slug {
                "wei_chen" => "wchen_hw1.pdf".to_owned(),
                _ => format!("{last}_hw1.pdf"),
            };
            let at = match i {
                23 => At::After(5 * HOUR),
                24 => At::After(3 * DAY),
                _ => At::Before(HOUR * (1 + 5 * i as i64)),
            };
            (name, at)
        })
        .collect()
}

/// The first 18 students, three of them late (inside the seven-day grace period).
fn hw2_files() -> Vec<(String, At)> {
    STUDENTS
        .iter()
        .take(18)
        .enumerate()
        .map(|(i, (_, _, slug))| {
            let at = if i < 15 {
                At::Before(HOUR * (2 + 4 * i as i64))
            } else {
                At::After(HOUR * (3 + 7 * (i as i64 % 5)))
            };
            (format!("{slug}_hw2.zip"), at)
        })
        .collect()
}

/// Due yesterday, late uploads taken for two days. Three students have nothing that is
/// surely theirs: Wei Chen (`chen_hw3.pdf` fits both Chens), Zoe Adams and Noah Kim;
/// `final.pdf` fits nobody. Hana Sato uploaded twice; three came late.
fn hw3_files() -> Vec<(String, At)> {
    let mut files: Vec<(String, At)> = STUDENTS
        .iter()
        .enumerate()
        .filter(|(_, (_, _, slug))| !matches!(*slug, "wei_chen" | "zoe_adams" | "noah_kim"))
        .map(|(i, (_, _, slug))| {
            let last = slug.rsplit('_').next().unwrap_or(slug);
            let name = match *slug {
                "grace_hopper" => "hw3 - Grace Hopper.pdf".to_owned(),
                "jonas_muller" => "mueller_hw3.pdf".to_owned(),
                "li_chen" => "li_chen_hw3.pdf".to_owned(),
                "tara_obrien" => "OBrien_HW3.pdf".to_owned(),
                "diego_alvarez" => "alvarez-hw3.pdf".to_owned(),
                "hana_sato" => "sato_hw3 (1).pdf".to_owned(),
                _ => format!("{last}_hw3.pdf"),
            };
            let at = match *slug {
                "ivan_petrov" => At::After(HOUR),
                "kofi_mensah" => At::After(2 * HOUR),
                "lena_schmidt" => At::After(4 * HOUR),
                "hana_sato" => At::Before(3 * HOUR),
                _ => At::Before(HOUR * (5 + 3 * i as i64)),
            };
            (name, at)
        })
        .collect();
    files.push(("sato_hw3.pdf".into(), At::Before(2 * DAY)));
    files.push(("chen_hw3.pdf".into(), At::Before(6 * HOUR)));
    files.push(("final.pdf".into(), At::Before(30 * 60)));
    files
}

fn reflection_files() -> Vec<(String, At)> {
    ["okafor", "haddad", "nguyen", "rossi", "cruz"]
        .iter()
        .enumerate()
        .map(|(i, last)| {
            (
                format!("{last}_reflection.docx"),
                At::After((i as i64 + 1) * 2 * DAY),
            )
        })
        .collect()
}

const HOMEWORK: [Homework; 4] = [
    Homework {
        title: "Homework 1 — Arrays",
        folder: "/Courses/CS101/Homework 1",
        description: "Upload one PDF named lastname_hw1.pdf.",
        deadline_in_days: Some(-20),
        grace: Some(GracePeriod::TwoDays),
        is_open: false,
        files: hw1_files,
    },
    Homework {
        title: "Homework 2 — Recursion",
        folder: "/Courses/CS101/Homework 2",
        description: "Upload your solution as a single .zip with a README.",
        deadline_in_days: Some(-2),
        grace: Some(GracePeriod::SevenDays),
        is_open: true,
        files: hw2_files,
    },
    Homework {
        title: "Homework 3 — Linked lists",
        folder: "/Courses/CS101/Homework 3",
        description: "Upload one PDF named lastname_hw3.pdf. Late uploads are accepted for 2 days.",
        deadline_in_days: Some(-1),
        grace: Some(GracePeriod::TwoDays),
        is_open: true,
        files: hw3_files,
    },
    Homework {
        title: "Reading reflections",
        folder: "/Courses/CS101/Reflections",
        description: "One page on this week's reading, any time before the end of term.",
        deadline_in_days: None,
        grace: None,
        is_open: true,
        files: reflection_files,
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

    put_file(
        &mut state,
        &mut blobs,
        &format!("{home}/Courses/CS101/Roster.csv"),
        Arc::from(roster_csv().into_bytes()),
        term_start + HOUR,
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
        let files = (hw.files)();
        let extension = |name: &str| name.rsplit('.').next().unwrap_or("").to_owned();
        for (i, (name, at)) in files.iter().enumerate() {
            let from = deadline.map_or(created, |d| d.at);
            let at = match at {
                At::Before(secs) => from - secs,
                At::After(secs) => from + secs,
            }
            .min(now - 10 * 60);
            let size = 12_000 + (i * 7_919 + n * 104_729) % 290_000;
            put_file(
                &mut state,
                &mut blobs,
                &format!("{folder}/{name}"),
                contents(name, hw.folder, &extension(name), size),
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
            file_count: files.len() as i64,
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
        let files_after = |folder: &str, at: i64| {
            seeded
                .state
                .files
                .under(&lower(folder), false, None)
                .filter(|n| matches!(n.kind, NodeKind::File { server_modified, .. } if server_modified > at))
                .count()
        };
        // (late, past the grace period, files) per request.
        for (hw, (late, past_grace, count)) in
            HOMEWORK
                .iter()
                .zip([(2, 1, 25), (3, 0, 18), (3, 0, 30), (0, 0, 5)])
        {
            let request = requests.iter().find(|r| r.title == hw.title).unwrap();
            assert_eq!(request.file_count, count, "{}", hw.title);
            let Some(deadline) = request.deadline else {
                continue;
            };
            assert_eq!(files_after(hw.folder, deadline.at), late, "{}", hw.title);
            let grace_end = deadline.at + 2 * DAY;
            assert_eq!(
                files_after(hw.folder, grace_end).min(late),
                past_grace,
                "{}",
                hw.title
            );
        }
        let roster = roster_csv();
        assert_eq!(roster.lines().count(), 31);
        assert!(
            roster.contains("Müller,Jonas")
                && roster.contains("Chen,Li")
                && roster.contains("Chen,Wei")
        );
        assert_eq!(seeded.state.shared_links.len(), 2);
    }
}
