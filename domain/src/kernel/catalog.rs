//! The message catalog of a bounded context, built from its wiring: every command and event with
//! its fields, stored versions, handler and subscribers, so tools can list and check by name.

use serde::Serialize;

use super::older_fields::lacked_by_forms;
use super::{BoundedContext, FieldSpec, Message, Rule};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MessageKind {
    Command,
    Event,
}

/// A form an event may be stored in: its type name then and its version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredVersion {
    pub event_type: &'static str,
    pub version: u32,
    /// Fields of this form that the next version holds under another name, this form's first
    /// (`price_cents`, then `price`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub replaced_fields: Vec<(&'static str, &'static str)>,
    /// Fields of the current form this form does not have, not counting those it holds under
    /// another name (`replaced_fields`): `is_free_of_charge`, which version 1 of the totals
    /// lacks; a field of a record inside the event (in a list or not) by its dotted path
    /// (`seats.attendee_email`). Learned by writing exemplars of the current event in this form
    /// through the upcasters' `down` steps; None when none could be written in it (told as
    /// `null`), and left out of the JSON when it lacks nothing.
    #[serde(skip_serializing_if = "lacks_nothing")]
    pub lacks_fields: Option<Vec<String>>,
}

fn lacks_nothing(lacks: &Option<Vec<String>>) -> bool {
    lacks.as_ref().is_some_and(Vec::is_empty)
}

