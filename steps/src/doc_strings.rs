//! Doc strings under steps: the JSON they hold (after an optional content type such as
//! `"""json`), read as messages or a read-model entry, with a mistake placed at its line and
//! column in the feature file rather than the JSON parser's.

use cucumber::gherkin::Step;
use serde_json::Value;

use crate::diagnostics::Located;
use crate::world::GwtWorld;

/// What a step that takes a table says when it has neither a table nor a doc string.
const NEEDS_TABLE: &str = "this step needs a table (or a doc string holding a JSON array) under it";

/// A step's doc string as JSON text. Gherkin gives the doc string from just after its opening
/// fence, so its first line is a content type (`"""json`) or nothing; it is blanked rather than
/// dropped, so that the JSON parser's lines are the feature file's lines.
fn doc_text(step: &Step) -> Option<String> {
    let doc = step.docstring.as_ref()?;
    let (first, rest) = doc.split_once('\n').unwrap_or((doc.as_str(), ""));
    let content_type = first
        .trim()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_+./".contains(c));
    Some(if content_type {
        format!("\n{rest}")
    } else {
        doc.clone()
    })
}

/// The JSON a step's doc string holds.
fn doc_json(world: &GwtWorld, step: &Step) -> Result<Value, Located> {
    let Some(text) = doc_text(step) else {
        return Err(world.source.at_step(step, NEEDS_TABLE));
    };
    serde_json::from_str(&text).map_err(|e| {
        let what = crate::cells::json_error(&e);
        world.source.at_doc_string(
            step,
            &text,
            e.line(),
            e.column(),
            format!("the doc string is not valid JSON: {what}"),
        )
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

/// A doc string's JSON array of messages.
pub(crate) fn doc_array(world: &GwtWorld, step: &Step) -> Result<Vec<Value>, Located> {
    match doc_json(world, step)? {
        Value::Array(items) => Ok(items),
        other => Err(world.source.at_step(
            step,
            format!(
                "the doc string must hold a JSON array of objects (`[{{...}}, ...]`), not {}",
                json_kind(&other)
            ),
        )),
    }
}

/// A doc string's one read-model entry: an object, or an array holding one object.
pub(crate) fn doc_entry(world: &GwtWorld, step: &Step, owner: &str) -> Result<Value, Located> {
    let value = doc_json(world, step)?;
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
        Ok(entry)
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
    let text = doc_text(step).unwrap_or_default();
    match element_starts(&text).get(i) {
        Some(&(line, column)) => world
            .source
            .at_doc_string(step, &text, line, column, message),
        None => world.source.at_step(step, message),
    }
}

#[cfg(test)]
mod tests {
    use super::element_starts;

    #[test]
    fn each_element_of_a_doc_string_s_array_is_found_where_it_starts() {
        let text = "\n[\n  {\"a\": \"[,{\\\"\", \"b\": [1, 2]},\n  {\"c\": {}}, 3\n]";
        assert_eq!(element_starts(text), vec![(3, 3), (4, 3), (4, 14)]);
        assert_eq!(element_starts("[]"), vec![]);
    }
}
