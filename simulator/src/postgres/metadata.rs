//! A row's metadata: when its event was recorded, and what else it carries, read without copying.

use domain::kernel::{parse_instant, Instant, InstantError};

/// What the reader takes from a row's metadata (`recorded_at`); anything else in it is left
/// alone. The tool's own keys (`recorded_at`, and `position`, a bigint from 1 as `gwt load`
/// writes it, which orders the reading; a `position` of another kind is the application's) are
/// refused when given twice: which one counts would be the JSON reader's choice, where a JSON
/// line that gives `recorded_at` twice is refused.
struct Metadata<'a> {
    recorded_at: Option<std::borrow::Cow<'a, str>>,
    position: Position,
    /// Its other keys, as written, in their order: what the event carries beyond its stored
    /// form, for the migrated copy to keep. Empty (nothing allocated) for the metadata `gwt load`
    /// writes.
    others: Vec<(std::borrow::Cow<'a, str>, &'a serde_json::value::RawValue)>,
}

/// What a row's metadata gives as its `position`, as an index on the order of recording reads
/// it (`schema::POSITION`, a cast to bigint).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Position {
    #[default]
    Absent,
    /// A whole number from 1, as `gwt load` writes it (a JSON number): the tool's own key.
    Indexable(i64),
    /// One the index reads as the whole number `read`, but `gwt load` never writes so, as
    /// `written`: JSON text (`"3"`), or a number below 1. The reading is ordered by it all the
    /// same; it is the application's key (or another writer's), and the migrated copy would keep
    /// it, which `gwt load` refuses.
    Cast { read: i64, written: Box<str> },
    /// Anything else, as written (`"abc"`, `1.5`): the index's cast would refuse it.
    Other(Box<str>),
}

impl Position {
    fn of(value: &serde_json::value::RawValue) -> Self {
        let text = value.get();
        // `->>` gives SQL's NULL for JSON's null, which the index's cast takes: no position.
        if text == "null" {
            return Position::Absent;
        }
        let whole = match text.starts_with('"') {
            true => serde_json::from_str::<String>(text)
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok()),
            false => text.parse::<i64>().ok(),
        };
        match whole {
            Some(n) if n >= 1 && !text.starts_with('"') => Position::Indexable(n),
            Some(read) => Position::Cast {
                read,
                written: text.into(),
            },
            None => Position::Other(text.into()),
        }
    }
}

/// What the reader takes from a row's metadata: see `recorded_at`.
#[derive(Debug)]
pub(super) struct RowMetadata {
    pub recorded_at: Option<Instant>,
    /// Its keys but the tool's own, as a JSON object's text (see `Metadata::others`).
    pub others: Option<Box<str>>,
    pub position: Position,
}

impl RowMetadata {
    fn of(recorded_at: Option<Instant>, read: Metadata) -> Self {
        RowMetadata {
            recorded_at,
            others: read.others_text(),
            position: read.position,
        }
    }
}

impl Metadata<'_> {
    /// The other keys as a JSON object's text, or None when there are none.
    fn others_text(&self) -> Option<Box<str>> {
        if self.others.is_empty() {
            return None;
        }
        let mut text = String::from("{");
        for (i, (key, value)) in self.others.iter().enumerate() {
            if i > 0 {
                text.push(',');
            }
            text.push_str(&serde_json::to_string(key).unwrap_or_default());
            text.push(':');
            text.push_str(value.get());
        }
        text.push('}');
        Some(text.into())
    }
}

impl<'de> serde::Deserialize<'de> for Metadata<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(MetadataVisitor)
    }
}

struct MetadataVisitor;

/// Text borrowed from the metadata where it holds no escapes (serde's own `Cow` always copies):
/// read for every row.
struct Borrowed<'a>(std::borrow::Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Borrowed<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Borrowed<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text")
            }
            fn visit_borrowed_str<Er: serde::de::Error>(
                self,
                v: &'de str,
            ) -> Result<Self::Value, Er> {
                Ok(Borrowed(v.into()))
            }
            fn visit_str<Er: serde::de::Error>(self, v: &str) -> Result<Self::Value, Er> {
                Ok(Borrowed(v.to_string().into()))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl<'de> serde::de::Visitor<'de> for MetadataVisitor {
    type Value = Metadata<'de>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        use serde::de::Error;
        let mut recorded_at = None;
        let mut position = Position::Absent;
        let mut position_given = false;
        let mut others = Vec::new();
        while let Some(Borrowed(key)) = map.next_key()? {
            match &*key {
                // Refused before its value is read, so that the error stands where the strict
                // tree places a repeat: just after its key.
                "recorded_at" if recorded_at.is_some() => {
                    return Err(A::Error::duplicate_field("recorded_at"))
                }
                "position" if position_given => return Err(A::Error::duplicate_field("position")),
                "recorded_at" => recorded_at = Some(map.next_value::<Borrowed>()?.0),
                // `gwt load` writes a bigint from 1, as the order index reads it; anything else
                // is the application's own key of that name, kept for the migrated copy as its
                // other keys are.
                "position" => {
                    let value: &serde_json::value::RawValue = map.next_value()?;
                    position = Position::of(value);
                    position_given = true;
                    if !matches!(position, Position::Indexable(_)) {
                        others.push((key, value));
                    }
                }
                _ => others.push((key, map.next_value()?)),
            }
        }
        Ok(Metadata {
            recorded_at,
            position,
            others,
        })
    }
}

