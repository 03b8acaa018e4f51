//! `dossier build`: the site pipeline ([`crate::site`]) run once into the output folder; the
//! command line prints the report's summary line.

pub use crate::site::{build, BuildOptions, BuildReport, SitePaths};
