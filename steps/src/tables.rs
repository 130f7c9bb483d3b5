//! Message tables: one message per row, the first column naming it (`event` or `command`), the
//! others its fields (dotted columns set nested fields). Rows become messages to send or
//! expectations to compare, and every mistake points at its cell.

use domain::kernel::{
    nearest, with_article, Catalog, CatalogEntry, FieldSpec, FieldType, MessageKind, StreamId,
};
use serde_json::{Map, Value};

use crate::cells::{parse_cell, parse_instant, Cell, Mode};
use crate::older_forms::with_replaced_field;

/// A mistake in a table, at a row (0 is the header) and a column (0-based cell index).
#[derive(Clone, Debug, PartialEq)]
pub struct CellError {
    pub row: usize,
    pub column: usize,
    pub message: String,
}

impl CellError {
    fn at(row: usize, column: usize, message: impl Into<String>) -> Self {
        CellError {
            row,
            column,
            message: message.into(),
        }
    }
}

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
const NO_STREAM_FOR_COMMANDS: &str = "stream: a command is given no stream: it goes to the one \
    handler that owns it (a `stream` column names where a Given event goes); leave it out";

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

/// What a `delay` cell expects of a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpectedDelay {
    /// Sent now (`None`) or scheduled this many milliseconds later.
    Exactly(Option<i64>),
    /// `<any>`, DSL.md's "any value" in a Then cell: any delay, now included.
    Any,
}

impl ExpectedDelay {
    /// Reads a `delay` cell (or a doc string's `delay` value).
    pub fn read(text: &str) -> Result<Self, String> {
        match text.trim() {
            crate::cells::ANY => Ok(ExpectedDelay::Any),
            _ => parse_delay(text).map(ExpectedDelay::Exactly),
        }
    }

    /// Whether a command sent with `delay` (`None`: now) meets it.
    pub fn meets(self, delay: Option<i64>) -> bool {
        match self {
            ExpectedDelay::Exactly(want) => want == delay,
            ExpectedDelay::Any => true,
        }
    }

    /// As the cell is written.
    pub fn text(self) -> String {
        match self {
            ExpectedDelay::Exactly(want) => delay_text(want),
            ExpectedDelay::Any => crate::cells::ANY.into(),
        }
    }
}

fn kind_word(kind: MessageKind) -> &'static str {
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
fn check_repeated_columns(
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
fn set_twice(a: &str, b: &str, what: &str) -> String {
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
fn nests_in<'n>(
    catalog: &'n Catalog,
    names: impl Iterator<Item = &'n str> + Clone + 'n,
) -> impl Fn(&str) -> bool + 'n {
    move |dotted| {
        let path = field_path(dotted);
        names.clone().any(|name| match catalog.message(name) {
            Some(m) => field_type(&m.fields, &path, name).is_ok(),
            None => true,
        })
    }
}

