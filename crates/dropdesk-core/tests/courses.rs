//! Courses against the emulator: the demo course's grid, class lists of every kind imported
//! (and refused whole, by line), matching file names to students, the decisions kept in the
//! course folder, two people editing at once, the export and the reminder.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::Client;
use dropbox_client::routes::files;
use dropbox_client::types::files::DownloadArg;
use dropbox_emulator::{Emulator, EmulatorHandle, Fault, Seed};
use dropdesk_core::ErrorCode;
use dropdesk_core::courses::grid::{CellState, GridRow};
use dropdesk_core::courses::matching::{Match, Matcher};
use dropdesk_core::courses::{
    self, Columns, CourseEdit, CourseView, StudentInput, export, import, remind, store,
};

const CS101: &str = "/Courses/CS101";
const HW3: &str = "/Courses/CS101/Homework 3";

async fn demo() -> (EmulatorHandle, Client) {
    common::signed_in(Emulator::builder().seed(Seed::Demo)).await
}

async fn open(client: &Client) -> CourseView {
    courses::open(client, CS101, &[], jiff::Timestamp::now(), |_| {})
        .await
        .unwrap()
}

async fn edit(client: &Client, change: CourseEdit) -> Result<CourseView, dropdesk_core::CoreError> {
    courses::edit(client, CS101, &[], &change, jiff::Timestamp::now()).await
}

fn column(view: &CourseView, title_start: &str) -> usize {
    view.grid
        .requests
        .iter()
        .position(|r| r.title.starts_with(title_start))
        .unwrap()
}

fn row<'a>(view: &'a CourseView, last: &str, first: &str) -> &'a GridRow {
    view.grid
        .rows
        .iter()
        .find(|r| r.student.last_name == last && r.student.first_name == first)
        .unwrap_or_else(|| panic!("{first} {last} is not on the list"))
}

async fn roster_bytes(client: &Client) -> Option<(Vec<u8>, String)> {
    let arg = DownloadArg {
        path: format!("{CS101}/Roster.csv"),
    };
    files::download(client, &arg)
        .await
        .ok()
        .map(|(meta, bytes)| (bytes, meta.rev))
}

#[tokio::test]
async fn the_demo_course_says_who_is_missing_late_and_unmatched() {
    let (_e, client) = demo().await;
    let view = open(&client).await;
    assert_eq!(view.grid.rows.len(), 30);
    assert_eq!(view.roster_problem, None);
    // Sorted by family name, accents folded: Adams first, then Álvarez.
    assert_eq!(view.grid.rows[0].student.last_name, "Adams");
    assert_eq!(view.grid.rows[1].student.last_name, "Álvarez");

    let hw3 = column(&view, "Homework 3");
    let counts = &view.grid.requests[hw3].counts;
    assert_eq!(
        (
            counts.submitted,
            counts.late,
            counts.missing,
            counts.unmatched
        ),
        (27, 3, 3, 2),
        "{counts:?}"
    );
    let missing: Vec<String> = view
        .grid
        .rows
        .iter()
        .filter(|r| r.cells[hw3].state == CellState::Missing)
        .map(|r| r.student.full_name())
        .collect();
    assert_eq!(missing, ["Zoe Adams", "Wei Chen", "Noah Kim"]);
    // The file that fits both Chens waits for the user, with both as candidates.
    let chen = view
        .grid
        .unmatched
        .iter()
        .find(|u| u.file.name == "chen_hw3.pdf")
        .unwrap();
    assert_eq!(chen.candidates.len(), 2);
    assert!(
        view.grid
            .unmatched
            .iter()
            .any(|u| u.file.name == "final.pdf" && u.candidates.is_empty())
    );
    // Accents, the uploader's name, a resubmission.
    let muller = &row(&view, "Müller", "Jonas").cells[hw3];
    assert_eq!(muller.file.as_ref().unwrap().name, "mueller_hw3.pdf");
    let hopper = &row(&view, "Hopper", "Grace").cells[hw3];
    assert_eq!(hopper.file.as_ref().unwrap().name, "hw3 - Grace Hopper.pdf");
    let sato = &row(&view, "Sato", "Hana").cells[hw3];
    assert_eq!(sato.file.as_ref().unwrap().name, "sato_hw3 (1).pdf");
    assert_eq!(sato.earlier.len(), 1);
    assert_eq!(sato.earlier[0].name, "sato_hw3.pdf");
    let late = &row(&view, "Schmidt", "Lena").cells[hw3];
    assert_eq!(late.state, CellState::Late);
    assert_eq!(late.minutes_late, Some(240));

    // Homework 1: one upload past the grace period; Wei Chen signed with an initial.
    let hw1 = column(&view, "Homework 1");
    assert_eq!(view.grid.requests[hw1].counts.past_grace, 1);
    assert_eq!(view.grid.requests[hw1].counts.unmatched, 0);
    assert_eq!(
        row(&view, "Chen", "Wei").cells[hw1].state,
        CellState::OnTime
    );
    // Reflections have no deadline: nothing is missing, only not in yet.
    let reflections = column(&view, "Reading");
    assert_eq!(view.grid.requests[reflections].counts.missing, 0);
    assert_eq!(view.grid.requests[reflections].counts.not_in_yet, 25);
}

