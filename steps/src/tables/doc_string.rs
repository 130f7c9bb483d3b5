//! A step's doc string (a JSON array of objects, each naming its message) read into the messages
//! it gives or expects, as a table's rows are.

use domain::kernel::{Catalog, FieldSpec, FieldType, MessageKind, StreamId};
use serde_json::{Map, Value};

use super::columns::{
    entry, field_path, field_type, insert_at, is_field, kind_word, overlapping, set_twice,
};
use super::delay::ExpectedDelay;
use super::expected::{Expectation, ExpectedField};
use super::input::{check_required, stored_form, InputMessage, WrittenIn, NO_STREAM_FOR_COMMANDS};
use crate::cells::Cell;
use crate::older_forms::with_replaced_field;

/// An object of a doc string's JSON array and the message it names under `word` (`event` or
/// `command`).
fn named_object<'v>(
    word: &str,
    item: &'v Value,
) -> Result<(&'v serde_json::Map<String, Value>, &'v String), String> {
    let Value::Object(map) = item else {
        return Err(format!(
            "expected an object with an `{word}` key, found `{item}`"
        ));
    };
    let Some(Value::String(name)) = map.get(word) else {
        return Err(format!(
            "this object names no {word}: add `\"{word}\": \"<Name>\"`"
        ));
    };
    Ok((map, name))
}

/// A mistake in one message of a doc string: which message, the key at fault where one is,
/// and what is wrong.
#[derive(Debug, PartialEq)]
pub struct DocMistake {
    pub item: usize,
    pub key: Option<String>,
    pub message: String,
}

impl DocMistake {
    fn at_key(item: usize, key: &str, message: String) -> Self {
        DocMistake {
            item,
            key: Some(key.to_string()),
            message,
        }
    }
}

impl From<(usize, String)> for DocMistake {
    fn from((item, message): (usize, String)) -> Self {
        DocMistake {
            item,
            key: None,
            message,
        }
    }
}

/// Messages from a doc string's JSON array, each object naming its message under `event` or
/// `command`. Values are taken as written; a readable literal form in a string is read too
/// (`"seats": "3 full"`). Errors carry the index of the object.
pub fn doc_messages(
    catalog: &Catalog,
    kind: MessageKind,
    items: &[Value],
    version: Option<u32>,
) -> Result<Vec<InputMessage>, DocMistake> {
    let word = kind_word(kind);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (map, name) = named_object(word, item).map_err(|e| (i, e))?;
        let message = match version {
            None => Some(entry(catalog, kind, name, 0).map_err(|e| (i, e.message))?),
            Some(v) => stored_form(catalog, name, v, 0).map_err(|e| (i, e.message))?,
        };
        let fields = message.map(|m| m.fields.as_slice());
        check_repeated_keys(map, |dotted| {
            fields.is_none_or(|f| is_field(f, &field_path(dotted)))
        })
        .map_err(|e| (i, e))?;
        let stream = match map.get("stream") {
            Some(_) if kind == MessageKind::Command => {
                return Err(DocMistake::at_key(
                    i,
                    "stream",
                    NO_STREAM_FOR_COMMANDS.into(),
                ))
            }
            // null (as a field not known is written) or nothing, as a blank cell: no stream named.
            Some(Value::Null) | None => None,
            Some(Value::String(named)) if named.trim().is_empty() => None,
            Some(Value::String(named)) => Some(
                named
                    .parse::<StreamId>()
                    .map_err(|e| DocMistake::at_key(i, "stream", format!("stream: {e}")))?,
            ),
            Some(other) => {
                return Err(DocMistake::at_key(
                    i,
                    "stream",
                    format!(
                        "stream: {other} is not a stream name (expected text, `Type/id`, such as \
                         `\"Order/order-7\"`, or null for the stream the domain routes it to)"
                    ),
                ))
            }
        };
        let given = map.iter().filter(|(k, _)| *k != word && *k != "stream");
        if let Some((k, _)) = given.clone().find(|(_, v)| crate::cells::holds_any(v)) {
            return Err(DocMistake::at_key(
                i,
                k,
                format!("{k}: {}", crate::cells::ANY_IN_INPUT),
            ));
        }
        let payload = match message {
            Some(m) => typed_fields(&m.fields, name, given).map_err(|(key, e)| match key {
                Some(key) => DocMistake::at_key(i, key, with_replaced_field(m, key, e)),
                None => DocMistake::from((i, e)),
            })?,
            None => {
                let mut payload = Map::new();
                for (k, v) in given {
                    insert_at(&mut payload, &field_path(k), v.clone());
                }
                payload
            }
        };
        out.push(InputMessage {
            row: i,
            name: name.clone(),
            payload: Value::Object(payload),
            stream,
            stream_column: 0,
        });
    }
    Ok(out)
}

