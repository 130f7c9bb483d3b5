//! What a log line's own `metadata` says of when and in what order its event was recorded,
//! against what the line itself says, and the keys a line gives beside its stored form's (a
//! store's `global_position`): told once, summed up, as not an error.
//!
//! A line's `recorded_at` and its place among the lines are what verification goes by; a store's
//! own `recorded_at` or global `position` kept in the metadata is the event's, kept as written
//! (see docs/decisions.md). Where the two disagree, the log was put together from somewhere
//! else than the metadata says, and the user is told which of them was believed.

use domain::kernel::{instant_text, parse_instant, Instant};
use serde_json::Value;

use super::plural;

/// What the lines' metadata said against the lines, as they were read.
#[derive(Default)]
pub(super) struct LineMetadata {
    /// Lines whose metadata gives a `recorded_at` other than their own: how many, and the first.
    other_instant: Told,
    /// Lines whose metadata gives a `position` that is not a whole number.
    not_a_position: Told,
    /// Lines whose metadata gives a position no later than the one the line before it gave.
    backwards: Told,
    /// The last position a line gave, and where.
    last_position: Option<(i64, String)>,
}

#[derive(Default)]
struct Told {
    lines: u64,
    first: Option<String>,
}

impl Told {
    fn add(&mut self, first: impl FnOnce() -> String) {
        self.lines += 1;
        if self.first.is_none() {
            self.first = Some(first());
        }
    }
}

impl LineMetadata {
    /// The line at `place`, recorded at `recorded_at`, whose metadata is `metadata`'s text.
    pub(super) fn observe(&mut self, place: &str, recorded_at: Instant, metadata: &str) {
        // Most metadata holds neither key (a correlation id): it is not read again.
        if !metadata.contains("\"recorded_at\"") && !metadata.contains("\"position\"") {
            return;
        }
        let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(metadata) else {
            return;
        };
        if let Some(given) = fields.get("recorded_at") {
            let same = given
                .as_str()
                .and_then(|text| parse_instant(text).ok())
                .is_some_and(|at| at == recorded_at);
            if !same {
                self.other_instant.add(|| {
                    format!(
                        "{place}, {given} against its own {}",
                        instant_text(recorded_at)
                    )
                });
            }
        }
        match fields.get("position").map(whole_number) {
            None => {}
            Some(None) => self.not_a_position.add(|| {
                format!(
                    "{place}, {}",
                    fields.get("position").unwrap_or(&Value::Null)
                )
            }),
            Some(Some(position)) => {
                if let Some((before, at)) = &self.last_position {
                    if position <= *before {
                        self.backwards
                            .add(|| format!("{place}, {position} after {before} at {at}"));
                    }
                }
                self.last_position = Some((position, place.to_owned()));
            }
        }
    }

    /// What the report says of them, each kind on a line of its own.
    pub(super) fn told(self) -> Vec<String> {
        let mut told = Vec::new();
        let mut tell = |kind: Told, what: &str, believed: &str| {
            if let Some(first) = kind.first {
                told.push(format!(
                    "not an error: {} {what} (the first: {first}): {believed}",
                    plural(kind.lines, "line's metadata gives", "lines' metadata give"),
                ));
            }
        };
        tell(
            self.other_instant,
            "a `recorded_at` other than the line's own",
            "the line's own is taken as when its event was recorded, and the metadata's is kept \
             as written",
        );
        tell(
            self.not_a_position,
            "a `position` that is not a whole number",
            "it is kept as written, and the lines' order is taken as the log's",
        );
        tell(
            self.backwards,
            "a `position` that does not rise with the lines (one no later than the last given \
             before it)",
            "the lines' order is taken as the log's, and which of two streams' events came \
             first is judged by it, not by those positions",
        );
        told
    }
}

/// Keys lines give beside the stored form's fields, by name in the order first met: how many
/// lines gave each, and the first. Read past, not judged, and written back by a migrated copy
/// (see docs/decisions.md).
#[derive(Default)]
pub(super) struct OtherKeys(Vec<(Box<str>, Told)>);

/// Keys the report names one by one; the rest are counted together.
const OTHER_KEYS_NAMED: usize = 5;

