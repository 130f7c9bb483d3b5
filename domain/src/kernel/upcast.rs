//! Schema versions of stored events: a chain of upcasters brings every older stored form to the
//! current one; the reverse steps (downcasters) write older forms for tests and simulations.

// Keys are message names and stream ids of the project's own logs: speed matters more here than
// resistance to keys crafted to collide.
use rustc_hash::FxHashMap as HashMap;

use serde_json::Value;
use std::cell::Cell;

use super::{Instant, StreamId};
use std::panic::{self, AssertUnwindSafe};

/// Where and when the stored event a step reads was recorded, beside its payload: an older form
/// may have left a field to what its stream or its instant said (the order's id was the stream's
/// id; a loan fell due 14 days after it was recorded).
#[derive(Clone, Copy, Debug)]
pub struct Recorded<'a> {
    /// The stream it is stored in. None for an event a scenario gives in an older form with no
    /// `stream` column, whose stream its current form names: a step that needs it says so
    /// (`Err`), and the author adds the column.
    pub stream: Option<&'a StreamId>,
    pub recorded_at: Instant,
}

impl<'a> Recorded<'a> {
    /// An event stored in `stream`, recorded at `recorded_at`.
    pub fn stored(stream: &'a StreamId, recorded_at: Instant) -> Self {
        Recorded {
            stream: Some(stream),
            recorded_at,
        }
    }
}

/// One step from a stored form to the next version (possibly under a new name).
#[derive(Clone)]
pub struct Upcaster {
    pub from: (&'static str, u32),
    pub to: (&'static str, u32),
    pub up: fn(Value, &Recorded) -> Result<Value, String>,
    /// The inverse step, so that tools can write the older form of a current event; `Err` for
    /// an event the older form cannot hold, which is then never written in it.
    pub down: fn(Value, &Recorded) -> Result<Value, String>,
    /// Fields of the older form whose value the newer one holds under another field, older
    /// first (`price_cents`, now `price`), so that an author who writes an older field in the
    /// current form is told where its value went.
    pub replaced_fields: &'static [(&'static str, &'static str)],
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpcastError {
    #[error(
        "unknown event type `{}`{}",
        super::shortened(event_type, 120),
        nearest.map(|n| format!("; did you mean `{n}`?")).unwrap_or_default()
    )]
    UnknownType {
        event_type: String,
        /// The known event type it may be a slip of (`naming_nearest`).
        nearest: Option<&'static str>,
    },
    #[error("`{event_type}` has no version {version} (known: {known})")]
    UnknownVersion {
        event_type: String,
        version: u32,
        known: String,
    },
    #[error("cannot upcast `{event_type}` version {version}: {reason}")]
    Failed {
        event_type: String,
        version: u32,
        reason: String,
    },
}

impl UpcastError {
    /// An unknown event type with the one of `known` it may be a slip of (`SeatCreatd`,
    /// `seatcreated`), as a misspelt name in a feature file is told.
    pub fn naming_nearest(self, known: impl IntoIterator<Item = &'static str>) -> Self {
        match self {
            UpcastError::UnknownType { event_type, .. } => {
                let nearest = super::nearest(&event_type, known);
                UpcastError::UnknownType {
                    event_type,
                    nearest,
                }
            }
            other => other,
        }
    }
}

thread_local! {
    /// Whether this thread is inside a team's upcaster, whose panic is told as its event's error.
    static IN_A_STEP: Cell<bool> = const { Cell::new(false) };
}

/// A step of a team's own from the stored form `form`, its failure told as the form's.
fn step_from(
    form: (&str, u32),
    step: fn(Value, &Recorded) -> Result<Value, String>,
    payload: Value,
    recorded: &Recorded,
) -> Result<Value, UpcastError> {
    guarded(step, payload, recorded).map_err(|reason| UpcastError::Failed {
        event_type: form.0.to_string(),
        version: form.1,
        reason,
    })
}

/// A step of a team's own, its panic caught and told as the step's failure: one stored form
/// that makes an upcaster panic is one bad event, and the rest of the log is read.
fn guarded(
    step: fn(Value, &Recorded) -> Result<Value, String>,
    payload: Value,
    recorded: &Recorded,
) -> Result<Value, String> {
    IN_A_STEP.with(|inside| inside.set(true));
    // A payload a panicking step took is dropped with it; nothing else is shared.
    let done = panic::catch_unwind(AssertUnwindSafe(|| step(payload, recorded)));
    IN_A_STEP.with(|inside| inside.set(false));
    done.unwrap_or_else(|panicked| {
        let said = panicked
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panicked.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string());
        Err(format!("the upcaster panicked: {said}"))
    })
}

/// Keeps the panic hook from printing the panics `guarded` tells as errors (each on its event's
/// line), and prints every other panic as before. For a program to call once, at its start.
pub fn quiet_upcaster_panics() {
    let before = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !IN_A_STEP.with(Cell::get) {
            before(info);
        }
    }));
}

/// Every upcaster of a context, with the current version of each event type.
#[derive(Clone, Default)]
pub struct Upcasters {
    steps: Vec<Upcaster>,
    current: HashMap<&'static str, u32>,
}

impl Upcasters {
    /// Declares that `event_type` is currently at `version` (the default is 1).
    pub fn current(mut self, event_type: &'static str, version: u32) -> Self {
        self.current.insert(event_type, version);
        self
    }

    pub fn step(mut self, upcaster: Upcaster) -> Self {
        self.steps.push(upcaster);
        self
    }

