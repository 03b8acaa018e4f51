//! Fuzz target: `dossier::fuzzing::plain_text` on arbitrary UTF-8 (see src/fuzzing.rs for its checks).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    dossier::fuzzing::plain_text(text);
});
