//! HTML escaping for text that dossier writes into HTML itself (outside tera's autoescape).
//!
//! Everything derived from documents goes through here or through tera's autoescape; nothing
//! from a document reaches the output unescaped.

use std::borrow::Cow;

/// Escapes `& < > " '` so the text is safe in element content and quoted attributes.
pub fn html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// True for URLs that run code when followed (`javascript:`, `vbscript:`, `data:` other than
/// images), however they are cased or padded with whitespace and control characters.
pub fn is_script_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(20)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || (cleaned.starts_with("data:") && !cleaned.starts_with("data:image/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(super::html("plain"), "plain");
    }

    #[test]
    fn script_urls() {
        for url in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "vbscript:x",
            "data:text/html,<b>",
        ] {
            assert!(super::is_script_url(url), "{url:?}");
        }
        for url in [
            "https://x.org/",
            "/a/",
            "notes.md",
            "data:image/png;base64,AA",
            "#p-1",
            "mailto:a@b.c",
        ] {
            assert!(!super::is_script_url(url), "{url:?}");
        }
    }
}
