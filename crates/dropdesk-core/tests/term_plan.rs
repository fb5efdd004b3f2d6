//! A term's plan against the emulator, with the faults that make naive scripts create
//! duplicates: answers lost after Dropbox made the request, 429s, 503s, and the process
//! killed half-way. Exactly one request per row exists at the end; the official Python SDK in a
//! naive loop, through the same faults, is counted beside it.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;
#[path = "python/sdk.rs"]
mod sdk;

use std::collections::HashSet;
use std::io::Write as _;

use tokio::io::{AsyncBufReadExt, BufReader};

use dropbox_emulator::{Emulator, Fault, Seed};
use dropdesk_core::account::Plan;
use dropdesk_core::paths::AppPaths;
use dropdesk_core::requests::deadline::DeadlineInput;
use dropdesk_core::requests::{Grace, RequestList};
use dropdesk_core::space::Space;
use dropdesk_core::term::{self, Journal, Repeat, RowState, TermPattern};
use tokio_util::sync::CancellationToken;

const ROWS: u32 = 40;

fn pattern() -> TermPattern {
    let first = (jiff::Zoned::now().date() + jiff::Span::new().days(7)).to_string();
    TermPattern {
        course: "/Courses/CS101".into(),
        title: "Homework {n}".into(),
        folder: "{course}/Homework {nn}".into(),
        description: "Week {n}".into(),
        topics: Vec::new(),
        first_number: 1,
        count: ROWS,
        first_deadline: Some(DeadlineInput {
            date: first,
            time: "17:00".into(),
            time_zone: "Europe/Berlin".into(),
        }),
        repeat: Repeat::Weekly,
        grace: Grace::OneDay,
    }
}

/// 10 lost answers, 10 429s and 5 503s among passing calls, in a fixed shuffled order.
fn faults() -> Vec<Fault> {
    let mut faults: Vec<Fault> = std::iter::repeat_n(Fault::LoseAnswer, 10)
        .chain(std::iter::repeat_n(
            Fault::RateLimit {
                retry_after_secs: 0,
            },
            10,
        ))
        .chain(std::iter::repeat_n(Fault::Status(503), 5))
        .chain(std::iter::repeat_n(
            Fault::Latency(std::time::Duration::ZERO),
            35,
        ))
        .collect();
    let mut seed: u64 = 0x5eed;
    for i in (1..faults.len()).rev() {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let j = usize::try_from(seed >> 33).unwrap() % (i + 1);
        faults.swap(i, j);
    }
    faults
}

/// Each request's title and folder (folded), once: fewer than the requests means duplicates.
fn titles_and_folders(listed: &RequestList) -> HashSet<(String, String)> {
    listed
        .requests
        .iter()
        .map(|r| {
            (
                r.title.clone(),
                r.destination.clone().unwrap_or_default().to_lowercase(),
            )
        })
        .collect()
}

/// The plan made by `tests/python/naive_term.py` (the official SDK, each failed row tried
/// again) through the same faults, killed after 12 rows and run again from the start, as a
/// script is. Answers the requests made and how many of them are duplicates.
async fn naive_sdk_loop(planned: &[term::PlannedRow]) -> (u64, usize) {
    let emulator = Emulator::builder().seed(Seed::Empty).spawn().await.unwrap();
    let control = emulator.control();
    for fault in faults() {
        control
            .inject_fault("file_requests/create", 1, fault)
            .await
            .unwrap();
    }
    let front = emulator.tls_front().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let authority = dir.path().join("authority.pem");
    front.write_authority(&authority).unwrap();
    let token = control.issue_token().await.unwrap().access_token;
    let run = |kill_after: Option<usize>| {
        let (authority, token, host) = (authority.clone(), token.clone(), front.host());
        async move {
            let mut child = sdk::start(
                planned,
                &host,
                &authority,
                &token,
                std::process::Stdio::null(),
            )
            .await;
            let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
            let mut created = 0;
            while let Some(line) = lines.next_line().await.unwrap() {
                if line.starts_with("created ") {
                    created += 1;
                    if Some(created) == kill_after {
                        child.kill().await.unwrap();
                        return;
                    }
                } else if line == "done" {
                    break;
                }
            }
            assert!(
                child.wait().await.unwrap().success(),
                "the SDK script ran to its end"
            );
        }
    };
    run(Some(12)).await;
    control.clear_faults().await.unwrap();
    for fault in faults().into_iter().skip(30) {
        control
            .inject_fault("file_requests/create", 1, fault)
            .await
            .unwrap();
    }
    run(None).await;

    let client = common::client_for(&emulator).await;
    let listed = dropdesk_core::requests::list(&client).await.unwrap();
    let unique = titles_and_folders(&listed);
    let every_row = planned
        .iter()
        .all(|row| unique.contains(&(row.form.title.clone(), row.form.destination.to_lowercase())));
    assert!(every_row, "the SDK loop made every row at least once");
    (listed.total, listed.requests.len() - unique.len())
}

