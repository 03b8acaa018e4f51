//! The build refuses output folders it would damage, and replaces only its own output.

use std::path::PathBuf;

use dossier::cmd::build::BuildOptions;

use crate::site::{assert_same_tree, fixture, tree, Site};

fn build_into(site: &Site, output: PathBuf) -> Result<(), String> {
    let options = BuildOptions {
        output: Some(output),
        ..site.options()
    };
    site.try_build(options)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[test]
fn refuses_the_content_folder() {
    let site = fixture().create();
    let content = site.root().join("content");
    let before = tree(&content);
    let error = build_into(&site, content.clone()).unwrap_err();
    assert!(error.contains("refusing"), "{error}");
    assert_same_tree(&before, &tree(&content));
}

#[test]
fn refuses_the_site_root() {
    let site = fixture().create();
    let before = tree(site.root());
    let error = build_into(&site, site.root().to_path_buf()).unwrap_err();
    assert!(error.contains("refusing"), "{error}");
    assert_same_tree(&before, &tree(site.root()));
}

#[test]
fn refuses_a_non_empty_folder_it_did_not_create() {
    let site = fixture().create();
    site.write("mine/keep.txt", "my own file");
    let error = build_into(&site, site.root().join("mine")).unwrap_err();
    assert!(error.contains("did not create"), "{error}");
    let left = tree(&site.root().join("mine"));
    assert_eq!(left.keys().collect::<Vec<_>>(), ["keep.txt"]);
    assert_eq!(left["keep.txt"], b"my own file");
}

#[test]
fn rebuilds_into_its_own_previous_output() {
    let site = fixture().create();
    let output = site.root().join("site-out");
    build_into(&site, output.clone()).expect("first build");
    site.write("content/epsilon.md", "# Epsilon\n\nNew.\n");
    build_into(&site, output.clone()).expect("second build");
    assert!(output.join("epsilon/index.html").is_file());
    site.build();
    site.build();
    assert!(site.out().join("alpha/index.html").is_file());
}

#[test]
fn accepts_an_empty_existing_folder() {
    let site = fixture().create();
    let output = site.root().join("empty");
    std::fs::create_dir(&output).expect("mkdir");
    build_into(&site, output.clone()).expect("build");
    assert!(output.join("index.html").is_file());
}
