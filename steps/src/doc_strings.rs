//! Doc strings under steps: the JSON they hold (after an optional content type such as
//! `"""json`), read as messages or a read-model entry, with a mistake placed at its line and
//! column in the feature file rather than the JSON parser's.

use cucumber::gherkin::{Step, StepType};
use domain::kernel::MessageKind;
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;

use crate::diagnostics::Located;
use crate::world::GwtWorld;

/// What a step that takes a table says when it has neither a table nor a doc string.
const NEEDS_TABLE: &str = "this step needs a table (or a doc string holding a JSON array) under it";

/// A step's doc string as JSON text, and the content type its opening fence names (`json` in
/// `"""json`), if any. Gherkin gives the doc string from just after its opening fence, so its
/// first line is a content type or nothing; it is blanked rather than dropped, so that the JSON
/// parser's lines are the feature file's lines.
fn doc_text(step: &Step) -> Option<(String, Option<String>)> {
    let doc = step.docstring.as_ref()?;
    let (first, rest) = doc.split_once('\n').unwrap_or((doc.as_str(), ""));
    let first = first.trim();
    let content_type = first
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_+./".contains(c));
    Some(if content_type {
        let named = (!first.is_empty()).then(|| first.to_string());
        (format!("\n{rest}"), named)
    } else {
        (doc.clone(), None)
    })
}

/// The JSON a step's doc string holds; `needs` says what the step takes when it has none.
fn doc_json(world: &GwtWorld, step: &Step, needs: &str) -> Result<Written, Located> {
    let Some((text, content_type)) = doc_text(step) else {
        return Err(world.source.at_step(step, needs));
    };
    if text.trim().is_empty() {
        return Err(world.source.at_step(
            step,
            "the doc string is empty: it must hold JSON, such as `[{\"event\": \"<Name>\", ...}]`",
        ));
    }
    parse_unique(&text).map_err(|mistake| {
        let JsonMistake {
            what,
            mut line,
            mut column,
            repeated_key,
        } = mistake;
        let message = match content_type {
            // Written in another language, the whole doc string is at fault, not a character.
            Some(t) if !t.eq_ignore_ascii_case("json") => {
                (line, column) = first_char(&text);
                format!(
                    "the doc string is marked `{t}`, but a doc string under a step must hold \
                     JSON (write `\"\"\"json` or nothing after the fence)"
                )
            }
            _ if repeated_key => format!("in the doc string: {what}"),
            _ => format!("the doc string is not valid JSON: {what}"),
        };
        world
            .source
            .at_doc_string(step, &text, line, column, message)
    })
}

/// JSON read into a `Value`, refusing a key written twice in one object: serde_json's `Value`
/// keeps the last of them, so the first would be dropped unseen, as a repeated table column would.
#[derive(Clone, Copy)]
struct Unique<'r>(&'r RefCell<Reading>);

/// What reading a doc string notes beside its value.
#[derive(Default)]
struct Reading {
    /// A key written twice, for its place to be found.
    repeated: Option<String>,
    /// Whether each container open around the parser is an array.
    open: Vec<bool>,
    /// The keys of each message object (the doc string's object, or each object of its array)
    /// in the author's order, which `Value`'s sorted map forgets: a failure lists the fields in
    /// that order, as a table's columns are.
    keys: Vec<Vec<String>>,
}

impl<'de> DeserializeSeed<'de> for Unique<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Unique<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.0.borrow_mut().open.push(true);
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        self.0.borrow_mut().open.pop();
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let message_object = {
            let mut reading = self.0.borrow_mut();
            let top = reading.open.len() <= 1 && reading.open.iter().all(|&array| array);
            reading.open.push(false);
            top.then(|| {
                reading.keys.push(Vec::new());
                reading.keys.len() - 1
            })
        };
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let message =
                    format!("the key `{key}` is written twice in one object: give each field once");
                self.0.borrow_mut().repeated = Some(key);
                return Err(A::Error::custom(message));
            }
            if let Some(i) = message_object {
                self.0.borrow_mut().keys[i].push(key.clone());
            }
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        self.0.borrow_mut().open.pop();
        Ok(Value::Object(object))
    }
}

/// A doc string's JSON, and the keys of each message object in it as written (see `Reading`).
pub(crate) struct Written {
    value: Value,
    keys: Vec<Vec<String>>,
}

/// What is wrong with a doc string's JSON and where (line and column, both from 1).
struct JsonMistake {
    what: String,
    line: usize,
    column: usize,
    repeated_key: bool,
}

/// Parses `text` as `Unique` does; a repeated key is placed where its second writing starts,
/// not after it where the parser stood.
fn parse_unique(text: &str) -> Result<Written, JsonMistake> {
    let reading = RefCell::new(Reading::default());
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Unique(&reading)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|_| v));
    let reading = reading.into_inner();
    value
        .map(|value| Written {
            value,
            keys: reading.keys,
        })
        .map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let repeated = reading.repeated;
            let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
            let before: String = line_text.chars().take(column).collect();
            let start = repeated
                .as_ref()
                .and_then(|k| before.rfind(&format!("\"{k}\"")))
                .map(|byte| before[..byte].chars().count() + 1);
            JsonMistake {
                what: crate::cells::json_error(&e),
                line,
                column: start.unwrap_or(column),
                repeated_key: repeated.is_some(),
            }
        })
}

