//! The `Conference` read model: each conference's public details and whether it is on sale,
//! keyed by `conference_id`.

use crate::conference::{ConferenceContext, ConferenceEvent};
use crate::kernel::{Entries, Envelope, Instant, ReadModel, TakenIn, Text};
use crate::record;

record! {
    /// What the public sees of a conference.
    pub struct ConferenceEntry {
        pub name: Text,
        pub slug: Text,
        pub description: Option<Text>,
        pub location: Option<Text>,
        pub start_date: Instant,
        pub is_published: bool,
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ConferenceReadModel {
    entries: Entries<ConferenceEntry>,
    /// The last position of each conference's stream taken in, kept outside the entries (the
    /// catalog lists no version column) so that a late duplicate cannot undo a newer change.
    versions: TakenIn,
}

impl ReadModel<ConferenceContext> for ConferenceReadModel {
    const NAME: &'static str = "Conference";
    const KEY: &'static str = "conference_id";
    const SUBSCRIBES: &'static [&'static str] = &[
        "ConferenceCreated",
        "ConferenceUpdated",
        "ConferencePublished",
        "ConferenceUnpublished",
    ];
    type Entry = ConferenceEntry;

    fn apply(&mut self, event: &Envelope<ConferenceEvent>) {
        let sequence = event.sequence;
        match &event.message {
            ConferenceEvent::ConferenceCreated(e) => self.describe(
                &e.conference_id,
                sequence,
                Details {
                    name: &e.name,
                    slug: &e.slug,
                    description: &e.description,
                    location: &e.location,
                    start_date: e.start_date,
                },
            ),
            ConferenceEvent::ConferenceUpdated(e) => self.describe(
                &e.conference_id,
                sequence,
                Details {
                    name: &e.name,
                    slug: &e.slug,
                    description: &e.description,
                    location: &e.location,
                    start_date: e.start_date,
                },
            ),
            ConferenceEvent::ConferencePublished(e) => {
                self.set_published(&e.conference_id, sequence, true)
            }
            ConferenceEvent::ConferenceUnpublished(e) => {
                self.set_published(&e.conference_id, sequence, false)
            }
            _ => {}
        }
    }

    fn entries(&self) -> &Entries<ConferenceEntry> {
        &self.entries
    }
}

/// The details `ConferenceCreated` and `ConferenceUpdated` share.
struct Details<'a> {
    name: &'a str,
    slug: &'a str,
    description: &'a Option<Text>,
    location: &'a Option<Text>,
    start_date: Instant,
}

impl ConferenceReadModel {
    /// Sets a conference's details, creating its entry (unpublished) if needed.
    fn describe(&mut self, conference_id: &str, sequence: u64, details: Details<'_>) {
        if !self.versions.take_in(conference_id, sequence) {
            return;
        }
        let is_published = self
            .entries
            .get(conference_id)
            .is_some_and(|c| c.is_published);
        self.entries.insert(
            conference_id.into(),
            Box::new(ConferenceEntry {
                name: details.name.into(),
                slug: details.slug.into(),
                description: details.description.clone(),
                location: details.location.clone(),
                start_date: details.start_date,
                is_published,
            }),
        );
    }

    /// Puts a known conference on or off sale; an unknown one has nothing to show.
    fn set_published(&mut self, conference_id: &str, sequence: u64, published: bool) {
        if !self.entries.contains_key(conference_id)
            || !self.versions.take_in(conference_id, sequence)
        {
            return;
        }
        if let Some(entry) = self.entries.get_mut(conference_id) {
            entry.is_published = published;
        }
    }
}
