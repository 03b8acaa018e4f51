//! The HTTP side of `dossier serve` (axum): serves the in-memory site under its base path, the
//! live-reload script and event stream, and nothing else.
//!
//! Safety rules, checked before anything is looked up:
//! - the `Host` header must name a loopback host (`localhost`, `*.localhost`, a loopback IP)
//!   or the bound address, so a web page cannot reach the server through DNS rebinding;
//! - a request path is resolved segment by segment ([`resolve`]): each segment is
//!   percent-decoded once and refused if it is empty, `.`, `..`, or holds `/`, `\` or NUL after
//!   decoding. The result is a key into the map of served files, never a file-system path, so
//!   `..`, `%2e%2e`, `%2f`, `%5c` and absolute paths can only miss (404);
//! - copied static files are read from their source only if, symlinks resolved, it still lies
//!   in a static folder;
//! - no CORS headers; responses carry `Cache-Control: no-store` and `nosniff`.

use std::convert::Infallible;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use futures_util::StreamExt;
use tokio::sync::broadcast::error::RecvError;

use super::reload::{self, ReloadEvent};
use super::state::ServeState;

/// Serves until the listener fails.
pub(crate) async fn run(
    listener: tokio::net::TcpListener,
    state: Arc<ServeState>,
) -> std::io::Result<()> {
    let app = Router::new().fallback(handle).with_state(state);
    axum::serve(listener, app).await
}

/// Where a request path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A served file, by output path (`a/index.html`).
    File(String),
    /// Redirect to this path (`/` to the base path, `/briefs/a` to `/briefs/a/`).
    Redirect(String),
    NotFound,
}

async fn handle(State(state): State<Arc<ServeState>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| host_allowed(h, state.bind)) {
        return plain(
            StatusCode::FORBIDDEN,
            "dossier serve answers only to localhost (the Host header names another host)",
        );
    }
    let path = request.uri().path();
    let base_path = state.read().base_path.clone();
    match path.strip_prefix(&base_path) {
        Some(rest) if rest.strip_prefix(reload::PREFIX) == Some("events") => return events(&state),
        Some(rest) if rest.strip_prefix(reload::PREFIX) == Some("reload.js") => {
            return file_response(
                StatusCode::OK,
                "reload.js",
                Bytes::from_static(reload::SCRIPT.as_bytes()),
            )
        }
        _ => {}
    }
    let mut target = resolve_now(&state, path);
    if !matches!(target, Target::File(_)) && state.read().settling {
        // The page may be a new one, or one about to go, that settling has not found yet.
        state.wait_until_settled(STALE_WAIT).await;
        target = resolve_now(&state, path);
    }
    match target {
        Target::File(key) => match fresh(&state, &key).await {
            Some(bytes) if key.ends_with(".html") => {
                html_response(&state, StatusCode::OK, &key, &bytes)
            }
            Some(bytes) => file_response(StatusCode::OK, &key, bytes),
            None => not_found(&state),
        },
        Target::Redirect(to) => Response::builder()
            .status(StatusCode::FOUND)
            .header(header::LOCATION, to)
            .header(header::CACHE_CONTROL, "no-store")
            .body(Body::empty())
            .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "redirect")),
        Target::NotFound => not_found(&state),
    }
}

/// Resolves a raw request path against the files served now.
fn resolve_now(state: &ServeState, path: &str) -> Target {
    let served = state.read();
    resolve(path, &served.base_path, |key| served.may_serve(key))
}

/// Resolves a raw request path against the served files (`exists` tells whether a key is one).
pub(crate) fn resolve(raw: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> Target {
    let Some(rest) = raw.strip_prefix(base_path) else {
        if raw == "/" || format!("{raw}/") == base_path {
            return Target::Redirect(base_path.to_string());
        }
        return Target::NotFound;
    };
    let mut segments = Vec::new();
    let parts: Vec<&str> = rest.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        if part.is_empty() {
            if last {
                break;
            }
            return Target::NotFound;
        }
        match decode_segment(part) {
            Some(segment) => segments.push(segment),
            None => return Target::NotFound,
        }
    }
    let joined = segments.join("/");
    let directory = rest.is_empty() || rest.ends_with('/');
    let key = if directory {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined
    };
    if exists(&key) {
        return Target::File(key);
    }
    if !directory && exists(&format!("{key}/index.html")) {
        return Target::Redirect(format!("{raw}/"));
    }
    Target::NotFound
}

