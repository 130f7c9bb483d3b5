//! A table's header and columns: each column named once, naming a field of the row's message
//! (dotted columns nest), and where a mistake in one is told.

use domain::kernel::{
    nearest, with_article, Catalog, CatalogEntry, FieldSpec, FieldType, MessageKind,
};
use serde_json::{Map, Value};

use super::CellError;
use crate::cells::parse_instant;

pub(super) fn kind_word(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Command => "command",
        MessageKind::Event => "event",
    }
}

/// A column named twice would give one field two cells, and the last would win unseen; so would
/// a column that sets a whole object beside one that sets a field of it (`attendee` and
/// `attendee.email`). `nests` says whether a dotted name names a field of a record in some
/// message of the table: where it does not, the columns set nothing twice, and the row's own
/// check says what is wrong with the dotted one (`order_id` is text, which has no field `y`).
pub(super) fn check_repeated_columns(
    header: &[String],
    nests: impl Fn(&str) -> bool,
) -> Result<(), CellError> {
    let labels: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    match overlapping(&labels, nests) {
        Some((first, second)) => Err(CellError::at(
            0,
            second,
            named_twice(&labels, first, second),
        )),
        None => Ok(()),
    }
}

/// The first pair of names (their indexes, earlier first) that set the same field: the same
/// name twice, or a name and a dotted name under it that `nests` says names a field of it. Blank
/// names set nothing.
pub(crate) fn overlapping(names: &[&str], nests: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let covers =
        |a: &str, b: &str| b.strip_prefix(a).is_some_and(|rest| rest.starts_with('.')) && nests(b);
    names.iter().enumerate().find_map(|(c, label)| {
        if label.is_empty() {
            return None;
        }
        let first = names[..c]
            .iter()
            .position(|h| h == label || covers(h, label) || covers(label, h))?;
        Some((first, c))
    })
}

/// What two names that set the same field are told: the same name twice, or a whole object
/// beside a field of it. The whole object's cell is the whole value, whatever keys its JSON
/// happens to hold, so the two are refused as such rather than as both setting the nested
/// field, which the object's JSON may not set at all.
pub(super) fn set_twice(a: &str, b: &str, what: &str) -> String {
    if a == b {
        return format!("the {what} `{a}` is named twice");
    }
    let (whole, part) = if a.len() < b.len() { (a, b) } else { (b, a) };
    format!(
        "the {what} `{whole}` sets the whole of `{whole}`, so the {what} `{part}` cannot set a \
         field of it too"
    )
}

/// What a table says of two columns that set the same field.
fn named_twice(labels: &[&str], first: usize, second: usize) -> String {
    let (a, b) = (labels[first], labels[second]);
    let hint = match a == b {
        true => "",
        false => " (the whole object in one, or each of its fields in a dotted column)",
    };
    format!(
        "{}, as columns {} and {}: give each field one column{hint}",
        set_twice(a, b, "column"),
        first + 1,
        second + 1
    )
}

/// Whether a dotted name names a field of a record in one of `names`'s messages, or in one the
/// catalog does not type (an older stored form), where it may.
pub(super) fn nests_in<'n>(
    catalog: &'n Catalog,
    names: impl Iterator<Item = &'n str> + Clone + 'n,
) -> impl Fn(&str) -> bool + 'n {
    move |dotted| {
        let path = field_path(dotted);
        names.clone().any(|name| match catalog.message(name) {
            Some(m) => is_field(&m.fields, &path),
            None => true,
        })
    }
}

/// `expecting` says the table is a Then's, which points to the step that expects none.
pub(super) fn check_header(
    table: &[Vec<String>],
    kind: MessageKind,
    expecting: bool,
) -> Result<(), CellError> {
    let word = kind_word(kind);
    let first = table
        .first()
        .and_then(|h| h.first())
        .map(|s| s.trim().to_lowercase());
    match first.as_deref() {
        Some(w) if w == word => {}
        Some("") => {
            return Err(CellError::at(
                0,
                0,
                format!("the first column must be `{word}` (it names the {word} of each row), and this one is blank"),
            ))
        }
        Some(other) => {
            return Err(CellError::at(
                0,
                0,
                format!("the first column must be `{word}` (it names the {word} of each row), not `{other}`"),
            ))
        }
        None => return Err(CellError::at(0, 0, format!("expected a table whose first column is `{word}`"))),
    }
    if table.len() < 2 {
        let hint = match (expecting, kind) {
            (false, _) => "add a row under the header",
            (true, MessageKind::Event) => "to expect none, write `Then no events are recorded`",
            (true, MessageKind::Command) => "to expect none, write `Then no commands are sent`",
        };
        return Err(CellError::at(
            0,
            0,
            format!("the table lists no {word}: {hint}"),
        ));
    }
    Ok(())
}

/// The names in a message table's first column, one a row.
pub(super) fn row_names(table: &[Vec<String>]) -> impl Iterator<Item = &str> + Clone {
    table
        .iter()
        .skip(1)
        .map(|cells| cells.first().map_or("", |s| s.trim()))
}

/// Finds the catalog entry a row names, or says what is wrong with the name.
/// The message a row names in its first cell: a blank one names none, in a Given's table as in
/// a Then's.
pub(super) fn row_name(cells: &[String], kind: MessageKind, row: usize) -> Result<&str, CellError> {
    match cells.first().map(|s| s.trim()).unwrap_or("") {
        "" => Err(CellError::at(
            row,
            0,
            format!("name the {} of this row", kind_word(kind)),
        )),
        name => Ok(name),
    }
}

