//! The Givens and Thens of a written feature as tables: cells as an author writes them, the
//! columns most rows fill, and messages of several kinds in one table where they fit.

use std::collections::BTreeSet;
use std::sync::Arc;

use domain::kernel::{Catalog, Envelope, FieldSpec, FieldType, Instant, Message, MessageKind};
use serde_json::Value;
use steps::tables::delay_text;

use crate::engine::Variant;
use crate::simulation::Simulated;

/// A `delay` cell as an author writes it, in the largest unit that says it exactly: `now`,
/// `15 minutes`, `2 hours`, `3 days`, `29 minutes 30 seconds`.
pub(super) fn delay_cell(delay: Option<i64>) -> String {
    match delay {
        Some(ms) if ms % 60_000 == 0 => steps::phrases::time_in_words(ms / 60_000),
        other => delay_text(other),
    }
}

/// A cell as an author would write it: literal forms where the type has one, quotes where text
/// would otherwise read as something else.
pub(super) fn cell(value: &Value, ty: Option<&FieldType>) -> String {
    let mut ty = ty;
    while let Some(FieldType::Optional(inner)) = ty {
        if value.is_null() {
            return "null".into();
        }
        ty = Some(inner);
    }
    if let Some(FieldType::Literal { format, .. }) = ty {
        if let Some(text) = format(value) {
            return escape(&text);
        }
    }
    match value {
        Value::String(s) => {
            let plain = !s.is_empty()
                && s.trim() == s
                && !matches!(s.as_str(), "null" | "true" | "false" | "<any>")
                && !s.starts_with('"');
            if plain {
                escape(s)
            } else {
                format!("\"{}\"", escape(s))
            }
        }
        other => escape(&other.to_string()),
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('|', "\\|")
}

/// A message's fields as a Given or When row gives them: a field not set is left blank, as an
/// author leaves it, where a blank gives the message the same (DSL.md: a blank cell in a Given
/// or When is the field's default). Asked of the message itself, reading the row back, rather
/// than told by the field's type: a field whose default is not "not set" keeps its `null`. In a
/// Then, a blank cell is not compared, so `null` stays there.
pub(super) fn as_given<M: Message>(message: &M, specs: &[FieldSpec]) -> Value {
    let payload = message.payload();
    let Value::Object(fields) = &payload else {
        return payload;
    };
    let mut given = fields.clone();
    for (name, value) in fields {
        let optional = specs.iter().any(|f| f.name == name && !f.required);
        if !value.is_null() || !optional {
            continue;
        }
        let mut blank = given.clone();
        blank.remove(name);
        let read_back = M::from_payload(message.name(), Value::Object(blank.clone()));
        if read_back.is_ok_and(|m| m.payload() == payload) {
            given = blank;
        }
    }
    Value::Object(given)
}

pub(super) fn spec_of<'c>(catalog: &'c Catalog, kind: MessageKind, name: &str) -> &'c [FieldSpec] {
    catalog
        .messages
        .iter()
        .find(|m| m.name == name && m.kind == kind)
        .map(|m| m.fields.as_slice())
        .unwrap_or(&[])
}

/// The Givens as steps: the clock set wherever it moves on (the first time, and again before the
/// When if it moved after the last Given), and between, the events recorded at it in tables.
pub(super) fn givens_text<C: Simulated>(
    catalog: &Catalog,
    givens: &[Arc<Envelope<C::Event>>],
    now: Instant,
    variants: [Variant<C>; 2],
    start: Instant,
) -> String {
    let at = domain::kernel::instant_text;
    let mut text = String::new();
    let mut keyword = "Given";
    // The stream column only where some event is stored elsewhere than the domain puts it.
    let systems = variants.map(|v| v.system(start));
    let routed = givens.iter().all(|e| {
        systems
            .iter()
            .all(|s| s.stream_of(&e.message).is_ok_and(|s| s == e.stream))
    });
    for recorded in givens.chunk_by(|a, b| a.recorded_at == b.recorded_at) {
        text.push_str(&format!(
            "    {keyword} the time is {}\n",
            at(recorded[0].recorded_at)
        ));
        keyword = "And";
        let rows: Vec<(&str, Option<String>, Value)> = recorded
            .iter()
            .map(|e| {
                (
                    e.message.name(),
                    (!routed).then(|| e.stream.to_string()),
                    as_given(
                        &e.message,
                        spec_of(catalog, MessageKind::Event, e.message.name()),
                    ),
                )
            })
            .collect();
        for rows in mostly_filled(&rows) {
            text.push_str("    And the events:\n");
            text.push_str(&table(catalog, "event", rows));
        }
    }
    if givens.last().map(|e| e.recorded_at) != Some(now) {
        text.push_str(&format!("    {keyword} the time is {}\n", at(now)));
    }
    if givens.is_empty() {
        text.push_str("    And no events\n");
    }
    text
}