/// The plan run to its end, nothing cancelled.
async fn run_uncancelled(
    client: &dropbox_client::Client,
    journal: &Journal,
    planned: &[term::PlannedRow],
) -> term::RunSummary {
    term::run(
        client,
        &Space::Personal,
        journal,
        planned,
        Plan::Pro,
        &CancellationToken::new(),
        |_| {},
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_forty_row_plan_through_lost_answers_429s_503s_and_a_crash_makes_forty() {
    let emulator = Emulator::builder().seed(Seed::Empty).spawn().await.unwrap();
    let control = emulator.control();
    for fault in faults() {
        control
            .inject_fault("file_requests/create", 1, fault)
            .await
            .unwrap();
    }
    let client = common::client_for(&emulator).await;
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&AppPaths::under(dir.path()), "cs101-spring");
    let planned = term::expand(&pattern()).unwrap();
    assert_eq!(planned.len(), ROWS as usize);

    // The process dies after a dozen rows are settled, some creates still in flight.
    let (settled_tx, mut settled_rx) = tokio::sync::mpsc::unbounded_channel();
    let crashed = tokio::spawn({
        let (client, journal, planned) = (client.clone(), journal.clone(), planned.clone());
        async move {
            let never = CancellationToken::new();
            term::run(
                &client,
                &Space::Personal,
                &journal,
                &planned,
                Plan::Pro,
                &never,
                |_| {
                    let _ = settled_tx.send(());
                },
            )
            .await
        }
    });
    for _ in 0..12 {
        settled_rx.recv().await.unwrap();
    }
    crashed.abort();
    assert!(crashed.await.unwrap_err().is_cancelled());
    let mut after_crash = journal.rows().unwrap();
    assert!(
        after_crash
            .iter()
            .any(|r| matches!(r.state, RowState::Sent { .. })),
        "the crash left rows sent but not settled"
    );
    // Dropbox had made three more when the process died: the journal says "sent", and the
    // answers never came back (made here as the dead process's calls would have).
    let sent_at = jiff::Timestamp::now();
    let unsettled: Vec<usize> = after_crash
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.state, RowState::Pending))
        .map(|(i, _)| i)
        .take(3)
        .collect();
    assert_eq!(unsettled.len(), 3, "the crash left rows to send");
    control.clear_faults().await.unwrap();
    for &i in &unsettled {
        dropdesk_core::requests::create(&client, &after_crash[i].form, Plan::Pro, sent_at, None)
            .await
            .unwrap();
        after_crash[i].state = RowState::Sent { at: sent_at };
    }
    journal.write(&after_crash).unwrap();
    for fault in faults().into_iter().skip(30) {
        control
            .inject_fault("file_requests/create", 1, fault)
            .await
            .unwrap();
    }

    // Run again, then "Retry the failed", until every row is settled.
    let mut summary = None;
    for _ in 0..6 {
        let run = run_uncancelled(&client, &journal, &planned).await;
        let done = run.created == ROWS;
        summary = Some(run);
        if done {
            break;
        }
    }
    let summary = summary.unwrap();
    assert_eq!(summary.rows.len(), ROWS as usize, "every row is reported");
    assert_eq!(summary.created, ROWS, "{:?}", summary.rows);

    let listed = dropdesk_core::requests::list(&client).await.unwrap();
    let unique = titles_and_folders(&listed);
    let (sdk_total, sdk_duplicates) = naive_sdk_loop(&planned).await;
    // Written past the test harness's capture, so that every run's log shows both counts.
    writeln!(
        std::io::stdout(),
        "plan of {ROWS} through the same faults and a kill: Dropdesk made {} requests, {} \
         duplicates; the official Python SDK in a naive loop made {sdk_total}, \
         {sdk_duplicates} duplicates",
        listed.total,
        listed.requests.len() - unique.len()
    )
    .unwrap();
    assert!(
        sdk_duplicates > 0,
        "the faults are the kind that make a naive script create duplicates"
    );
    assert_eq!(listed.total, u64::from(ROWS));
    assert_eq!(unique.len(), ROWS as usize, "no title and folder twice");
    let stats = control.stats().await.unwrap();
    assert!(
        stats
            .calls
            .get("file_requests/create")
            .copied()
            .unwrap_or(0)
            > u64::from(ROWS),
        "the faults were met"
    );

    // A finished plan run again creates nothing.
    let creates = stats.calls["file_requests/create"];
    let again = run_uncancelled(&client, &journal, &planned).await;
    assert_eq!(again.created, ROWS);
    assert_eq!(
        control.stats().await.unwrap().calls["file_requests/create"],
        creates
    );
}