/// One path segment, percent-decoded; `None` if it could step outside or is not valid UTF-8.
fn decode_segment(segment: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()?
        .into_owned();
    let bad = decoded == "."
        || decoded == ".."
        || decoded.contains(['/', '\\', '\0'])
        || decoded.chars().any(char::is_control);
    (!bad).then_some(decoded)
}

/// `localhost`, `*.localhost`, loopback IPs, the bound IP; any IP literal when bound to all
/// interfaces (a literal cannot be rebound, a name can). The port is not checked.
pub(crate) fn host_allowed(host: &str, bind: IpAddr) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // `[::1]:1111`
        match rest.split_once(']') {
            Some((ip, _)) => ip,
            None => return false,
        }
    } else {
        host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        })
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name == "localhost" || name.ends_with(".localhost") {
        return true;
    }
    match name.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bind || bind.is_unspecified(),
        Err(_) => false,
    }
}

/// How long a request waits for a page that is being rendered after a reload was announced.
const STALE_WAIT: Duration = Duration::from_secs(30);

/// A served file's bytes, once they are the new ones.
async fn fresh(state: &ServeState, key: &str) -> Option<Bytes> {
    state.wait_until_fresh(key, STALE_WAIT).await;
    load(state, key).await
}

async fn load(state: &ServeState, key: &str) -> Option<Bytes> {
    let (source, roots) = {
        let served = state.read();
        if let Some(bytes) = served.file(key).cloned() {
            if !served.statics.contains_key(key) {
                return Some(bytes);
            }
        }
        (
            served.statics.get(key)?.clone(),
            served.static_roots.clone(),
        )
    };
    let real = tokio::fs::canonicalize(&source).await.ok()?;
    if !roots.iter().any(|root| real.starts_with(root)) {
        return None;
    }
    tokio::fs::read(&real).await.ok().map(Bytes::from)
}

fn file_response(status: StatusCode, key: &str, bytes: Bytes) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type(key))
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(Body::from(bytes))
        .unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "response"))
}

/// An HTML file with the reload script (and the overlay while the site has an error).
fn html_response(state: &ServeState, status: StatusCode, key: &str, bytes: &[u8]) -> Response {
    let served = state.read();
    let page = reload::inject(
        bytes,
        &served.base_path,
        served.version,
        served.error.as_deref(),
    );
    file_response(status, key, Bytes::from(page))
}

fn not_found(state: &ServeState) -> Response {
    let page = state.read().files.get("404.html").cloned();
    match page {
        Some(bytes) => html_response(state, StatusCode::NOT_FOUND, "404.html", &bytes),
        None => plain(StatusCode::NOT_FOUND, "not found"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CACHE_CONTROL, "no-store")], text).into_response()
}

