//! Command glue: each CLI command wires the pipeline steps together and reports to the user.
//!
//! No logic of its own lives here beyond ordering the steps, timing them and printing; anything
//! worth testing sits in `load`, `parse`, `analyze`, `render` or `write`.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod progress;
pub mod serve;
pub mod topics;
