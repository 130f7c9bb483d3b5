//! Doc strings under steps: the JSON they hold (after an optional content type such as
//! `"""json`), read as messages or a read-model entry, with a mistake placed at its line and
//! column in the feature file rather than the JSON parser's.

use cucumber::gherkin::{Step, StepType};
use domain::kernel::MessageKind;
use domain::kernel::Written;
use serde_json::Value;

use crate::diagnostics::Located;
use crate::tables::DocMistake;
use crate::world::GwtWorld;

/// What a step that takes a table says when it has neither a table nor a doc string.
const NEEDS_TABLE: &str = "this step needs a table (or a doc string holding a JSON array) under it";

/// A step's doc string as JSON text, and the content type its opening fence names (`json` in
/// `"""json`), if any. Gherkin gives the doc string from just after its opening fence, so its
/// first line is a content type or nothing; it is blanked rather than dropped, so that the JSON
/// parser's lines are the feature file's lines.
pub(crate) fn doc_text(step: &Step) -> Option<(String, Option<String>)> {
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
            valid_json,
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
            _ if valid_json => format!("in the doc string: {what}"),
            _ => format!("the doc string is not valid JSON: {what}"),
        };
        world
            .source
            .at_doc_string(step, &text, line, column, message)
    })
}

/// What is wrong with a doc string's JSON and where (line and column, both from 1).
struct JsonMistake {
    what: String,
    line: usize,
    column: usize,
    /// Whether the text is JSON, refused for what it says (a key twice, a number too long).
    valid_json: bool,
}

/// Reads `text` with the kernel's strict tree: a key written twice is refused (serde_json's own
/// tree keeps the last, dropping the first unseen, as a repeated table column would), placed
/// where its second writing starts, not after it where the parser stood; a number no float
/// holds as written is refused rather than rounded.
fn parse_unique(text: &str) -> Result<Written, JsonMistake> {
    use domain::kernel::TreeError;
    domain::kernel::strict_tree_as_written(text, "the doc string").map_err(|e| match e {
        // In plain words: an author reads `expected ident` as the parser's, not theirs.
        TreeError::Json(e) => {
            let (line, column) = domain::kernel::json_place(&e, text);
            JsonMistake {
                what: domain::kernel::plain_json_words(
                    &crate::cells::json_error(&e),
                    "the doc string",
                ),
                line,
                column,
                valid_json: false,
            }
        }
        TreeError::Repeated { key, error } => {
            let (line, column) = domain::kernel::json_place(&error, text);
            let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
            let before: String = line_text.chars().take(column).collect();
            let start = before
                .rfind(&format!("\"{key}\""))
                .map(|byte| before[..byte].chars().count() + 1);
            JsonMistake {
                what: format!(
                    "the key `{key}` is written twice in one object: give each field once"
                ),
                line,
                column: start.unwrap_or(column),
                valid_json: true,
            }
        }
        TreeError::Inexact {
            line,
            column,
            number,
        } => JsonMistake {
            what: domain::kernel::inexact_reason(&number),
            line,
            column,
            valid_json: true,
        },
    })
}

/// An element of a JSON text's top-level array as written: where it starts, and where each
/// of its keys stands when it is an object (line, column of the opening quote; both from 1),
/// each key as JSON reads it (`"pr\u0069ce"` is `price`). A mistake in one message of a doc
/// string is placed at that message, or at the key at fault.
struct Element {
    start: (usize, usize),
    keys: Vec<(String, (usize, usize))>,
}

