//! Paper figures: the preview's render time for a 200 KB Markdown doc (goal: 2 ms or less),
//! the preview of 1 MB docs of every hostile shape (goal: 100 ms or less, text shown past it),
//! and the Dropbox calls a save takes (goal: one on the happy path; the refused update and one
//! export when someone else saved, then one to save the combined text).
//! Run with `scripts/bench.sh` (a release build).

#![allow(clippy::print_stdout, clippy::unwrap_used)] // a benchmark prints its figures

use std::time::Instant;

use dropbox_client::{AccessToken, Client, Hosts};
use dropbox_emulator::{Emulator, EmulatorHandle, Seed};
use dropdesk_core::markdown::{Previewer, render};
use dropdesk_core::paper::{self, Base, SaveOutcome};

/// Lecture notes as people write them: headings, paragraphs with emphasis and links, lists,
/// task lists, tables and code, repeated to `bytes`.
fn lecture_notes(bytes: usize) -> String {
    let section = |n: usize| {
        format!(
            "## Week {n}: recursion and its costs\n\n\
             A function that calls itself needs a **base case**; without one it runs until the \
             stack is gone. See [the notes](https://www.dropbox.com/s/notes{n}) and *chapter {n}*.\n\n\
             - [x] read chapter {n}\n- [ ] exercise {n}.1\n- [ ] exercise {n}.2 ~~optional~~\n\n\
             | case | calls | cost |\n|---|---|---|\n| base | 1 | O(1) |\n| step | n | O(n) |\n\n\
             ```python\ndef fact(n):\n    return 1 if n == 0 else n * fact(n - 1)\n```\n\n\
             > Tip: draw the call tree before you write the code.\n\n"
        )
    };
    let mut doc = String::from("# CS101 lecture notes\n\n");
    let mut n = 1;
    while doc.len() < bytes {
        doc.push_str(&section(n));
        n += 1;
    }
    doc
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

async fn calls(emulator: &EmulatorHandle) -> u64 {
    emulator
        .control()
        .stats()
        .await
        .unwrap()
        .calls
        .values()
        .sum()
}

#[tokio::main]
async fn main() {
    let doc = lecture_notes(200 * 1024);
    for _ in 0..10 {
        render(&doc);
    }
    let mut times: Vec<f64> = (0..100)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(render(&doc));
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    println!(
        "preview of a {} KB doc: median {:.2} ms, p95 {:.2} ms (goal <= 2 ms)",
        doc.len() / 1024,
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );

    const MB: usize = 1024 * 1024;
    let fill = |unit: &str| unit.repeat(MB / unit.len());
    let hostile = [
        ("lecture notes", lecture_notes(MB)),
        (
            "16,000 nested <div> (80 KB)",
            format!("{}x{}", "<div>".repeat(16_000), "</div>".repeat(16_000)),
        ),
        (
            "nested <div>",
            format!("{}x{}", "<div>".repeat(MB / 11), "</div>".repeat(MB / 11)),
        ),
        ("unclosed <b>", fill("<b>")),
        ("nested quotes", fill("> ")),
        ("nested lists", fill("- ")),
        ("emphasis runs", fill("*_")),
        (
            "raw inline tags",
            fill("a <i>b</i> <a href=\"https://x.example\">c</a> "),
        ),
        ("links", fill("[a](https://x.example/a) ")),
        (
            "table rows",
            format!("| a | b |\n|---|---|\n{}", fill("| 1 | 2 |\n")),
        ),
        ("footnotes", fill("x[^n]\n\n[^n]: note\n\n")),
        ("one long line", "x".repeat(MB)),
        ("unfinished tags", fill("<div <div ")),
        ("an attribute quote left open", fill("a <b c=\"")),
    ];
    let mut worst = 0.0f64;
    for (name, doc) in &hostile {
        let started = Instant::now();
        let html = Previewer::default().render(doc.clone()).await;
        let within = started.elapsed().as_secs_f64() * 1e3;
        worst = worst.max(within);
        let started = Instant::now();
        std::hint::black_box(render(doc));
        let full = started.elapsed().as_secs_f64() * 1e3;
        let shown = if html.contains("preview-plain") {
            "as text"
        } else {
            "rendered"
        };
        println!(
            "preview of {name} ({} KB): {within:.1} ms in the window ({shown}); a full render \
             takes {full:.1} ms",
            doc.len() / 1024
        );
    }
    println!("worst 1 MB preview: {worst:.1} ms (goal <= 100 ms)");

    let emulator = Emulator::builder().seed(Seed::Demo).spawn().await.unwrap();
    let token = emulator.control().issue_token().await.unwrap();
    let hosts = Hosts::single_origin(&emulator.base_url().parse().unwrap());
    let client = Client::new(hosts, AccessToken::new(token.access_token));
    let path = "/Notes/Lecture 1 notes.paper";
    let opened = paper::open(&client, path).await.unwrap();
    let base = Base {
        revision: opened.revision,
        text: opened.markdown.clone(),
    };
    let before = calls(&emulator).await;
    let ours = format!("{}\nMine.\n", opened.markdown);
    let SaveOutcome::Saved { revision } = paper::save_text(&client, &opened.id, &base, &ours)
        .await
        .unwrap()
    else {
        panic!("the happy path did not save");
    };
    let happy = calls(&emulator).await - before;

    emulator
        .control()
        .edit_paper(path, "\nTheirs.\n", "append")
        .await
        .unwrap();
    let base = Base {
        revision,
        text: ours.clone(),
    };
    let ours = ours.replacen("# ", "# (revised) ", 1);
    let before = calls(&emulator).await;
    let SaveOutcome::Merged {
        merged,
        theirs,
        revision,
        ..
    } = paper::save_text(&client, &opened.id, &base, &ours)
        .await
        .unwrap()
    else {
        panic!("no clean merge");
    };
    let to_merge = calls(&emulator).await - before;
    let confirmed = paper::save_text(
        &client,
        &opened.id,
        &Base {
            revision,
            text: theirs,
        },
        &merged,
    )
    .await
    .unwrap();
    assert!(matches!(confirmed, SaveOutcome::Saved { .. }));
    let total = calls(&emulator).await - before;
    println!(
        "Dropbox calls per save: {happy} when nobody else saved (goal 1); {to_merge} to reach a \
         clean merge (the refused update and one export; goal: export + 1), {total} with the \
         confirmed save"
    );
}
