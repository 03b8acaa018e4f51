//! A failed build writes nothing: the previous output stays byte for byte, and no staging folder
//! is left beside it.

use crate::site::{assert_same_tree, entries_starting_with, fixture, tree, Site};

/// Builds, breaks the site with `break_it`, builds again and checks that nothing changed.
/// Returns the second build's error message.
fn failed_rebuild_keeps_output(break_it: impl FnOnce(&Site)) -> String {
    let site = fixture().build();
    let before = tree(&site.out());
    break_it(&site);
    let error = site.build_error();
    assert_same_tree(&before, &tree(&site.out()));
    let leftovers = entries_starting_with(site.root(), ".public");
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    error
}

#[test]
fn broken_front_matter_leaves_previous_output_untouched() {
    // A strict site: by default the document would be skipped with a warning instead.
    let error = failed_rebuild_keeps_output(|site| {
        let config = std::fs::read_to_string(site.root().join("site-config.toml")).unwrap();
        site.write("site-config.toml", &format!("strict = true\n{config}"));
        site.write(
            "content/beta.md",
            "---\ntitle: Beta\ndate: [2024\n---\nBody.\n",
        );
    });
    assert!(error.contains("beta.md"), "{error}");
}

#[test]
fn broken_template_leaves_previous_output_untouched() {
    // Fails while pages are being rendered, after the staging folder has files in it.
    let error = failed_rebuild_keeps_output(|site| {
        site.write(
            "themes/default/templates/document.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ doc.no_such_field }}\n{% endblock content %}\n",
        );
    });
    assert!(error.contains("document.html"), "{error}");
}

#[test]
fn template_syntax_error_leaves_previous_output_untouched() {
    let error = failed_rebuild_keeps_output(|site| {
        site.write(
            "themes/default/templates/base.html",
            "<html>{% if %}</html>\n",
        );
    });
    assert!(error.contains("base.html"), "{error}");
}

#[test]
fn site_theme_overrides_one_built_in_template() {
    let site = fixture()
        .file(
            "themes/default/templates/document.html",
            "{% extends \"base.html\" %}\n{% block content %}<p class=\"custom\">{{ doc.title }}</p>{% endblock content %}\n",
        )
        .build();
    site.check_file_contains(
        "alpha/index.html",
        &[
            "<p class=\"custom\">Alpha briefing</p>",
            "class=\"site-header\"",
        ],
    );
    site.check_file_contains("index.html", &["Latest briefings"]);
}
