//! Files a site should not have, or that are not what they seem: symlinks out of the site,
//! dangling links and editors' lock files, unreadable files, non-UTF-8 names, UTF-16 text.
//! Each one is skipped (or decoded) with a warning naming it; none stops the build.

#![cfg(unix)]

use std::os::unix::fs::symlink;

use dossier::cmd::build::BuildReport;

use crate::site::{tree, Site, SiteTest};

const SECRET: &str = "root:x:0:0:SECRET-OUTSIDE-THE-SITE";

fn site() -> SiteTest {
    SiteTest::new().file("content/a.md", "# A\n\nA body.\n")
}

fn warnings(report: &BuildReport) -> Vec<String> {
    report.warnings.iter().map(|w| w.to_string()).collect()
}

fn assert_warns(report: &BuildReport, needles: &[&str]) {
    let all = warnings(report);
    assert!(
        all.iter().any(|w| needles.iter().all(|n| w.contains(n))),
        "no warning with {needles:?} in {all:#?}"
    );
}

/// Asserts that no output file contains `needle`.
fn assert_nowhere(site: &Site, needle: &str) {
    for (path, bytes) in tree(&site.out()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(needle),
            "{path} contains {needle:?}"
        );
    }
}

#[test]
fn a_content_symlink_out_of_the_site_is_not_published() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("passwd");
    std::fs::write(&secret, SECRET).expect("write");
    let site = site().create();
    symlink(&secret, site.root().join("content/passwd.txt")).expect("symlink");
    symlink(outside.path(), site.root().join("content/elsewhere")).expect("symlink");
    std::fs::write(outside.path().join("b.md"), format!("# B\n\n{SECRET}\n")).expect("write");
    let report = site.build();
    assert!(!site.out().join("passwd/index.html").exists());
    assert!(!site.out().join("elsewhere").exists());
    assert_nowhere(&site, "SECRET-OUTSIDE");
    assert_warns(&report, &["passwd.txt", "outside the site", "passwd"]);
    assert_warns(&report, &["elsewhere", "outside the site"]);
}

#[test]
fn a_symlink_inside_the_site_is_followed() {
    let site = site()
        .file("shared/memo.md", "# Shared memo\n\nKept once, linked in.\n")
        .create();
    symlink("../shared/memo.md", site.root().join("content/memo.md")).expect("symlink");
    let report = site.build();
    site.check_file_contains("memo/index.html", &["Kept once, linked in."]);
    let all = warnings(&report);
    assert!(!all.iter().any(|w| w.contains("symlink")), "{all:#?}");
}

#[test]
fn a_static_symlink_out_of_the_site_is_not_copied() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("passwd");
    std::fs::write(&secret, SECRET).expect("write");
    let site = site().file("static/ok.css", "body{}").create();
    symlink(&secret, site.root().join("static/x")).expect("symlink");
    symlink(&secret, site.root().join("CNAME")).expect("symlink");
    let report = site.build();
    assert!(site.out().join("ok.css").is_file());
    assert!(!site.out().join("x").exists());
    assert!(!site.out().join("CNAME").exists());
    assert_nowhere(&site, "SECRET-OUTSIDE");
    assert_warns(&report, &["static/x", "outside the site"]);
    assert_warns(&report, &["CNAME", "outside the site"]);
}

#[test]
fn dangling_symlinks_and_editor_lock_files_do_not_stop_the_build() {
    let site = site().file("static/x.css", "body{}").create();
    let content = site.root().join("content");
    symlink("nowhere.md", content.join("gone.md")).expect("symlink");
    // Emacs' lock file: a dangling symlink whose target names the editing session.
    symlink("anna@host.4242:1700000000", content.join(".#a.md")).expect("symlink");
    symlink(
        "anna@host.4242:1700000000",
        site.root().join("static/.#x.css"),
    )
    .expect("symlink");
    let report = site.build();
    assert!(site.out().join("a/index.html").is_file());
    assert_warns(&report, &["gone.md", "nowhere.md", "does not exist"]);
    let all = warnings(&report);
    assert!(!all.iter().any(|w| w.contains(".#a.md")), "{all:#?}");
}

#[test]
fn editor_temp_files_are_never_published() {
    let site = site()
        .file("content/#draft.md#", "# Autosave\n")
        .file("content/a.md~", "# Backup\n")
        .file("content/.a.md.swp", "swap")
        .file("static/site.css", "body{}")
        .file("static/site.css~", "old body{}")
        .file("static/#site.css#", "autosave")
        .build();
    let files = site.files();
    assert!(files.contains(&"site.css".to_string()), "{files:?}");
    for name in ["site.css~", "#site.css#", "draft", "a.md~"] {
        assert!(
            !files.iter().any(|f| f.contains(name)),
            "{name} in {files:?}"
        );
    }
}

#[test]
fn an_unreadable_file_is_skipped_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let site = site().file("content/locked.md", "# Locked\n").create();
    let locked = site.root().join("content/locked.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_err() {
        let report = site.build();
        assert!(site.out().join("a/index.html").is_file());
        assert_warns(&report, &["locked.md", "permission denied"]);
        return;
    }
    // Root reads a mode-000 file: build as `nobody` instead, when setpriv is there.
    for dir in [site.root().to_path_buf(), site.root().join("content")] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    }
    let Some(output) = site.build_as_nobody() else {
        eprintln!("skipped: running as root without setpriv");
        return;
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(site.out().join("a/index.html").is_file());
    assert!(
        stderr.contains("locked.md") && stderr.contains("permission denied"),
        "{stderr}"
    );
}

#[test]
fn non_utf8_file_names_are_never_merged_into_one_page() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let site = site().create();
    let content = site.root().join("content");
    for (byte, text) in [(0xFF, "First file."), (0xFE, "Second file.")] {
        let bytes = [b's', b't', byte, b'.', b't', b'x', b't'];
        if std::fs::write(content.join(OsStr::from_bytes(&bytes)), text).is_err() {
            eprintln!("skipped: this file system refuses non-UTF-8 names");
            return;
        }
    }
    let report = site.build();
    assert_warns(&report, &["\"st\\xFF.txt\"", "not valid UTF-8"]);
    assert_warns(&report, &["\"st\\xFE.txt\"", "not valid UTF-8"]);
    assert!(site.out().join("a/index.html").is_file());
    let files = site.files();
    let lossy = |f: &String| f.starts_with("st/") || f.contains('\u{FFFD}');
    assert!(!files.iter().any(lossy), "{files:?}");
}

#[test]
fn utf16_without_a_bom_is_decoded() {
    let text = "Memo on shipbuilding\n\nThe meeting moved to Friday.\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let site = site()
        .bytes("content/le.txt", &le)
        .bytes("content/be.txt", &be)
        .build();
    for page in ["le/index.html", "be/index.html"] {
        site.check_file_contains(page, &["The meeting moved to Friday."]);
        assert!(!site.html(page).contains('\0'), "{page} has NUL bytes");
    }
}
