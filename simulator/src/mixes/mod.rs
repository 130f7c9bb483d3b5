//! The command mixes of the domains the simulator knows: what a history of each is drawn from.

pub mod conference;
pub mod store;
