//! A planted Conference read model that takes a conference off sale when it is moved (its
//! details updated) until it is put on sale again, shared by the domain's invariant tests and
//! the simulator's planted-bug tests (included by path, as test crates share no code
//! otherwise): both must find the same faulty read model.

use std::collections::BTreeSet;

use domain::conference::read_models::conference::{ConferenceEntry, ConferenceReadModel};
use domain::conference::{ConferenceContext, ConferenceEvent};
use domain::kernel::{Entries, Envelope, ReadModel, Text};

/// Conference, showing a conference updated since it was last published as off sale.
#[derive(Default, Clone, Debug, PartialEq)]
pub struct OffSaleOnceMoved {
    inner: ConferenceReadModel,
    moved: BTreeSet<Text>,
    entries: Entries<ConferenceEntry>,
}

impl ReadModel<ConferenceContext> for OffSaleOnceMoved {
    const NAME: &'static str = "Conference";
    const KEY: &'static str = <ConferenceReadModel as ReadModel<ConferenceContext>>::KEY;
    const SUBSCRIBES: &'static [&'static str] =
        <ConferenceReadModel as ReadModel<ConferenceContext>>::SUBSCRIBES;
    type Entry = ConferenceEntry;
    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        self.inner.apply(event);
        match &event.message {
            ConferenceEvent::ConferenceUpdated(e) => {
                self.moved.insert(e.conference_id.clone());
            }
            ConferenceEvent::ConferencePublished(e) => {
                self.moved.remove(&e.conference_id);
            }
            _ => {}
        }
        self.entries = self.inner.entries().clone();
        for conference_id in &self.moved {
            if let Some(entry) = self.entries.get_mut(conference_id) {
                entry.is_published = false;
            }
        }
    }
    fn entries(&self) -> &Entries<ConferenceEntry> {
        &self.entries
    }
}