/// Where each element of a JSON text's top-level array starts (line, column; both from 1), so
/// that a mistake in one message of a doc string is placed at that message.
fn element_starts(text: &str) -> Vec<(usize, usize)> {
    let mut starts = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut expecting) = (0usize, false, false, false);
    for (l, line) in text.lines().enumerate() {
        for (c, ch) in line.chars().enumerate() {
            if in_string {
                match ch {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            if ch.is_whitespace() {
                continue;
            }
            if ch == ',' && depth == 1 {
                expecting = true;
                continue;
            }
            if expecting && depth == 1 && !matches!(ch, ']' | '}') {
                starts.push((l + 1, c + 1));
                expecting = false;
            }
            match ch {
                '"' => in_string = true,
                '[' | '{' => {
                    depth += 1;
                    expecting = depth == 1 && ch == '[';
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    starts
}

/// A doc string's JSON array of messages of `kind`, with each object's keys as written. An empty array is refused as a table with
/// no rows is: a Then that expects nothing has a step of its own (`Then no events are
/// recorded`), which also fails on a rejection, where `[]` would pass on anything.
pub(crate) fn doc_array(
    world: &GwtWorld,
    step: &Step,
    kind: MessageKind,
) -> Result<(Vec<Value>, Vec<Vec<String>>), Located> {
    let Written { value, keys } = doc_json(world, step, NEEDS_TABLE)?;
    match value {
        Value::Array(items) if items.is_empty() => {
            let (word, instead) = match kind {
                MessageKind::Event => ("event", "Then no events are recorded"),
                MessageKind::Command => ("command", "Then no commands are sent"),
            };
            let hint = if step.ty == StepType::Then {
                format!(": to expect none, write `{instead}`")
            } else {
                format!(": add an object naming the {word}")
            };
            let text = doc_text(step).map(|(text, _)| text).unwrap_or_default();
            let (line, column) = first_char(&text);
            Err(world.source.at_doc_string(
                step,
                &text,
                line,
                column,
                format!("the doc string lists no {word}{hint}"),
            ))
        }
        Value::Array(items) => Ok((items, keys)),
        other => Err(world.source.at_step(
            step,
            format!(
                "the doc string must hold a JSON array of objects (`[{{...}}, ...]`), not {}",
                json_kind(&other)
            ),
        )),
    }
}

/// Where the first character that is not white space stands (line, column; both from 1).
fn first_char(text: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(l, line)| {
            let column = line.chars().position(|c| !c.is_whitespace())?;
            Some((l + 1, column + 1))
        })
        .unwrap_or((1, 1))
}

/// A doc string's one read-model entry: an object, or an array holding one object; with its
/// keys as written.
pub(crate) fn doc_entry(
    world: &GwtWorld,
    step: &Step,
    owner: &str,
) -> Result<(Value, Vec<String>), Located> {
    let needs = format!(
        "this step needs a one-row table of `{owner}` fields (or a doc string holding one JSON \
         object of them) under it"
    );
    let Written { value, mut keys } = doc_json(world, step, &needs)?;
    let entry = match value {
        Value::Array(mut items) if items.len() == 1 => items.remove(0),
        Value::Array(items) => {
            return Err(world.source.at_step(
                step,
                format!(
                "the doc string must hold one object of `{owner}` fields, but its array holds {}",
                items.len()
            ),
            ))
        }
        other => other,
    };
    if entry.is_object() {
        Ok((entry, keys.drain(..).next().unwrap_or_default()))
    } else {
        Err(world.source.at_step(
            step,
            format!(
                "the doc string must hold an object of `{owner}` fields, not {}",
                json_kind(&entry)
            ),
        ))
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn in_doc_message(world: &GwtWorld, step: &Step, (i, e): (usize, String)) -> Located {
    let message = format!("in message {} of the doc string: {e}", i + 1);
    let text = doc_text(step).map(|(text, _)| text).unwrap_or_default();
    match element_starts(&text).get(i) {
        Some(&(line, column)) => world
            .source
            .at_doc_string(step, &text, line, column, message),
        None => world.source.at_step(step, message),
    }
}

#[cfg(test)]
mod tests {
    use super::{element_starts, parse_unique};

    #[test]
    fn each_element_of_a_doc_string_s_array_is_found_where_it_starts() {
        let text = "\n[\n  {\"a\": \"[,{\\\"\", \"b\": [1, 2]},\n  {\"c\": {}}, 3\n]";
        assert_eq!(element_starts(text), vec![(3, 3), (4, 3), (4, 14)]);
        assert_eq!(element_starts("[]"), vec![]);
    }
    #[test]
    fn the_keys_of_each_message_object_are_kept_in_the_order_written() {
        let keys = |text: &str| parse_unique(text).ok().map(|w| w.keys);
        let owned = |k: &[&[&str]]| {
            Some(
                k.iter()
                    .map(|o| o.iter().map(|s| s.to_string()).collect())
                    .collect(),
            )
        };
        assert_eq!(
            keys(r#"[{"b": 1, "a": {"z": 1, "y": 2}}, {"d": [{"x": 1}], "c": 2}]"#),
            owned(&[&["b", "a"], &["d", "c"]])
        );
        assert_eq!(
            keys(r#"{"b": 1, "a": [{"x": 1}], "c": {"w": 0}}"#),
            owned(&[&["b", "a", "c"]])
        );
        assert_eq!(keys(r#"[[{"a": 1}]]"#), owned(&[]));
    }
}
