//! Table tests of foreign template syntax: each Jekyll, Hugo, Zola and mdBook tag as written,
//! what it renders to, and the warning it gives.

use super::*;

fn run_with(rel: &str, text: &str, includes: Option<&Includes>) -> (String, Vec<String>) {
    let ctx = ForeignContext {
        rel_path: rel,
        site_title: "Briefs & Notes",
        includes,
    };
    let r = rewrite(text, &ctx);
    let kinds = r.left_out.iter().map(|l| l.kind.clone()).collect();
    (r.text.into_owned(), kinds)
}

fn run(text: &str) -> (String, Vec<String>) {
    run_with("posts/a.md", text, None)
}

#[test]
fn text_without_tags_is_borrowed() {
    let ctx = ForeignContext {
        rel_path: "a.md",
        site_title: "",
        includes: None,
    };
    assert!(matches!(
        rewrite("Plain { text }.", &ctx).text,
        Cow::Borrowed(_)
    ));
}

#[test]
fn liquid_highlight_becomes_a_fenced_block() {
    let (out, left) = run(
        "Intro.\n\n{% highlight ruby linenos %}\ndef x\n  `y`\nend\n{% endhighlight %}\n\nAfter.",
    );
    assert_eq!(out, "Intro.\n\n```ruby\ndef x\n  `y`\nend\n```\n\nAfter.");
    assert!(left.is_empty());
}

#[test]
fn liquid_links_and_variables() {
    let (out, left) = run(
        "See [the docs]({% link _docs/install.md %}), [a post]({% post_url 2016-07-26-release %}), \
         ![logo]({{ site.baseurl }}/img/logo.png) on {{ site.title }}; {{ site.repository }}.",
    );
    assert_eq!(
        out,
        "See [the docs](../_docs/install.md), [a post](../_posts/2016-07-26-release.md), \
         ![logo](/img/logo.png) on Briefs \\& Notes; ."
    );
    assert_eq!(left, ["template variable `site.…`"]);
    let (root, _) = run_with("a.md", "[x]({% link docs/b.md %})", None);
    assert_eq!(root, "[x](docs/b.md)");
    let (url, _) = run("![a]({{ \"/assets/a.png\" | relative_url }})");
    assert_eq!(url, "![a](/assets/a.png)");
}

#[test]
fn liquid_raw_comment_and_control_flow() {
    let (out, left) = run(
        "{% raw %}Use {{ page.title }}.{% endraw %}\n\n{% comment %}hidden {{ x }}{% endcomment %}\
         {% if site.x %}Kept text.{% else %}Other text.{% endif %}\n\n\
         {% for p in site.posts %}- {{ p.title }}{% for q in p.x %}{% endfor %}{% endfor %}End. \
         {% include note.html %}{% assign y = 1 %}",
    );
    assert_eq!(
        out,
        "Use {{ page.title }}.\n\nKept text.Other text.\n\nEnd. "
    );
    assert_eq!(
        left,
        [
            "Liquid tag `if`",
            "Liquid tag `for`",
            "Liquid tag `include`",
            "Liquid tag `assign`"
        ]
    );
}

#[test]
fn hugo_shortcodes() {
    let (out, left) = run(
        "Read [this]({{< ref \"../guide/intro.md#setup\" >}}) and [that]({{< relref \"/about\" >}}).\n\n\
         {{< figure src=\"/img/zion.jpg\" alt=\"Zion [park]\" caption=\"<b>Zion</b> *at* dawn\" >}}\n\n\
         {{< note >}}Inner prose.{{< /note >}}\n\n{{% code-toggle file=hugo %}}\n[params]\nx = 1\n{{% /code-toggle %}}\n\n\
         {{< new-in 0.1 >}} {{< youtube abc />}}",
    );
    assert_eq!(
        out,
        "Read [this](../../guide/intro.md#setup) and [that](../about.md).\n\n\
         ![Zion \\[park\\]](</img/zion.jpg>)\n\n*\\<b\\>Zion\\<\\/b\\> \\*at\\* dawn*\n\n\n\
         Inner prose.\n\n```toml\n[params]\nx = 1\n```\n\n "
    );
    assert_eq!(
        left,
        ["Hugo shortcode `new-in`", "Hugo shortcode `youtube`"]
    );
    let ctx = ForeignContext {
        rel_path: "a.md",
        site_title: "",
        includes: None,
    };
    let text = "{{< box >}}a{{< /box >}} {{< box />}} {{< code-toggle x />}}";
    let whats: Vec<&str> = rewrite(text, &ctx)
        .left_out
        .iter()
        .map(|l| l.what)
        .collect();
    assert_eq!(
        whats,
        [
            "tags left out, the text they enclose kept",
            "left out",
            "left out"
        ]
    );
}

#[test]
fn hugo_escapes_show_the_shortcode() {
    let (out, left) = run(
        "Write {{</* figure src=\"a\" */>}} or {{%/* ref x */%}}.\n\n```\n{{</* x */>}}\n```\n",
    );
    assert_eq!(
        out,
        "Write {{< figure src=\"a\" >}} or {{% ref x %}}.\n\n```\n{{< x >}}\n```\n"
    );
    assert!(left.is_empty());
}

#[test]
fn code_keeps_every_byte() {
    let text = "Text `{{ site.url }}` and `{% raw %}`.\n\n```liquid\n{% raw %}{{ x }}{% endraw %}\n{{< shortcode >}}\n```\n\n    {% if x %}\n    {{#include a.md}}\n\nDone {{ site.baseurl }}.";
    let (out, left) = run(text);
    assert_eq!(out, text.replace("Done {{ site.baseurl }}.", "Done ."));
    assert!(left.is_empty());
}

