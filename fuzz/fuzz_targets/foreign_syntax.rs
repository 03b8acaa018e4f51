//! Fuzz target: `dossier::fuzzing::foreign_syntax` on arbitrary UTF-8 (see src/fuzzing.rs for its checks).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    dossier::fuzzing::foreign_syntax(text);
});