/// `expecting` says the table is a Then's, which points to the step that expects none.
fn check_header(
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
fn row_names(table: &[Vec<String>]) -> impl Iterator<Item = &str> + Clone {
    table
        .iter()
        .skip(1)
        .map(|cells| cells.first().map_or("", |s| s.trim()))
}

/// Finds the catalog entry a row names, or says what is wrong with the name.
fn entry<'c>(
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
fn column_row(catalog: &Catalog, table: &[Vec<String>], path: &[String], row: usize) -> usize {
    let fits_another = table.iter().skip(1).any(|cells| {
        let name = cells.first().map(|s| s.trim()).unwrap_or("");
        catalog
            .message(name)
            .is_some_and(|m| field_type(&m.fields, path, name).is_ok())
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
fn names_a_field(catalog: &Catalog, path: &[String]) -> bool {
    catalog
        .messages
        .iter()
        .any(|m| field_type(&m.fields, path, m.name).is_ok())
}

/// The field a column or doc-string key names, as a path: `attendee.email` sets `email` of the
/// `attendee` object.
fn field_path(label: &str) -> Vec<String> {
    label.split('.').map(str::to_string).collect()
}

/// The type of the field a dotted path names, or why it names none.
fn field_type<'c>(
    fields: &'c [FieldSpec],
    path: &[String],
    owner: &str,
) -> Result<&'c FieldType, String> {
    let head = &path[0];
    let Some(spec) = fields.iter().find(|f| f.name == head) else {
        let hint = nearest(head, fields.iter().map(|f| f.name))
            .map(|n| format!("; did you mean `{n}`?"))
            .unwrap_or_default();
        let known = fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
        return Err(format!(
            "`{head}` is not a field of `{owner}`{hint} (its fields: {known})"
        ));
    };
    if path.len() == 1 {
        return Ok(&spec.ty);
    }
    let mut ty = &spec.ty;
    while let FieldType::Optional(inner) = ty {
        ty = inner;
    }
    match ty {
        FieldType::Record { name, fields } => field_type(fields, &path[1..], name),
        other => Err(format!(
            "`{}` of `{owner}` is {}, which has no field `{}`",
            head,
            crate::cells::a_kind(other),
            path[1]
        )),
    }
}

fn insert_at(target: &mut Map<String, Value>, path: &[String], value: Value) {
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
    let mut out = Vec::new();
    for (r, cells) in table.iter().enumerate().skip(1) {
        let name = cells.first().map(|s| s.trim()).unwrap_or("");
        if name.is_empty() {
            return Err(CellError::at(
                r,
                0,
                format!("name the {} of this row", kind_word(kind)),
            ));
        }
        let message = match version {
            None => Some(entry(catalog, kind, name, r)?),
            Some(v) => stored_form(catalog, name, v, r)?,
        };
        let fields = message.map(|m| m.fields.as_slice());
        let mut payload = Map::new();
        let mut stream = None;
        let mut stream_column = 0;
        for (c, text) in cells.iter().enumerate().skip(1) {
            let label = header.get(c).map(|h| h.trim()).unwrap_or("");
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
            let path = field_path(label);
            let ty = match &fields {
                Some(fields) => match field_type(fields, &path, name) {
                    Ok(ty) => Some(ty),
                    // A column of another message's field; it must then be blank here. One of
                    // no message's field is misspelt, blank or not (an older form's fields are
                    // not the catalog's: its rows cannot tell).
                    Err(_)
                        if text.trim().is_empty()
                            && (version.is_some() || names_a_field(catalog, &path)) =>
                    {
                        continue
                    }
                    Err(e) => {
                        let e = match message {
                            Some(m) => with_replaced_field(m, label, e),
                            None => e,
                        };
                        return Err(CellError::at(column_row(catalog, table, &path, r), c, e));
                    }
                },
                None => None,
            };
            match parse_cell(text, ty, Mode::Input) {
                Ok(Cell::Blank) => {}
                Ok(Cell::Value(v)) => insert_at(&mut payload, &path, v),
                Ok(Cell::Any) => unreachable!("`<any>` is refused in input mode"),
                Err(e) => return Err(CellError::at(r, c, format!("{label}: {e}"))),
            }
        }
        if let Some(fields) = &fields {
            check_required(fields, &payload, name).map_err(|e| CellError::at(r, 0, e))?;
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
fn stored_form<'c>(
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

fn check_required(
    fields: &[FieldSpec],
    payload: &Map<String, Value>,
    owner: &str,
) -> Result<(), String> {
    for f in fields.iter().filter(|f| f.required) {
        match payload.get(f.name) {
            None => {
                return Err(format!(
                    "`{owner}` needs `{}`, {}: add a column `{}` or fill its cell",
                    f.name,
                    crate::cells::a_kind(&f.ty),
                    f.name
                ))
            }
            Some(Value::Object(inner)) => {
                if let FieldType::Record { name, fields } = &f.ty {
                    check_required(fields, inner, name)?;
                }
            }
            Some(_) => {}
        }
    }
    Ok(())
}

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
        let name = cells.first().map(|s| s.trim()).unwrap_or("");
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
            let ty = match field_type(&entry.fields, &path, name) {
                Ok(ty) => ty,
                // Blank here, it is another message's column; a column of no message's field is
                // a misspelt one, blank or not: none of its cells would ever be compared.
                Err(_) if text.trim().is_empty() && names_a_field(catalog, &path) => continue,
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
    check_repeated_columns(&table[0], |dotted| {
        field_type(fields, &field_path(dotted), owner).is_ok()
    })?;
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

/// `15 minutes`, `1 minute`, `2 hours`, `29 minutes 30 seconds`, `29 minutes 30.5 seconds`,
/// `now`, `0 minutes`, in milliseconds: a delay is compared to the millisecond (what is finer,
/// such as an expiration's nanoseconds, is dropped from the delay sent too), so one that is not a
/// whole number of minutes is written with its seconds, and one that is not a whole number of
/// seconds with their fraction, as the diff writes it.
pub fn parse_delay(text: &str) -> Result<Option<i64>, String> {
    let t = text.trim().to_lowercase();
    if t == "now" {
        return Ok(None);
    }
    // As any quoted cell of a field that takes no text (see `cells::parse_cell`).
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        return Err(format!(
            "`{}` is quoted text, but a delay is written without quotes (such as `now` or `15 \
             minutes`)",
            text.trim()
        ));
    }
    let err = || {
        format!(
            "`{}` is not a delay (expected `now`, `<any>` for any delay, or whole numbers of \
             days, hours, minutes or seconds, such as `15 minutes` or `29 minutes 30 seconds`; \
             seconds may have a fraction of up to three digits, such as `30.5 seconds`: a \
             delay is told and compared to the millisecond)",
            text.trim()
        )
    };
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return Err(err());
    }
    let mut total: i64 = 0;
    let mut units_seen = Vec::new();
    for pair in words.chunks(2) {
        let (unit, name): (i64, &str) = match pair[1].trim_end_matches(',') {
            "second" | "seconds" | "sec" | "s" => (1_000, "seconds"),
            "minute" | "minutes" | "min" => (60_000, "minutes"),
            "hour" | "hours" => (3_600_000, "hours"),
            "day" | "days" => (86_400_000, "days"),
            _ => return Err(err()),
        };
        if units_seen.contains(&name) {
            return Err(format!(
                "`{}` gives {name} twice: give each unit once, such as `29 minutes 30 seconds`",
                text.trim()
            ));
        }
        units_seen.push(name);
        if pair[0].starts_with('-') {
            return Err(format!(
                "`{}` is a negative delay: a command is sent now or later, never earlier",
                text.trim()
            ));
        }
        let ms = if unit == 1_000 {
            milliseconds(pair[0]).ok_or_else(err)?
        } else {
            let n: i64 = pair[0].parse().map_err(|_| err())?;
            n.checked_mul(unit)
        };
        total = ms
            .and_then(|ms| total.checked_add(ms))
            .ok_or_else(|| format!("`{}` is too long a delay", text.trim()))?;
    }
    Ok(if total == 0 { None } else { Some(total) })
}

/// A number of seconds in milliseconds, with at most three decimal places (`30.5`): `None`
/// inside when too large; `None` outside when it is no such number.
fn milliseconds(seconds: &str) -> Option<Option<i64>> {
    let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 3 {
        return None;
    }
    if seconds.ends_with('.') {
        return None;
    }
    let millis: i64 = format!("{fraction:0<3}").parse().ok()?;
    Some(
        whole
            .parse::<i64>()
            .ok()
            .and_then(|n| n.checked_mul(1_000))
            .and_then(|ms| ms.checked_add(millis)),
    )
}

/// A delay in milliseconds as an author writes it: `now`, `1 minute`, `29 minutes 30 seconds`.
pub fn delay_text(delay: Option<i64>) -> String {
    let Some(ms) = delay else {
        return "now".into();
    };
    let unit = |n: i64, word: &str| {
        if n == 1 {
            format!("1 {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let (minutes, rest) = (ms / 60_000, ms % 60_000);
    let seconds = if rest % 1_000 == 0 {
        unit(rest / 1_000, "second")
    } else {
        format!("{} seconds", rest as f64 / 1_000.0)
    };
    match (minutes, rest) {
        (m, 0) => unit(m, "minute"),
        (0, _) => seconds,
        (m, _) => format!("{} {seconds}", unit(m, "minute")),
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
            fields.is_none_or(|f| field_type(f, &field_path(dotted), name).is_ok())
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
    check_required(fields, &payload, owner).map_err(|e| (None, e))?;
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
        check_repeated_keys(map, |dotted| {
            field_type(&entry.fields, &field_path(dotted), name).is_ok()
        })
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
) -> Result<Vec<ExpectedField<'c>>, String> {
    let Value::Object(map) = entry else {
        return Err(format!("expected an object of `{owner}` fields"));
    };
    check_repeated_keys(map, |dotted| {
        field_type(fields, &field_path(dotted), owner).is_ok()
    })?;
    let mut out = Vec::new();
    for (k, v) in as_written(map, keys) {
        out.push(doc_expected_field(fields, owner, k, v)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delay_is_read_and_written_to_the_second() {
        assert_eq!(parse_delay("now"), Ok(None));
        assert!(parse_delay("\"now\"")
            .unwrap_err()
            .contains("is quoted text, but a delay is written without quotes"));
        assert_eq!(parse_delay("0 minutes"), Ok(None));
        assert_eq!(parse_delay("29 minutes"), Ok(Some(1_740_000)));
        assert_eq!(parse_delay("29 minutes 30 seconds"), Ok(Some(1_770_000)));
        assert_eq!(parse_delay("1770 seconds"), Ok(Some(1_770_000)));
        assert_eq!(parse_delay("1 hour"), Ok(Some(3_600_000)));
        assert!(parse_delay("29.5 minutes")
            .unwrap_err()
            .contains("29 minutes 30 seconds"));
        assert!(parse_delay("29 minutes 30").is_err());
        assert_eq!(parse_delay("29 minutes 30.5 seconds"), Ok(Some(1_770_500)));
        assert_eq!(parse_delay("1770.5 seconds"), Ok(Some(1_770_500)));
        assert_eq!(parse_delay("0.001 seconds"), Ok(Some(1)));
        assert!(parse_delay("0.0001 seconds").is_err());
        assert!(parse_delay("30. seconds").is_err());
        assert!(parse_delay("-5 minutes").unwrap_err().contains("negative"));
        assert!(parse_delay("5 minutes -30 seconds")
            .unwrap_err()
            .contains("negative"));
        assert!(parse_delay("20 minutes 9 minutes 30 seconds")
            .unwrap_err()
            .contains("gives minutes twice"));
        assert!(parse_delay("1 minute 2 min").unwrap_err().contains("twice"));
        assert!(parse_delay("9223372036854775807 days")
            .unwrap_err()
            .contains("too long"));
        // `<any>` stands for any delay, as for any value in a Then cell; now included.
        let any = ExpectedDelay::read(" <any> ").unwrap();
        assert_eq!(any, ExpectedDelay::Any);
        assert!(any.meets(None) && any.meets(Some(1_740_000)));
        assert_eq!(any.text(), "<any>");
        let exactly = ExpectedDelay::read("29 minutes").unwrap();
        assert!(exactly.meets(Some(1_740_000)) && !exactly.meets(None));
        assert!(ExpectedDelay::read("\"<any>\"").is_err());
        assert_eq!(delay_text(None), "now");
        assert_eq!(delay_text(Some(60_000)), "1 minute");
        assert_eq!(delay_text(Some(1_740_000)), "29 minutes");
        assert_eq!(delay_text(Some(1_770_000)), "29 minutes 30 seconds");
        assert_eq!(delay_text(Some(61_000)), "1 minute 1 second");
        assert_eq!(delay_text(Some(30_500)), "30.5 seconds");
        // What the diff writes must read back as the same delay.
        for ms in [1, 30_500, 1_770_500, 61_001, 3_600_000, 90_061_250] {
            assert_eq!(parse_delay(&delay_text(Some(ms))), Ok(Some(ms)), "{ms}");
        }
    }
}
