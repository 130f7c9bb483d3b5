//! The pure domain core of gwt: a generic event-sourcing kernel and the reference domains built
//! on it. No I/O, no clock reads, no randomness.

#[cfg(feature = "reference-domains")]
pub mod conference;
pub mod kernel;
#[cfg(feature = "reference-domains")]
pub mod store;
