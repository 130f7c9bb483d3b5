//! Rows of a Given or When table read into the messages they give, each mistake at its cell.

use domain::kernel::{nearest, Catalog, CatalogEntry, FieldSpec, FieldType, MessageKind, StreamId};
use serde_json::{Map, Value};

use super::columns::{
    check_header, check_repeated_columns, column_row, entry, field_path, field_type, insert_at,
    is_field, names_a_field, nests_in, row_name, row_names,
};
use super::CellError;
use crate::cells::{parse_cell, Cell, Mode};
use crate::older_forms::with_replaced_field;

/// A message built from a row, ready to load, send or publish.
#[derive(Clone, Debug, PartialEq)]
pub struct InputMessage {
    pub row: usize,
    pub name: String,
    pub payload: Value,
    pub stream: Option<StreamId>,
    /// The table's column the stream was named in (0 in a doc string, where its key says).
    pub stream_column: usize,
}

/// What a command given a stream is told: DSL.md's `stream` column is for events, and a command
/// goes to its handler whatever stream is named (the cell was ignored).
pub(super) const NO_STREAM_FOR_COMMANDS: &str =
    "stream: a command is given no stream: it goes to the one \
    handler that owns it (a `stream` column names where a Given event goes); leave it out";

/// Rows of a Given or When table as messages. `version` names the stored-form version of a
/// `Given the events in version N` table: older forms are checked against what the catalog
/// knows of them (their names), current forms against their fields.
pub fn input_messages(
    catalog: &Catalog,
    kind: MessageKind,
    table: &[Vec<String>],
    version: Option<u32>,
) -> Result<Vec<InputMessage>, CellError> {
    check_header(table, kind, false)?;
    match version {
        // An older stored form's fields are not in the catalog: a dotted column may nest.
        Some(_) => check_repeated_columns(&table[0], |_| true)?,
        None => check_repeated_columns(&table[0], nests_in(catalog, row_names(table)))?,
    }
    let header = &table[0];
    // Each column's name and field path, worked out once for the table rather than for every
    // cell of every row.
    let columns: Vec<(&str, Vec<String>)> = (header.iter())
        .map(|h| (h.trim(), field_path(h.trim())))
        .collect();
    let mut out = Vec::new();
    for (r, cells) in table.iter().enumerate().skip(1) {
        let name = row_name(cells, kind, r)?;
        let message = match version {
            None => Some(entry(catalog, kind, name, r)?),
            Some(v) => stored_form(catalog, name, v, r)?,
        };
        let fields = message.map(|m| m.fields.as_slice());
        let mut payload = Map::new();
        let mut stream = None;
        let mut stream_column = 0;
        for (c, text) in cells.iter().enumerate().skip(1) {
            let (label, path) = columns.get(c).map_or(("", None), |(l, p)| (*l, Some(p)));
            if label == "stream" {
                if !text.trim().is_empty() {
                    if kind == MessageKind::Command {
                        return Err(CellError::at(r, c, NO_STREAM_FOR_COMMANDS));
                    }
                    // A quoted cell is its text, verbatim, as in any other column.
                    let t = text.trim();
                    let named = match t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
                        true => &t[1..t.len() - 1],
                        false => t,
                    };
                    stream = Some(
                        named
                            .parse::<StreamId>()
                            .map_err(|e| CellError::at(r, c, format!("stream: {e}")))?,
                    );
                    stream_column = c;
                }
                continue;
            }
            if label.is_empty() {
                if text.trim().is_empty() {
                    continue;
                }
                return Err(CellError::at(0, c, "this column has no name"));
            }
            // A named column is the header's, which has its path.
            let Some(path) = path else { continue };
            let ty = match &fields {
                // A column of another message's field; it must then be blank here. One of no
                // message's field is misspelt, blank or not (an older form's fields are not the
                // catalog's: its rows cannot tell).
                Some(fields)
                    if text.trim().is_empty()
                        && !is_field(fields, path)
                        && (version.is_some() || names_a_field(catalog, path)) =>
                {
                    continue
                }
                Some(fields) => match field_type(fields, path, name) {
                    Ok(ty) => Some(ty),
                    Err(e) => {
                        let e = match message {
                            Some(m) => with_replaced_field(m, label, e),
                            None => e,
                        };
                        return Err(CellError::at(column_row(catalog, table, path, r), c, e));
                    }
                },
                None => None,
            };
            match parse_cell(text, ty, Mode::Input) {
                Ok(Cell::Blank) => {}
                Ok(Cell::Value(v)) => insert_at(&mut payload, path, v),
                Ok(Cell::Any) => unreachable!("`<any>` is refused in input mode"),
                Err(e) => return Err(CellError::at(r, c, format!("{label}: {e}"))),
            }
        }
        if let Some(fields) = &fields {
            check_required(fields, &payload, name, WrittenIn::Table)
                .map_err(|e| CellError::at(r, 0, e))?;
        }
        out.push(InputMessage {
            row: r,
            name: name.to_string(),
            payload: Value::Object(payload),
            stream,
            stream_column,
        });
    }
    Ok(out)
}

