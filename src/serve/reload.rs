//! Live reload: the events sent to browsers (server-sent events), the script that listens to
//! them, and its injection into served HTML.
//!
//! Served HTML pages get one `<script>` before `</body>`, added when the page is served and
//! never stored, so `dossier build` output never contains it. The script opens an `EventSource`
//! at `<base path>__dossier/events` (the site's path prefix is baked in, so it works under
//! `/briefs/`) and reacts to:
//!
//! - `hello` (sent first on every connection): the current version and error. A page older than
//!   the version reloads (it missed a change while it loaded, or the server restarted).
//! - `reload`: the output is complete and swapped in; reload if this page changed (or all did).
//! - `css`: only stylesheets changed; swap the matching `<link>`s without a reload.
//! - `overlay`: the last rebuild failed; show the error (`file:line:col: message`) over the
//!   last good page. The message is set as text, never as HTML.

use serde::Serialize;

use crate::escape;

/// The path, under the site's base path, of everything serve adds.
pub(crate) const PREFIX: &str = "__dossier/";

/// One message to the browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadEvent {
    /// New output is in place. `paths` are URL paths of the changed files (`/briefs/a/index.html`).
    Reload {
        version: u64,
        all: bool,
        paths: Vec<String>,
    },
    /// Only these stylesheets changed (URL paths).
    Css { version: u64, paths: Vec<String> },
    /// The last rebuild failed; the last good site is still served.
    Overlay { version: u64, message: String },
}

/// More changed paths than this are sent as "everything changed".
const MAX_PATHS: usize = 500;

#[derive(Serialize)]
struct Data<'a> {
    version: u64,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    all: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    paths: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}

impl ReloadEvent {
    /// A reload for these changed output paths (`a/index.html`), turned into URL paths.
    pub fn reload(version: u64, all: bool, base_path: &str, changed: &[&str]) -> ReloadEvent {
        let all = all || changed.len() > MAX_PATHS;
        let paths = if all {
            Vec::new()
        } else {
            changed.iter().map(|p| format!("{base_path}{p}")).collect()
        };
        ReloadEvent::Reload {
            version,
            all,
            paths,
        }
    }

    /// The SSE event name.
    pub fn name(&self) -> &'static str {
        match self {
            ReloadEvent::Reload { .. } => "reload",
            ReloadEvent::Css { .. } => "css",
            ReloadEvent::Overlay { .. } => "overlay",
        }
    }

    /// The SSE data: one line of JSON.
    pub fn data(&self) -> String {
        let data = match self {
            ReloadEvent::Reload {
                version,
                all,
                paths,
            } => Data {
                version: *version,
                all: *all,
                paths: Some(paths),
                message: None,
            },
            ReloadEvent::Css { version, paths } => Data {
                version: *version,
                all: false,
                paths: Some(paths),
                message: None,
            },
            ReloadEvent::Overlay { version, message } => Data {
                version: *version,
                all: false,
                paths: None,
                message: Some(message),
            },
        };
        serde_json::to_string(&data).unwrap_or_default()
    }
}

/// The data of the `hello` event: the current version and error.
pub(crate) fn hello_data(version: u64, error: Option<&str>) -> String {
    let data = Data {
        version,
        all: false,
        paths: None,
        message: error,
    };
    serde_json::to_string(&data).unwrap_or_default()
}

/// The script, served at `<base>__dossier/reload.js`.
pub(crate) const SCRIPT: &str = r#"// dossier serve: live reload. Added to pages by `dossier serve` only, never to `dossier build` output.
(function () {
  "use strict";
  var me = document.currentScript;
  var base = me.getAttribute("data-base");
  var version = Number(me.getAttribute("data-version"));
  var here = decodeURIComponent(location.pathname);
  if (here.charAt(here.length - 1) === "/") here += "index.html";

  function overlay(message) {
    var box = document.getElementById("dossier-overlay");
    if (!message) { if (box) box.remove(); return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "dossier-overlay";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#7f1d1d;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 4px 16px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "dossier: the site has an error; the last good version is shown.\n\n" + message;
  }

  function swapCss(paths) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      var url = new URL(link.href, location.href);
      if (paths.indexOf(decodeURIComponent(url.pathname)) < 0) continue;
      var fresh = link.cloneNode();
      url.searchParams.set("dossier", String(Date.now()));
      fresh.href = url.pathname + url.search;
      fresh.onload = function (old) { return function () { old.remove(); }; }(link);
      link.after(fresh);
    }
  }

  var events = new EventSource(base + "__dossier/events");
  events.addEventListener("hello", function (e) {
    var d = JSON.parse(e.data);
    if (d.version !== version) { location.reload(); return; }
    overlay(d.message);
  });
  events.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    overlay(null);
    version = d.version;
    if (d.all || d.paths.indexOf(here) >= 0) location.reload();
  });
  events.addEventListener("css", function (e) {
    var d = JSON.parse(e.data);
    version = d.version;
    swapCss(d.paths);
  });
  events.addEventListener("overlay", function (e) {
    overlay(JSON.parse(e.data).message);
  });
})();
"#;

/// A served HTML page: the reload script (and the error overlay, if any) before `</body>`.
pub(crate) fn inject(html: &[u8], base_path: &str, version: u64, error: Option<&str>) -> Vec<u8> {
    let mut tag = format!(
        "<script src=\"{base}{PREFIX}reload.js\" data-base=\"{base}\" data-version=\"{version}\"></script>",
        base = escape::html(base_path),
    );
    if let Some(message) = error {
        tag = format!("{}{tag}", overlay_html(message));
    }
    let at = rfind_ascii_case_insensitive(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The overlay as HTML, for pages loaded while the site has an error (the script keeps the same
/// element up to date). The message is escaped.
pub(crate) fn overlay_html(message: &str) -> String {
    format!(
        "<div id=\"dossier-overlay\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1em 1.5em;background:#7f1d1d;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap\">dossier: the site has an error; the last good version is shown.\n\n{}</div>",
        escape::html(message)
    )
}

fn rfind_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if haystack.len() < needle.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, "/briefs/", 7, None)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>x</p><script src=\"/briefs/__dossier/reload.js\" data-base=\"/briefs/\" data-version=\"7\"></script></BODY></html>"
        );
        let bare = String::from_utf8(inject(b"<p>x</p>", "/", 1, None)).unwrap();
        assert!(bare.ends_with("</script>"));
    }

    #[test]
    fn overlay_message_is_escaped() {
        let out = String::from_utf8(inject(
            b"<body></body>",
            "/",
            1,
            Some("content/a.md:2:1: bad <script>alert(1)</script> & \"x\""),
        ))
        .unwrap();
        assert!(out.contains(
            "content/a.md:2:1: bad &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"
        ));
        assert!(!out.contains("<script>alert"));
    }

    #[test]
    fn event_data_is_one_json_line() {
        let e = ReloadEvent::reload(3, false, "/briefs/", &["a/index.html", "atom.xml"]);
        assert_eq!(e.name(), "reload");
        assert_eq!(
            e.data(),
            r#"{"version":3,"paths":["/briefs/a/index.html","/briefs/atom.xml"]}"#
        );
        let o = ReloadEvent::Overlay {
            version: 4,
            message: "a.md:1:1: x\n  hint: y".into(),
        };
        assert!(!o.data().contains('\n'));
        let many: Vec<String> = (0..600).map(|i| format!("{i}.html")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(matches!(
            ReloadEvent::reload(1, false, "/", &many),
            ReloadEvent::Reload { all: true, .. }
        ));
        assert_eq!(hello_data(5, None), r#"{"version":5}"#);
    }
}
