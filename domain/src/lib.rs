//! The pure domain core of gwt: a generic event-sourcing kernel and the reference domains built
//! on it. No I/O, no clock reads, no randomness.

pub mod conference;
pub mod kernel;
pub mod store;
