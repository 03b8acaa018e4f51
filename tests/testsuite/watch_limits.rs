//! `dossier serve` with no inotify instance left: it polls instead, says how to raise the limit,
//! and still sees edits.
//!
//! The limit (`fs.inotify.max_user_instances`) is per user, so the test exhausts it for a user
//! id of its own that no account uses (a helper holds every instance while serve runs under that
//! id), and changes no machine setting. It needs root (to switch ids with `setpriv`), Linux and
//! python3; elsewhere it says so and returns.

#![cfg(target_os = "linux")]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::PermissionsExt;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::site::SiteTest;

/// A user id no account has (the per-user limit is only this test's to exhaust).
const UID: &str = "47311";

/// Holds every inotify instance the user may have, printing how many, until killed.
const HOLD_INSTANCES: &str = "import ctypes, sys, time
libc = ctypes.CDLL(None, use_errno=True)
n = 0
while libc.inotify_init() >= 0:
    n += 1
print(n, flush=True)
time.sleep(120)
";

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn as_user(program: &str) -> Command {
    let mut command = Command::new("setpriv");
    command
        .args([
            &format!("--reuid={UID}"),
            &format!("--regid={UID}"),
            "--clear-groups",
        ])
        .arg(program);
    command
}

fn wait_for(lines: &Mutex<Vec<String>>, f: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let seen = lines.lock().expect("lines").clone();
        if let Some(line) = seen.iter().find(|l| f(l)) {
            return line.clone();
        }
        assert!(Instant::now() < deadline, "timed out; output:\n{seen:#?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_polls_when_no_inotify_instance_is_left() {
    let is_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    if !is_root {
        eprintln!("skipped: needs root to run as a user id of its own");
        return;
    }
    let site = SiteTest::new()
        .file("content/a.md", "# Alpha\n\nFirst.\n")
        .create();
    std::fs::set_permissions(site.root(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    // The system's python: a user's (pyenv under /root) is not reachable for another user id.
    let python = ["/usr/bin/python3", "/usr/local/bin/python3"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("python3");
    let holder = as_user(python)
        .args(["-c", HOLD_INSTANCES])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut holder) = holder else {
        eprintln!("skipped: no setpriv or python3");
        return;
    };
    let mut held = String::new();
    let stdout = holder.stdout.take().expect("stdout");
    let _ = BufReader::new(stdout).read_line(&mut held);
    let _holder = Killed(holder);
    if held.trim().parse::<u32>().unwrap_or(0) == 0 {
        eprintln!("skipped: the helper could not take inotify instances ({held:?})");
        return;
    }
    let serve = as_user(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(site.root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dossier serve");
    let mut serve = Killed(serve);
    let lines = crate::site::collect_lines(&mut serve.0);
    wait_for(&lines, |l| l.starts_with("Serving at "));
    let warning = wait_for(&lines, |l| l.contains("polling"));
    assert!(warning.contains("limit"), "{warning}");
    wait_for(&lines, |l| l.contains("fs.inotify.max_user_instances"));
    site.write("content/a.md", "# Alpha\n\nEdited.\n");
    wait_for(&lines, |l| l.contains("a.md") || l.contains("changed"));
}