/// A doc string's object sets each field once: a key and a dotted key under it (`attendee` and
/// `attendee.email`) would set one field twice, as two such columns would. `nests` says whether
/// a dotted key names a field of a record, as for columns.
fn check_repeated_keys(
    map: &Map<String, Value>,
    nests: impl Fn(&str) -> bool,
) -> Result<(), String> {
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    match overlapping(&keys, nests) {
        Some((a, b)) => Err(format!(
            "{}: give each field once (the whole object under one key, or each of its fields \
             under a dotted key)",
            set_twice(keys[a], keys[b], "key")
        )),
        None => Ok(()),
    }
}

/// An older stored form's payload once upcast, read field by field against the current form's
/// fields as a doc string's values are: the cells of a `Given the events in version N` table
/// have no types to be read with (the catalog knows older forms by name only), so their mistakes
/// surface here, and are said in the catalog's words rather than the message's deserializer's
/// (`expected i64`). A whole number written `8.0` is read as in any other table.
pub fn typed_upcast(catalog: &Catalog, name: &str, payload: Value) -> Result<Value, String> {
    let (Some(spec), Value::Object(map)) = (catalog.message(name), &payload) else {
        return Ok(payload);
    };
    typed_fields(&spec.fields, name, map.iter())
        .map(Value::Object)
        .map_err(|(_, e)| e)
}

/// A message's payload from its fields as written (keys, dotted or not, and JSON values), each
/// read against its field's type; every field it needs must be there. A mistake comes with the
/// key at fault, where there is one.
fn typed_fields<'v>(
    fields: &[FieldSpec],
    owner: &str,
    given: impl Iterator<Item = (&'v String, &'v Value)>,
) -> Result<Map<String, Value>, (Option<&'v String>, String)> {
    let mut payload = Map::new();
    for (key, value) in given {
        let path = field_path(key);
        let ty = field_type(fields, &path, owner).map_err(|e| (Some(key), e))?;
        let value = read_literal(value, ty).map_err(|e| (Some(key), format!("{key}: {e}")))?;
        insert_at(&mut payload, &path, value);
    }
    check_required(fields, &payload, owner, WrittenIn::DocString).map_err(|e| (None, e))?;
    Ok(payload)
}

/// A string standing where a value object with a literal form is expected is read in that form.
fn read_literal(value: &Value, ty: &FieldType) -> Result<Value, String> {
    if value.is_null() {
        // Said here, at the field, as a cell's `null` is: the message would refuse it as a
        // whole, in serde's words and with no field named.
        return match ty {
            FieldType::Optional(_) => Ok(Value::Null),
            _ => Err(crate::cells::not_null(ty)),
        };
    }
    let mut ty = ty;
    while let FieldType::Optional(inner) = ty {
        ty = inner;
    }
    let mut value = match (ty, value) {
        (FieldType::Literal { parse, .. }, Value::String(s)) => parse(s)?,
        _ => value.clone(),
    };
    crate::cells::fit_numbers(&mut value, ty)?;
    crate::cells::check_shape(&value, ty)?;
    Ok(value)
}

/// A doc string's key and value for a field of a Then: `"<any>"` as in a cell, a readable
/// literal form in a string, anything else as written.
fn doc_expected_field<'c>(
    fields: &'c [FieldSpec],
    owner: &str,
    key: &str,
    value: &Value,
) -> Result<ExpectedField<'c>, String> {
    let path = field_path(key);
    let ty = field_type(fields, &path, owner)?;
    let cell = match value.as_str() {
        Some(crate::cells::ANY) => Cell::Any,
        _ => Cell::Value(read_literal(value, ty).map_err(|e| format!("{key}: {e}"))?),
    };
    Ok(ExpectedField {
        column: 0,
        label: key.to_string(),
        path,
        cell,
        ty: Some(ty),
    })
}

