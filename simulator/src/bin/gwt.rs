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
    simulator::cli::main(Domains::builtin())
}
