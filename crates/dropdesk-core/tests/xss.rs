//! Every payload of the shared XSS corpus goes through the preview renderer, alone and all
//! together; what comes out has no scripts, no event handlers, no active URLs, no frames,
//! forms, styles or SVG. (The end-to-end test shows that none runs in the real window.)

#![allow(clippy::unwrap_used)] // a test fails loudly by design

use dropdesk_core::markdown::render;

fn corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/xss.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    json["payloads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect()
}

/// The tags in `html`, each as its name and attribute names and values (lowercased).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let inside = rest[..end].to_lowercase();
        rest = &rest[end.min(rest.len())..];
        let mut words = inside
            .trim_start_matches('/')
            .splitn(2, char::is_whitespace);
        let name = words.next().unwrap_or_default().to_owned();
        let mut attributes = Vec::new();
        let mut text = words.next().unwrap_or_default().trim();
        while !text.is_empty() {
            let (attr, after) = text.split_once('=').unwrap_or((text, ""));
            let after = after.trim_start();
            let (value, next) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let close = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..close], after.get(close + 1..).unwrap_or(""))
                }
                _ => after.split_once(char::is_whitespace).unwrap_or((after, "")),
            };
            attributes.push((attr.trim().to_owned(), value.to_owned()));
            text = next.trim();
        }
        found.push((name, attributes));
    }
    found
}

/// What in `html` could run or load something, if anything.
fn active(html: &str) -> Option<String> {
    const BANNED_TAGS: [&str; 17] = [
        "script", "iframe", "object", "embed", "form", "style", "link", "meta", "base", "svg",
        "math", "body", "template", "textarea", "select", "video", "audio",
    ];
    for (name, attributes) in tags(html) {
        if BANNED_TAGS.contains(&name.as_str()) {
            return Some(format!("<{name}>"));
        }
        if name == "input"
            && attributes
                .iter()
                .any(|(a, v)| a == "type" && v != "checkbox")
        {
            return Some("an input other than a checkbox".into());
        }
        for (attr, value) in attributes {
            if attr.starts_with("on") || attr == "style" || attr == "srcdoc" {
                return Some(format!("the {attr} attribute"));
            }
            let url = ["href", "src", "action", "background", "xlink:href", "data"];
            // Browsers decode entities and ignore tabs and newlines in an address.
            let value = value
                .replace(['\t', '\n', ' '], "")
                .replace("&#58;", ":")
                .replace("&#x3a;", ":")
                .replace("&colon;", ":");
            let safe = value.starts_with("https:")
                || value.starts_with("http:")
                || value.starts_with("mailto:")
                || !value.contains(':');
            if url.contains(&attr.as_str()) && !safe {
                return Some(format!("{attr}={value:?}"));
            }
        }
    }
    None
}

fn assert_inert(payload: &str, html: &str) {
    if let Some(what) = active(html) {
        panic!("{what} survived {payload:?}: {html}");
    }
}

#[test]
fn the_corpus_is_large_enough() {
    assert!(corpus().len() >= 50, "{}", corpus().len());
}

#[test]
fn no_payload_survives_the_preview_alone_or_together() {
    let payloads = corpus();
    for payload in &payloads {
        assert_inert(payload, &render(payload));
    }
    let together = payloads.join("\n\n");
    assert_inert("the whole corpus", &render(&together));
}

#[test]
fn ordinary_markdown_still_renders() {
    let html = render("# Title\n\n[Dropbox](https://www.dropbox.com) and `<script>` as code");
    assert!(html.contains("<h1>Title</h1>"), "{html}");
    assert!(html.contains(r#"href="https://www.dropbox.com""#), "{html}");
    assert!(html.contains("<code>&lt;script&gt;</code>"), "{html}");
}

#[test]
fn the_check_flags_the_payloads_when_nothing_sanitizes_them() {
    // Without the sanitizer, most payloads come through the Markdown renderer active: the
    // check above would fail on them, so its passing means something.
    let flagged = corpus()
        .iter()
        .filter(|payload| {
            let mut raw = String::new();
            pulldown_cmark::html::push_html(&mut raw, pulldown_cmark::Parser::new(payload));
            active(&raw).is_some()
        })
        .count();
    assert!(
        flagged >= 45,
        "only {flagged} payloads were flagged unsanitized"
    );
}
