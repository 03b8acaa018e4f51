//! dossier's integration tests: one test binary, as in mdBook's `tests/testsuite/`.
//!
//! Each module covers one promise of the README and DESIGN.md on real builds: [`site`] holds the
//! builder (`SiteTest::new().file(..).build()`) and the helpers; the other modules hold the tests.
//! Snapshots live in `snapshots/`; regenerate them with `INSTA_UPDATE=always cargo test`.

mod serve_harness;
mod site;

mod atomic;
mod base_path;
mod build_site;
mod check;
mod cli;
mod content;
mod conventions;
mod determinism;
mod errors;
mod escaping;
mod foreign_syntax;
mod hostile_files;
mod output_safety;
mod pagination;
mod pathological;
mod randomized;
mod regressions;
mod search;
mod seeds;
mod serve;
mod serve_faults;
mod serve_random;
mod snapshots;
mod text_input;
mod timeline;
mod topics;
mod watch_limits;
