//! Template syntax of other generators (issue 14): a Jekyll post with Liquid tags, Hugo pages
//! with shortcodes and an mdBook chapter with includes, built as they are. No tag reaches a
//! reader as text, code keeps its text exactly, what is left out is warned about once per kind,
//! and the timeline reads no dates from code, paths or copyright lines.

use serde_json::Value;

use crate::site::{Site, SiteTest};

const JEKYLL_POST: &str = r#"---
layout: post
title: "Release notes"
---
We shipped it. Read [the install guide]({% link docs/install.md %}) and [the older post]({% post_url 2024-01-10-older %}).

![Logo]({{ site.baseurl }}/images/logo.png) on {{ site.title }}.

{% highlight ruby %}
def hello
  puts "{{ not a tag }}"
end
{% endhighlight %}

{% include footer.html %}
{% raw %}Shown as written: {{ page.title }}{% endraw %}

Copyright 2019-2024 The Authors.
"#;

const HUGO_PAGE: &str = r#"---
title: Hugo page
date: 2024-02-02
---
Read [the install guide]({{< relref "/docs/install.md" >}}).

{{< figure src="/images/zion.jpg" alt="Zion National Park" caption="Zion <em>at</em> dawn" >}}

{{< code-toggle file=hugo >}}
baseURL = "https://example.org/"
{{< /code-toggle >}}

{{< mystery-box >}}

```
{{< shortcode >}} and {% raw %} stay
```

Run `ls /2008/2012/` first, then read report-2010_2012.pdf.

© 2025 Example Corp.
"#;

const MDBOOK_CHAPTER: &str = "# Chapter one

{{#include part.md}}

{{#playground example.rs}}

{{#include ../../outside.md}}
";

fn site() -> (Site, Vec<String>) {
    let site = SiteTest::new()
        .config("title = \"Imported\"\nbase_url = \"https://example.org/\"\n")
        .file("content/blog/2024-03-01-release.md", JEKYLL_POST)
        .file("content/docs/install.md", "# Install\n\nInstall it.\n")
        .file("content/hugo/page.md", HUGO_PAGE)
        .file(
            "content/hugo/other.md",
            "---\ntitle: Other\n---\nText {{< mystery-box >}} here.\n",
        )
        .file("content/book/chapter.md", MDBOOK_CHAPTER)
        .file("content/book/part.md", "Included text about the harbour.\n")
        .file("outside.md", "Secret text outside the content folder.\n")
        .create();
    let report = site.build();
    let warnings = report.warnings.iter().map(ToString::to_string).collect();
    (site, warnings)
}

/// The text a reader sees outside `<pre>` and `<code>`: tags removed, entities decoded.
fn visible_text(html: &str) -> String {
    let mut text = html.to_string();
    for element in ["script", "style", "pre", "code"] {
        text = remove_elements(&text, element);
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
}

fn remove_elements(html: &str, name: &str) -> String {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        out.push_str(&rest[..at]);
        match rest[at..].find(&close) {
            Some(end) => rest = &rest[at + end + close.len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The text of the `<pre>` blocks of a page, tags removed, entities decoded.
fn code_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<pre") {
        let end = rest[at..].find("</pre>").map_or(rest.len(), |e| at + e);
        out.push_str(&visible_text_keep_code(&rest[at..end]));
        out.push('\n');
        rest = &rest[end..];
    }
    out
}

fn visible_text_keep_code(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
}

fn assert_no_template_syntax(site: &Site, page: &str) {
    // `{% raw %}` shows what it encloses as written: that is its point.
    let text = visible_text(&site.html(page)).replace("Shown as written: {{ page.title }}", "");
    for syntax in ["{%", "%}", "{{<", ">}}", "{{#", "{{", "}}"] {
        assert!(
            !text.contains(syntax),
            "{page} shows {syntax:?} to readers:\n{text}"
        );
    }
}

#[test]
fn no_template_syntax_reaches_a_reader() {
    let (site, _) = site();
    for page in [
        "blog/release/index.html",
        "hugo/page/index.html",
        "hugo/other/index.html",
        "book/chapter/index.html",
    ] {
        assert_no_template_syntax(&site, page);
    }
}

#[test]
fn jekyll_liquid_renders() {
    let (site, _) = site();
    let html = site.html("blog/release/index.html");
    assert!(html.contains("href=\"/docs/install/\""), "{html}");
    assert!(
        html.contains("2024-01-10-older"),
        "post_url names the post: {html}"
    );
    assert!(html.contains("src=\"/images/logo.png\""), "{html}");
    assert!(visible_text(&html).contains("on Imported."), "{html}");
    let code = code_text(&html);
    assert!(
        code.contains("def hello\n  puts \"{{ not a tag }}\"\nend"),
        "the highlight block keeps its text: {code}"
    );
    assert!(
        visible_text(&html).contains("Shown as written: {{ page.title }}"),
        "{html}"
    );
}

#[test]
fn hugo_shortcodes_render_and_code_keeps_its_text() {
    let (site, _) = site();
    let html = site.html("hugo/page/index.html");
    assert!(html.contains("href=\"/docs/install/\""), "{html}");
    assert!(
        html.contains("<img src=\"/images/zion.jpg\" alt=\"Zion National Park\""),
        "{html}"
    );
    assert!(
        html.contains("<em>Zion &lt;em&gt;at&lt;/em&gt; dawn</em>"),
        "the caption is escaped: {html}"
    );
    let code = code_text(&html);
    assert!(
        code.contains("{{< shortcode >}} and {% raw %} stay"),
        "{code}"
    );
    assert!(
        code.contains("baseURL = \"https://example.org/\""),
        "{code}"
    );
}

#[test]
fn mdbook_includes_content_documents_only() {
    let (site, warnings) = site();
    let html = site.html("book/chapter/index.html");
    assert!(html.contains("Included text about the harbour."), "{html}");
    assert!(!html.contains("Secret text"), "{html}");
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("mdBook `{{#include}}` of a file that is not a document")),
        "{warnings:#?}"
    );
}

#[test]
fn what_is_left_out_is_warned_once_per_kind() {
    let (_, warnings) = site();
    let mystery: Vec<&String> = warnings
        .iter()
        .filter(|w| w.contains("mystery-box"))
        .collect();
    assert_eq!(mystery.len(), 1, "{warnings:#?}");
    assert!(
        mystery[0].contains("Hugo shortcode `mystery-box` in 2 documents: left out"),
        "{mystery:?}"
    );
    for kind in ["Liquid tag `include`", "mdBook `{{#playground}}`"] {
        assert_eq!(
            warnings.iter().filter(|w| w.contains(kind)).count(),
            1,
            "{kind}: {warnings:#?}"
        );
    }
}

#[test]
fn no_timeline_events_from_code_paths_or_copyright_lines() {
    let (site, _) = site();
    let json: Value = serde_json::from_str(&site.html("timeline.json")).expect("JSON");
    let events = json["events"].as_array().expect("events");
    let intervals: Vec<&str> = events
        .iter()
        .filter_map(|e| e["date"]["interval"].as_str())
        .collect();
    for year in ["2008", "2010", "2012", "2019", "2025"] {
        assert!(
            !intervals.iter().any(|i| i.starts_with(year)),
            "{year}: {intervals:?}"
        );
    }
}
