//! Markdown to HTML for the preview: CommonMark with tables, task lists and strikethrough, made
//! safe because Paper content comes from other people.
//!
//! Safety is built into the rendering rather than bolted on after it: pulldown-cmark escapes
//! all text, link and image addresses are checked against a scheme allow-list, and only the raw
//! HTML the author wrote goes through the HTML sanitizer (ammonia), each piece on its own. Re-
//! parsing the whole page with the sanitizer would cost several times the rendering itself.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// What a link or image may point at; anything else (`javascript:`, `data:`...) is dropped.
const SCHEMES: [&str; 3] = ["https", "http", "mailto"];
const LINK_REL: &str = "noopener noreferrer nofollow";

/// The preview's HTML for `markdown`. Safe to put in the page: scripts, event handlers, styles,
/// frames and `javascript:`/`data:` links never come out, whatever the input.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => {
            Event::Html(CowStr::from(SANITIZER.clean(&raw).to_string()))
        }
        Event::Start(Tag::Link {
            link_type: LinkType::Email,
            dest_url,
            title,
            ..
        }) => Event::Html(CowStr::from(link_start(
            &format!("mailto:{dest_url}"),
            &title,
        ))),
        Event::Start(Tag::Link {
            dest_url, title, ..
        }) => Event::Html(CowStr::from(link_start(&dest_url, &title))),
        Event::End(TagEnd::Link) => Event::Html(CowStr::Borrowed("</a>")),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Image {
            link_type,
            dest_url: if allowed(&dest_url) {
                dest_url
            } else {
                CowStr::Borrowed("")
            },
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

/// `<a href=".." title=".." rel="..">`, the address kept only if its scheme is allowed.
fn link_start(dest: &str, title: &str) -> String {
    let mut tag = String::from("<a");
    if allowed(dest) {
        tag.push_str(" href=\"");
        let _ = pulldown_cmark_escape::escape_href(&mut tag, dest);
        tag.push('"');
    }
    if !title.is_empty() {
        tag.push_str(" title=\"");
        let _ = pulldown_cmark_escape::escape_html(&mut tag, title);
        tag.push('"');
    }
    tag.push_str(" rel=\"");
    tag.push_str(LINK_REL);
    tag.push_str("\">");
    tag
}

/// Relative addresses and the allowed schemes. Browsers ignore tabs, newlines and case in a
/// scheme (`jav\tascript:`), so the check does too.
fn allowed(dest: &str) -> bool {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme_end = cleaned.find(':');
    let path_start = cleaned.find(['/', '?', '#']);
    match (scheme_end, path_start) {
        (Some(colon), Some(slash)) if slash < colon => true,
        (Some(colon), _) => SCHEMES.contains(&&cleaned[..colon]),
        (None, _) => true,
    }
}

/// For the raw HTML an author wrote; built once, as the preview renders on every keystroke.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(SCHEMES))
        .link_rel(Some(LINK_REL));
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_task_lists_and_strikethrough() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~old~~");
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<td>1</td>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
    }

    #[test]
    fn removes_scripts_handlers_and_dangerous_links() {
        let hostile = "<script>window.pwned=1</script>\n\n<img src=x onerror=\"window.pwned=1\">\n\n\
                       [click](javascript:window.pwned=1) [data](data:text/html,<script>x</script>)\n\n\
                       <iframe src=\"https://evil.example\"></iframe><style>body{}</style>\n\n\
                       <a href=\"https://ok.example\" onclick=\"x()\">ok</a>";
        let html = render(hostile);
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "data:",
            "<iframe",
            "<style",
            "onclick",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        assert!(html.contains("href=\"https://ok.example\""), "{html}");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow\""),
            "{html}"
        );
    }

    #[test]
    fn link_addresses_keep_allowed_schemes_and_relative_paths_only() {
        for ok in [
            "https://x.example/a",
            "http://x",
            "mailto:a@b",
            "/notes",
            "#top",
            "a/b:c",
            "?q=1:2",
        ] {
            assert!(allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            "JaVaScRiPt:x",
            "jav\tascript:x",
            " javascript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!allowed(bad), "{bad}");
        }
    }

    #[test]
    fn markdown_links_carry_rel_and_lose_bad_addresses() {
        let html =
            render("[ok](https://www.dropbox.com \"T \\\" x\") and [bad](javascript:alert(1))");
        assert!(
            html.contains(r#"<a href="https://www.dropbox.com" title="T &quot; x" rel="noopener noreferrer nofollow">ok</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a rel="noopener noreferrer nofollow">bad</a>"#),
            "{html}"
        );
        let mail = render("<ada@uni.example>");
        assert!(mail.contains(r#"href="mailto:ada@uni.example""#), "{mail}");
        let image = render("![x](javascript:alert(1)) ![y](https://www.dropbox.com/y.png)");
        assert!(image.contains(r#"<img src="" alt="x""#), "{image}");
        assert!(
            image.contains(r#"src="https://www.dropbox.com/y.png""#),
            "{image}"
        );
    }
}
