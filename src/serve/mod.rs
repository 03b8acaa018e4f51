//! `dossier serve`: the build pipeline kept in memory, a watcher, an HTTP server, live reload.
//!
//! [`watch`] classifies file-system events into a plan (pure); [`live`] rebuilds what the plan
//! makes stale, incrementally, with [`rendered`] (the pages and what each read); [`state`]
//! holds the served site; [`server`] answers HTTP; [`reload`] is the browser side (event stream, script, overlay); [`search`] keeps the search
//! index up to date in the background; [`verify`] compares the served site with a render from
//! scratch (`serve --verify`); [`watcher`] is the native or polling file watcher; [`session`] is the rebuild loop
//! (ready / broken). `cmd::serve` wires them.

pub mod live;
pub(crate) mod reload;
pub(crate) mod rendered;
pub mod search;
pub(crate) mod server;
pub(crate) mod session;
pub mod state;
pub(crate) mod verify;
pub mod watch;
pub(crate) mod watcher;