/// File names against the demo roster: the student they are from, or `None` (ambiguous or
/// nobody).
#[tokio::test]
async fn file_names_match_the_student_they_name_and_no_one_else() {
    let (_e, client) = demo().await;
    let roster = store::load(&client, CS101).await.unwrap().roster.value;
    let matcher = Matcher::new(&roster);
    let cases: &[(&str, Option<&str>)] = &[
        ("okafor_hw3.pdf", Some("Amara Okafor")),
        ("Okafor_HW3.PDF", Some("Amara Okafor")),
        ("amara_okafor_hw2.zip", Some("Amara Okafor")),
        ("AmaraOkafor-hw3.pdf", Some("Amara Okafor")),
        ("hw3 - Amara Okafor.pdf", Some("Amara Okafor")),
        ("hw3 - Okafor Amara.pdf", Some("Amara Okafor")),
        ("HW3_okafor_final_v2.pdf", Some("Amara Okafor")),
        ("aokafor_hw3.pdf", Some("Amara Okafor")),
        ("okafor.a.hw3.pdf", Some("Amara Okafor")),
        (
            "amara.okafor@students.example.edu.pdf",
            Some("Amara Okafor"),
        ),
        ("2026001_hw3.pdf", Some("Amara Okafor")),
        ("hw3_2026001.pdf", Some("Amara Okafor")),
        ("müller_hw3.pdf", Some("Jonas Müller")),
        ("muller_hw3.pdf", Some("Jonas Müller")),
        ("mueller_hw3.pdf", Some("Jonas Müller")),
        ("MUELLER HW3.pdf", Some("Jonas Müller")),
        ("jonas-mueller.pdf", Some("Jonas Müller")),
        ("alvarez_hw3.pdf", Some("Diego Álvarez")),
        ("Álvarez_hw3.pdf", Some("Diego Álvarez")),
        ("yilmaz_hw3.pdf", Some("Elif Yılmaz")),
        ("Yılmaz Elif hw3.docx", Some("Elif Yılmaz")),
        ("martinez_hw3.pdf", Some("Rosa Martínez")),
        ("obrien_hw3.pdf", Some("Tara O'Brien")),
        ("O'Brien_hw3.pdf", Some("Tara O'Brien")),
        ("OBrien_HW3.pdf", Some("Tara O'Brien")),
        ("li_chen_hw3.pdf", Some("Li Chen")),
        ("chen_li_hw3.pdf", Some("Li Chen")),
        ("hw3 - Li Chen.pdf", Some("Li Chen")),
        ("wei_chen_hw3.pdf", Some("Wei Chen")),
        ("wchen_hw3.pdf", Some("Wei Chen")),
        ("chen_w_hw3.pdf", Some("Wei Chen")),
        ("wei.chen@students.example.edu", Some("Wei Chen")),
        ("chen_hw3.pdf", None),
        ("hw3 - Chen.pdf", None),
        ("li_hw3.pdf", Some("Wen Li")),
        ("wen_li_hw3.pdf", Some("Wen Li")),
        ("final.pdf", None),
        ("hw3.pdf", None),
        ("Homework 3 (1).pdf", None),
        ("scan0001.pdf", None),
        ("IMG_2041.jpeg", None),
        ("hoper_hw3.pdf", Some("Grace Hopper")),
        ("lindqvst_hw3.pdf", Some("Gus Lindqvist")),
        ("sato_hw3 (1).pdf", Some("Hana Sato")),
        ("hw3 - Grace Hopper (1).pdf", Some("Grace Hopper")),
        ("kim_hw3.pdf", Some("Noah Kim")),
        ("hw3 - Noah.pdf", None),
        ("noah_hw3.pdf", None),
    ];
    let mut wrong = Vec::new();
    for (name, expected) in cases {
        let got = match matcher.find(name) {
            Match::Student { index, .. } => Some(roster[index].full_name()),
            Match::Ambiguous(_) | Match::Nobody => None,
        };
        if got.as_deref() != *expected {
            wrong.push(format!("{name}: expected {expected:?}, got {got:?}"));
        }
    }
    assert!(cases.len() >= 40);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(matches!(matcher.find("chen_hw3.pdf"), Match::Ambiguous(both) if both.len() == 2));
}

