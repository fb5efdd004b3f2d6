//! Accessibility checks with axe-core (the frontend's dev dependency, injected into the
//! window through WebDriver): what it finds on a screen, and a table of it for the test output.

use std::fmt::Write as _;

use anyhow::Context;

use crate::App;

/// One rule a screen breaks, with how many of its elements do and the first of them.
#[derive(Clone, Debug)]
pub struct Finding {
    pub screen: String,
    pub rule: String,
    /// axe's impact: `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    pub elements: usize,
    pub first: String,
    pub help: String,
}

impl Finding {
    /// Serious and critical findings fail a screen; the others are printed.
    pub fn blocks(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

fn axe_source() -> anyhow::Result<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ui/node_modules/axe-core/axe.min.js"
    );
    std::fs::read_to_string(path).with_context(|| {
        format!("axe-core is not installed at {path}: run `npm ci` in ui/ (scripts/setup.sh does)")
    })
}

/// Runs axe-core on what the window shows now, calling it `screen` in the findings.
pub async fn audit(app: &App, screen: &str) -> anyhow::Result<Vec<Finding>> {
    let loaded = app
        .client()
        .execute("return typeof window.axe === 'object'", vec![])
        .await?;
    if loaded.as_bool() != Some(true) {
        app.client().execute(&axe_source()?, vec![]).await?;
    }
    let script = r"
        const done = arguments[arguments.length - 1];
        window.axe
          .run(document, { resultTypes: ['violations'] })
          .then((result) => done(result.violations.map((v) => ({
            rule: v.id,
            impact: v.impact ?? 'minor',
            help: v.help,
            elements: v.nodes.length,
            first: v.nodes[0] ? v.nodes[0].target.join(' ') : '',
          }))))
          .catch((error) => done({ error: String(error) }));
    ";
    let answer = app.client().execute_async(script, vec![]).await?;
    if let Some(error) = answer.get("error") {
        anyhow::bail!("axe-core failed on {screen}: {error}");
    }
    let findings = answer
        .as_array()
        .context("axe-core gave no list of violations")?
        .iter()
        .map(|v| Finding {
            screen: screen.to_owned(),
            rule: text(&v["rule"]),
            impact: text(&v["impact"]),
            elements: v["elements"].as_u64().unwrap_or(0) as usize,
            first: text(&v["first"]),
            help: text(&v["help"]),
        })
        .collect();
    Ok(findings)
}

fn text(value: &serde_json::Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// The findings as a table, one row per screen and rule; every screen audited is named.
pub fn table(screens: &[String], findings: &[Finding]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<28} {:<26} {:<9} {:>5}  first element",
        "screen", "rule", "impact", "count"
    );
    for screen in screens {
        let mine: Vec<&Finding> = findings.iter().filter(|f| &f.screen == screen).collect();
        if mine.is_empty() {
            let _ = writeln!(out, "{screen:<28} {:<26} {:<9} {:>5}", "(none)", "", 0);
        }
        for f in mine {
            let _ = writeln!(
                out,
                "{:<28} {:<26} {:<9} {:>5}  {}  ({})",
                f.screen, f.rule, f.impact, f.elements, f.first, f.help
            );
        }
    }
    out
}