    /// Every step, in the order they were declared.
    pub fn steps(&self) -> &[Upcaster] {
        &self.steps
    }

    /// The current version of every event type declared above version 1.
    pub fn current_versions(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        self.current.iter().map(|(k, v)| (*k, *v))
    }

    pub fn current_version(&self, event_type: &str) -> u32 {
        self.current.get(event_type).copied().unwrap_or(1)
    }

    /// Brings a stored form, `recorded` as it says, to the current event type and payload.
    /// `is_current` tells whether a name is a current event type of the context.
    pub fn upcast<'a>(
        &self,
        event_type: &'a str,
        version: u32,
        mut payload: Value,
        recorded: &Recorded,
        is_current: impl Fn(&str) -> bool,
    ) -> Result<(&'a str, Value), UpcastError> {
        let mut name: &'a str = event_type;
        let mut v = version;
        // Bounded: each step moves to a strictly newer version.
        for _ in 0..=self.steps.len() {
            if let Some(step) = self.steps.iter().find(|s| s.from == (name, v)) {
                payload = step_from((name, v), step.up, payload, recorded)?;
                (name, v) = step.to;
                continue;
            }
            if is_current(name) && v == self.current_version(name) {
                return Ok((name, payload));
            }
            break;
        }
        let known = self.known_versions(name, &is_current);
        if known.is_empty() {
            Err(UpcastError::UnknownType {
                event_type: name.to_string(),
                nearest: None,
            })
        } else {
            Err(UpcastError::UnknownVersion {
                event_type: name.to_string(),
                version: v,
                known: known
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    }

    /// Writes a current event, `recorded` as it says, in the stored form of `version`: its type
    /// name then and payload.
    pub fn downcast(
        &self,
        event_type: &'static str,
        payload: Value,
        version: u32,
        recorded: &Recorded,
    ) -> Result<(&'static str, Value), UpcastError> {
        let mut name = event_type;
        let mut v = self.current_version(event_type);
        let mut payload = payload;
        while v > version {
            let Some(step) = self.steps.iter().find(|s| s.to == (name, v)) else {
                break;
            };
            payload = step_from((name, v), step.down, payload, recorded)?;
            (name, v) = step.from;
        }
        if v == version {
            Ok((name, payload))
        } else {
            Err(UpcastError::UnknownVersion {
                event_type: event_type.to_string(),
                version,
                known: self
                    .stored_forms(event_type)
                    .iter()
                    .map(|(_, v)| v.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
        }
    }

    /// Every stored form a current event type can be found in, oldest first, current last.
    pub fn stored_forms(&self, event_type: &'static str) -> Vec<(&'static str, u32)> {
        let mut forms = vec![(event_type, self.current_version(event_type))];
        let mut at = forms[0];
        while let Some(step) = self.steps.iter().find(|s| s.to == at) {
            at = step.from;
            forms.push(at);
        }
        forms.reverse();
        forms
    }

    /// The step that brings the stored form `form` to the next version, if it is an older one.
    pub fn step_from(&self, form: (&str, u32)) -> Option<&Upcaster> {
        self.steps.iter().find(|s| s.from == form)
    }

    /// Whether an event of the current type `event_type` has any older stored form.
    pub fn has_older_form(&self, event_type: &str) -> bool {
        self.steps.iter().any(|s| s.to.0 == event_type)
    }

    /// The older names that stored forms use (`OrderPaymentConfirmed`).
    pub fn older_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.steps.iter().map(|s| s.from.0)
    }

    fn known_versions(&self, name: &str, is_current: &impl Fn(&str) -> bool) -> Vec<u32> {
        let mut versions: Vec<u32> = self
            .steps
            .iter()
            .filter(|s| s.from.0 == name)
            .map(|s| s.from.1)
            .collect();
        if is_current(name) {
            versions.push(self.current_version(name));
        }
        versions.sort();
        versions.dedup();
        versions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn bump(mut v: Value, _: &Recorded) -> Result<Value, String> {
        v["n"] = json!(v["n"].as_i64().unwrap_or(0) + 1);
        Ok(v)
    }

    fn panics(v: Value, recorded: &Recorded) -> Result<Value, String> {
        match v["n"].as_i64() {
            Some(7) => panic!("no seven here"),
            Some(8) => std::panic::panic_any(8u8),
            _ => bump(v, recorded),
        }
    }

    fn recorded() -> Recorded<'static> {
        Recorded {
            stream: None,
            recorded_at: Instant::default(),
        }
    }

    #[test]
    fn an_upcaster_that_panics_fails_its_event_and_the_next_one_reads() {
        let upcasters = Upcasters::default().current("E", 2).step(Upcaster {
            from: ("E", 1),
            to: ("E", 2),
            up: panics,
            down: panics,
            replaced_fields: &[],
        });
        let up =
            |n: i64| upcasters.upcast("E", 1, json!({ "n": n }), &recorded(), |name| name == "E");
        assert_eq!(
            up(7),
            Err(UpcastError::Failed {
                event_type: "E".into(),
                version: 1,
                reason: "the upcaster panicked: no seven here".into()
            })
        );
        assert!(matches!(up(8), Err(UpcastError::Failed { reason, .. })
            if reason == "the upcaster panicked: (no message)"));
        assert_eq!(up(1), Ok(("E", json!({ "n": 2 }))));
        assert!(upcasters
            .downcast("E", json!({ "n": 7 }), 1, &recorded())
            .is_err());
        assert!(!IN_A_STEP.with(Cell::get), "the flag is down after a panic");
    }
}