fn events(state: &ServeState) -> Response {
    let receiver = state.subscribe();
    let hello = {
        let served = state.read();
        reload::hello_data(served.version, served.error.as_deref())
    };
    let first = futures_util::stream::once(async move {
        Ok::<Event, Infallible>(Event::default().event("hello").data(hello))
    });
    let rest = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let event = match receiver.recv().await {
            Ok(event) => event,
            // Missed events: reload to be safe.
            Err(RecvError::Lagged(_)) => ReloadEvent::Reload {
                version: 0,
                all: true,
                paths: Vec::new(),
            },
            Err(RecvError::Closed) => return None,
        };
        let sse = Event::default().event(event.name()).data(event.data());
        Some((Ok::<Event, Infallible>(sse), receiver))
    });
    let mut response = Sse::new(first.chain(rest))
        .keep_alive(KeepAlive::default())
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn content_type(key: &str) -> &'static str {
    let ext = Path::new(key)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff") => "font/woff",
        Some("woff2") => "font/woff2",
        Some("ttf") => "font/ttf",
        Some("mp4") => "video/mp4",
        Some("webm") => "video/webm",
        _ if key == "CNAME" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(key: &str) -> bool {
        [
            "index.html",
            "a/index.html",
            "style.css",
            "topics/x y/index.html",
        ]
        .contains(&key)
    }

    fn r(raw: &str) -> Target {
        resolve(raw, "/briefs/", files)
    }

    /// A GET of `path` as a browser on this machine sends it.
    fn get(path: &str) -> Request {
        Request::builder()
            .uri(path)
            .header(header::HOST, "localhost:1111")
            .body(Body::empty())
            .expect("a request")
    }

    #[test]
    fn a_page_not_found_while_settling_waits_for_the_settled_site() {
        let served = crate::serve::state::Served {
            base_path: "/".into(),
            settling: true,
            ..Default::default()
        };
        let state = Arc::new(ServeState::new(served, "127.0.0.1".parse().unwrap()));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let request = tokio::spawn(handle(State(state.clone()), get("/new/")));
            tokio::task::yield_now().await;
            assert!(!request.is_finished(), "answered before the site settled");
            let settled = crate::serve::live::Settled {
                files: vec![crate::render::OutputFile::new(
                    "new/index.html".into(),
                    "<html><body>new</body></html>".into(),
                )],
                removed: Vec::new(),
            };
            state.update(|served| {
                served.apply_deferred(settled);
                None
            });
            let response = request.await.unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        });
        // Once settled, a missing page is a 404 at once.
        let response = runtime.block_on(handle(State(state), get("/gone/")));
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }

    #[test]
    fn resolves_under_the_base_path() {
        assert_eq!(r("/briefs/"), Target::File("index.html".into()));
        assert_eq!(r("/briefs/a/"), Target::File("a/index.html".into()));
        assert_eq!(
            r("/briefs/a/index.html"),
            Target::File("a/index.html".into())
        );
        assert_eq!(r("/briefs/style.css"), Target::File("style.css".into()));
        assert_eq!(
            r("/briefs/topics/x%20y/"),
            Target::File("topics/x y/index.html".into())
        );
        assert_eq!(r("/briefs/a"), Target::Redirect("/briefs/a/".into()));
        assert_eq!(r("/"), Target::Redirect("/briefs/".into()));
        assert_eq!(r("/briefs"), Target::Redirect("/briefs/".into()));
        assert_eq!(r("/a/"), Target::NotFound);
        assert_eq!(resolve("/", "/", files), Target::File("index.html".into()));
    }

    #[test]
    fn traversal_never_resolves() {
        for raw in [
            "/briefs/../briefs/a/",
            "/briefs/./a/",
            "/briefs/%2e%2e/etc/passwd",
            "/briefs/%2E%2E/%2e%2e/etc/passwd",
            "/briefs/a%2f..%2f..%2fsite-config.toml",
            "/briefs/..%5c..%5csite-config.toml",
            "/briefs/a/..%00/",
            "/briefs//etc/passwd",
            "/briefs/%2fetc%2fpasswd",
            "/briefs/%",
            "/briefs/%zz",
            "/briefs/%ff%fe",
            "//etc/passwd",
            "/etc/passwd",
            "/briefs/C:%5cwindows",
        ] {
            assert!(
                matches!(r(raw), Target::NotFound | Target::Redirect(_)),
                "{raw} resolved to {:?}",
                r(raw)
            );
            if let Target::Redirect(to) = r(raw) {
                assert_eq!(to, "/briefs/", "{raw}");
            }
        }
    }

    #[test]
    fn hosts() {
        let lo: IpAddr = "127.0.0.1".parse().unwrap();
        for ok in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "127.0.0.2",
            "[::1]:1111",
            "docs.localhost:80",
            "LOCALHOST.",
        ] {
            assert!(host_allowed(ok, lo), "{ok}");
        }
        for bad in [
            "evil.com",
            "evil.com:1111",
            "localhost.evil.com",
            "127.0.0.1.nip.io",
            "192.168.1.5:1111",
            "[::1",
            "",
        ] {
            assert!(!host_allowed(bad, lo), "{bad}");
        }
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        assert!(host_allowed("192.168.1.5:1111", lan));
        let any: IpAddr = "0.0.0.0".parse().unwrap();
        assert!(host_allowed("10.0.0.7:1111", any));
        assert!(!host_allowed("evil.com", any));
    }
}