/// The instant a row's metadata says its event was recorded, if it says one (postgres-es writes
/// `{}` unless the application adds to it), and the rest of it (see `Metadata`). The usual
/// metadata is read without building a tree; anything else is read again to say what is wrong
/// with it.
/// And the position it gives, for the report to say of a table without the index on them.
pub(super) fn recorded_at(metadata: &str) -> Result<RowMetadata, String> {
    let fast = serde_json::from_str::<Metadata>(metadata);
    match fast {
        Ok(read) => match read.recorded_at.as_deref().map(parse_instant) {
            Some(Ok(instant)) => return Ok(RowMetadata::of(Some(instant), read)),
            None => return Ok(RowMetadata::of(None, read)),
            Some(Err(_)) => {}
        },
        Err(e) if e.to_string().starts_with("duplicate field") => {
            return Err(domain::kernel::json_error_in(&e, "the metadata", metadata))
        }
        Err(_) => {}
    }
    const EXPECTED: &str = "expected the instant the event was recorded, such as \
                            \"2026-01-05T09:00:00Z\"";
    let not_json = |e: &serde_json::Error| {
        format!(
            "the metadata is not JSON ({})",
            domain::kernel::json_error_in(e, "the metadata", metadata)
        )
    };
    // serde_json's tree keeps the last of a key given twice; the strict one says which was (a
    // repeat the reading above did not reach: after a value it refused).
    let value = match domain::kernel::strict_tree(metadata, "the metadata") {
        Ok(value) => value,
        Err(domain::kernel::TreeError::Repeated { key, error })
            if key == "recorded_at" || key == "position" =>
        {
            return Err(domain::kernel::json_error_in(
                &error,
                "the metadata",
                metadata,
            ))
        }
        // A key of its own given twice, or a number a tree would round: neither is read here.
        Err(
            domain::kernel::TreeError::Repeated { .. } | domain::kernel::TreeError::Inexact { .. },
        ) => serde_json::from_str(metadata).map_err(|e| not_json(&e))?,
        Err(domain::kernel::TreeError::Json(e)) => return Err(not_json(&e)),
    };
    let serde_json::Value::Object(fields) = value else {
        // Not "an object with `recorded_at`": `{}` is taken too (a row replayed undated).
        return Err(format!(
            "the metadata is {value}, not a JSON object (expected what the event carries \
             beyond its stored form, such as {{\"recorded_at\": \"2026-01-05T09:00:00Z\"}}, \
             or {{}})"
        ));
    };
    let why = match fields.get("recorded_at") {
        // Never so: the reading above takes any object, with or without it.
        None => format!("the metadata cannot be read ({EXPECTED})"),
        Some(serde_json::Value::String(at)) => match parse_instant(at) {
            // In the kernel's words, as a log's `recorded_at` and a feature file's cell are told.
            Err(
                e
                @ (InstantError::FinerThanNanoseconds { .. } | InstantError::LeapSecondOutOfPlace),
            ) => {
                format!("the metadata's `recorded_at` {}", e.of(at))
            }
            Err(e) => {
                format!("the metadata's `recorded_at` {at:?} is not an instant: {e} ({EXPECTED})")
            }
            // Never so: the reading above takes any instant parse_instant takes.
            Ok(_) => format!("the metadata cannot be read ({EXPECTED})"),
        },
        Some(other) => format!("the metadata's `recorded_at` is {other}, not text ({EXPECTED})"),
    };
    Err(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Metadata that gives no `recorded_at` reads as an event recorded at an instant not
    /// known, its other keys kept (postgres-es writes `{}`); metadata that gives a wrong one, or
    /// is no object, is a fault of the row's like any other.
    #[test]
    fn metadata_without_recorded_at_reads_undated_and_a_wrong_one_is_refused() {
        let read =
            |metadata: &str| recorded_at(metadata).map(|m| (m.recorded_at.is_some(), m.others));
        assert_eq!(read("{}"), Ok((false, None)));
        assert_eq!(
            read(r#"{"correlation_id":"x"}"#),
            Ok((false, Some(r#"{"correlation_id":"x"}"#.into())))
        );
        assert_eq!(
            read(r#"{"recorded_at":"2026-01-05T09:00:00Z"}"#),
            Ok((true, None))
        );
        for refused in [
            r#"{"recorded_at":null}"#,
            r#"{"recorded_at":"nope"}"#,
            "[]",
            "{",
        ] {
            assert!(read(refused).is_err(), "{refused}");
        }
        // Told what an object may hold, `{}` too, which reads (the review's L7).
        assert_eq!(
            recorded_at("null").err(),
            Some(
                "the metadata is null, not a JSON object (expected what the event carries \
                 beyond its stored form, such as {\"recorded_at\": \"2026-01-05T09:00:00Z\"}, \
                 or {})"
                    .into()
            )
        );
        // Given twice, which one counts is not known: refused as before.
        assert!(read(r#"{"position":1,"position":2}"#).is_err());
    }

    /// A `recorded_at` finer than nanoseconds is told in the kernel's words, as a log's line
    /// and a feature file's cell are, after where it was: the metadata's `recorded_at`.
    #[test]
    fn a_recorded_at_finer_than_nanoseconds_is_told_in_the_kernels_words() {
        let at = "2026-01-05T09:00:00.12345678987654321Z";
        let kernel = parse_instant(at).unwrap_err().of(at);
        assert_eq!(
            recorded_at(&format!(r#"{{"recorded_at":"{at}"}}"#)).err(),
            Some(format!("the metadata's `recorded_at` {kernel}"))
        );
        assert!(
            kernel.starts_with(&format!("{at:?} is finer than an instant holds")),
            "{kernel}"
        );
        // Any other instant it cannot read keeps its own words, with the form expected.
        let said = recorded_at(r#"{"recorded_at":"nope"}"#)
            .err()
            .unwrap_or_default();
        assert!(
            said.starts_with("the metadata's `recorded_at` \"nope\" is not an instant: "),
            "{said}"
        );
    }

    /// The `position` `gwt load` writes (a bigint from 1) is the tool's, and left out of what
    /// the event carries; a `position` of another kind is the application's, kept with its
    /// other keys, where it was dropped from the migrated copy without a word.
    #[test]
    fn only_the_position_gwt_load_writes_is_left_out_of_what_the_event_carries() {
        let others = |metadata: &str| recorded_at(metadata).ok().and_then(|m| m.others);
        let at = r#""recorded_at":"2026-01-05T09:00:00Z""#;
        assert_eq!(others(&format!(r#"{{{at},"position":17}}"#)), None);
        // Past a bigint, or below 1, no position gwt load writes.
        for position in ["18446744073709551615", "-3", "0"] {
            assert_eq!(
                others(&format!(r#"{{{at},"position":{position}}}"#)).as_deref(),
                Some(format!(r#"{{"position":{position}}}"#).as_str()),
                "{position}"
            );
        }
        assert_eq!(
            others(&format!(r#"{{{at},"position":"north","user":"ann"}}"#)).as_deref(),
            Some(r#"{"position":"north","user":"ann"}"#)
        );
        assert_eq!(
            others(&format!(r#"{{{at},"position":{{"x":1}}}}"#)).as_deref(),
            Some(r#"{"position":{"x":1}}"#)
        );
    }

    /// A position the index reads as a whole number but gwt load never writes so (text, or
    /// below 1) is told apart from gwt load's, with what the index reads it as: it orders the
    /// reading, and is the application's key all the same (the review of 2026-12-06, F3).
    #[test]
    fn a_position_the_index_reads_but_gwt_load_does_not_write_is_told_apart() {
        let position = |metadata: &str| recorded_at(metadata).map(|m| m.position).ok();
        assert_eq!(position(r#"{"position":3}"#), Some(Position::Indexable(3)));
        for (written, read) in [(r#""3""#, 3), (r#"" 12 ""#, 12), ("0", 0), ("-3", -3)] {
            assert_eq!(
                position(&format!(r#"{{"position":{written}}}"#)),
                Some(Position::Cast {
                    read,
                    written: written.into()
                }),
                "{written}"
            );
        }
        assert_eq!(
            position(r#"{"position":"abc"}"#),
            Some(Position::Other(r#""abc""#.into()))
        );
        assert_eq!(position(r#"{"position":null}"#), Some(Position::Absent));
    }
}