pub(super) fn entry<'c>(
    catalog: &'c Catalog,
    kind: MessageKind,
    name: &str,
    row: usize,
) -> Result<&'c CatalogEntry, CellError> {
    let word = kind_word(kind);
    match catalog.message(name) {
        Some(m) if m.kind == kind => Ok(m),
        Some(m) => Err(CellError::at(
            row,
            0,
            format!(
                "`{name}` is {}, not {}",
                with_article(kind_word(m.kind)),
                with_article(word)
            ),
        )),
        None => {
            let older = (kind == MessageKind::Event)
                .then(|| crate::older_forms::older_name(catalog, name))
                .flatten();
            if let Some(older) = older {
                return Err(CellError::at(row, 0, older));
            }
            let names = catalog
                .messages
                .iter()
                .filter(|m| m.kind == kind)
                .map(|m| m.name);
            let hint = nearest(name, names)
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            let elsewhere = crate::world::known_elsewhere(name, false);
            Err(CellError::at(
                row,
                0,
                format!("unknown {word} `{name}`{hint}{elsewhere}"),
            ))
        }
    }
}

/// Where a column that is no field of row `row`'s message is at fault: its header, when it
/// names a field of no message in the table (a misspelt column), else that row's cell (the column
/// belongs to another row's message, so this row must leave it blank).
pub(super) fn column_row(
    catalog: &Catalog,
    table: &[Vec<String>],
    path: &[String],
    row: usize,
) -> usize {
    let fits_another = table.iter().skip(1).any(|cells| {
        let name = cells.first().map(|s| s.trim()).unwrap_or("");
        catalog
            .message(name)
            .is_some_and(|m| is_field(&m.fields, path))
    });
    if fits_another {
        row
    } else {
        0
    }
}

/// Whether a column names a field of some message of the catalog: DSL.md lets a table carry a
/// column that names no field of its rows' messages, left blank (a header kept from a table of
/// other messages), but one that names no field at all is misspelt (`reservaton_id`).
pub(super) fn names_a_field(catalog: &Catalog, path: &[String]) -> bool {
    catalog.messages.iter().any(|m| is_field(&m.fields, path))
}

/// The field a column or doc-string key names, as a path: `attendee.email` sets `email` of the
/// `attendee` object.
pub(super) fn field_path(label: &str) -> Vec<String> {
    label.split('.').map(str::to_string).collect()
}

/// Whether a dotted path names a field of `fields`: `field_type` without the words of a mistake,
/// for the many callers that only ask (a table's every column is asked of every row's message,
/// and the mistake's nearest name took most of a scenario's steps).
pub(super) fn is_field(fields: &[FieldSpec], path: &[String]) -> bool {
    walk(fields, path, "").is_ok()
}

/// The type of the field a dotted path names, or why it names none.
pub(super) fn field_type<'c>(
    fields: &'c [FieldSpec],
    path: &[String],
    owner: &str,
) -> Result<&'c FieldType, String> {
    walk(fields, path, owner).map_err(|missing| match missing {
        // A header cell left blank names nothing: said so, as a Given's table says it.
        Missing::NoField { head, .. } if head.trim().is_empty() => {
            "this column has no name: name the field of its cells, or leave the column out"
                .to_string()
        }
        Missing::NoField {
            head,
            fields,
            owner,
        } => {
            let hint = nearest(head, fields.iter().map(|f| f.name))
                .map(|n| format!("; did you mean `{n}`?"))
                .unwrap_or_default();
            let known = fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
            format!("`{head}` is not a field of `{owner}`{hint} (its fields: {known})")
        }
        Missing::NotARecord {
            head,
            owner,
            ty,
            next,
        } => format!(
            "`{head}` of `{owner}` is {}, which has no field `{next}`",
            crate::cells::a_kind(ty)
        ),
    })
}

/// Where a path names no field, with what it takes to say so: words are built only by those
/// that show them (`field_type`), not by those that only ask (`is_field`).
enum Missing<'p, 'c, 'o> {
    NoField {
        head: &'p str,
        fields: &'c [FieldSpec],
        owner: &'o str,
    },
    NotARecord {
        head: &'p str,
        owner: &'o str,
        ty: &'c FieldType,
        next: &'p str,
    },
}

/// The one walk of a dotted path through `fields` and the records nested in them.
fn walk<'p, 'c, 'o>(
    fields: &'c [FieldSpec],
    path: &'p [String],
    owner: &'o str,
) -> Result<&'c FieldType, Missing<'p, 'c, 'o>> {
    let head = path[0].as_str();
    let Some(spec) = fields.iter().find(|f| f.name == head) else {
        return Err(Missing::NoField {
            head,
            fields,
            owner,
        });
    };
    if path.len() == 1 {
        return Ok(&spec.ty);
    }
    let mut ty = &spec.ty;
    while let FieldType::Optional(inner) = ty {
        ty = inner;
    }
    match ty {
        FieldType::Record { name, fields } => walk(fields, &path[1..], name),
        other => Err(Missing::NotARecord {
            head,
            owner,
            ty: other,
            next: &path[1],
        }),
    }
}

pub(super) fn insert_at(target: &mut Map<String, Value>, path: &[String], value: Value) {
    if path.len() == 1 {
        target.insert(path[0].clone(), value);
        return;
    }
    let slot = target
        .entry(path[0].clone())
        .or_insert_with(|| Value::Object(Map::new()));
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(inner) = slot {
        insert_at(inner, &path[1..], value);
    }
}

/// Whether a value at a path is present.
pub fn value_at<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, k| v.get(k))
}

/// Reads an instant cell the way the Given steps do (used for `Given the time is`).
pub fn instant(text: &str) -> Result<domain::kernel::Instant, String> {
    let canonical = parse_instant(text)?;
    canonical
        .parse()
        .map_err(|_| format!("`{text}` is not an RFC 3339 instant"))
}