async fn import_into_cs101(
    client: &Client,
    bytes: &[u8],
    columns: Option<&Columns>,
    replace: bool,
) -> Result<CourseView, dropdesk_core::CoreError> {
    courses::import(
        client,
        CS101,
        &[],
        bytes,
        columns,
        replace,
        jiff::Timestamp::now(),
    )
    .await
}

#[tokio::test]
async fn a_bad_class_list_is_refused_whole_with_the_line_and_the_fix() {
    let (_e, client) = demo().await;
    let before = roster_bytes(&client).await.unwrap();
    let mut huge = b"Name,Email\r\n".to_vec();
    while huge.len() <= import::MAX_BYTES {
        huge.extend_from_slice(b"Grace Hopper,grace@example.edu\r\n");
    }
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"".to_vec(), "The file is empty"),
        (b"\r\n\r\n  \r\n".to_vec(), "The file is empty"),
        (b"Name,Email\r\n".to_vec(), "column names but no students"),
        (b"Email,Section\r\nada@example.edu,A\r\n".to_vec(), "No column holds the students' names"),
        (
            b"Name,Email\r\nAda Lovelace,ada@example.edu\r\nGrace Hopper,ada@example.edu\r\n".to_vec(),
            "Line 3: the same e-mail as line 2 (ada@example.edu)",
        ),
        (
            b"Name,Student ID\r\nAda Lovelace,12345\r\n\r\nGrace Hopper,12345\r\n".to_vec(),
            "Line 4: the same student ID as line 2 (12345)",
        ),
        (
            b"Name,Email\r\nAda Lovelace,ada(at)example.edu\r\n".to_vec(),
            "Line 2: \"ada(at)example.edu\" is not an e-mail address",
        ),
        (
            b"First name,Last name,Email\r\nAda,Lovelace,ada@example.edu\r\n,,grace@example.edu\r\n".to_vec(),
            "Line 3: the name is empty",
        ),
        (
            b"Name,Email\r\nAda Lovelace,ada@example.edu\r\n\"Hopper, Grace,grace@example.edu\r\nAlan Turing,alan@example.edu\r\n".to_vec(),
            "Line 3: a quote (\") opens a field that is never closed",
        ),
        (
            b"Name\r\nAda Lovelace\r\nAda Lovelace\r\n".to_vec(),
            "Line 3: the same name as line 2",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00".to_vec(), "Excel workbook"),
        (huge, "a class list is far smaller"),
    ];
    for (bytes, says) in &cases {
        let Err(error) = import_into_cs101(&client, bytes, None, true).await else {
            panic!("imported, though it should say {says:?}");
        };
        assert_eq!(error.code(), ErrorCode::InvalidInput, "{says}");
        assert_eq!(error.field(), Some("classList"));
        assert!(
            error.to_string().contains(says),
            "expected {says:?} in {error}"
        );
    }
    // Nothing was half-imported: the roster is the one from before, at the same revision.
    assert_eq!(roster_bytes(&client).await.unwrap(), before);
}

