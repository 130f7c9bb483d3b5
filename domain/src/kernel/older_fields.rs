//! Which fields of an event's current form each older stored form lacks, learned rather than
//! declared: exemplars of the current event, built from its fields' shapes, are written in each
//! older form by the upcasters' own `down` steps, and the keys compared, those of the records
//! inside too. A declaration beside each upcaster would be one more thing for a domain to write
//! and to keep true; `down` is what the simulator already writes older forms with, so what it
//! drops is what those forms lack.

use rustc_hash::FxHashSet;
use serde_json::{Map, Number, Value};

use super::{
    BoundedContext, FieldSpec, FieldType, Instant, Message, Recorded, StoredVersion, StreamId,
    Upcasters, Wiring,
};

/// The knobs an exemplar's values turn on: each of the 16 sets one kind of value either way, so
/// that a `down` that refuses some combinations (a flag that must agree with a total being zero,
/// an optional field the older form cannot hold unless empty) still writes one of them.
#[derive(Clone, Copy)]
struct Flavour(u8);

const FLAVOURS: u8 = 16;

impl Flavour {
    fn truth(self) -> bool {
        self.0 & 1 != 0
    }
    fn one(self) -> bool {
        self.0 & 2 != 0
    }
    fn filled(self) -> bool {
        self.0 & 4 != 0
    }
    fn listed(self) -> bool {
        self.0 & 8 != 0
    }
}

/// A value of shape `ty`, as `flavour` says.
fn exemplar(ty: &FieldType, flavour: Flavour) -> Value {
    match ty {
        FieldType::Text => Value::from("x"),
        FieldType::Integer(range) => {
            let n = i128::from(flavour.one()).clamp(range.least, range.most);
            i64::try_from(n)
                .map(Number::from)
                .or_else(|_| u64::try_from(n).map(Number::from))
                .map_or(Value::Null, Value::Number)
        }
        FieldType::Decimal => Value::from(if flavour.one() { "1.00" } else { "0.00" }),
        FieldType::Boolean => Value::Bool(flavour.truth()),
        FieldType::Instant => Value::from("2026-01-05T09:00:00Z"),
        FieldType::List(inner) => match flavour.listed() {
            true => Value::Array(vec![exemplar(inner, flavour)]),
            false => Value::Array(Vec::new()),
        },
        FieldType::Optional(inner) => match flavour.filled() {
            true => exemplar(inner, flavour),
            false => Value::Null,
        },
        FieldType::Record { fields, .. } => record(fields, flavour),
        FieldType::Literal {
            example,
            inner,
            parse,
            ..
        } => parse(example).unwrap_or_else(|_| exemplar(inner, flavour)),
    }
}

fn record(fields: &[FieldSpec], flavour: Flavour) -> Value {
    let fields: Map<String, Value> = fields
        .iter()
        .map(|f| (f.name.to_string(), exemplar(&f.ty, flavour)))
        .collect();
    Value::Object(fields)
}

/// For each stored form of the event `name` with `fields`, oldest first as `forms` lists them:
/// the fields of the current form that form lacks, in the order the current form lists them, or
/// None when no exemplar could be written in it (its `down` refused them all). A field inside a
/// record (one in a list included) is named by its dotted path (`seats.attendee_email`), and only
/// when the form holds the record itself: a record the form lacks whole is named alone. A field
/// the form holds under another name (`replaced_fields`) is not lacked; the current form lacks
/// nothing.
pub(crate) fn lacked_by_forms<C: BoundedContext>(
    name: &'static str,
    fields: &[FieldSpec],
    forms: &[StoredVersion],
    upcasters: &Upcasters,
    wiring: &Wiring<C>,
) -> Vec<Option<Vec<String>>> {
    let exemplars: Vec<(Value, Option<StreamId>)> = match forms.len() > 1 {
        true => (0..FLAVOURS)
            .map(|f| as_recorded(name, record(fields, Flavour(f)), wiring))
            .collect(),
        false => Vec::new(),
    };
    let mut paths = Vec::new();
    every_path(fields, "", &mut paths);
    (0..forms.len())
        .map(|at| {
            if at + 1 == forms.len() {
                return Some(Vec::new());
            }
            let mut seen = Seen::default();
            let mut written = false;
            for (payload, stream) in &exemplars {
                let recorded = Recorded {
                    stream: stream.as_ref(),
                    recorded_at: Instant::default(),
                };
                let Ok((_, older)) =
                    upcasters.downcast(name, payload.clone(), forms[at].version, &recorded)
                else {
                    continue;
                };
                if !older.is_object() {
                    continue;
                }
                written = true;
                seen.compare_fields(fields, "", payload, &older, &forms[at..]);
            }
            // A field one exemplar's older form held is not lacked, whatever another's dropped.
            written.then(|| {
                paths
                    .iter()
                    .filter(|p| seen.dropped.contains(*p) && !seen.held.contains(*p))
                    .cloned()
                    .collect()
            })
        })
        .collect()
}