#[test]
fn zola_and_mdbook() {
    let (out, left) = run("{{ youtube(id=\"x\") }}\n\n{% quote(author=\"A\") %}Said it.{% end %}{% chart() %}{% end %}\n\n{{#playground a.rs}}\\{{#include kept}}");
    assert_eq!(out, "\n\nSaid it.\n\n\\{{#include kept}}");
    assert_eq!(
        left,
        [
            "Zola shortcode `youtube`",
            "Zola shortcode `chart`",
            "mdBook `{{#playground}}`"
        ]
    );
}

#[test]
fn mdbook_includes_content_documents_only() {
    let includes = Includes::new([
        (
            "book/part.md",
            "---\ntitle: P\n---\nline 1\nline 2 {{ youtube(id=\"y\") }}\nline 3\n",
        ),
        ("secret.md", "nope"),
    ]);
    let (out, left) = run_with(
        "book/ch.md",
        "A\n\n{{#include part.md}}\n\n{{#include part.md:2:3}}\n\n{{#include ../../etc/passwd}}{{#include x.rs}}",
        Some(&includes),
    );
    assert_eq!(out, "A\n\nline 1\nline 2 \nline 3\n\n\nline 2 \nline 3\n\n");
    assert_eq!(left.len(), 4, "{left:?}");
    assert!(left[3].contains("not a document"), "{left:?}");
    let (root, _) = run_with("secret2.md", "{{#include secret.md}}", Some(&includes));
    assert_eq!(root, "nope");
}

#[test]
fn post_url_finds_markdown_posts() {
    let includes = Includes::new([
        ("_posts/2016-07-26-a.markdown", ""),
        ("_posts/2016-07-27-b.md", ""),
    ]);
    let (out, _) = run_with(
        "_docs/x.md",
        "{% post_url 2016-07-26-a %} {% post_url 2016-07-27-b %} {% post_url 2016-07-28-c %}",
        Some(&includes),
    );
    assert_eq!(
        out,
        "../_posts/2016-07-26-a.markdown ../_posts/2016-07-27-b.md ../_posts/2016-07-28-c.md"
    );
}

#[test]
fn includes_of_includes_stop() {
    let includes = Includes::new([("a.md", "a {{#include a.md}}")]);
    let (out, left) = run_with("a.md", "{{#include a.md}}", Some(&includes));
    assert_eq!(out, "a a a ");
    assert_eq!(left.len(), 1);
}

#[test]
fn unclosed_pairs_are_left_out_once() {
    let text = "{% highlight x %}\n".repeat(50);
    let (out, left) = run(&text);
    assert_eq!(out, "\n".repeat(50));
    assert_eq!(left.len(), 50);
}

#[test]
fn source_ranges_map_back() {
    let text = "{% if x %}Hello {{ site.baseurl }}world.";
    let ctx = ForeignContext {
        rel_path: "a.md",
        site_title: "",
        includes: None,
    };
    let r = rewrite(text, &ctx);
    assert_eq!(r.text, "Hello world.");
    assert_eq!(&text[r.source_range(0..5)], "Hello");
    assert_eq!(&text[r.source_range(6..12)], "world.");
    assert_eq!(r.source_range(0..12), 10..text.len());
}

#[test]
fn parsed_documents_show_no_template_syntax_and_warn_once_per_kind() {
    let text = "---\ntitle: T\n---\nLead {{< figure src=\"a.png\" caption=\"<script>x</script>\" >}}\n\n\
                {{< code-toggle >}}\na = 1\n{{< /code-toggle >}}\n\nSee [x](broken.md) {{< mystery >}}.\n";
    let parsed: Vec<_> = ["a.md", "b.md"]
        .iter()
        .map(|rel| crate::parse::parse_for_tests(rel, text))
        .collect();
    let first = parsed[0].as_ref().unwrap();
    let html = &first.document.body.html;
    assert!(!html.contains("{{") && !html.contains("}}"), "{html}");
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;"), "{html}");
    assert!(html.contains("<img src=\"a.png\""), "{html}");
    let link = first
        .document
        .body
        .passages
        .iter()
        .find(|p| p.text.contains("See"))
        .unwrap();
    let body = &text[text.find("\n---\n").unwrap() + 5..];
    assert_eq!(body[link.source_range.clone()].get(..7), Some("See [x]"));
    let (_, warnings) = crate::parse::collect(parsed).unwrap();
    let grouped: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        grouped.iter().filter(|w| w.contains("mystery")).collect::<Vec<_>>(),
        ["content/a.md:10: Hugo shortcode `mystery` in 2 documents: left out; content/a.md, content/b.md\n  hint: dossier renders the common tags of Jekyll, Hugo, Zola and mdBook; write this one as markdown to show it"]
    );
}

#[test]
fn tags_never_reach_into_code() {
    let text = "{{ a `x }}` and {{< b `y >}}`.";
    let (out, _) = run(text);
    assert_eq!(out, text);
    crate::fuzzing::foreign_syntax(text);
    crate::fuzzing::foreign_syntax("{% comment %}`x`{% endcomment %}```\n{{</* a */>}}\n```");
}

#[test]
fn many_unpaired_shortcodes_stay_linear() {
    // Each distinct unknown name would otherwise search the rest of the text for its closer.
    let text: String = (0..20_000).map(|n| format!("{{{{< s{n} >}}}} ")).collect();
    let started = std::time::Instant::now();
    let (out, left) = run(&text);
    assert_eq!(out.trim(), "");
    assert_eq!(left.len(), 20_000);
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}
