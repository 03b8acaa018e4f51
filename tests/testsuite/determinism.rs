//! The same input gives byte-identical output, whatever the run, folder or file-creation order.

use dossier::cmd::build::BuildOptions;

use crate::site::{assert_same_tree, fixture, tree};

#[test]
fn two_builds_of_one_site_are_byte_identical() {
    let site = fixture().create();
    let build_into = |name: &str| {
        let output = site.root().join(name);
        let options = BuildOptions {
            output: Some(output.clone()),
            ..site.options()
        };
        site.try_build(options).expect("build");
        tree(&output)
    };
    let first = build_into("out-a");
    assert!(first.len() > 20, "{:#?}", first.keys());
    assert_same_tree(&first, &build_into("out-b"));
}

#[test]
fn folder_and_file_creation_order_do_not_change_the_output() {
    let one = fixture().build();
    let other = fixture().reversed().build();
    assert_ne!(one.root(), other.root());
    assert_same_tree(&tree(&one.out()), &tree(&other.out()));
}