/// The message whose stored form in `version` is named `name`, when that form is its current
/// one (its fields are the catalog's); `None` (not checked here: the upcasters check them) for
/// an older one.
pub(super) fn stored_form<'c>(
    catalog: &'c Catalog,
    name: &str,
    version: u32,
    row: usize,
) -> Result<Option<&'c CatalogEntry>, CellError> {
    let forms = catalog
        .messages
        .iter()
        .filter(|m| m.kind == MessageKind::Event)
        .flat_map(|m| m.stored_versions.iter().map(move |v| (m, v)));
    let mut known_versions = Vec::new();
    for (m, v) in forms {
        if v.event_type == name {
            if v.version == version {
                let current = m.stored_versions.last().is_some_and(|c| c == v);
                return Ok(current.then_some(m));
            }
            known_versions.push(v.version);
        }
    }
    if known_versions.is_empty() {
        let names = catalog
            .messages
            .iter()
            .flat_map(|m| m.stored_versions.iter().map(|v| v.event_type));
        let hint = nearest(name, names)
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        let elsewhere = crate::world::known_elsewhere(name, false);
        return Err(CellError::at(
            row,
            0,
            format!("unknown event `{name}`{hint}{elsewhere}"),
        ));
    }
    known_versions.sort();
    let known = known_versions
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let renamed = catalog
        .message(name)
        .and_then(|m| crate::older_forms::name_in_version(m, version))
        .unwrap_or_default();
    Err(CellError::at(
        row,
        0,
        format!(
            "`{name}` has no stored form in version {version} (it is stored in version \
             {known}){renamed}"
        ),
    ))
}

/// Where a message's fields are written, for the advice on one that is missing.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum WrittenIn {
    Table,
    DocString,
}

/// Every required field of `fields` is in `payload` (nested records' too), or the error says
/// which is missing and how to give it where the message is written: a table's column (dotted
/// for a nested field) or cell, a doc string's key.
pub(super) fn check_required(
    fields: &[FieldSpec],
    payload: &Map<String, Value>,
    owner: &str,
    written: WrittenIn,
) -> Result<(), String> {
    check_required_under(fields, payload, owner, written, "")
}

fn check_required_under(
    fields: &[FieldSpec],
    payload: &Map<String, Value>,
    owner: &str,
    written: WrittenIn,
    prefix: &str,
) -> Result<(), String> {
    for f in fields.iter().filter(|f| f.required) {
        match payload.get(f.name) {
            None => {
                let advice = match written {
                    WrittenIn::Table => {
                        format!("add a column `{prefix}{}` or fill its cell", f.name)
                    }
                    WrittenIn::DocString if prefix.is_empty() => {
                        format!("add the key `\"{}\"`", f.name)
                    }
                    WrittenIn::DocString => format!(
                        "add the key `\"{}\"` to `{}`",
                        f.name,
                        prefix.trim_end_matches('.')
                    ),
                };
                return Err(format!(
                    "`{owner}` needs `{}`, {}: {advice}",
                    f.name,
                    crate::cells::a_kind(&f.ty),
                ));
            }
            Some(Value::Object(inner)) => {
                if let FieldType::Record { name, fields } = &f.ty {
                    let prefix = format!("{prefix}{}.", f.name);
                    check_required_under(fields, inner, name, written, &prefix)?;
                }
            }
            Some(_) => {}
        }
    }
    Ok(())
}