impl OtherKeys {
    /// The keys `others` of the line `place` names.
    pub(super) fn observe(
        &mut self,
        others: &[domain::kernel::OtherKey],
        place: impl Fn() -> String,
    ) {
        for (i, other) in others.iter().enumerate() {
            // A key given twice on one line counts that line once.
            if others[..i].iter().any(|o| o.name == other.name) {
                continue;
            }
            let at = match self.0.iter().position(|(name, _)| *name == other.name) {
                Some(at) => at,
                None => {
                    self.0.push((other.name.clone(), Told::default()));
                    self.0.len() - 1
                }
            };
            self.0[at].1.add(&place);
        }
    }

    /// What the report says of them: a line a key, for the first few.
    pub(super) fn told(self) -> Vec<String> {
        let mut told = Vec::new();
        for (name, kind) in self.0.iter().take(OTHER_KEYS_NAMED) {
            told.push(format!(
                "not an error: {} `{name}`, which is no field of a stored event (the first: {}): \
                 read past and not judged; --write-migrated writes it back as it was",
                plural(kind.lines, "line gives", "lines give"),
                kind.first.as_deref().unwrap_or_default()
            ));
        }
        if let Some((_, first)) = self.0.get(OTHER_KEYS_NAMED) {
            let keys = self.0.len() - OTHER_KEYS_NAMED;
            told.push(format!(
                "not an error: {} more {} beside a stored event's fields (the first: `{}`, at {}): \
                 read past and not judged; --write-migrated writes them back as they were",
                keys,
                match keys {
                    1 => "key",
                    _ => "keys",
                },
                self.0[OTHER_KEYS_NAMED].0,
                first.first.as_deref().unwrap_or_default()
            ));
        }
        told
    }
}

/// A position as a store numbers its events: a whole number, or text that reads as one.
fn whole_number(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Instant {
        parse_instant(text).unwrap()
    }

    /// Metadata that agrees with its lines, or gives neither key, is told nothing.
    #[test]
    fn metadata_that_agrees_is_told_nothing() {
        let mut seen = LineMetadata::default();
        let nine = at("2026-01-05T09:00:00Z");
        seen.observe("log:1", nine, r#"{"correlation_id": "c1"}"#);
        seen.observe(
            "log:2",
            nine,
            r#"{"recorded_at": "2026-01-05T10:00:00+01:00"}"#,
        );
        seen.observe("log:3", nine, r#"{"position": 7}"#);
        seen.observe("log:4", nine, r#"{"position": "8"}"#);
        seen.observe(
            "log:5",
            nine,
            r#"{"position": 12, "recorded_at": "2026-01-05T09:00:00Z"}"#,
        );
        assert_eq!(seen.told(), Vec::<String>::new());
    }

    /// A line whose metadata said it was recorded in 2030, or gave `position: "abc"`, or whose
    /// positions ran backwards against the lines, verified with nothing said (the review's L4).
    #[test]
    fn metadata_that_disagrees_is_told_once_for_each_kind() {
        let mut seen = LineMetadata::default();
        let nine = at("2026-01-05T09:00:00Z");
        seen.observe(
            "log:1",
            nine,
            r#"{"recorded_at": "2030-01-01T00:00:00Z", "position": 9}"#,
        );
        seen.observe("log:2", nine, r#"{"recorded_at": 5, "position": 3}"#);
        seen.observe("log:3", nine, r#"{"position": "abc"}"#);
        seen.observe("log:4", nine, r#"{"position": 1.5}"#);
        seen.observe("log:5", nine, r#"{"position": 2}"#);
        assert_eq!(
            seen.told(),
            [
                "not an error: 2 lines' metadata give a `recorded_at` other than the line's own \
                 (the first: log:1, \"2030-01-01T00:00:00Z\" against its own \
                 2026-01-05T09:00:00Z): the line's own is taken as when its event was recorded, \
                 and the metadata's is kept as written",
                "not an error: 2 lines' metadata give a `position` that is not a whole number \
                 (the first: log:3, \"abc\"): it is kept as written, and the lines' order is \
                 taken as the log's",
                "not an error: 2 lines' metadata give a `position` that does not rise with the \
                 lines (one no later than the last given before it) (the first: log:2, 3 after \
                 9 at log:1): the lines' order is taken as the log's, and which of two streams' \
                 events came first is judged by it, not by those positions",
            ]
        );
    }
}