#[tokio::test]
async fn class_lists_import_from_every_kind_of_export() {
    let (_e, client) = demo().await;
    // (file, students, a student to look for: last name, first name, e-mail, id, section)
    type Expect<'a> = (
        &'a str,
        &'a str,
        Option<&'a str>,
        Option<&'a str>,
        Option<&'a str>,
    );
    let cases: Vec<(&str, Vec<u8>, usize, Expect)> = vec![
        (
            "Canvas gradebook (Last, First; Points Possible row; Test Student)",
            "Student,ID,SIS User ID,SIS Login ID,Section,Homework 1 (123)\n    Points Possible,,,,,10\n\"Hopper, Grace\",881,G-1001,ghopper,CS101 A,9\n\"Müller, Jonas\",882,G-1002,jmuller,CS101 B,8\n\"Student, Test\",999,,,CS101 A,0\n"
                .as_bytes().to_vec(),
            2,
            ("Müller", "Jonas", None, Some("G-1002"), Some("CS101 B")),
        ),
        (
            "Moodle, European Excel: semicolons, Windows-1252",
            encode_1252("First name;Last name;ID number;Institution;Department;Email address\r\nJonas;Müller;4711;Uni;CS;jonas.mueller@uni.example\r\nAnaïs;Lefèvre;4712;Uni;CS;anais@uni.example\r\n"),
            2,
            ("Lefèvre", "Anaïs", Some("anais@uni.example"), Some("4712"), None),
        ),
        (
            "Blackboard, tab-separated UTF-16 with BOM",
            utf16le("\u{FEFF}Last Name\tFirst Name\tUsername\tStudent ID\tEmail\r\nHopper\tGrace\tghopper\t1001\tgrace@bb.example\r\nTuring\tAlan\taturing\t1002\talan@bb.example\r\n"),
            2,
            ("Turing", "Alan", Some("alan@bb.example"), Some("1002"), None),
        ),
        (
            "Google Classroom, UTF-8 with BOM",
            "\u{FEFF}First Name,Last Name,Email Address\nGrace,Hopper,grace@gc.example\nJosé,García,jose@gc.example\n".as_bytes().to_vec(),
            2,
            ("García", "José", Some("jose@gc.example"), None, None),
        ),
        (
            "typed by hand, no header, blank lines",
            "Grace Hopper, grace@hand.example\n\nAda Lovelace , ada@hand.example\n\n\n".as_bytes().to_vec(),
            2,
            ("Lovelace", "Ada", Some("ada@hand.example"), None, None),
        ),
        (
            "quoted fields with commas and line breaks, Excel's sep= line",
            "sep=,\r\nName,Email,Section\r\n\"Hopper, Grace\",grace@q.example,\"Tuesday lab,\r\nroom 2\"\r\n\"O'Brien, Tara\",tara@q.example,A\r\n".as_bytes().to_vec(),
            2,
            ("Hopper", "Grace", Some("grace@q.example"), None, Some("Tuesday lab,\r\nroom 2")),
        ),
    ];
    for (what, bytes, count, (last, first, email, id, section)) in cases {
        let preview = import::preview(&bytes, None).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(
            preview.problems.is_empty(),
            "{what}: {:?}",
            preview.problems
        );
        assert_eq!(preview.count as usize, count, "{what}");
        let view = import_into_cs101(&client, &bytes, None, true)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(view.grid.rows.len(), count, "{what}");
        let found = row(&view, last, first);
        assert_eq!(found.student.email.as_deref(), email, "{what}");
        assert_eq!(found.student.student_id.as_deref(), id, "{what}");
        assert_eq!(found.student.section.as_deref(), section, "{what}");
    }
    // A 10 MB export imports whole.
    let mut big = b"Name,Email,Student ID\r\n".to_vec();
    let mut n = 0;
    while big.len() < 10 * 1024 * 1024 {
        n += 1;
        big.extend_from_slice(
            format!("Student{n} Example{n},s{n}@big.example,{n:07}\r\n").as_bytes(),
        );
    }
    let preview = import::preview(&big, None).unwrap();
    assert_eq!(preview.count as usize, n);
    assert_eq!(
        preview.students.len(),
        8,
        "the preview shows the first rows only"
    );
}

