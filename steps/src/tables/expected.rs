//! Rows of a Then table read into what each message, or a read model's entry, must hold.

use domain::kernel::{Catalog, FieldSpec, FieldType, MessageKind};

use super::columns::{
    check_header, check_repeated_columns, column_row, entry, field_path, field_type, is_field,
    names_a_field, nests_in, row_name, row_names,
};
use super::delay::ExpectedDelay;
use super::CellError;
use crate::cells::{parse_cell, Cell, Mode};
use crate::older_forms::with_replaced_field;

/// One compared field of an expected message or read-model entry; its type is borrowed from
/// the catalog.
#[derive(Clone, Debug)]
pub struct ExpectedField<'c> {
    pub column: usize,
    pub label: String,
    pub path: Vec<String>,
    pub cell: Cell,
    pub ty: Option<&'c FieldType>,
}

/// An expected message from a Then row.
#[derive(Clone, Debug)]
pub struct Expectation<'c> {
    pub row: usize,
    pub name: &'static str,
    pub fields: Vec<ExpectedField<'c>>,
    /// The `delay` column's cell, when it is not blank (a blank cell does not compare).
    pub delay: Option<(usize, ExpectedDelay)>,
}

/// What a `stream` column (or key) under a Then is told: it names where a Given's or published
/// event goes, and was told as no field of the message, though a Given had just taken it.
pub(super) const STREAM_IN_A_THEN: &str = "a Then does not compare the `stream`: the column \
     names the stream a Given's or published event goes to; an event is recorded in the stream \
     its fields route it to, so take the column out";

/// Rows of a Then table as expectations.
pub fn expectations<'c>(
    catalog: &'c Catalog,
    kind: MessageKind,
    table: &[Vec<String>],
) -> Result<Vec<Expectation<'c>>, CellError> {
    check_header(table, kind, true)?;
    check_repeated_columns(&table[0], nests_in(catalog, row_names(table)))?;
    let header = &table[0];
    let mut out = Vec::new();
    for (r, cells) in table.iter().enumerate().skip(1) {
        let name = row_name(cells, kind, r)?;
        let entry = entry(catalog, kind, name, r)?;
        let mut fields = Vec::new();
        let mut delay = None;
        for (c, text) in cells.iter().enumerate().skip(1) {
            let label = header.get(c).map(|h| h.trim()).unwrap_or("");
            if label == "delay" && kind == MessageKind::Command {
                if !text.trim().is_empty() {
                    let cell = ExpectedDelay::read(text).map_err(|e| CellError::at(r, c, e))?;
                    delay = Some((c, cell));
                }
                continue;
            }
            let path = field_path(label);
            if label == "stream" && kind == MessageKind::Event && !is_field(&entry.fields, &path) {
                return Err(CellError::at(r, c, STREAM_IN_A_THEN));
            }
            // Blank here, it is another message's column; a column of no message's field is a
            // misspelt one, blank or not: none of its cells would ever be compared.
            if text.trim().is_empty()
                && !is_field(&entry.fields, &path)
                && names_a_field(catalog, &path)
            {
                continue;
            }
            let ty = match field_type(&entry.fields, &path, name) {
                Ok(ty) => ty,
                Err(e) => {
                    let e = with_replaced_field(entry, label, e);
                    return Err(CellError::at(column_row(catalog, table, &path, r), c, e));
                }
            };
            let cell = parse_cell(text, Some(ty), Mode::Expect)
                .map_err(|e| CellError::at(r, c, format!("{label}: {e}")))?;
            if cell != Cell::Blank {
                fields.push(ExpectedField {
                    column: c,
                    label: label.to_string(),
                    path,
                    cell,
                    ty: Some(ty),
                });
            }
        }
        out.push(Expectation {
            row: r,
            name: entry.name,
            fields,
            delay,
        });
    }
    Ok(out)
}

/// A one-row table of read-model fields as expectations (no message column).
pub fn entry_expectation<'c>(
    fields: &'c [FieldSpec],
    owner: &str,
    table: &[Vec<String>],
) -> Result<Vec<ExpectedField<'c>>, CellError> {
    if table.len() != 2 {
        return Err(CellError::at(
            0,
            0,
            format!(
                "expected a header and exactly one row of `{owner}` fields, found {} rows",
                table.len().saturating_sub(1)
            ),
        ));
    }
    check_repeated_columns(&table[0], |dotted| is_field(fields, &field_path(dotted)))?;
    let mut out = Vec::new();
    for (c, (label, text)) in table[0].iter().zip(&table[1]).enumerate() {
        let label = label.trim();
        let path = field_path(label);
        let ty = field_type(fields, &path, owner).map_err(|e| CellError::at(0, c, e))?;
        let cell = parse_cell(text, Some(ty), Mode::Expect)
            .map_err(|e| CellError::at(1, c, format!("{label}: {e}")))?;
        if cell != Cell::Blank {
            out.push(ExpectedField {
                column: c,
                label: label.to_string(),
                path,
                cell,
                ty: Some(ty),
            });
        }
    }
    Ok(out)
}
