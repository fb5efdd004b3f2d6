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
use std::sync::atomic::{AtomicIsize, AtomicU8, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd, html};

/// What a link may point at; anything else (`javascript:`, `data:`...) is dropped.
const SCHEMES: [&str; 3] = ["https", "http", "mailto"];
const LINK_REL: &str = "noopener noreferrer nofollow";
/// Every id in the preview starts with this, and so does every in-page link to one.
pub const ID_PREFIX: &str = "user-content-";
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
    // An HTML block comes a line at a time; a tag may span lines, so the block is counted
    // whole.
    let mut block: Option<String> = None;
    let events = Parser::new_ext(markdown, options).filter_map(|event| {
        Some(match event {
            Event::Start(Tag::HtmlBlock) => {
                block = Some(String::new());
                return None;
            }
            Event::End(TagEnd::HtmlBlock) => {
                raw_html = true;
                Event::Html(CowStr::from(depth.raw(&block.take().unwrap_or_default())))
            }
            Event::Html(raw) if block.is_some() => {
                if let Some(block) = block.as_mut() {
                    block.push_str(&raw);
                }
                return None;
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                raw_html = true;
                Event::Html(CowStr::from(depth.raw(&raw)))
            }
            // A box that shows the state; never a field to type into.
            Event::TaskListMarker(done) => Event::Html(CowStr::Borrowed(if done {
                "<span class=\"task done\" aria-label=\"done\">☑</span> "
            } else {
                "<span class=\"task\" aria-label=\"to do\">☐</span> "
            })),
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
    /// Renders that ran over their budget and have not finished yet.
    overrunning: Arc<AtomicIsize>,
}

const RUNNING: u8 = 0;
const DONE: u8 = 1;
const OVERRAN: u8 = 2;

impl Previewer {
    pub async fn render(&self, markdown: String) -> String {
        if self.overrunning.load(Ordering::Acquire) > 0 {
            return plain(&markdown);
        }
        let (done, mut result) = tokio::sync::oneshot::channel();
        let state = Arc::new(AtomicU8::new(RUNNING));
        let text = markdown.clone();
        let (thread_state, overrunning) = (state.clone(), self.overrunning.clone());
        tokio::task::spawn_blocking(move || {
            let html = render(&text);
            // Only the render that was counted as overrunning takes itself off the count.
            if thread_state.swap(DONE, Ordering::AcqRel) == OVERRAN {
                overrunning.fetch_sub(1, Ordering::AcqRel);
            }
            let _ = done.send(html);
        });
        match tokio::time::timeout(BUDGET, &mut result).await {
            Ok(Ok(html)) => html,
            _ => {
                if state
                    .compare_exchange(RUNNING, OVERRAN, Ordering::AcqRel, Ordering::Acquire)
                    .is_ok()
                {
                    self.overrunning.fetch_add(1, Ordering::AcqRel);
                    tracing::info!(
                        bytes = markdown.len(),
                        "the preview took too long; showing text"
                    );
                    return plain(&markdown);
                }
                // It finished just as the budget ran out.
                result.try_recv().unwrap_or_else(|_| plain(&markdown))
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
    /// tags too), read the way an HTML parser reads tags: quotes only in attribute values, and
    /// `/>` closing void elements only. A `<` that does not finish a tag becomes text, and so
    /// does everything after a tag left open at the end. A linear count, not a sanitizer: the
    /// sanitizer makes the result safe.
    fn raw(&mut self, raw: &str) -> String {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            let tag = match tag_at(rest) {
                RawTag::Text => {
                    out.push_str("&lt;");
                    rest = &rest[1..];
                    continue;
                }
                RawTag::Unfinished => {
                    // No `>` closes it: nothing after it can be a tag the parser would see.
                    let _ = pulldown_cmark_escape::escape_html(&mut out, rest);
                    return out;
                }
                RawTag::Found(tag) => tag,
            };
            let text = &rest[..tag.len];
            rest = &rest[tag.len..];
            let nests = !is_void(&tag.name) && !closes_itself(&tag.name);
            if tag.closing {
                if nests && self.raw > 0 {
                    self.raw -= 1;
                } else if nests {
                    // An end without a start we kept: leave it out.
                    continue;
                }
                out.push_str(text);
            } else if nests && self.kept + self.raw >= MAX_DEPTH {
                out.push_str("&lt;");
                out.push_str(&text[1..]);
            } else {
                self.raw += usize::from(nests);
                out.push_str(text);
            }
        }
        out.push_str(rest);
        out
    }
}

/// What a `<` starts.
enum RawTag {
    /// A tag: its lowercase name, whether it ends an element, and its length.
    Found(FoundTag),
    /// Not a tag (`< `, `<3`, a comment or a doctype): the `<` is text.
    Text,
    /// A tag that no `>` finishes.
    Unfinished,
}

struct FoundTag {
    name: String,
    closing: bool,
    len: usize,
}

/// The tag at the start of `text`, as an HTML tokenizer finds it: the name, then attributes
/// whose values may be quoted; the tag ends at the first `>` outside a quoted value.
fn tag_at(text: &str) -> RawTag {
    let bytes = text.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let start = if closing { 2 } else { 1 };
    if !bytes.get(start).is_some_and(u8::is_ascii_alphabetic) {
        return RawTag::Text;
    }
    let name_end = start
        + bytes[start..]
            .iter()
            .take_while(|b| !b.is_ascii_whitespace() && **b != b'/' && **b != b'>')
            .count();
    let mut i = name_end;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => {
                return RawTag::Found(FoundTag {
                    name: text[start..name_end].to_ascii_lowercase(),
                    closing,
                    len: i + 1,
                });
            }
            b'=' => {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                if let Some(&quote @ (b'"' | b'\'')) = bytes.get(i) {
                    match bytes[i + 1..].iter().position(|b| *b == quote) {
                        Some(close) => i += close + 2,
                        None => return RawTag::Unfinished,
                    }
                    continue;
                }
            }
            _ => i += 1,
        }
    }
    RawTag::Unfinished
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
        // An in-page link follows its target's prefixed id.
        let dest = match dest.strip_prefix('#') {
            Some(id) => format!("#{ID_PREFIX}{id}"),
            None => dest.to_owned(),
        };
        let _ = pulldown_cmark_escape::escape_href(&mut tag, &dest);
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
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("span", ["aria-label"])
        .allowed_classes(HashMap::from([
            (
                "th",
                HashSet::from(["align-left", "align-center", "align-right"]),
            ),
            (
                "td",
                HashSet::from(["align-left", "align-center", "align-right"]),
            ),
            ("span", HashSet::from(["image-placeholder", "task", "done"])),
            ("div", HashSet::from(["footnote-definition"])),
            (
                "sup",
                HashSet::from(["footnote-reference", "footnote-definition-label"]),
            ),
        ]))
        .id_prefix(Some(ID_PREFIX))
        .attribute_filter(|element, attribute, value| match (element, attribute) {
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
        assert!(html.contains("☑</span> done"), "{html}");
        assert!(html.contains("☐</span> todo"), "{html}");
        assert!(!html.contains("<input"), "no field to type into: {html}");
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
            "<input",
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
        assert!(html.contains("id=\"user-content-__xss\""), "{html}");
        assert!(html.contains("href=\"#user-content-__xss\""), "{html}");
        assert!(!html.contains("id=\"__xss\""), "{html}");
        let raw = render("<div id=\"__proto__\">x</div> <a href=\"#top\">up</a>");
        assert!(raw.contains("id=\"user-content-__proto__\""), "{raw}");
        assert!(raw.contains("href=\"#user-content-top\""), "{raw}");
        let md = render("[up](#top)");
        assert!(md.contains("href=\"#user-content-top\""), "{md}");
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

    /// Nested `<div>`s as the HTML parser sees them, whatever the spelling.
    fn divs_nested(html: &str) -> usize {
        html.matches("<div").count()
    }

    #[test]
    fn no_spelling_of_a_tag_gets_past_the_depth_limit() {
        let n = 3_000;
        let self_closing = format!("{}x", "<div/>".repeat(n));
        let split = format!("{}x", "<div\n>".repeat(n));
        let quoted = format!("<div a'>{}<div b'>x", "<div>".repeat(n));
        let upper = format!("{}x", "<DIV class=\"a>b\">".repeat(n));
        for doc in [self_closing, split, quoted, upper] {
            let html = render(&doc);
            assert!(
                divs_nested(&html) <= MAX_DEPTH + 1,
                "{} divs from {:?}…",
                divs_nested(&html),
                &doc[..40]
            );
        }
    }

    #[test]
    fn an_unfinished_tag_and_all_after_it_are_text() {
        let html = render(&"<div <div ".repeat(50_000));
        assert!(!html.contains("<div"), "{}", &html[..200]);
        assert!(html.contains("&lt;div"));
        // An attribute quote that never closes: that tag is text, not a tag.
        let open_quote = render("<div>a <b c=\"x\n\nmore</div>");
        assert!(!open_quote.contains("<b"), "{open_quote}");
        assert!(open_quote.contains("&lt;b c="), "{open_quote}");
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
        let slow = "a <i>b</i> <a href=\"https://x.example\">c</a> ".repeat(60_000);
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