/// `rows` in order, cut into runs that each make a table at least half filled: a table starts
/// anew where another row would leave more than half its cells blank, so that messages with few
/// fields in common do not share one table of mostly empty columns.
pub(super) fn mostly_filled<'r, 'n>(
    rows: &'r [(&'n str, Option<String>, Value)],
) -> Vec<&'r [(&'n str, Option<String>, Value)]> {
    let fields = |payload: &'r Value| -> Vec<&'r str> {
        payload
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default()
    };
    let mut runs = Vec::new();
    let mut start = 0;
    let mut columns: BTreeSet<&str> = BTreeSet::new();
    let mut filled = 0;
    for (i, (_, _, payload)) in rows.iter().enumerate() {
        let own = fields(payload);
        let mut wider = columns.clone();
        wider.extend(own.iter().copied());
        let cells = wider.len() * (i - start + 1);
        if i > start && 2 * (filled + own.len()) < cells {
            runs.push(&rows[start..i]);
            start = i;
            columns = own.iter().copied().collect();
            filled = own.len();
        } else {
            columns = wider;
            filled += own.len();
        }
    }
    if start < rows.len() {
        runs.push(&rows[start..]);
    }
    runs
}

/// A message table: the name column, `stream` when given, then every field any row has.
/// A Then of the messages a step gave (`what`: the table's first column, and the phrase's noun
/// and verb), or that it gave none.
pub(super) fn then_messages(
    keyword: &str,
    catalog: &Catalog,
    (first, what): (&str, &str),
    rows: &[(&str, Option<String>, Value)],
) -> String {
    if rows.is_empty() {
        format!("    {keyword} no {what}\n")
    } else {
        format!(
            "    {keyword} these {what}, in any order:\n{}",
            table(catalog, first, rows)
        )
    }
}

pub(super) fn table(
    catalog: &Catalog,
    first: &str,
    rows: &[(&str, Option<String>, Value)],
) -> String {
    let kind = if first == "event" {
        MessageKind::Event
    } else {
        MessageKind::Command
    };
    let with_stream = rows.iter().any(|r| r.1.is_some());
    // Each message's fields in the catalog's order (its ids first, as the catalog lists them),
    // where a JSON object sorts them; what is no field (a command's `delay`) last.
    let mut columns: Vec<String> = Vec::new();
    for (name, _, payload) in rows {
        if let Value::Object(map) = payload {
            let fields = spec_of(catalog, kind, name).iter().map(|f| f.name);
            for k in fields.filter(|f| map.contains_key(*f)) {
                if !columns.iter().any(|c| c == k) {
                    columns.push(k.to_string());
                }
            }
        }
    }
    for (_, _, payload) in rows {
        if let Value::Object(map) = payload {
            for k in map.keys() {
                if !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    let mut header = vec![first.to_string()];
    if with_stream {
        header.push("stream".into());
    }
    header.extend(columns.iter().cloned());
    let mut lines = vec![header];
    for (name, stream, payload) in rows {
        let specs = spec_of(catalog, kind, name);
        let mut line = vec![name.to_string()];
        if with_stream {
            line.push(stream.clone().unwrap_or_default());
        }
        for c in &columns {
            let ty = specs.iter().find(|f| f.name == c).map(|f| &f.ty);
            line.push(payload.get(c).map(|v| cell(v, ty)).unwrap_or_default());
        }
        lines.push(line);
    }
    render_rows(&lines)
}

/// A read-model entry's one-row table, its fields in the catalog's order.
pub(super) fn entry_table(specs: &[FieldSpec], fields: &serde_json::Map<String, Value>) -> String {
    let place = |k: &str| specs.iter().position(|f| f.name == k).unwrap_or(usize::MAX);
    let mut ordered: Vec<(&String, &Value)> = fields.iter().collect();
    ordered.sort_by_key(|(k, _)| place(k));
    let header: Vec<String> = ordered.iter().map(|(k, _)| (*k).clone()).collect();
    let row: Vec<String> = ordered
        .iter()
        .map(|(k, v)| cell(v, specs.iter().find(|f| f.name == *k).map(|f| &f.ty)))
        .collect();
    render_rows(&[header, row])
}

fn render_rows(lines: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..lines[0].len())
        .map(|i| {
            lines
                .iter()
                .map(|l| l.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for line in lines {
        out.push_str("      |");
        for (i, c) in line.iter().enumerate() {
            out.push_str(&format!(
                " {c}{} |",
                " ".repeat(widths[i] - c.chars().count())
            ));
        }
        out.push('\n');
    }
    out
}