#[tokio::test]
async fn a_cancel_sends_no_more_rows_and_a_folder_with_a_request_is_skipped() {
    let emulator = Emulator::builder().seed(Seed::Empty).spawn().await.unwrap();
    let client = common::client_for(&emulator).await;
    let mut planned = term::expand(&TermPattern {
        count: 14,
        ..pattern()
    })
    .unwrap();
    // Someone made a request for row 2's folder already, under another title.
    dropdesk_core::requests::create(
        &client,
        &dropdesk_core::requests::RequestForm {
            title: "Made by hand".into(),
            ..planned[1].form.clone()
        },
        Plan::Pro,
        jiff::Timestamp::now(),
        None,
    )
    .await
    .unwrap();
    planned.truncate(14);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&AppPaths::under(dir.path()), "cancelled");
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let summary = term::run(
        &client,
        &Space::Personal,
        &journal,
        &planned,
        Plan::Pro,
        &cancel,
        move |row| {
            if matches!(row.state, RowState::Created { .. }) {
                stop.cancel();
            }
        },
    )
    .await
    .unwrap();
    assert_eq!(summary.skipped, 1);
    assert!(matches!(
        &summary.rows[1].state,
        RowState::Skipped { reason } if reason.contains("Made by hand")
    ));
    assert!(summary.not_sent >= 1, "{summary:?}");
    assert!(summary.created <= term::AT_ONCE as u32);
    let made = dropdesk_core::requests::list(&client).await.unwrap().total;
    assert_eq!(made, u64::from(summary.created) + 1);

    let finished = run_uncancelled(&client, &journal, &planned).await;
    assert_eq!((finished.created, finished.skipped), (13, 1));
    assert_eq!(
        dropdesk_core::requests::list(&client).await.unwrap().total,
        14
    );
}

#[tokio::test]
async fn a_fixed_row_is_sent_on_retry_and_an_edited_made_row_is_not_made_again() {
    let emulator = Emulator::builder().seed(Seed::Empty).spawn().await.unwrap();
    let client = common::client_for(&emulator).await;
    let mut planned = term::expand(&TermPattern {
        count: 3,
        ..pattern()
    })
    .unwrap();
    planned[1].form.title = "  ".into();
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&AppPaths::under(dir.path()), "edited");
    let first = run_uncancelled(&client, &journal, &planned).await;
    assert_eq!((first.created, first.failed), (2, 1));
    assert!(matches!(
        &first.rows[1].state,
        RowState::Failed { reason } if reason.contains("Title")
    ));

    // The professor fixes row 2 and, by the way, retitles row 1 (already made).
    planned[1].form.title = "Homework 2 — Recursion".into();
    planned[0].form.title = "Homework 1 — renamed".into();
    let retried = run_uncancelled(&client, &journal, &planned).await;
    assert_eq!((retried.created, retried.failed), (3, 0));
    let listed = dropdesk_core::requests::list(&client).await.unwrap();
    assert_eq!(listed.total, 3, "row 1 was not made a second time");
    let mut titles: Vec<String> = listed.requests.into_iter().map(|r| r.title).collect();
    titles.sort();
    assert_eq!(
        titles,
        ["Homework 1", "Homework 2 — Recursion", "Homework 3"]
    );
}

