//! Markdown to HTML for the preview: CommonMark with tables, task lists and strikethrough, then
//! sanitized, because Paper content comes from other people.

use std::collections::HashSet;

use pulldown_cmark::{Options, Parser, html};

/// The preview's HTML for `markdown`. Safe to put in the page: scripts, event handlers, styles,
/// frames and `javascript:`/`data:` links are removed by the sanitizer, whatever the input.
pub fn render(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    SANITIZER.clean(&unsafe_html).to_string()
}

/// Built once: the preview renders on every keystroke.
static SANITIZER: std::sync::LazyLock<ammonia::Builder<'static>> =
    std::sync::LazyLock::new(sanitizer);

fn sanitizer() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    // Task list checkboxes are shown, never editable in the preview.
    builder
        .add_tags(["input"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        .add_tag_attributes("input", ["checked", "disabled"])
        .url_schemes(HashSet::from(["https", "http", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"));
    builder
}

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
}
