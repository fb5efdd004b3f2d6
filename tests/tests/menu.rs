//! The menu bar and its keys, pressed on the X keyboard as a person presses them: the places,
//! Help → Keyboard shortcuts, Edit's cut and paste, and zoom to 200 %, at which every place
//! still fits the window's width, and which the next start keeps.

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use std::time::Duration;

use dropdesk_e2e::keyboard::Keyboard;
use dropdesk_e2e::{App, Launch, until};
use serde_json::{Value, json};

/// 100 → 110 → 125 → 150 → 175 → 200 %.
const STEPS_TO_200: usize = 5;

async fn js(app: &App, script: &str) -> anyhow::Result<Value> {
    Ok(app.client().execute(script, vec![]).await?)
}

async fn inner_width(app: &App) -> f64 {
    js(app, "return window.innerWidth")
        .await
        .ok()
        .and_then(|w| w.as_f64())
        .unwrap_or_default()
}

/// The keyboard, pointed into the app's window (1280×800 at the screen's corner).
async fn keyboard_for(app: &App) -> anyhow::Result<Keyboard> {
    app.client().set_window_rect(0, 0, 1280, 800).await?;
    Keyboard::for_app(app).await
}

/// What of the place sticks out of the window's width (not counting what scrolls inside a
/// part of its own, as the course grid does), and how far the page scrolls sideways.
const OVERFLOW: &str = "const doc = document.documentElement; const width = doc.clientWidth; \
    const scrollsInside = (e) => { for (let p = e.parentElement; p && p !== doc; p = p.parentElement) { \
      const s = getComputedStyle(p); if (p.scrollWidth > p.clientWidth + 1 && /(auto|scroll)/.test(s.overflowX)) return true; } \
      return false; }; \
    const out = [...document.querySelectorAll('main button, main input, main select, main h1, main h2, \
      [role=option], nav button')].filter((e) => { const r = e.getBoundingClientRect(); \
      return r.width > 0 && (r.left < -0.5 || r.right > width + 0.5) && !scrollsInside(e); }) \
      .map((e) => (e.textContent || e.getAttribute('aria-label') || e.tagName).trim().slice(0, 40)); \
    return { sideways: doc.scrollWidth - width, out, width };";

async fn fits_the_width(app: &App, place: &str) -> anyhow::Result<()> {
    let seen = js(app, OVERFLOW).await?;
    anyhow::ensure!(
        seen["sideways"].as_f64().unwrap_or(f64::MAX) <= 1.0 && seen["out"] == json!([]),
        "{place} at 200 % does not fit the window: {seen}"
    );
    Ok(())
}