impl CatalogEntry {
    /// The version-by-version names of this event that differ from its current one: (version,
    /// name), oldest first.
    pub fn older_names(&self) -> impl Iterator<Item = (u32, &'static str)> + '_ {
        self.stored_versions
            .iter()
            .filter(|v| v.event_type != self.name)
            .map(|v| (v.version, v.event_type))
    }

    /// Where a field of an older form went: the last version that held `field` and the field
    /// of the current form holding its value, following one replacement after another.
    pub fn replaced_field(&self, field: &str) -> Option<(u32, &'static str)> {
        let (held_in, mut now) = self.stored_versions.iter().find_map(|v| {
            let (_, by) = v.replaced_fields.iter().find(|(old, _)| *old == field)?;
            Some((v.version, *by))
        })?;
        for v in self.stored_versions.iter().filter(|v| v.version > held_in) {
            if let Some((_, by)) = v.replaced_fields.iter().find(|(old, _)| *old == now) {
                now = by;
            }
        }
        Some((held_in, now))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CatalogEntry {
    pub name: &'static str,
    pub kind: MessageKind,
    pub fields: Vec<FieldSpec>,
    /// Events only: every stored form, oldest first; the last is the current version.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stored_versions: Vec<StoredVersion>,
    /// Commands: the handler that owns it. Events: the aggregate that records it.
    pub handled_by: Option<&'static str>,
    /// Events: process managers and read models that receive it.
    pub subscribers: Vec<&'static str>,
}

/// An aggregate: the kind of its streams, and whether it judges the events it finds in a log.
#[derive(Debug, Clone, Serialize)]
pub struct AggregateEntry {
    pub name: &'static str,
    pub commands: Vec<&'static str>,
    pub events: Vec<&'static str>,
    /// Whether it says which of its events it could not have recorded
    /// (`Aggregate::COULD_RECORD`); without that, `verify-migration` admits any of them.
    pub judges_events: bool,
    /// Events its decisions only record together (`Aggregate::RECORDED_WITH`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recorded_with: Vec<RecordedWith>,
}

/// An event a decision only records with another right after it in its stream.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedWith {
    pub first: &'static str,
    pub then: &'static str,
}

/// A process manager: the events it takes in and its own commands (timeouts it schedules for
/// itself), which the message tables name only one by one.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessEntry {
    pub name: &'static str,
    pub subscribes: Vec<&'static str>,
    pub handles: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReadModelEntry {
    pub name: &'static str,
    /// What its entries are keyed by.
    pub key: &'static str,
    pub fields: Vec<FieldSpec>,
    /// Fields that hold a position in a stream (`ReadModel::POSITIONS`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<&'static str>,
    pub subscribes: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    pub domain: &'static str,
    pub messages: Vec<CatalogEntry>,
    pub aggregates: Vec<AggregateEntry>,
    pub process_managers: Vec<ProcessEntry>,
    pub read_models: Vec<ReadModelEntry>,
    pub rules: Vec<Rule>,
}

impl Catalog {
    pub fn of<C: BoundedContext>() -> Catalog {
        let wiring = C::wiring();
        let upcasters = C::upcasters();
        let mut messages = Vec::new();
        for spec in C::Command::specs() {
            let handler = wiring
                .aggregates
                .iter()
                .find(|a| a.commands().contains(&spec.name))
                .map(|a| a.name())
                .or_else(|| {
                    wiring
                        .processes
                        .iter()
                        .find(|p| p.handles().contains(&spec.name))
                        .map(|p| p.name())
                });
            messages.push(CatalogEntry {
                name: spec.name,
                kind: MessageKind::Command,
                fields: spec.fields,
                stored_versions: Vec::new(),
                handled_by: handler,
                subscribers: Vec::new(),
            });
        }
        for spec in C::Event::specs() {
            let recorder = wiring
                .aggregates
                .iter()
                .find(|a| a.events().contains(&spec.name))
                .map(|a| a.name());
            let subscribers = wiring
                .processes
                .iter()
                .filter(|p| p.subscribes().contains(&spec.name))
                .map(|p| p.name())
                .chain(
                    wiring
                        .read_models
                        .iter()
                        .filter(|r| r.subscribes().contains(&spec.name))
                        .map(|r| r.name()),
                )
                .collect();
            let mut stored_versions: Vec<StoredVersion> = upcasters
                .stored_forms(spec.name)
                .into_iter()
                .map(|(event_type, version)| StoredVersion {
                    event_type,
                    version,
                    replaced_fields: upcasters
                        .step_from((event_type, version))
                        .map(|s| s.replaced_fields.to_vec())
                        .unwrap_or_default(),
                    lacks_fields: Some(Vec::new()),
                })
                .collect();
            let lacked = lacked_by_forms(
                spec.name,
                &spec.fields,
                &stored_versions,
                &upcasters,
                &wiring,
            );
            for (form, lacks) in stored_versions.iter_mut().zip(lacked) {
                form.lacks_fields = lacks;
            }
            messages.push(CatalogEntry {
                name: spec.name,
                kind: MessageKind::Event,
                fields: spec.fields,
                stored_versions,
                handled_by: recorder,
                subscribers,
            });
        }
        let aggregates = wiring
            .aggregates
            .iter()
            .map(|a| AggregateEntry {
                name: a.name(),
                commands: a.commands().to_vec(),
                events: a.events().to_vec(),
                judges_events: a.judges_events(),
                recorded_with: (a.recorded_with().iter())
                    .map(|&(first, then)| RecordedWith { first, then })
                    .collect(),
            })
            .collect();
        let process_managers = wiring
            .processes
            .iter()
            .map(|p| ProcessEntry {
                name: p.name(),
                subscribes: p.subscribes().to_vec(),
                handles: p.handles().to_vec(),
            })
            .collect();
        let read_models = wiring
            .read_models
            .iter()
            .map(|r| ReadModelEntry {
                name: r.name(),
                key: r.key(),
                fields: r.fields(),
                positions: r.positions().to_vec(),
                subscribes: r.subscribes().to_vec(),
            })
            .collect();
        Catalog {
            domain: C::NAME,
            messages,
            aggregates,
            process_managers,
            read_models,
            rules: C::rules(),
        }
    }

    pub fn message(&self, name: &str) -> Option<&CatalogEntry> {
        self.messages.iter().find(|m| m.name == name)
    }

    /// The known message name nearest to `name`, for "did you mean …" hints.
    pub fn nearest_message(&self, name: &str) -> Option<&'static str> {
        nearest(name, self.messages.iter().map(|m| m.name))
    }
}

/// The candidate nearest to `name` by edit distance (case-insensitive), if it is near enough to
/// be a plausible slip of the keyboard; else the one candidate whose first words `name` gives
/// (`agent` for `agent_id`, a field named by what it is about rather than by its key).
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = name.to_lowercase();
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let by_distance = candidates
        .iter()
        .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), *c))
        .filter(|(d, c)| *d <= (c.len().max(name.len()) / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c);
    by_distance.or_else(|| {
        let words = format!("{lower}_");
        let mut led = candidates
            .iter()
            .filter(|c| !lower.is_empty() && c.to_lowercase().starts_with(&words));
        match (led.next(), led.next()) {
            (Some(only), None) => Some(*only),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_finds_a_slip_and_ignores_strangers() {
        let names = ["SeatsReserved", "SeatsReservationCancelled", "OrderPlaced"];
        assert_eq!(nearest("SeatReserved", names), Some("SeatsReserved"));
        assert_eq!(nearest("orderplaced", names), Some("OrderPlaced"));
        assert_eq!(nearest("Banana", names), None);
        let fields = ["ticket_id", "agent_id", "order_id", "order_version"];
        assert_eq!(nearest("agent", fields), Some("agent_id"));
        assert_eq!(nearest("order", fields), None, "two fields begin so");
        assert_eq!(nearest("", fields), None);
    }
}
