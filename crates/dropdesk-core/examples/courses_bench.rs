//! Course figures: matching 10,000 file names against 500 students (goal: 50 ms or less) and
//! building the 500 × 20 grid from them (goal: 100 ms or less), each beside a baseline measured
//! in the same run (splitting the same 10,000 names into folded words, the least any matching
//! must do).
//! Run with `scripts/bench.sh` (a release build).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::time::Instant;

use dropdesk_core::courses::decisions::CourseData;
use dropdesk_core::courses::grid::{self, CourseFile, CourseRequest};
use dropdesk_core::courses::matching::{Match, Matcher};
use dropdesk_core::courses::names::{fold, words};
use dropdesk_core::courses::roster::Student;
use dropdesk_core::requests::Grace;

const FIRST: [&str; 25] = [
    "Amara", "Ben", "Wei", "Diego", "Elif", "Farah", "Gus", "Hana", "Ivan", "Jade", "Kofi", "Lena",
    "Marco", "Nadia", "Oscar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen",
    "Ximena", "José",
];
const LAST: [&str; 20] = [
    "Okafor",
    "Carter",
    "Chen",
    "Álvarez",
    "Yılmaz",
    "Haddad",
    "Lindqvist",
    "Sato",
    "Petrov",
    "Nguyen",
    "Mensah",
    "Müller",
    "Rossi",
    "Rahman",
    "Dubois",
    "Sharma",
    "O'Brien",
    "Martínez",
    "Olsen",
    "Novak",
];

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn millis(run: impl FnMut()) -> f64 {
    let mut run = run;
    run();
    median(
        (0..9)
            .map(|_| {
                let started = Instant::now();
                run();
                started.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let roster: Vec<Student> = (0..500)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = format!(
                "{}{}",
                LAST[(i / FIRST.len()) % LAST.len()],
                if i >= 500 { "x" } else { "" }
            );
            Student::new(
                first,
                &last,
                Some(&format!("s{i}@uni.example")),
                Some(&format!("{:07}", 2_000_000 + i)),
                None,
            )
        })
        .collect();
    let deadline: jiff::Timestamp = "2026-03-13T17:00:00Z".parse().unwrap();
    let requests: Vec<CourseRequest> = (1..=20)
        .map(|n| CourseRequest {
            id: format!("r{n}"),
            title: format!("Homework {n}"),
            url: format!("https://www.dropbox.com/request/r{n}"),
            folder: format!("/Courses/CS101/Homework {n}"),
            deadline: Some(deadline + jiff::SignedDuration::from_hours(24 * 7 * n)),
            grace: Grace::TwoDays,
            is_open: true,
        })
        .collect();
    // 10,000 files: each student in each request, named in the ways students name them.
    let files: Vec<CourseFile> = (0..10_000)
        .map(|i| {
            let s = &roster[i % 500];
            let n = i / 500 + 1;
            let name = match i % 5 {
                0 => format!("{}_hw{n}.pdf", fold(&s.last_name)),
                1 => format!("hw{n} - {} {}.pdf", s.first_name, s.last_name),
                2 => format!("{}{}_HW{n}.pdf", s.first_name, s.last_name),
                3 => format!("{}_hw{n}.pdf", s.student_id.as_deref().unwrap()),
                _ => format!("final_v{n}.pdf"),
            };
            CourseFile {
                path: format!("/Courses/CS101/Homework {n}/{name}"),
                name,
                uploaded: requests[n - 1].deadline.unwrap()
                    - jiff::SignedDuration::from_hours((i % 50) as i64 - 10),
                size: 1000,
            }
        })
        .collect();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();

    let baseline = millis(|| {
        let folded: usize = names.iter().map(|n| words(n).len()).sum();
        assert!(folded > 0);
    });
    let mut matched = 0;
    let matching = millis(|| {
        let matcher = Matcher::new(&roster);
        matched = names
            .iter()
            .filter(|n| matches!(matcher.find(n), Match::Student { .. }))
            .count();
    });
    let data = CourseData::default();
    let now = deadline + jiff::SignedDuration::from_hours(24 * 7 * 21);
    let mut cells = 0;
    let building = millis(|| {
        let built = grid::build("/Courses/CS101", &roster, &requests, &files, &data, now);
        cells = built.rows.iter().map(|r| r.cells.len()).sum();
    });
    println!("baseline: 10,000 file names split into words      {baseline:>7.1} ms");
    println!(
        "matching 10,000 files to 500 students             {matching:>7.1} ms   (goal ≤ 50 ms; {:.1}× the baseline; {matched} matched to one student)",
        matching / baseline
    );
    println!(
        "building the 500 × 20 grid ({cells} cells)          {building:>7.1} ms   (goal ≤ 100 ms; {:.1}× the baseline)",
        building / baseline
    );
}