#[tokio::test]
async fn the_menu_bar_takes_the_keys_and_the_window_works_at_200_percent() {
    let home = tempfile::tempdir().unwrap();
    let launch = Launch::builtin_demo().home(home.path());

    dropdesk_e2e::run("menu", launch.clone(), async |app| {
        app.wait_for_content("[data-testid=request-list]", "Homework 1")
            .await?;
        let keyboard = keyboard_for(app).await?;
        // The page notes the shortcut keys it is given: the menu bar takes them first.
        js(
            app,
            "window.seenKeys = []; addEventListener('keydown', (e) => { \
             if (e.ctrlKey && /^(Digit|Slash|Equal|Key[XV])/.test(e.code)) seenKeys.push(e.code); }, true);",
        )
        .await?;

        // View → Courses and File requests.
        keyboard.press("Ctrl+2")?;
        app.wait_for_text("main h1", "Courses").await?;
        keyboard.press("Ctrl+1")?;
        app.wait_for_text("main h1", "File requests").await?;

        // Help → Keyboard shortcuts lists the keys; Esc closes it.
        keyboard.press("Ctrl+/")?;
        app.wait_for_text("[data-testid=shortcuts-dialog]", "Ctrl+Shift+1 … 9")
            .await?;
        app.wait_for_text("[data-testid=shortcuts-dialog]", "Ctrl+L")
            .await?;
        keyboard.press("Esc")?;
        app.wait_until_gone("[data-testid=shortcuts-dialog]").await?;

        // Edit → Cut and Paste, in the search box.
        let search = app.wait_for("input[aria-label='Search titles']").await?;
        search.click().await?;
        search.send_keys("Linked").await?;
        let value = async || {
            js(app, "return document.querySelector(\"input[aria-label='Search titles']\").value")
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        };
        keyboard.press("Ctrl+A")?;
        keyboard.press("Ctrl+X")?;
        until("Cut empties the box", Duration::from_secs(5), async || {
            value().await.is_empty()
        })
        .await?;
        keyboard.press("Ctrl+V")?;
        until("Paste puts the text back", Duration::from_secs(5), async || {
            value().await == "Linked"
        })
        .await?;
        keyboard.press("Ctrl+A")?;
        keyboard.press("Ctrl+X")?;
        until("the box is empty again", Duration::from_secs(5), async || {
            value().await.is_empty()
        })
        .await?;

        // View → Zoom in, to 200 %: the page is half as wide in CSS pixels.
        let actual = inner_width(app).await;
        for _ in 0..STEPS_TO_200 {
            keyboard.press("Ctrl+=")?;
        }
        until("the window is at 200 %", Duration::from_secs(10), async || {
            (inner_width(app).await - actual / 2.0).abs() <= 2.0
        })
        .await?;
        let seen = js(app, "return seenKeys").await?;
        anyhow::ensure!(seen == json!([]), "the page was given the menu's keys: {seen}");

        // Every place fits; the list shows whole rows, and the request's detail is there
        // below it.
        fits_the_width(app, "File requests").await?;
        let rows = js(
            app,
            "const list = document.querySelector('[data-testid=request-list]'); \
             const box = list.parentElement.getBoundingClientRect(); \
             return [...list.querySelectorAll('[role=option]')].filter((row) => { \
               const r = row.getBoundingClientRect(); \
               return r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5 && r.bottom <= innerHeight; }).length;",
        )
        .await?;
        anyhow::ensure!(
            rows.as_u64().unwrap_or_default() >= 2,
            "at 200 % the request list shows {rows} whole rows"
        );
        js(
            app,
            "[...document.querySelectorAll('[data-testid=request-list] [role=option]')]\
             .find((row) => row.textContent.includes('Homework 3')).click()",
        )
        .await?;
        app.wait_for_text("#detail-title", "Homework 3").await?;
        let copy = js(
            app,
            "const b = [...document.querySelectorAll('[data-testid=request-detail] button')]\
             .find((b) => b.textContent.trim() === 'Copy link'); b.scrollIntoView(); \
             const r = b.getBoundingClientRect(); \
             return { seen: r.top >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1, \
               top: r.top, bottom: r.bottom, right: r.right, innerWidth, innerHeight, \
               scrollY, height: document.documentElement.scrollHeight };",
        )
        .await?;
        anyhow::ensure!(
            copy["seen"] == json!(true),
            "Copy link cannot be brought into view: {copy}"
        );
        fits_the_width(app, "A request's detail").await?;
        for (keys, place) in [
            ("Ctrl+2", "Courses"),
            ("Ctrl+3", "Paper docs"),
            ("Ctrl+4", "Settings"),
        ] {
            keyboard.press(keys)?;
            app.wait_for_text("main h1", place).await?;
            fits_the_width(app, place).await?;
        }
        Ok(())
    })
    .await;

    // The zoom is kept for the next start; Actual size puts it back.
    dropdesk_e2e::run("menu-restart", launch, async |app| {
        app.wait_for("main h1").await?;
        let keyboard = keyboard_for(app).await?;
        until(
            "the window opens at 200 %",
            Duration::from_secs(10),
            async || (inner_width(app).await - 640.0).abs() <= 2.0,
        )
        .await?;
        keyboard.press("Ctrl+0")?;
        until("Actual size", Duration::from_secs(10), async || {
            (inner_width(app).await - 1280.0).abs() <= 2.0
        })
        .await?;
        Ok(())
    })
    .await;
}