#[tokio::test]
async fn last_terms_course_rolls_over_into_a_new_folder_and_is_made() {
    let (_emulator, client) = common::signed_in(Emulator::builder().seed(Seed::Demo)).await;
    let existing = dropdesk_core::requests::list(&client).await.unwrap();
    let old: Vec<_> = existing
        .requests
        .iter()
        .filter(|r| {
            r.destination
                .as_deref()
                .is_some_and(|d| d.starts_with("/Courses/CS101/"))
        })
        .collect();
    let now = jiff::Timestamp::now();
    let rolled = term::rollover(
        &existing.requests,
        "/Courses/CS101",
        "/Courses/CS101 Spring",
        None,
        "Europe/Berlin",
        now,
    )
    .unwrap();
    assert_eq!(rolled.rows.len(), old.len());
    assert!(
        rolled.weeks > 0,
        "the demo's deadlines are behind: they move"
    );
    assert_eq!(
        rolled
            .rows
            .iter()
            .filter(|r| r.form.deadline.is_some())
            .count(),
        old.iter().filter(|r| r.deadline.is_some()).count(),
        "every deadline is moved, none dropped"
    );
    for row in &rolled.rows {
        let was = old.iter().find(|r| r.title == row.form.title).unwrap();
        let rest = was
            .destination
            .as_deref()
            .unwrap()
            .strip_prefix("/Courses/CS101")
            .unwrap();
        assert_eq!(row.form.destination, format!("/Courses/CS101 Spring{rest}"));
        assert_eq!(
            row.form.description,
            was.description.clone().unwrap_or_default()
        );
        if let (Some(before), Some(after)) = (&was.deadline, &row.form.deadline) {
            let before: jiff::Timestamp = before.parse().unwrap();
            let after = after.to_utc(now).unwrap();
            assert!(after > now, "every moved deadline is ahead");
            let tz = jiff::tz::TimeZone::get("Europe/Berlin").unwrap();
            let (b, a) = (before.to_zoned(tz.clone()), after.to_zoned(tz));
            assert_eq!(
                (b.weekday(), b.hour(), b.minute()),
                (a.weekday(), a.hour(), a.minute())
            );
            assert_eq!(
                u32::try_from((a.date() - b.date()).get_days()).unwrap(),
                rolled.weeks * 7
            );
        }
    }

    let preview = term::preview(&rolled.rows, &existing, Plan::Pro, now);
    assert_eq!(
        preview.ready,
        rolled.rows.len() as u64,
        "{:?}",
        preview.rows
    );
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&AppPaths::under(dir.path()), "rollover");
    let made = run_uncancelled(&client, &journal, &rolled.rows).await;
    assert_eq!(made.created, rolled.rows.len() as u32);
    let after = dropdesk_core::requests::list(&client).await.unwrap();
    assert_eq!(after.total, existing.total + rolled.rows.len() as u64);
}

#[tokio::test]
async fn two_rows_for_one_folder_make_one_request() {
    let emulator = Emulator::builder().seed(Seed::Empty).spawn().await.unwrap();
    let client = common::client_for(&emulator).await;
    let mut planned = term::expand(&TermPattern {
        count: 12,
        ..pattern()
    })
    .unwrap();
    // Rows 2 and 9 into row 1's folder (in another case), as a CSV or a roll-over may have it.
    planned[1].form.destination = planned[0].form.destination.to_uppercase();
    planned[8].form.destination = format!("{}/", planned[0].form.destination);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&AppPaths::under(dir.path()), "same-folder");
    let summary = run_uncancelled(&client, &journal, &planned).await;
    assert_eq!(
        (summary.created, summary.skipped),
        (10, 2),
        "{:?}",
        summary.rows
    );
    assert!(matches!(
        &summary.rows[8].state,
        RowState::Skipped { reason } if reason.contains("Row 1")
    ));
    assert_eq!(
        dropdesk_core::requests::list(&client).await.unwrap().total,
        10
    );
    let again = run_uncancelled(&client, &journal, &planned).await;
    assert_eq!((again.created, again.skipped), (10, 2));
    assert_eq!(
        dropdesk_core::requests::list(&client).await.unwrap().total,
        10
    );
}
