//! One hasher that gives the same hash for the same value on every call, for everything
//! `dossier serve` compares between rebuilds: document digests, cache keys and the prints of
//! what pages read. std's `RandomState` and foldhash's default are seeded per map; this one has
//! a fixed seed. foldhash: several times faster than std's SipHash on the many small values these
//! combine (hash-flooding is no concern: the keys are the site's own content).

use std::hash::{BuildHasher, Hash, Hasher};

pub type StableHasher = foldhash::quality::FoldHasher<'static>;

/// A hasher with the fixed seed.
pub fn stable_hasher() -> StableHasher {
    foldhash::quality::FixedState::with_seed(0).build_hasher()
}

/// The stable hash of one value.
pub(crate) fn stable_hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut hasher = stable_hasher();
    value.hash(&mut hasher);
    hasher.finish()
}
