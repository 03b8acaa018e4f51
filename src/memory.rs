//! Giving memory the build has freed back to the system between its phases.
//!
//! The binary's allocator is mimalloc (see Cargo.toml). It hands memory freed by a thread back
//! to the system only when that thread allocates again after a short delay, so what the
//! parallel steps of one phase free (the sources after parsing, discovery's candidates, the
//! topics' evidence) stays resident while the rayon threads wait for the next phase, and adds
//! to the next phase's peak. [`release_freed`] asks every thread's heap to return it at once.

use libmimalloc_sys::mi_collect;

/// Returns the memory every rayon thread (and the calling one) has freed to the system. Call it
/// between phases only: it runs a task on every rayon thread.
pub(crate) fn release_freed() {
    // SAFETY: `mi_collect` takes a plain flag and only walks mimalloc's own structures of the
    // calling thread (and its process-wide arenas, under their locks).
    rayon::broadcast(|_| unsafe { mi_collect(true) });
    release_own();
}

/// Returns the memory the calling thread has freed to the system (a search-index thread after
/// writing a shard).
pub(crate) fn release_own() {
    // SAFETY: as in `release_freed`.
    unsafe { mi_collect(true) };
}
