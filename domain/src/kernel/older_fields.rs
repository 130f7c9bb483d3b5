//! Which fields of an event's current form each older stored form lacks, learned rather than
//! declared: exemplars of the current event, built from its fields' shapes, are written in each
//! older form by the upcasters' own `down` steps, and the keys compared. A declaration beside
//! each upcaster would be one more thing for a domain to write and to keep true; `down` is what
//! the simulator already writes older forms with, so what it drops is what those forms lack.

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
/// None when no exemplar could be written in it (its `down` refused them all). A field the form
/// holds under another name (`replaced_fields`) is not lacked; the current form lacks nothing.
pub(crate) fn lacked_by_forms<C: BoundedContext>(
    name: &'static str,
    fields: &[FieldSpec],
    forms: &[StoredVersion],
    upcasters: &Upcasters,
    wiring: &Wiring<C>,
) -> Vec<Option<Vec<&'static str>>> {
    let exemplars: Vec<(Value, Option<StreamId>)> = match forms.len() > 1 {
        true => (0..FLAVOURS)
            .map(|f| as_recorded(name, record(fields, Flavour(f)), wiring))
            .collect(),
        false => Vec::new(),
    };
    (0..forms.len())
        .map(|at| {
            if at + 1 == forms.len() {
                return Some(Vec::new());
            }
            let mut held = FxHashSet::default();
            let mut dropped = FxHashSet::default();
            let mut written = false;
            for (payload, stream) in &exemplars {
                let recorded = Recorded {
                    stream: stream.as_ref(),
                    recorded_at: Instant::default(),
                };
                let Ok((_, Value::Object(older))) =
                    upcasters.downcast(name, payload.clone(), forms[at].version, &recorded)
                else {
                    continue;
                };
                written = true;
                for field in payload.as_object().into_iter().flat_map(Map::keys) {
                    match older.contains_key(name_then(field, &forms[at..])) {
                        true => held.insert(field.clone()),
                        false => dropped.insert(field.clone()),
                    };
                }
            }
            // A field one exemplar's older form held is not lacked, whatever another's dropped.
            written.then(|| {
                fields
                    .iter()
                    .map(|f| f.name)
                    .filter(|f| dropped.contains(*f) && !held.contains(*f))
                    .collect()
            })
        })
        .collect()
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

/// The name a field of the current form had in the first of `forms`, following each declared
/// replacement back from the current form, the last (`price` was `price_cents` in version 1).
fn name_then<'a>(field: &'a str, forms: &[StoredVersion]) -> &'a str {
    let mut now = field;
    for form in forms.iter().rev() {
        if let Some((old, _)) = form.replaced_fields.iter().find(|(_, by)| *by == now) {
            now = old;
        }
    }
    now
}