fn encode_1252(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

#[tokio::test]
async fn columns_the_user_chooses_win_over_those_recognised() {
    let bytes = b"Kennung,Voller Name,Adresse\r\nx1,Grace Hopper,grace@example.edu\r\n";
    let preview = import::preview(bytes, None).unwrap();
    assert_eq!(preview.headers, ["Kennung", "Voller Name", "Adresse"]);
    // "Kennung" is not a known column name: the user says which columns are which.
    let columns = Columns {
        has_header: true,
        name: Some(1),
        email: Some(2),
        student_id: Some(0),
        ..Columns::default()
    };
    let chosen = import::preview(bytes, Some(&columns)).unwrap();
    assert!(chosen.problems.is_empty(), "{:?}", chosen.problems);
    assert_eq!(chosen.students[0].full_name(), "Grace Hopper");
    assert_eq!(chosen.students[0].student_id.as_deref(), Some("x1"));
    let out_of_range = Columns {
        name: Some(7),
        ..columns
    };
    let refused = import::preview(bytes, Some(&out_of_range)).unwrap();
    assert!(
        refused.problems[0].message.contains("there is no column 8"),
        "{:?}",
        refused.problems
    );
}

#[tokio::test]
async fn decisions_are_kept_in_the_course_folder_and_win_over_matching() {
    let (emulator, client) = demo().await;
    let view = open(&client).await;
    let hw3 = column(&view, "Homework 3");
    let wei = row(&view, "Chen", "Wei").student.key.clone();
    let noah = row(&view, "Kim", "Noah").student.key.clone();
    let lena = row(&view, "Schmidt", "Lena").student.key.clone();
    let chen_file = format!("{HW3}/chen_hw3.pdf");

    edit(
        &client,
        CourseEdit::Assign {
            file: chen_file.clone(),
            student: Some(wei.clone()),
        },
    )
    .await
    .unwrap();
    edit(
        &client,
        CourseEdit::Assign {
            file: format!("{HW3}/final.pdf"),
            student: None,
        },
    )
    .await
    .unwrap();
    edit(
        &client,
        CourseEdit::Excuse {
            request: HW3.into(),
            student: noah.clone(),
            excused: true,
        },
    )
    .await
    .unwrap();
    // A personal deadline five hours after the real one: Lena's upload (four hours late) is on time.
    let deadline: jiff::Timestamp = view.grid.requests[hw3]
        .deadline
        .as_deref()
        .unwrap()
        .parse()
        .unwrap();
    let until = (deadline + jiff::SignedDuration::from_hours(5)).to_string();
    edit(
        &client,
        CourseEdit::Extend {
            request: HW3.into(),
            student: lena.clone(),
            until: Some(until),
        },
    )
    .await
    .unwrap();

    // Another computer (a TA's, a fresh client) sees the same course.
    let elsewhere = common::client_for(&emulator).await;
    let view = open(&elsewhere).await;
    let counts = &view.grid.requests[hw3].counts;
    assert_eq!(
        (
            counts.missing,
            counts.unmatched,
            counts.excused,
            counts.late
        ),
        (1, 0, 1, 2),
        "{counts:?}"
    );
    let wei_cell = &row(&view, "Chen", "Wei").cells[hw3];
    assert_eq!(wei_cell.file.as_ref().unwrap().name, "chen_hw3.pdf");
    assert_eq!(
        wei_cell.file.as_ref().unwrap().confidence,
        None,
        "assigned by the user"
    );
    assert_eq!(
        row(&view, "Kim", "Noah").cells[hw3].state,
        CellState::Excused
    );
    let lena_cell = &row(&view, "Schmidt", "Lena").cells[hw3];
    assert_eq!(lena_cell.state, CellState::OnTime);
    assert!(lena_cell.extended_to.is_some());
    // Stored as a small JSON file beside the requests, paths folded.
    let (_, bytes) = files::download(
        &client,
        &DownloadArg {
            path: format!("{CS101}/.dropdesk-course.json"),
        },
    )
    .await
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(
        json["assignments"]["homework 3/chen_hw3.pdf"],
        serde_json::json!(wei)
    );
    assert_eq!(
        json["assignments"]["homework 3/final.pdf"],
        serde_json::Value::Null
    );

    // A decision wins over matching: Li Chen's own file, given to Wei, is Wei's.
    edit(
        &client,
        CourseEdit::Assign {
            file: format!("{HW3}/li_chen_hw3.pdf"),
            student: Some(wei.clone()),
        },
    )
    .await
    .unwrap();
    let view = open(&client).await;
    assert_eq!(
        row(&view, "Chen", "Li").cells[hw3].state,
        CellState::Missing
    );
    assert_eq!(row(&view, "Chen", "Wei").cells[hw3].earlier.len(), 1);
    // Undone, matching decides again.
    let view = edit(
        &client,
        CourseEdit::Unassign {
            file: format!("{HW3}/li_chen_hw3.pdf"),
        },
    )
    .await
    .unwrap();
    assert_eq!(row(&view, "Chen", "Li").cells[hw3].state, CellState::OnTime);

    // Outside the course, or to a student not on the list: refused in words.
    let outside = edit(
        &client,
        CourseEdit::Assign {
            file: "/Elsewhere/x.pdf".into(),
            student: Some(wei),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(outside.field(), Some("file"));
    let nobody = edit(
        &client,
        CourseEdit::Assign {
            file: chen_file,
            student: Some("id:nope".into()),
        },
    )
    .await
    .unwrap_err();
    assert!(
        nobody.to_string().contains("no longer on the class list"),
        "{nobody}"
    );
}

fn student(first: &str, last: &str, email: &str) -> StudentInput {
    StudentInput {
        first_name: first.into(),
        last_name: last.into(),
        email: email.into(),
        student_id: String::new(),
        section: String::new(),
    }
}

#[tokio::test]
async fn two_people_editing_the_course_at_once_lose_nothing() {
    let (emulator, client) = demo().await;
    let other = common::client_for(&emulator).await;
    let view = open(&client).await;
    let wei = row(&view, "Chen", "Wei").student.key.clone();

    // Side by side, many times: every student added and every decision made is kept.
    for round in 0..4 {
        let mine = edit(
            &client,
            CourseEdit::PutStudent {
                key: None,
                student: student(
                    "Ada",
                    &format!("Lovelace{round}"),
                    &format!("ada{round}@example.edu"),
                ),
            },
        );
        let theirs = edit(
            &other,
            CourseEdit::PutStudent {
                key: None,
                student: student(
                    "Alan",
                    &format!("Turing{round}"),
                    &format!("alan{round}@example.edu"),
                ),
            },
        );
        let assign = edit(
            &other,
            CourseEdit::Assign {
                file: format!("{HW3}/chen_hw3.pdf"),
                student: Some(wei.clone()),
            },
        );
        let excuse = edit(
            &client,
            CourseEdit::Excuse {
                request: HW3.into(),
                student: wei.clone(),
                excused: round % 2 == 0,
            },
        );
        let (a, b, c, d) = tokio::join!(mine, theirs, assign, excuse);
        for outcome in [a, b, c, d] {
            outcome.unwrap();
        }
    }
    let view = open(&client).await;
    assert_eq!(view.grid.rows.len(), 38);
    for round in 0..4 {
        row(&view, &format!("Lovelace{round}"), "Ada");
        row(&view, &format!("Turing{round}"), "Alan");
    }
    let hw3 = column(&view, "Homework 3");
    assert_eq!(
        row(&view, "Chen", "Wei").cells[hw3]
            .file
            .as_ref()
            .unwrap()
            .name,
        "chen_hw3.pdf"
    );

    // An edit made on an old view is applied to the new one, and says so.
    let stale = store::load(&client, CS101).await.unwrap();
    edit(
        &other,
        CourseEdit::RemoveStudent {
            key: row(&view, "Lovelace0", "Ada").student.key.clone(),
        },
    )
    .await
    .unwrap();
    let merged = courses::edit(
        &client,
        CS101,
        &[],
        &CourseEdit::PutStudent {
            key: None,
            student: student("Grace", "Brewster", "gb@example.edu"),
        },
        jiff::Timestamp::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        merged.grid.rows.len(),
        38,
        "one removed by them, one added by us"
    );
    assert!(
        merged
            .grid
            .rows
            .iter()
            .all(|r| r.student.last_name != "Lovelace0")
    );
    assert_ne!(
        stale.roster.rev,
        store::load(&client, CS101).await.unwrap().roster.rev
    );
}

#[tokio::test]
async fn a_lost_answer_to_a_write_is_checked_not_repeated() {
    let (emulator, client) = demo().await;
    emulator
        .control()
        .inject_fault("files/upload", 1, Fault::LoseAnswer)
        .await
        .unwrap();
    let view = edit(
        &client,
        CourseEdit::PutStudent {
            key: None,
            student: student("Ada", "Lovelace", "ada@example.edu"),
        },
    )
    .await
    .unwrap();
    let adas = view
        .grid
        .rows
        .iter()
        .filter(|r| r.student.last_name == "Lovelace")
        .count();
    assert_eq!(adas, 1);
    assert!(!view.merged, "our own write, not someone else's");
    let calls = emulator.control().stats().await.unwrap().calls;
    assert_eq!(calls.get("files/upload"), Some(&1), "{calls:?}");
}

#[tokio::test]
async fn the_roster_editor_checks_what_is_typed() {
    let (_e, client) = demo().await;
    let view = open(&client).await;
    let grace = row(&view, "Hopper", "Grace").student.clone();
    let blank = edit(
        &client,
        CourseEdit::PutStudent {
            key: None,
            student: student(" ", "", ""),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(blank.field(), Some("lastName"));
    let bad = edit(
        &client,
        CourseEdit::PutStudent {
            key: None,
            student: student("Ada", "Lovelace", "ada at example"),
        },
    )
    .await
    .unwrap_err();
    assert_eq!(bad.field(), Some("email"));
    let taken = edit(
        &client,
        CourseEdit::PutStudent {
            key: None,
            student: student("Ada", "Lovelace", grace.email.as_deref().unwrap()),
        },
    )
    .await
    .unwrap_err();
    assert!(
        taken
            .to_string()
            .contains("Grace Hopper already has this address"),
        "{taken}"
    );
    // A rename keeps the student's key and so their decisions.
    let renamed = StudentInput {
        first_name: "Grace Brewster".into(),
        last_name: "Hopper".into(),
        email: grace.email.clone().unwrap(),
        student_id: grace.student_id.clone().unwrap(),
        section: "B".into(),
    };
    let view = edit(
        &client,
        CourseEdit::PutStudent {
            key: Some(grace.key.clone()),
            student: renamed,
        },
    )
    .await
    .unwrap();
    let now = row(&view, "Hopper", "Grace Brewster");
    assert_eq!(now.student.key, grace.key);
    assert_eq!(now.student.section.as_deref(), Some("B"));
    let view = edit(&client, CourseEdit::RemoveStudent { key: grace.key })
        .await
        .unwrap();
    assert_eq!(view.grid.rows.len(), 29);
    // Roster.csv is a spreadsheet people can open: BOM, header, the accents as they are.
    let (bytes, _) = roster_bytes(&client).await.unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        text.starts_with("\u{FEFF}Last name,First name,Email,Student ID,Section\r\n"),
        "{text}"
    );
    assert!(
        text.contains("Müller,Jonas,jonas.muller@students.example.edu,2026027,A"),
        "{text}"
    );
}

#[tokio::test]
async fn a_roster_someone_saved_broken_is_reported_and_an_import_replaces_it() {
    let (_e, client) = demo().await;
    let mut arg = dropbox_client::types::files::UploadArg::new(format!("{CS101}/Roster.csv"));
    arg.mode = dropbox_client::types::files::WriteMode::Overwrite;
    files::upload(
        &client,
        &arg,
        b"Name,Email\r\nAda,ada@x.example\r\nBob,ada@x.example\r\n".to_vec(),
    )
    .await
    .unwrap();
    let view = open(&client).await;
    let problem = view.roster_problem.unwrap();
    assert!(
        problem.contains("Roster.csv") && problem.contains("Line 3"),
        "{problem}"
    );
    let refused = edit(
        &client,
        CourseEdit::RemoveStudent {
            key: "email:ada@x.example".into(),
        },
    )
    .await;
    // The edit is applied to an empty list, never to half of a broken one.
    assert!(refused.is_ok_and(|v| v.grid.rows.is_empty()));
    let view = import_into_cs101(
        &client,
        b"Name,Email\r\nAda Lovelace,ada@x.example\r\n",
        None,
        true,
    )
    .await
    .unwrap();
    assert_eq!(view.roster_problem, None);
    assert_eq!(view.grid.rows.len(), 1);
}

#[tokio::test]
async fn importing_without_replacing_adds_and_updates_only() {
    let (_e, client) = demo().await;
    let csv = "Last name,First name,Email,Student ID,Section\r\nHopper,Grace B.,grace.hopper@students.example.edu,2026028,C\r\nLovelace,Ada,ada@example.edu,2027001,A\r\n";
    let view = import_into_cs101(&client, csv.as_bytes(), None, false)
        .await
        .unwrap();
    assert_eq!(view.grid.rows.len(), 31);
    assert_eq!(
        row(&view, "Hopper", "Grace B.").student.section.as_deref(),
        Some("C")
    );
    let view = import_into_cs101(&client, csv.as_bytes(), None, true)
        .await
        .unwrap();
    assert_eq!(
        view.grid.rows.len(),
        2,
        "replacing drops those not in the file"
    );
}

#[tokio::test]
async fn the_export_has_a_row_per_student_with_times_in_both_zones() {
    let (_e, client) = demo().await;
    let view = open(&client).await;
    let bytes = export::to_csv(&view, "Europe/Berlin").unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        &header[..5],
        ["Student ID", "Last name", "First name", "Email", "Section"]
    );
    let hw3 = header
        .iter()
        .position(|h| h.starts_with("Homework 3") && h.ends_with(": status"))
        .unwrap();
    assert_eq!(
        header[hw3 + 3],
        "Homework 3 — Linked lists: uploaded (Europe/Berlin)"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 30);
    let lena = rows.iter().find(|r| &r[1] == "Schmidt").unwrap();
    assert_eq!(&lena[hw3], "late");
    assert_eq!(&lena[hw3 + 1], "240");
    assert_eq!(&lena[hw3 + 2], "schmidt_hw3.pdf");
    let utc: jiff::civil::DateTime = lena[hw3 + 4].parse().unwrap();
    let berlin: jiff::civil::DateTime = lena[hw3 + 3].parse().unwrap();
    let ahead = berlin.duration_since(utc).as_hours();
    assert!(
        matches!(ahead, 1 | 2),
        "Berlin is an hour or two ahead: {ahead}"
    );
    let muller = rows.iter().find(|r| &r[1] == "Müller").unwrap();
    assert_eq!(&muller[2], "Jonas");
    let adams = rows.iter().find(|r| &r[1] == "Adams").unwrap();
    assert_eq!(&adams[hw3], "missing");
    assert_eq!(&adams[hw3 + 2], "");

    // Saved into the download folder without overwriting an earlier export.
    let dir = tempfile::tempdir().unwrap();
    let now = jiff::Timestamp::now();
    let first = export::save(&view, "UTC", dir.path(), now).await.unwrap();
    let second = export::save(&view, "UTC", dir.path(), now).await.unwrap();
    assert_ne!(first, second);
    assert!(
        first
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("CS101 gradebook ")
    );
}

#[test]
fn an_export_never_hands_a_spreadsheet_a_formula() {
    use dropdesk_core::courses::grid::{CourseGrid, GridRow, StudentTotals};
    use dropdesk_core::courses::roster::Student;
    let view = CourseView {
        folder: CS101.into(),
        name: "CS101".into(),
        grid: CourseGrid {
            requests: Vec::new(),
            rows: vec![GridRow {
                student: Student::new(
                    "=HYPERLINK(\"http://x\")",
                    "@SUM(A1)",
                    None,
                    Some("+1"),
                    Some("-2"),
                ),
                cells: Vec::new(),
                totals: StudentTotals::default(),
            }],
            unmatched: Vec::new(),
        },
        roster_problem: None,
        merged: false,
        cursor: String::new(),
    };
    let text = String::from_utf8(export::to_csv(&view, "UTC").unwrap()).unwrap();
    let row = text.lines().nth(1).unwrap();
    assert_eq!(
        row,
        "'+1,'@SUM(A1),\"'=HYPERLINK(\"\"http://x\"\")\",,'-2,0,0,0"
    );
}

#[tokio::test]
async fn the_reminder_goes_to_the_missing_in_bcc() {
    let (_e, client) = demo().await;
    let view = open(&client).await;
    let hw3 = column(&view, "Homework 3");
    let missing = remind::missing(&view.grid, hw3);
    assert_eq!(
        missing.addresses,
        [
            "zoe.adams@students.example.edu",
            "wei.chen@students.example.edu",
            "noah.kim@students.example.edu"
        ]
    );
    let url = remind::mailto(
        &missing.addresses,
        "Homework 3",
        "Please upload your Homework 3 here by Fri 14 Mar, 17:00 CET: https://x.example/r?a=1&b=2",
    )
    .unwrap();
    let text = url.as_str();
    assert!(
        text.starts_with("mailto:?bcc=zoe.adams@students.example.edu,wei.chen@"),
        "{text}"
    );
    assert!(
        text.contains("&subject=Homework%203&body=Please%20upload"),
        "{text}"
    );
    assert!(
        text.contains("r%3Fa%3D1%26b%3D2"),
        "the link's own & and ? are encoded: {text}"
    );
    assert!(remind::mailto(&[], "x", "y").is_err());
    assert!(remind::mailto(&["a@b.example?cc=evil@x.example".into()], "x", "y").is_err());
}

#[tokio::test]
async fn the_request_list_gets_each_course_requests_counts_and_missing_students() {
    let (_e, client) = demo().await;
    let all = dropdesk_core::requests::list(&client)
        .await
        .unwrap()
        .requests;
    let counts = courses::request_counts(&client, &all, &[], jiff::Timestamp::now())
        .await
        .unwrap();
    assert_eq!(counts.len(), 4, "every request of CS101");
    let hw3 = all
        .iter()
        .find(|r| r.title.starts_with("Homework 3"))
        .unwrap();
    let of_hw3 = counts.iter().find(|c| c.id == hw3.id).unwrap();
    assert_eq!(of_hw3.course, CS101);
    assert_eq!((of_hw3.counts.missing, of_hw3.counts.unmatched), (3, 2));
    let names: Vec<&str> = of_hw3
        .missing
        .students
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Zoe Adams", "Wei Chen", "Noah Kim"]);
    assert_eq!(
        of_hw3.missing.students[0].email.as_deref(),
        Some("zoe.adams@students.example.edu")
    );
    // A course without a class list has nothing to count.
    files::delete_v2(&client, &format!("{CS101}/Roster.csv"))
        .await
        .unwrap();
    let none = courses::request_counts(&client, &all, &[], jiff::Timestamp::now())
        .await
        .unwrap();
    assert!(none.is_empty());
}
