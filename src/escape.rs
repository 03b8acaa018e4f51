//! HTML escaping for text that dossier writes into HTML itself (outside tera's autoescape).
//!
//! Everything derived from documents goes through here or through tera's autoescape; nothing
//! from a document reaches the output unescaped.

use std::borrow::Cow;

/// Escapes `& < > " '` so the text is safe in element content and quoted attributes, and
/// drops the C0 control characters that neither XML 1.0 nor HTML allow (all but tab, LF, CR):
/// parse removes them from documents with a warning; this catches any other source (config).
pub(crate) fn html(text: &str) -> Cow<'_, str> {
    match text.bytes().position(needs_work) {
        None => Cow::Borrowed(text),
        Some(first) => {
            let mut out = String::with_capacity(text.len() + 16);
            out.push_str(&text[..first]);
            escape_into(&text[first..], &mut out);
            Cow::Owned(out)
        }
    }
}

/// [`html`] as an owned string (tera's escape function), with one copy of the text.
pub(crate) fn html_owned(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    escape_into(text, &mut out);
    out
}

/// Whether byte `b` is escaped or dropped by [`html`] (every such character is ASCII).
fn needs_work(b: u8) -> bool {
    matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'') || is_forbidden_control(b as char)
}

/// Appends `text` escaped to `out`, copying the runs between escaped bytes whole (the bytes
/// escaped are all ASCII, so a run never splits a character).
fn escape_into(text: &str, out: &mut String) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if !needs_work(b) {
            continue;
        }
        out.push_str(&text[start..i]);
        start = i + 1;
        match b {
            b'&' => out.push_str("&amp;"),
            b'<' => out.push_str("&lt;"),
            b'>' => out.push_str("&gt;"),
            b'"' => out.push_str("&quot;"),
            b'\'' => out.push_str("&#39;"),
            _ => {}
        }
    }
    out.push_str(&text[start..]);
}

/// A C0 control character other than tab, LF and CR: not allowed in XML 1.0 (NUL not in HTML).
pub(crate) fn is_forbidden_control(c: char) -> bool {
    c < ' ' && !matches!(c, '\t' | '\n' | '\r')
}

/// True for URLs that run code when followed (`javascript:`, `vbscript:`, `data:` other than
/// images), however they are cased or padded with whitespace and control characters.
pub(crate) fn is_script_url(url: &str) -> bool {
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
        assert_eq!(super::html("a\u{0}b\u{1b}c\td\ne"), "abc\td\ne");
        assert_eq!(super::html("é<ü>ß"), "é&lt;ü&gt;ß");
        for text in ["plain", "", "a<b>&\"c'", "\u{1}x", "é&ü"] {
            assert_eq!(super::html_owned(text), super::html(text), "{text:?}");
        }
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
