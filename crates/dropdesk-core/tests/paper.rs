//! Paper docs against the emulator: availability, listing, create (renamed on collision), open,
//! revision-checked saves, merges after someone else saved, notes, and refusals in words.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

mod common;

use dropbox_client::Client;
use dropbox_emulator::{Emulator, EmulatorBuilder, EmulatorHandle, Fault, Seed};
use dropdesk_core::ErrorCode;
use dropdesk_core::paper::drafts::{Draft, Drafts};
use dropdesk_core::paper::merge::{MergePart, Resolution, Side, resolve};
use dropdesk_core::paper::{self, Base, NewDoc, NotePlace, SaveOutcome};
use dropdesk_core::paths::AppPaths;

async fn signed_in(builder: EmulatorBuilder) -> (EmulatorHandle, Client) {
    common::signed_in(builder.seed(Seed::Demo)).await
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

#[tokio::test]
async fn availability_follows_paper_as_files() {
    let (_e, client) = signed_in(Emulator::builder()).await;
    assert!(paper::availability(&client).await.unwrap().available);
    let (_e, client) = signed_in(Emulator::builder().paper_as_files(false)).await;
    let off = paper::availability(&client).await.unwrap();
    assert!(!off.available);
    assert!(off.reason.unwrap().contains("paper.dropbox.com"));
}

#[tokio::test]
async fn docs_are_listed_newest_first_and_a_new_doc_gets_its_own_name() {
    let (_e, client) = signed_in(Emulator::builder()).await;
    let docs = paper::list(&client, "/").await.unwrap();
    let titles: Vec<&str> = docs.iter().map(|d| d.title.as_str()).collect();
    assert!(
        titles.contains(&"Lecture 1 notes") && titles.contains(&"Course log"),
        "{titles:?}"
    );
    assert!(docs.windows(2).all(|w| w[0].modified >= w[1].modified));
    assert!(docs.iter().all(|d| d.path.ends_with(".paper")));

    let new = NewDoc {
        title: "Lecture 1 notes".into(),
        folder: "/Notes".into(),
        markdown: "# Again".into(),
    };
    let created = paper::create(&client, &new).await.unwrap();
    assert!(created.renamed, "{created:?}");
    assert_ne!(created.path, "/Notes/Lecture 1 notes.paper");
    assert_eq!(
        paper::list(&client, "/Notes").await.unwrap()[0].id,
        created.id
    );

    let blank = NewDoc {
        title: "  ".into(),
        ..new.clone()
    };
    assert_eq!(
        paper::create(&client, &blank).await.unwrap_err().field(),
        Some("title")
    );
    let slash = NewDoc {
        title: "a/b".into(),
        ..new.clone()
    };
    assert_eq!(
        paper::create(&client, &slash).await.unwrap_err().field(),
        Some("title")
    );
    let missing = paper::list(&client, "/Nowhere").await.unwrap_err();
    assert_eq!(missing.field(), Some("folder"));
}

#[tokio::test]
async fn a_save_takes_one_call_and_moves_the_base_forward() {
    let (emulator, client) = signed_in(Emulator::builder()).await;
    let doc = paper::open(&client, "/Notes/Lecture 1 notes.paper")
        .await
        .unwrap();
    assert!(doc.markdown.starts_with('#'), "{}", doc.markdown);
    let base = Base {
        revision: doc.revision,
        text: doc.markdown.clone(),
    };
    let ours = format!("{}\nA new paragraph.\n", doc.markdown);

    let before = calls(&emulator).await;
    let saved = paper::save_text(&client, &doc.id, &base, &ours)
        .await
        .unwrap();
    assert_eq!(calls(&emulator).await - before, 1, "one update");
    let SaveOutcome::Saved { revision } = saved else {
        panic!("{saved:?}")
    };
    assert!(revision > doc.revision);
    let again = paper::open(&client, &doc.id).await.unwrap();
    assert_eq!((again.revision, again.markdown), (revision, ours));
}

#[tokio::test]
async fn saving_an_edit_keeps_its_draft_until_dropbox_has_the_text() {
    let (emulator, client) = signed_in(Emulator::builder()).await;
    let dir = tempfile::tempdir().unwrap();
    let paths = AppPaths::under(dir.path());
    let drafts = Drafts::for_account(&paths, "dbid:ada");
    let doc = paper::open(&client, "/Notes/Lecture 1 notes.paper")
        .await
        .unwrap();
    let edit = Draft {
        doc_id: doc.id.clone(),
        path: doc.path.clone(),
        title: doc.title.clone(),
        base_revision: doc.revision,
        base_text: doc.markdown.clone(),
        text: format!("{}\nTyped on the train.\n", doc.markdown),
        saved_at: String::new(),
    };
    emulator
        .control()
        .inject_fault("files/paper/update", 1, Fault::DropConnection)
        .await
        .unwrap();
    let failed = paper::save(&client, &drafts, &edit).await.unwrap_err();
    assert_eq!(failed.code(), ErrorCode::Offline, "{failed}");
    let kept = drafts
        .get(&doc.id)
        .unwrap()
        .expect("a failed save keeps the draft");
    assert_eq!(
        (kept.text.as_str(), kept.base_revision),
        (edit.text.as_str(), doc.revision)
    );

    let saved = paper::save(&client, &drafts, &edit).await.unwrap();
    assert!(matches!(saved, SaveOutcome::Saved { .. }), "{saved:?}");
    assert_eq!(
        drafts.get(&doc.id).unwrap(),
        None,
        "the saved text's draft goes"
    );

    // Nowhere to keep the draft, and Dropbox unreachable: the user hears about the draft.
    std::fs::remove_dir_all(paths.data_dir.join("drafts")).unwrap();
    std::fs::write(paths.data_dir.join("drafts"), b"not a folder").unwrap();
    emulator
        .control()
        .inject_fault("files/paper/update", 1, Fault::DropConnection)
        .await
        .unwrap();
    let nowhere = paper::save(&client, &drafts, &edit).await.unwrap_err();
    assert_eq!(nowhere.code(), ErrorCode::Storage, "{nowhere}");
}

#[tokio::test]
async fn a_save_whose_answer_was_lost_is_saved_on_the_next_try_not_a_conflict() {
    let (emulator, client) = signed_in(Emulator::builder()).await;
    let doc = paper::open(&client, "/Notes/Lecture 1 notes.paper")
        .await
        .unwrap();
    let base = Base {
        revision: doc.revision,
        text: doc.markdown.clone(),
    };
    let ours = format!("{}\nTyped before the network broke.\n", doc.markdown);
    emulator
        .control()
        .inject_fault("files/paper/update", 1, Fault::LoseAnswer)
        .await
        .unwrap();
    let lost = paper::save_text(&client, &doc.id, &base, &ours)
        .await
        .unwrap_err();
    assert_eq!(lost.code(), ErrorCode::Offline, "{lost}");

    // Save again from the same base: Dropbox has our text at a newer revision.
    let again = paper::save_text(&client, &doc.id, &base, &ours)
        .await
        .unwrap();
    let SaveOutcome::Saved { revision } = again else {
        panic!("our own save was taken for someone else's: {again:?}")
    };
    let latest = paper::open(&client, &doc.id).await.unwrap();
    assert_eq!((latest.revision, latest.markdown), (revision, ours));
}

#[tokio::test]
async fn after_someone_else_saved_the_edits_merge_and_nothing_is_lost() {
    let (emulator, client) = signed_in(Emulator::builder()).await;
    let doc = paper::open(&client, "/Notes/Lecture 1 notes.paper")
        .await
        .unwrap();
    let base = Base {
        revision: doc.revision,
        text: doc.markdown.clone(),
    };
    emulator
        .control()
        .edit_paper(&doc.path, "\n\nGrace: added the reading list.\n", "append")
        .await
        .unwrap();

    // Ours changes the first line; theirs added at the end: a clean merge.
    let first = doc.markdown.lines().next().unwrap();
    let ours = doc
        .markdown
        .replacen(first, &format!("{first} (revised)"), 1);
    let before = calls(&emulator).await;
    let outcome = paper::save_text(&client, &doc.id, &base, &ours)
        .await
        .unwrap();
    assert_eq!(
        calls(&emulator).await - before,
        2,
        "the refused update and one export"
    );
    let SaveOutcome::Merged {
        merged,
        review,
        theirs,
        revision,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert!(merged.contains("(revised)") && merged.contains("Grace: added the reading list."));
    let by = |side: Side| -> String {
        review
            .iter()
            .filter(|m| m.by == Some(side) && !m.removed)
            .map(|m| m.text.as_str())
            .collect()
    };
    assert!(
        by(Side::Theirs).contains("Grace: added the reading list."),
        "{review:?}"
    );
    assert!(by(Side::Ours).contains("(revised)"), "{review:?}");
    let confirmed = paper::save_text(
        &client,
        &doc.id,
        &Base {
            revision,
            text: theirs,
        },
        &merged,
    )
    .await
    .unwrap();
    assert!(
        matches!(confirmed, SaveOutcome::Saved { .. }),
        "{confirmed:?}"
    );
    let latest = paper::open(&client, &doc.id).await.unwrap();
    assert!(latest.markdown.contains("(revised)") && latest.markdown.contains("reading list"));

    // Both change the same line: a conflict with both sides, settled by choice.
    let base = Base {
        revision: latest.revision,
        text: latest.markdown.clone(),
    };
    let line = latest.markdown.lines().next().unwrap().to_owned();
    let theirs_text = latest.markdown.replacen(&line, "# Theirs", 1);
    emulator
        .control()
        .edit_paper(&doc.path, &theirs_text, "overwrite")
        .await
        .unwrap();
    let ours = latest.markdown.replacen(&line, "# Ours", 1);
    let outcome = paper::save_text(&client, &doc.id, &base, &ours)
        .await
        .unwrap();
    let SaveOutcome::Conflict {
        parts,
        theirs,
        revision,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert!(parts.contains(&MergePart::Conflict {
        ours: "# Ours\n".into(),
        theirs: "# Theirs\n".into()
    }));
    let settled = resolve(&parts, &[Resolution::Both]).unwrap();
    let saved = paper::save_text(
        &client,
        &doc.id,
        &Base {
            revision,
            text: theirs,
        },
        &settled,
    )
    .await
    .unwrap();
    assert!(matches!(saved, SaveOutcome::Saved { .. }));
    let last = paper::open(&client, &doc.id).await.unwrap().markdown;
    assert!(last.contains("# Ours\n# Theirs"), "{last}");
}

#[tokio::test]
async fn a_dated_note_goes_under_the_title_or_at_the_end() {
    let (_e, client) = signed_in(Emulator::builder()).await;
    let log = paper::open(&client, "/Notes/Course log.paper")
        .await
        .unwrap();
    paper::add_note(
        &client,
        &log.id,
        "### Week 3\nHomework 3 out.",
        NotePlace::End,
    )
    .await
    .unwrap();
    let revision = paper::add_note(&client, &log.id, "Pinned: exam on Friday.", NotePlace::Top)
        .await
        .unwrap();
    let now = paper::open(&client, &log.id).await.unwrap();
    assert_eq!(now.revision, revision);
    let title = log.markdown.lines().next().unwrap();
    assert!(title.starts_with("# "), "{title}");
    assert!(
        now.markdown
            .starts_with(&format!("{title}\n\nPinned: exam on Friday.\n\n")),
        "{}",
        now.markdown
    );
    assert!(
        now.markdown.trim_end().ends_with("Homework 3 out."),
        "{}",
        now.markdown
    );
    let body = log.markdown.split_once('\n').unwrap().1.trim();
    assert!(now.markdown.contains(body), "{}", now.markdown);
    let empty = paper::add_note(&client, &log.id, "  ", NotePlace::End)
        .await
        .unwrap_err();
    assert_eq!(empty.field(), Some("note"));
}

#[tokio::test]
async fn refusals_keep_the_draft_and_say_what_to_do() {
    let (_emulator, client) = signed_in(Emulator::builder()).await;
    let doc = paper::open(&client, "/Notes/Lecture 2 notes.paper")
        .await
        .unwrap();
    let base = Base {
        revision: doc.revision,
        text: doc.markdown.clone(),
    };
    let huge = "x".repeat(1536 * 1024);
    let error = paper::save_text(&client, &doc.id, &base, &huge)
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("longer than Paper allows"),
        "{error}"
    );
    assert!(error.to_string().contains("kept as a draft"), "{error}");

    dropbox_client::routes::files::delete_v2(&client, &doc.path)
        .await
        .unwrap();
    let error = paper::save_text(&client, &doc.id, &base, "text")
        .await
        .unwrap_err();
    assert!(error.to_string().contains("kept as a draft"), "{error}");
    let error = paper::open(&client, &doc.id).await.unwrap_err();
    assert!(error.to_string().contains("gone"), "{error}");
}

#[tokio::test]
async fn a_note_or_a_new_doc_whose_answer_was_lost_is_not_made_twice() {
    let (emulator, client) = signed_in(Emulator::builder()).await;
    let control = emulator.control();
    let doc = paper::open(&client, "/Notes/Course log.paper")
        .await
        .unwrap();

    control
        .inject_fault("files/paper/update", 1, Fault::LoseAnswer)
        .await
        .unwrap();
    let revision = paper::add_note(
        &client,
        &doc.id,
        "### 2026-12-02\nQuiz moved.",
        NotePlace::End,
    )
    .await
    .unwrap();
    let after = paper::open(&client, &doc.id).await.unwrap();
    assert_eq!(after.revision, revision);
    assert_eq!(after.markdown.matches("Quiz moved.").count(), 1);

    control
        .inject_fault("files/paper/update", 1, Fault::DropConnection)
        .await
        .unwrap();
    let refused = paper::add_note(&client, &doc.id, "Never sent.", NotePlace::End)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Offline);
    assert!(refused.to_string().contains("not added"), "{refused}");

    control
        .inject_fault("files/paper/create", 1, Fault::LoseAnswer)
        .await
        .unwrap();
    let new = NewDoc {
        title: "Week 9".into(),
        folder: "/Notes".into(),
        markdown: "# Week 9\n".into(),
    };
    let created = paper::create(&client, &new).await.unwrap();
    assert_eq!(created.path, "/Notes/Week 9.paper");
    let weeks = paper::list(&client, "/Notes")
        .await
        .unwrap()
        .into_iter()
        .filter(|d| d.title.starts_with("Week 9"))
        .count();
    assert_eq!(weeks, 1, "one doc, not two");
}
