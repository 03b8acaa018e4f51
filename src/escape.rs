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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::html("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(super::html("plain"), "plain");
    }
}
