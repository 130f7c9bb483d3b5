//! The conference bounded context as the tooling sees it: its handlers and its upcasters.

use crate::kernel::{BoundedContext, Upcasters, Wiring};

use super::{ConferenceCommand, ConferenceEvent};

/// The orders-and-registration system with conference management and payments beside it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConferenceContext;

impl BoundedContext for ConferenceContext {
    type Command = ConferenceCommand;
    type Event = ConferenceEvent;
    const NAME: &'static str = "conference";

    fn wiring() -> Wiring<Self> {
        Wiring::new()
        // aggregates
        // process managers
        // read models
    }

    fn upcasters() -> Upcasters {
        Upcasters::default()
    }
}