/// The elements of a JSON text's top-level array, as written (see `Element`).
fn elements(text: &str) -> Vec<Element> {
    let mut elements: Vec<Element> = Vec::new();
    let (mut depth, mut escaped, mut expecting, mut expecting_key) = (0usize, false, false, false);
    // The string being read: whether it is a key of an element, its text so far, where it starts.
    let mut string: Option<(bool, String, (usize, usize))> = None;
    for (l, line) in text.lines().enumerate() {
        for (c, ch) in line.chars().enumerate() {
            if let Some((is_key, raw, at)) = &mut string {
                match ch {
                    _ if escaped => {
                        escaped = false;
                        raw.push(ch);
                    }
                    '\\' => {
                        escaped = true;
                        raw.push(ch);
                    }
                    '"' => {
                        if let (true, Some(element)) = (*is_key, elements.last_mut()) {
                            element.keys.push((read_key(raw), *at));
                        }
                        string = None;
                    }
                    _ => raw.push(ch),
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
                elements.push(Element {
                    start: (l + 1, c + 1),
                    keys: Vec::new(),
                });
                expecting = false;
            }
            match ch {
                '"' => {
                    string = Some((expecting_key && depth == 2, String::new(), (l + 1, c + 1)));
                    expecting_key = false;
                }
                '[' | '{' => {
                    depth += 1;
                    expecting = depth == 1 && ch == '[';
                    expecting_key = depth == 2 && ch == '{';
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                ',' => expecting_key = depth == 2,
                _ => {}
            }
        }
    }
    elements
}

/// A key's text between its quotes, as JSON reads it.
fn read_key(raw: &str) -> String {
    serde_json::from_str(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_string())
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

pub(crate) fn in_doc_message(world: &GwtWorld, step: &Step, mistake: DocMistake) -> Located {
    let DocMistake { item, key, message } = mistake;
    let message = format!("in message {} of the doc string: {message}", item + 1);
    let text = doc_text(step).map(|(text, _)| text).unwrap_or_default();
    let element = elements(&text).into_iter().nth(item);
    let at = element.map(|e| {
        key.and_then(|key| e.keys.iter().find(|(k, _)| *k == key).map(|(_, at)| *at))
            .unwrap_or(e.start)
    });
    match at {
        Some((line, column)) => world
            .source
            .at_doc_string(step, &text, line, column, message),
        None => world.source.at_step(step, message),
    }
}

/// A mistake in a read model's doc string (one object, or an array holding one), placed at the
/// key it names, as a message's is; at the step when it names none or the key is not found.
pub(crate) fn in_doc_entry(world: &GwtWorld, step: &Step, mistake: DocMistake) -> Located {
    let DocMistake { key, message, .. } = mistake;
    let message = format!("in the doc string: {message}");
    let text = doc_text(step).map(|(text, _)| text).unwrap_or_default();
    // A bare object is read as the one element of an array around it, a line above and below,
    // so that its keys are found as an array's first element's are.
    let (element, lines_above) = match text.trim_start().starts_with('{') {
        true => (elements(&format!("[\n{text}\n]")).into_iter().next(), 1),
        false => (elements(&text).into_iter().next(), 0),
    };
    let at = key.and_then(|key| {
        element?
            .keys
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, (line, column))| (line - lines_above, column))
    });
    match at {
        Some((line, column)) => world
            .source
            .at_doc_string(step, &text, line, column, message),
        None => world.source.at_step(step, message),
    }
}

#[cfg(test)]
mod tests {
    use super::elements;

    fn element_starts(text: &str) -> Vec<(usize, usize)> {
        elements(text).iter().map(|e| e.start).collect()
    }

    fn key_start(text: &str, item: usize, key: &str) -> Option<(usize, usize)> {
        let element = elements(text).into_iter().nth(item)?;
        element
            .keys
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, at)| at)
    }

    #[test]
    fn a_key_of_a_doc_string_s_message_is_found_where_it_is_written() {
        let text = "[\n  {\"event\": \"A\", \"x\": {\"price\": 1}},\n  {\"event\": \"B\",\n   \"price\": \"1,5\", \"q\\\"\": 2}\n]";
        // Not the nested `price` of the first message, nor a value that reads as a key.
        assert_eq!(key_start(text, 1, "price"), Some((4, 4)));
        assert_eq!(key_start(text, 0, "price"), None);
        assert_eq!(key_start(text, 0, "x"), Some((2, 18)));
        assert_eq!(key_start(text, 1, "B"), None);
        assert_eq!(key_start(text, 1, "q\""), Some((4, 20)));
        assert_eq!(
            key_start("[{\"pr\\u0069ce\": 1}]", 0, "price"),
            Some((1, 3))
        );
        assert_eq!(key_start(text, 2, "event"), None);
    }

    #[test]
    fn each_element_of_a_doc_string_s_array_is_found_where_it_starts() {
        let text = "\n[\n  {\"a\": \"[,{\\\"\", \"b\": [1, 2]},\n  {\"c\": {}}, 3\n]";
        assert_eq!(element_starts(text), vec![(3, 3), (4, 3), (4, 14)]);
        assert_eq!(element_starts("[]"), vec![]);
    }
}
