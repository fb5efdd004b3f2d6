//! Markdown to HTML for the preview: CommonMark with tables, task lists, strikethrough and
//! footnotes, made safe because Paper content comes from other people.
//!
//! The page is built in three linear steps: pulldown-cmark renders it (escaping all text, with
//! link addresses checked against a scheme allow-list and images replaced by a placeholder
//! that names their address), nesting deeper than [`MAX_DEPTH`] is flattened (deep nesting is
//! what makes an HTML parser quadratic), and the whole page goes through the HTML sanitizer
//! (ammonia) once, so the raw HTML an author wrote keeps its effect where it is allowed. Every
//! id is prefixed, so a doc cannot name one of the window's globals. A doc that still takes
//! longer than the budget is shown as escaped text ([`Previewer`]).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// What a link may point at; anything else (`javascript:`, `data:`...) is dropped.
const SCHEMES: [&str; 3] = ["https", "http", "mailto"];
const LINK_REL: &str = "noopener noreferrer nofollow";
/// Every id in the preview starts with this, and so does every in-page link to one.
pub const ID_PREFIX: &str = "doc-";
/// Elements nested deeper than this are flattened (their content stays).
pub const MAX_DEPTH: usize = 32;
/// The time a preview may take before the doc is shown as plain text instead (the whole
/// answer, text included, stays within 100 ms).
pub const BUDGET: Duration = Duration::from_millis(80);

/// The preview's HTML for `markdown`. Safe to put in the page: scripts, event handlers, styles,
/// frames, remote images and `javascript:`/`data:` links never come out, whatever the input.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut depth = Depth::default();
    let mut image: Option<String> = None;
    let mut raw_html = false;
    let events = Parser::new_ext(markdown, options).filter_map(|event| {
        Some(match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                raw_html = true;
                Event::Html(CowStr::from(depth.raw(&raw)))
            }
            Event::FootnoteReference(name) => {
                Event::FootnoteReference(CowStr::from(format!("{ID_PREFIX}{name}")))
            }
            Event::Start(tag) => {
                if !depth.open() {
                    return None;
                }
                match tag {
                    Tag::Link {
                        link_type: LinkType::Email,
                        dest_url,
                        title,
                        ..
                    } => Event::Html(CowStr::from(link_start(
                        &format!("mailto:{dest_url}"),
                        &title,
                    ))),
                    Tag::Link {
                        dest_url, title, ..
                    } => Event::Html(CowStr::from(link_start(&dest_url, &title))),
                    Tag::Image { dest_url, .. } => {
                        // The address is shown as text; an unsafe one is not shown at all.
                        image = Some(if allowed(&dest_url) {
                            dest_url.into_string()
                        } else {
                            "address removed".to_owned()
                        });
                        Event::Html(CowStr::Borrowed(
                            "<span class=\"image-placeholder\">Image not shown: ",
                        ))
                    }
                    Tag::FootnoteDefinition(name) => Event::Start(Tag::FootnoteDefinition(
                        CowStr::from(format!("{ID_PREFIX}{name}")),
                    )),
                    other => Event::Start(other),
                }
            }
            Event::End(end) => {
                if !depth.close() {
                    return None;
                }
                match end {
                    TagEnd::Link => Event::Html(CowStr::Borrowed("</a>")),
                    TagEnd::Image => {
                        let mut tail = String::from(" (");
                        let address = image.take().unwrap_or_default();
                        let _ = pulldown_cmark_escape::escape_html(&mut tail, &address);
                        tail.push_str(")</span>");
                        Event::Html(CowStr::from(tail))
                    }
                    other => Event::End(other),
                }
            }
            other => other,
        })
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    // Table alignment as classes: the window's CSP ignores `style` attributes.
    for side in ["left", "center", "right"] {
        out = out.replace(
            &format!(" style=\"text-align: {side}\""),
            &format!(" class=\"align-{side}\""),
        );
    }
    // What pulldown-cmark wrote itself is safe already (text escaped, addresses checked, ids
    // prefixed); the author's raw HTML is made safe with the page around it.
    if raw_html {
        SANITIZER.clean(&out).to_string()
    } else {
        out
    }
}

/// Renders previews on a blocking thread within [`BUDGET`]. Past it, the doc comes back as
/// escaped text with a note; while a render that ran over is still going, the next previews
/// are text at once, so a hostile doc never keeps more than one thread busy.
#[derive(Clone, Default)]
pub struct Previewer {
    overrunning: Arc<AtomicBool>,
}