/// The path of `name` inside the record at `parent` (the payload itself when empty).
fn path_of(parent: &str, name: &str) -> String {
    match parent.is_empty() {
        true => name.to_string(),
        false => format!("{parent}.{name}"),
    }
}

/// Every field's path, each record's fields right after the field holding it: the order the
/// lacked ones are told in.
fn every_path(fields: &[FieldSpec], parent: &str, paths: &mut Vec<String>) {
    for f in fields {
        let path = path_of(parent, f.name);
        paths.push(path.clone());
        if let Some(inner) = record_fields(&f.ty) {
            every_path(inner, &path, paths);
        }
    }
}

/// The fields of the record a value of `ty` is or holds (through options, lists and literals).
fn record_fields(ty: &FieldType) -> Option<&[FieldSpec]> {
    match ty {
        FieldType::Record { fields, .. } => Some(fields),
        FieldType::List(inner) | FieldType::Optional(inner) => record_fields(inner),
        FieldType::Literal { inner, .. } => record_fields(inner),
        _ => None,
    }
}

/// The paths the older forms written so far held, and those they dropped.
#[derive(Default)]
struct Seen {
    held: FxHashSet<String>,
    dropped: FxHashSet<String>,
}

impl Seen {
    /// Compares the record `current`, at `parent`, with `older`, the same record in the first of
    /// `forms`.
    fn compare_fields(
        &mut self,
        fields: &[FieldSpec],
        parent: &str,
        current: &Value,
        older: &Value,
        forms: &[StoredVersion],
    ) {
        let (Value::Object(current), Value::Object(older)) = (current, older) else {
            return;
        };
        for f in fields {
            let Some(value) = current.get(f.name) else {
                continue;
            };
            let path = path_of(parent, f.name);
            let then = name_then(&path, forms);
            // The key within this record: the last part of the path it had then.
            let key = then.rsplit('.').next().unwrap_or(&then);
            match older.get(key) {
                Some(was) => {
                    self.compare_values(&f.ty, &path, value, was, forms);
                    self.held.insert(path);
                }
                None => {
                    self.dropped.insert(path);
                }
            }
        }
    }

    /// Compares a value of shape `ty` at `path` with the older form's, looking into records.
    fn compare_values(
        &mut self,
        ty: &FieldType,
        path: &str,
        current: &Value,
        older: &Value,
        forms: &[StoredVersion],
    ) {
        match ty {
            FieldType::Record { fields, .. } => {
                self.compare_fields(fields, path, current, older, forms)
            }
            FieldType::Optional(inner) | FieldType::Literal { inner, .. } => {
                self.compare_values(inner, path, current, older, forms)
            }
            FieldType::List(inner) => {
                if let (Value::Array(current), Value::Array(older)) = (current, older) {
                    for (now, was) in current.iter().zip(older) {
                        self.compare_values(inner, path, now, was, forms);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The exemplar `payload` as the event it builds writes it (the domain's own serialization of
/// amounts, instants and empty options), with the stream its aggregate records it in, for a
/// `down` that reads either; as built, with no stream, when it builds no event.
fn as_recorded<C: BoundedContext>(
    name: &str,
    payload: Value,
    wiring: &Wiring<C>,
) -> (Value, Option<StreamId>) {
    let Ok(event) = C::Event::from_payload(name, payload.clone()) else {
        return (payload, None);
    };
    let stream = wiring
        .aggregates
        .iter()
        .find(|a| a.events().contains(&name))
        .and_then(|a| Some(StreamId::new(a.name(), a.event_stream(&event)?)));
    (event.payload(), stream)
}

/// The path a field of the current form had in the first of `forms`, following each declared
/// replacement back from the current form, the last (`price` was `price_cents` in version 1): of
/// the field itself, or of a record holding it (`attendee.email` was `contact.email` when
/// `attendee` was `contact`; `replaced_fields` may name a field inside a record by its path).
fn name_then(path: &str, forms: &[StoredVersion]) -> String {
    let mut now = path.to_string();
    for form in forms.iter().rev() {
        // The most particular replacement: a field's own before its record's.
        let renamed = (form.replaced_fields.iter())
            .filter_map(|(old, by)| {
                let rest = now.strip_prefix(by)?;
                (rest.is_empty() || rest.starts_with('.'))
                    .then(|| (by.len(), format!("{old}{rest}")))
            })
            .max_by_key(|(len, _)| *len);
        if let Some((_, renamed)) = renamed {
            now = renamed;
        }
    }
    now
}
