//! `gwt`: executable specifications and simulations of event-sourced systems, over the domains
//! this repository ships. A team's own binary registers its domains the same way.

use std::process::ExitCode;

use simulator::domains::Domains;

// Simulations and replays allocate many small, short-lived values (messages, envelopes, entries);
// mimalloc serves those markedly faster than the system allocator (the `mimalloc` feature, a
// default one).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    #[cfg(feature = "mimalloc")]
    allocator::keep_freed_memory();
    simulator::cli::main(Domains::builtin())
}

/// How long mimalloc keeps memory freed before it hands it back to the kernel.
#[cfg(feature = "mimalloc")]
mod allocator {
    use std::ffi::{c_int, c_long};

    /// `mi_option_purge_delay` in mimalloc.h: mimalloc keeps its options' numbers across
    /// versions (a retired option keeps its slot, as `deprecated_…`), and the test below checks
    /// that this one is read from `MIMALLOC_PURGE_DELAY`.
    const PURGE_DELAY: c_int = 15;

    extern "C" {
        /// Sets an option unless the environment set it.
        fn mi_option_set_default(option: c_int, value: c_long);
    }

    /// Memory freed stays with the process, to serve the next allocations, instead of going back
    /// to the kernel a second after it was freed (mimalloc's default). Memory handed back is
    /// zeroed by the kernel when it is touched again, a page fault for every 2 MiB (or 4 KiB):
    /// a replay that drops its state and builds the next one (the bench's rounds, `simulate`'s
    /// histories), or frees the pages it read lines into, paid that again and again. Measured
    /// in `docs/performance-history.md` (2026-12-07, fourth session). `MIMALLOC_PURGE_DELAY`
    /// still decides when it is set (`=0` for an operator short of memory).
    pub fn keep_freed_memory() {
        // SAFETY: a plain setter of mimalloc's option table, linked with the allocator itself;
        // an option's number out of range is ignored by mimalloc.
        unsafe { mi_option_set_default(PURGE_DELAY, -1) }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        extern "C" {
            fn mi_option_get(option: c_int) -> c_long;
        }

        #[test]
        fn freed_memory_is_kept_unless_the_environment_says_otherwise() {
            let from_environment = std::env::var("MIMALLOC_PURGE_DELAY")
                .ok()
                .and_then(|v| v.trim().parse::<c_long>().ok());
            let get = || unsafe { mi_option_get(PURGE_DELAY) };
            // mimalloc's own default, 1000 ms: the slot is the purge delay's.
            assert_eq!(get(), from_environment.unwrap_or(1000));
            keep_freed_memory();
            assert_eq!(get(), from_environment.unwrap_or(-1));
        }
    }
}
