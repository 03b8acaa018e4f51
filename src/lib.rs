//! dossier: a static briefing-site generator.
//!
//! The pipeline runs one way: [`load`] reads the site from disk, [`parse`] turns each source file
//! into a document, [`analyze`] builds the corpus (documents in order, topics, archive), [`render`]
//! turns the corpus into output files through tera and typed views, and [`write`] puts them on disk
//! atomically. [`site`] is that pipeline, which every command drives; [`cmd`] holds the glue for
//! each CLI command. See ARCHITECTURE.md.

#![warn(unreachable_pub)]

pub mod analyze;
pub mod check;
pub mod cmd;
pub(crate) mod config;
pub mod error;
pub(crate) mod escape;
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub(crate) mod memory;
pub mod parse;
pub mod progress;
pub(crate) mod render;
pub mod serve;
pub(crate) mod site;
pub(crate) mod stable_hash;
pub(crate) mod timings;
pub mod warnings;
pub(crate) mod write;
