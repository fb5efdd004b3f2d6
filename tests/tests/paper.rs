//! Paper docs in the real app against the emulator: open the demo lecture notes, edit, save;
//! another user edits the same doc and our save ends in a merge that keeps both edits; a
//! conflict settled from the keyboard; a kill in the middle of typing loses nothing.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropbox_emulator::Seed;
use dropdesk_core::paper;
use dropdesk_e2e::{App, Launch, client_for, demo_emulator, draft_holds, until};
use serde_json::json;

const DOC: &str = "/Notes/Lecture 1 notes.paper";

async fn open_doc(app: &App, title: &str) -> anyhow::Result<()> {
    app.click_xpath("//nav//button[contains(., 'Paper docs')]")
        .await?;
    app.wait_for_text("[data-testid=doc-list]", title).await?;
    app.click_xpath(&format!(
        "//ul[@data-testid='doc-list']/li[contains(., '{title}')]"
    ))
    .await?;
    app.wait_for_text("#doc-title", title).await?;
    app.wait_for("[data-testid=markdown]").await?;
    Ok(())
}

async fn replace_text(app: &App, from: &str, to: &str) -> anyhow::Result<()> {
    app.client()
        .execute(
            "const el = document.querySelector('[data-testid=markdown]'); \
             el.value = el.value.replace(arguments[0], arguments[1]); \
             el.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![json!(from), json!(to)],
        )
        .await?;
    Ok(())
}

#[tokio::test]
async fn edits_are_saved_and_merged_with_another_users_edit() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let client = client_for(&emulator).await.unwrap();
    let before = paper::open(&client, DOC).await.unwrap();
    let first_line = before.markdown.lines().next().unwrap().to_owned();

    let launch = Launch::demo(&emulator, port);
    let control = emulator.control();
    dropdesk_e2e::run("paper-save-merge", launch, async |app| {
        open_doc(app, "Lecture 1 notes").await?;
        app.wait_for_text("[data-testid=preview]", first_line.trim_start_matches("# "))
            .await?;

        // 1. Edit and save: one revision further.
        app.type_at_end("\n\nEdited in Dropdesk.\n").await?;
        app.wait_for_text("[data-testid=preview]", "Edited in Dropdesk.")
            .await?;
        app.save_doc().await?;

        // 2. Grace appends to the doc; our next save meets revision_mismatch and merges.
        control
            .edit_paper(DOC, "\n\nGrace: reading list added.\n", "append")
            .await?;
        replace_text(app, &first_line, &format!("{first_line} (revised)")).await?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        app.wait_for_text(
            "[data-testid=merge-clean]",
            "Their changes and yours were combined",
        )
        .await?;
        // The review marks Grace's lines and ours; the merge step holds the only Save.
        app.click_xpath("//section[@data-testid='merge-step']//button[.='Review']")
            .await?;
        app.wait_for_text(
            "[data-testid=merged-text] ins[data-by=theirs]",
            "Grace: reading list added.",
        )
        .await?;
        app.wait_for_text("[data-testid=merged-text] ins[data-by=ours]", "(revised)")
            .await?;
        assert!(
            app.client()
                .find_all(fantoccini::Locator::Css("[data-testid=save-doc]"))
                .await?
                .is_empty(),
            "two Save buttons during the merge"
        );
        app.wait_for("[data-testid=save-combined]")
            .await?
            .click()
            .await?;
        app.wait_for("[data-testid=doc-status][data-state=saved]")
            .await?;

        // 3. Grace rewrites the title line we also change: a conflict, settled with "3" (both).
        let now = paper::open(&client, DOC).await?;
        let theirs = now.markdown.replacen(
            &format!("{first_line} (revised)"),
            "# Lecture 1 (Grace's title)",
            1,
        );
        control.edit_paper(DOC, &theirs, "overwrite").await?;
        replace_text(
            app,
            &format!("{first_line} (revised)"),
            "# Lecture 1 (our title)",
        )
        .await?;
        app.wait_for("[data-testid=save-doc]")
            .await?
            .click()
            .await?;
        app.wait_for("[data-testid=merge-conflict]").await?;
        app.wait_for("[data-testid=conflict]").await?;
        app.client()
            .execute(
                "document.querySelector('[data-testid=conflict]').dispatchEvent(\
                 new KeyboardEvent('keydown', { key: '3', bubbles: true }));",
                vec![],
            )
            .await?;
        app.wait_for("[data-testid=save-resolved]:not([disabled])")
            .await?
            .click()
            .await?;
        app.wait_for("[data-testid=doc-status][data-state=saved]")
            .await?;
        Ok(())
    })
    .await;

    let after = paper::open(&client, DOC).await.unwrap();
    assert!(
        after.revision >= before.revision + 5,
        "{} → {}",
        before.revision,
        after.revision
    );
    for kept in [
        "Edited in Dropdesk.",
        "Grace: reading list added.",
        "# Lecture 1 (our title)\n# Lecture 1 (Grace's title)",
    ] {
        assert!(
            after.markdown.contains(kept),
            "{kept:?} missing from:\n{}",
            after.markdown
        );
    }
}

#[tokio::test]
async fn a_kill_in_the_middle_of_typing_loses_nothing() {
    let (builder, port) = demo_emulator();
    let emulator = builder.seed(Seed::Demo).spawn().await.unwrap();
    let home = tempfile::tempdir().unwrap();
    let typed = "\n\nTyped just before the crash.\n";

    let first = Launch::demo(&emulator, port).home(home.path());
    dropdesk_e2e::run("paper-draft-kill", first, async |app| {
        open_doc(app, "Lecture 1 notes").await?;
        app.type_at_end(typed).await?;
        // The draft reaches the disk on its own (within a second), then the app dies.
        let drafts = home.path().join("data");
        until(
            "no draft was written",
            std::time::Duration::from_secs(10),
            async || draft_holds(&drafts, "Typed just before the crash."),
        )
        .await?;
        app.kill().await?;
        Ok(())
    })
    .await;

    let second = Launch::demo(&emulator, port).home(home.path());
    dropdesk_e2e::run("paper-draft-restore", second, async |app| {
        // The app comes back where it was left: in the doc, with the kept typing restored.
        app.wait_for_text("#doc-title", "Lecture 1 notes").await?;
        let text = app
            .client()
            .execute(
                "return document.querySelector('[data-testid=markdown]').value",
                vec![],
            )
            .await?;
        anyhow::ensure!(
            text.as_str().unwrap_or_default().ends_with(typed),
            "the restored text lost the typing: {text}"
        );
        app.wait_for("[data-testid=doc-status][data-state=unsaved]")
            .await?;
        app.save_doc().await?;
        app.wait_until_gone("[data-testid=drafts]").await?;
        Ok(())
    })
    .await;

    let saved = paper::open(&client_for(&emulator).await.unwrap(), DOC)
        .await
        .unwrap();
    assert!(saved.markdown.ends_with(typed), "{}", saved.markdown);
    assert!(
        !draft_holds(&home.path().join("data"), "Typed"),
        "the saved draft stays"
    );
}