impl Previewer {
    pub async fn render(&self, markdown: String) -> String {
        if self.overrunning.load(Ordering::Acquire) {
            return plain(&markdown);
        }
        let (done, result) = tokio::sync::oneshot::channel();
        let text = markdown.clone();
        let overrunning = self.overrunning.clone();
        tokio::task::spawn_blocking(move || {
            let html = render(&text);
            overrunning.store(false, Ordering::Release);
            let _ = done.send(html);
        });
        match tokio::time::timeout(BUDGET, result).await {
            Ok(Ok(html)) => html,
            _ => {
                self.overrunning.store(true, Ordering::Release);
                tracing::info!(
                    bytes = markdown.len(),
                    "the preview took too long; showing text"
                );
                plain(&markdown)
            }
        }
    }
}

/// The doc as escaped text, for docs too complex to preview in time.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 200);
    out.push_str(
        "<p class=\"preview-note\">This doc is too complex to preview quickly, so its text \
         is shown as it is.</p><pre class=\"preview-plain\">",
    );
    let _ = pulldown_cmark_escape::escape_html(&mut out, markdown);
    out.push_str("</pre>");
    out
}

/// Counts nesting, the rendered tags and the author's raw ones together.
#[derive(Default)]
struct Depth {
    /// Open rendered tags (each one kept or dropped, so its end goes the same way).
    stack: Vec<bool>,
    kept: usize,
    /// Open raw tags, as far as a quick count can tell.
    raw: usize,
}

impl Depth {
    fn open(&mut self) -> bool {
        let keep = self.kept + self.raw < MAX_DEPTH;
        self.stack.push(keep);
        self.kept += usize::from(keep);
        keep
    }

    fn close(&mut self) -> bool {
        let keep = self.stack.pop().unwrap_or(false);
        self.kept -= usize::from(keep);
        keep
    }

    /// Raw HTML with the start tags past the depth limit escaped into text (and so their end
    /// tags too). A quick count, not a parser: the sanitizer makes the result safe.
    fn raw(&mut self, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let Some((name, closing, len)) = tag_at(rest) else {
                out.push('<');
                rest = &rest[1..];
                continue;
            };
            let nests = !is_void(&name) && !closes_itself(&name) && !rest[..len].ends_with("/>");
            if closing {
                if nests && self.raw > 0 {
                    self.raw -= 1;
                } else if nests {
                    // An end without a start we kept: leave it out.
                    rest = &rest[len..];
                    continue;
                }
                out.push_str(&rest[..len]);
            } else if nests && self.kept + self.raw >= MAX_DEPTH {
                out.push_str("&lt;");
                out.push_str(&rest[1..len]);
            } else {
                self.raw += usize::from(nests);
                out.push_str(&rest[..len]);
            }
            rest = &rest[len..];
        }
        out.push_str(rest);
        out
    }
}

/// A tag at the start of `text`: its lowercase name, whether it is an end tag, and its
/// length (to the `>` outside quotes). `None` for comments, text and unfinished tags.
fn tag_at(text: &str) -> Option<(String, bool, usize)> {
    let bytes = text.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    let name_len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if name_len == 0 || !bytes[start].is_ascii_alphabetic() {
        return None;
    }
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(start + name_len) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => {
                let name = text[start..start + name_len].to_ascii_lowercase();
                return Some((name, closing, i + 1));
            }
            _ => {}
        }
    }
    None
}

fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements a parser closes when the next one of their kind starts: they never nest deeper.
fn closes_itself(name: &str) -> bool {
    matches!(
        name,
        "p" | "li" | "dt" | "dd" | "tr" | "td" | "th" | "option" | "rt" | "rp"
    )
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

/// The sanitizer for the whole page; built once, as the preview renders on every keystroke.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        // No images (a remote one is a tracking beacon in a shared doc; the CSP blocks them
        // anyway), and no direction overrides.
        .rm_tags(["img", "bdo", "map", "area"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .allowed_classes(HashMap::from([
            (
                "th",
                HashSet::from(["align-left", "align-center", "align-right"]),
            ),
            (
                "td",
                HashSet::from(["align-left", "align-center", "align-right"]),
            ),
            ("span", HashSet::from(["image-placeholder"])),
            ("div", HashSet::from(["footnote-definition"])),
            (
                "sup",
                HashSet::from(["footnote-reference", "footnote-definition-label"]),
            ),
        ]))
        .id_prefix(Some(ID_PREFIX))
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Task-list boxes only, never a field to type into.
            ("input", "type") => (value == "checkbox").then_some(Cow::Borrowed(value)),
            // In-page links follow their target's prefixed id.
            ("a", "href") => match value.strip_prefix('#') {
                Some(id) if !id.starts_with(ID_PREFIX) => {
                    Some(Cow::Owned(format!("#{ID_PREFIX}{id}")))
                }
                _ => Some(Cow::Borrowed(value)),
            },
            _ => Some(Cow::Borrowed(value)),
        })
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
                       <a href=\"https://ok.example\" onclick=\"x()\">ok</a>\n\n<input type=text>";
        let html = render(hostile);
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "data:",
            "<iframe",
            "<style",
            "onclick",
            "<img",
            "type=\"text\"",
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
    }

    #[test]
    fn images_become_a_placeholder_that_names_the_address() {
        let html =
            render("![Diagram](https://tracker.example/p.png?u=ada) ![x](javascript:alert(1))");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains(
                r#"<span class="image-placeholder">Image not shown: Diagram (https://tracker.example/p.png?u=ada)</span>"#
            ),
            "{html}"
        );
        assert!(!html.contains("javascript:alert"), "{html}");
    }

    #[test]
    fn raw_inline_html_keeps_its_effect_where_it_is_allowed() {
        let html = render("Some <b>bold</b> and <a href=\"https://x.example\">raw</a> text.");
        assert!(html.contains("<b>bold</b>"), "{html}");
        assert!(
            html.contains(
                r#"<a href="https://x.example" rel="noopener noreferrer nofollow">raw</a>"#
            ),
            "{html}"
        );
        let block = render(
            "<div>\n\n*inside*\n\n</div>\n\n<details><summary>More</summary>\n\nhidden\n\n</details>",
        );
        assert!(block.contains("<div>"), "{block}");
        assert!(block.contains("<em>inside</em>"), "{block}");
        assert!(block.contains("<summary>More</summary>"), "{block}");
    }

    #[test]
    fn footnote_ids_are_prefixed_and_their_links_follow() {
        let html = render("x[^__xss]\n\n[^__xss]: a");
        assert!(html.contains("id=\"doc-__xss\""), "{html}");
        assert!(html.contains("href=\"#doc-__xss\""), "{html}");
        assert!(!html.contains("id=\"__xss\""), "{html}");
        let raw = render("<div id=\"__proto__\">x</div> <a href=\"#top\">up</a>");
        assert!(raw.contains("id=\"doc-__proto__\""), "{raw}");
        assert!(raw.contains("href=\"#doc-top\""), "{raw}");
    }

    #[test]
    fn table_alignment_is_a_class_the_csp_allows() {
        let html = render("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |");
        assert!(html.contains(r#"<th class="align-left">a</th>"#), "{html}");
        assert!(
            html.contains(r#"<td class="align-center">2</td>"#),
            "{html}"
        );
        assert!(html.contains(r#"<td class="align-right">3</td>"#), "{html}");
        assert!(!html.contains("style="), "{html}");
    }

    #[test]
    fn deep_nesting_is_flattened_and_its_text_kept() {
        let raw = format!("{}deep{}", "<div>".repeat(5_000), "</div>".repeat(5_000));
        let html = render(&raw);
        assert!(html.contains("deep"), "the text stays");
        assert!(html.matches("<div>").count() <= MAX_DEPTH, "{}", html.len());
        let quotes = format!("{}deep", "> ".repeat(2_000));
        let html = render(&quotes);
        assert!(html.contains("deep"));
        assert!(html.matches("<blockquote>").count() <= MAX_DEPTH);
        let lists = format!("{}deep", "- ".repeat(2_000));
        assert!(render(&lists).contains("deep"));
    }

    #[test]
    fn plain_text_is_escaped() {
        let html = plain("<script>x</script> & more");
        assert!(
            html.contains("&lt;script&gt;x&lt;/script&gt; &amp; more"),
            "{html}"
        );
        assert!(!html.contains("<script"), "{html}");
    }

    #[tokio::test]
    async fn a_preview_within_budget_is_the_real_one_and_a_slow_one_is_text() {
        let previewer = Previewer::default();
        let html = previewer.render("# Title\n\ntext".into()).await;
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        // Tens of megabytes of raw tags take far longer than the budget to sanitize.
        let slow = "a <i>b</i> <a href=\"https://x.example\">c</a> ".repeat(400_000);
        let started = std::time::Instant::now();
        let html = previewer.render(slow).await;
        assert!(html.contains("preview-plain"), "shown as text");
        assert!(started.elapsed() < BUDGET * 10, "{:?}", started.elapsed());
        let next = previewer.render("# Next".into()).await;
        assert!(
            next.contains("preview-plain"),
            "no second thread while the first runs"
        );
    }
}