/// An object's fields in the order its author wrote them (`keys`), where a `Map` sorts them; a
/// key missing from `keys` follows, sorted.
fn as_written<'m>(map: &'m Map<String, Value>, keys: &[String]) -> Vec<(&'m String, &'m Value)> {
    in_order(map, |k| keys.iter().position(|w| w == k))
}

/// An object's fields in the order `place` gives their keys (an author's, the catalog's), where
/// a `Map` sorts them; a key `place` does not know follows, sorted.
pub(crate) fn in_order(
    map: &Map<String, Value>,
    place: impl Fn(&str) -> Option<usize>,
) -> Vec<(&String, &Value)> {
    let mut fields: Vec<_> = map.iter().collect();
    fields.sort_by_key(|(k, _)| place(k).unwrap_or(usize::MAX));
    fields
}

/// Expectations from a doc string's JSON array, each object naming its message under `event` or
/// `command`; a command's `delay` key is written as the `delay` column's cells are
/// (`"15 minutes"`). Keys left out are not compared, as blank cells are not.
pub fn doc_expectations<'c>(
    catalog: &'c Catalog,
    kind: MessageKind,
    items: &[Value],
    keys: &[Vec<String>],
) -> Result<Vec<Expectation<'c>>, DocMistake> {
    let word = kind_word(kind);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let (map, name) = named_object(word, item).map_err(|e| (i, e))?;
        let entry = entry(catalog, kind, name, 0).map_err(|e| (i, e.message))?;
        check_repeated_keys(map, |dotted| is_field(&entry.fields, &field_path(dotted)))
            .map_err(|e| (i, e))?;
        let mut fields = Vec::new();
        let mut delay = None;
        for (k, v) in as_written(map, keys.get(i).map_or(&[], Vec::as_slice)) {
            if k == word {
                continue;
            }
            if k == "delay" && kind == MessageKind::Command {
                let Value::String(text) = v else {
                    return Err(DocMistake::at_key(
                        i,
                        k,
                        format!(
                            "delay: `{v}` is not a delay (write it as a string, such as \
                             `\"15 minutes\"` or `\"now\"`)"
                        ),
                    ));
                };
                delay = Some((
                    0,
                    ExpectedDelay::read(text).map_err(|e| DocMistake::at_key(i, k, e))?,
                ));
                continue;
            }
            if k == "stream"
                && kind == MessageKind::Event
                && !is_field(&entry.fields, &field_path(k))
            {
                return Err(DocMistake::at_key(
                    i,
                    k,
                    super::expected::STREAM_IN_A_THEN.replace("column", "key"),
                ));
            }
            fields.push(
                doc_expected_field(&entry.fields, name, k, v)
                    .map_err(|e| DocMistake::at_key(i, k, with_replaced_field(entry, k, e)))?,
            );
        }
        out.push(Expectation {
            row: i,
            name: entry.name,
            fields,
            delay,
        });
    }
    Ok(out)
}

/// A read-model entry's expected fields from a doc string's object.
pub fn doc_entry_expectation<'c>(
    fields: &'c [FieldSpec],
    owner: &str,
    entry: &Value,
    keys: &[String],
) -> Result<Vec<ExpectedField<'c>>, DocMistake> {
    let whole = |message| DocMistake {
        item: 0,
        key: None,
        message,
    };
    let Value::Object(map) = entry else {
        return Err(whole(format!("expected an object of `{owner}` fields")));
    };
    check_repeated_keys(map, |dotted| is_field(fields, &field_path(dotted))).map_err(whole)?;
    let mut out = Vec::new();
    for (k, v) in as_written(map, keys) {
        // A mistake in one field is placed at its key, as a message's is.
        out.push(
            doc_expected_field(fields, owner, k, v).map_err(|message| DocMistake {
                item: 0,
                key: Some(k.clone()),
                message,
            })?,
        );
    }
    Ok(out)
}
