//! A term's plan against the emulator, with the faults that make naive scripts create
//! duplicates: answers lost after Dropbox made the request, 429s, 503s, and the process
//! killed half-way. Exactly one request per row exists at the end.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use std::collections::HashSet;

use dropbox_emulator::{Emulator, Fault, Seed};
use dropdesk_core::account::Plan;
use dropdesk_core::paths::AppPaths;
use dropdesk_core::requests::Grace;
use dropdesk_core::requests::deadline::DeadlineInput;
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

/// The plan run to its end, nothing cancelled.
async fn run_uncancelled(
    client: &dropbox_client::Client,
    journal: &Journal,
    planned: &[term::PlannedRow],
) -> term::RunSummary {
    term::run(
        client,
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
            term::run(&client, &journal, &planned, Plan::Pro, &never, |_| {
                let _ = settled_tx.send(());
            })
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
    let unique: HashSet<(String, String)> = listed
        .requests
        .iter()
        .map(|r| {
            (
                r.title.clone(),
                r.destination.clone().unwrap_or_default().to_lowercase(),
            )
        })
        .collect();
    println!(
        "plan of {ROWS}: {} requests in Dropbox, {} duplicates",
        listed.total,
        listed.requests.len() - unique.len()
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
        count: 6,
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
    planned.truncate(6);
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::open(&AppPaths::under(dir.path()), "cancelled");
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    let summary = term::run(
        &client,
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
    assert_eq!((finished.created, finished.skipped), (5, 1));
    assert_eq!(
        dropdesk_core::requests::list(&client).await.unwrap().total,
        6
    );
}
