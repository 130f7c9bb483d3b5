//! Table cells: a blank, a quoted string, a JSON literal, `<any>`, or text coerced to the type of
//! the field its column names (`12` into a number, `3 full, 2 workshop` into a seat list).

use domain::kernel::{
    readable_number, same_number, with_article, FieldType, InstantError, Money, MoneyError,
    WholeRange,
};
use serde_json::Value;

/// What a cell says.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Not given (Given/When) or not compared (Then).
    Blank,
    /// Any value, as long as the field is present (Then only).
    Any,
    Value(Value),
}

/// Whether a cell gives a value (Given/When) or states an expectation (Then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Input,
    Expect,
}

/// The most characters of a cell an error quotes whole: a 400 KB cell of nested lists was
/// quoted whole, and its error was one line of 400 KB.
const MOST_QUOTED: usize = 200;

/// Reads a cell for a field of type `ty` (`None` when the column names no known field).
/// The error says what was expected, in the author's words, the cell quoted by its start and
/// end when it is long.
pub fn parse_cell(text: &str, ty: Option<&FieldType>, mode: Mode) -> Result<Cell, String> {
    read_cell(text, ty, mode).map_err(|why| {
        let t = text.trim();
        match t.chars().count() > MOST_QUOTED {
            true => why.replace(t, &domain::kernel::shortened(t, MOST_QUOTED)),
            false => why,
        }
    })
}

fn read_cell(text: &str, ty: Option<&FieldType>, mode: Mode) -> Result<Cell, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Cell::Blank);
    }
    if t == ANY {
        return match mode {
            Mode::Expect => Ok(Cell::Any),
            Mode::Input => Err(ANY_IN_INPUT.into()),
        };
    }
    // A quote opened and never closed is a slip, not text that starts with a quote: read as
    // text, `"pay-1` became an id holding a quote character, unseen.
    if t.starts_with('"') && !t[1..].contains('"') {
        return Err(format!(
            "`{t}` opens a quote that it does not close: write `{t}\"` (text in double quotes is \
             taken as written; text that starts with a quote character is quoted whole, such as \
             `\"{t}\"`)"
        ));
    }
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        let text = Value::String(t[1..t.len() - 1].to_string());
        // Quotes make text; a field that takes none would refuse it later, in serde's words.
        // Quoted, `<any>` is text too, not the wildcard that fits every field's shape.
        if let Some(ty) = ty {
            let shaped = match is_any(&text) {
                true => check_shape(&Value::String(String::new()), ty),
                false => check_shape(&text, ty),
            };
            if shaped.is_err() {
                return Err(format!(
                    "`{t}` is quoted text, but this field must be {}: write it without quotes",
                    a_kind(ty)
                ));
            }
        }
        return Ok(Cell::Value(text));
    }
    let value = match ty {
        Some(ty) => coerce(t, ty)?,
        None => serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())),
    };
    if mode == Mode::Input && holds_any(&value) {
        return Err(ANY_IN_INPUT.into());
    }
    Ok(Cell::Value(value))
}

/// The wildcard of Then steps: a whole cell `<any>`, or the string `"<any>"` anywhere in a JSON
/// value (a doc string's field, an element of a list in a cell): any value may stand there, but
/// one must.
pub const ANY: &str = "<any>";

/// What a Given or When that writes the wildcard is told.
pub const ANY_IN_INPUT: &str =
    "`<any>` is only allowed in Then steps: a Given or When gives every value it names";

/// Whether `value` is the wildcard itself.
pub fn is_any(value: &Value) -> bool {
    value.as_str() == Some(ANY)
}

/// Whether the wildcard stands anywhere in `value`.
pub fn holds_any(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().any(holds_any),
        Value::Object(map) => map.values().any(holds_any),
        v => is_any(v),
    }
}

/// Coerces unquoted text into a value of the field's type.
pub fn coerce(t: &str, ty: &FieldType) -> Result<Value, String> {
    match ty {
        FieldType::Optional(inner) => {
            if t == "null" {
                Ok(Value::Null)
            } else {
                coerce(t, inner)
            }
        }
        // DSL.md reads the JSON literal `null` as that value, in every field: text included,
        // where taking it as the word would record `"null"` unseen.
        _ if t == "null" => Err(not_null(ty)),
        FieldType::Text => Ok(Value::String(t.to_string())),
        FieldType::Integer(range) => whole_number(t, *range),
        FieldType::Decimal => money(t).map(|m| Value::String(m.to_string())),
        // `yes` and `no` too, as a domain expert says them; every word taken is listed.
        FieldType::Boolean => match t.to_ascii_lowercase().as_str() {
            "true" | "yes" => Ok(Value::Bool(true)),
            "false" | "no" => Ok(Value::Bool(false)),
            _ => Err(format!(
                "`{t}` is not a yes-or-no value: write `true` or `false` (`yes` and `no` are read \
                 as them too, in any case)"
            )),
        },
        FieldType::Instant => parse_instant(t).map(Value::String),
        FieldType::Literal { inner, parse, .. } => {
            if t.starts_with('[') || t.starts_with('{') {
                let mut value = json_in_cell(t, |e| {
                    format!(
                        "`{t}` is not valid JSON ({}); expected {}",
                        json_error(e),
                        a_kind(ty)
                    )
                })?;
                fit_numbers(&mut value, inner)?;
                check_shape(&value, inner).map(|_| value)
            } else {
                parse(t)
            }
        }
        FieldType::List(_) | FieldType::Record { .. } => {
            let mut value = json_in_cell(t, |_| {
                format!(
                    "`{t}` is not JSON (expected {} written as JSON)",
                    a_kind(ty)
                )
            })?;
            fit_numbers(&mut value, ty)?;
            check_shape(&value, ty).map(|_| value)
        }
    }
}

/// JSON written in a cell, read as a doc string's and an older payload's are
/// (`kernel::strict_tree`): a key given twice, or a number a tree would round (a whole number
/// past 64 bits, read as a float, was told back as `1.8446744073709552e+19`), is refused in
/// the words of the number as written; anything else that is not JSON, by `not_json`.
fn json_in_cell(
    t: &str,
    not_json: impl FnOnce(&serde_json::Error) -> String,
) -> Result<Value, String> {
    use domain::kernel::TreeError;
    domain::kernel::strict_tree(t, "the cell").map_err(|e| match e {
        TreeError::Json(e) => not_json(&e),
        TreeError::Repeated { key, .. } => {
            format!("`{t}` gives the key `{key}` twice: give each field once")
        }
        TreeError::Inexact { number, .. } => domain::kernel::inexact_reason(&number),
    })
}

/// What a field that cannot be null says of a `null` written for it.
pub fn not_null(ty: &FieldType) -> String {
    let word = match ty {
        FieldType::Text => " (write `\"null\"` for the word)",
        _ => "",
    };
    format!(
        "`null` does not fit: this field cannot be null; it takes {}{word}",
        a_kind(ty)
    )
}

/// A field's type as a sentence says it, in the catalog's words: `a whole number`, `an RFC 3339
/// instant`, `text`.
pub fn a_kind(ty: &FieldType) -> String {
    match ty {
        FieldType::Text => "text".into(),
        FieldType::Integer(range) if *range == WholeRange::I64 => "a whole number".into(),
        FieldType::Integer(range) => range.describe(),
        FieldType::Decimal => "an amount with at most two decimal places (such as `199.00`)".into(),
        FieldType::Boolean => "`true` or `false`".into(),
        FieldType::Instant => "an RFC 3339 instant (such as `2026-01-05T09:15:00Z`)".into(),
        FieldType::List(inner) => format!("a list of {}", inner.describe()),
        FieldType::Optional(inner) => format!("{} or null", a_kind(inner)),
        // As the catalog's table of value types describes them: a type's name, then `object`,
        // the noun its article goes with (`an OrderLine object`).
        FieldType::Record { name, .. } => format!("{} object", with_article(name)),
        FieldType::Literal {
            name,
            example,
            inner,
            ..
        } => format!(
            "{name}, written `{example}` (in JSON: {})",
            inner.describe()
        ),
    }
}

/// An amount of money as the catalog has it: a decimal with two places. `199`, `199.0` and
/// `199.000` are that amount; `199.005` is no amount of money.
fn money(t: &str) -> Result<Money, String> {
    let m = t.trim().parse::<Money>().map_err(|e| match e {
        MoneyError::Inexact(_) => e.to_string(),
        MoneyError::NotAnAmount(_) if too_large_an_amount(t.trim()) => too_large(t),
        MoneyError::NotAnAmount(_) => format!("`{t}` is not an amount of money (such as `199.00`)"),
    })?;
    if m.decimal().normalize().scale() > 2 {
        return Err(format!(
            "`{t}` has more than two decimal places: money has two (such as `199.01`)"
        ));
    }
    // Written with its two places, as the catalog writes money.
    m.in_cents().ok_or_else(|| too_large(t))
}

/// An amount past what money holds, whether no decimal holds it at all or none holds it with
/// its two places: the largest is said with its two places, as money is written.
fn too_large(t: &str) -> String {
    let largest = Money::LARGEST_IN_CENTS.to_string();
    let (whole, cents) = largest.split_once('.').unwrap_or((&largest, "00"));
    let whole = whole
        .parse::<i128>()
        .map_or_else(|_| whole.to_string(), readable_number);
    format!("`{t}` is too large an amount of money: the largest is {whole}.{cents} (either side of zero)")
}

/// Whether `t` is written as a number (digits, a point, an exponent) too large for any amount:
/// such a number is a number, and being told it is none reads as a mistake of form.
fn too_large_an_amount(t: &str) -> bool {
    let digits = t.strip_prefix(['-', '+']).unwrap_or(t);
    let numeral = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    numeral && digits.parse::<f64>().is_ok_and(|n| n >= 1e28)
}

/// What serde_json says is wrong, without its own line and column, which are not the feature
/// file's.
pub fn json_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

/// A whole number in `range`, also when written as JSON may write it with a zero fraction
/// (`8.0`) or an exponent that leaves no fraction (`1e3`, `2.5e1`): numbers compare by value,
/// and a doc string's JSON reads these forms too, so a cell reads them alike. Read exactly, as
/// digits, so that no float rounds a large number.
fn whole_number(t: &str, range: WholeRange) -> Result<Value, String> {
    let not_whole = || format!("`{t}` is not a whole number");
    let unsigned = t.strip_prefix('+').unwrap_or(t);
    let (negative, body) = match unsigned.strip_prefix('-') {
        Some(body) => (true, body),
        None => (false, unsigned),
    };
    // The field's own range, not the widest a number may have: `-1` for a position, which
    // runs from 0, is out of it though it is a whole number. Said as the bound crossed, with
    // the whole range where it is the field's own.
    let out_of_range = || {
        let (size, bound, limit) = match negative {
            true => ("small", "least", range.least),
            false => ("large", "most", range.most),
        };
        let takes = match range == WholeRange::I64 {
            true => format!("a whole number of at {bound} {}", readable_number(limit)),
            false => range.describe(),
        };
        format!("`{t}` is too {size}: this field takes {takes}")
    };
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => {
            let e = e.strip_prefix('+').unwrap_or(e);
            (m, e.parse::<i64>().map_err(|_| not_whole())?)
        }
        None => (body, 0),
    };
    let (int, fraction) = match mantissa.split_once('.') {
        Some((_, "")) => return Err(not_whole()),
        Some((i, f)) => (i, f),
        None => (mantissa, ""),
    };
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits_only(int) || !digits_only(fraction) {
        return Err(not_whole());
    }
    let digits = format!("{int}{fraction}");
    // Where the decimal point stands among `digits` once the exponent has moved it.
    let point = (int.len() as i64).saturating_add(exponent);
    let split = point.clamp(0, digits.len() as i64) as usize;
    let (whole, rest) = digits.split_at(split);
    if rest.bytes().any(|b| b != b'0') {
        return Err(not_whole());
    }
    let whole = whole.trim_start_matches('0');
    let zeros = point.saturating_sub(digits.len() as i64).max(0);
    let n: i128 = if whole.is_empty() {
        0
    } else if zeros > 38 || whole.len() as i64 + zeros > 38 {
        // Past every range a field has (i128 holds 38 digits).
        return Err(out_of_range());
    } else {
        let sign = if negative { "-" } else { "" };
        format!("{sign}{whole}{}", "0".repeat(zeros as usize))
            .parse()
            .map_err(|_| out_of_range())?
    };
    if !range.contains(n) {
        return Err(out_of_range());
    }
    Ok(match i64::try_from(n) {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(u64::try_from(n).map_err(|_| out_of_range())?),
    })
}

/// JSON numbers with a zero fraction (`2.0`) where the type wants a whole number are made whole,
/// so the message reads them; any other fraction is refused here, in the author's words.
pub fn fit_numbers(value: &mut Value, ty: &FieldType) -> Result<(), String> {
    if is_any(value) {
        return Ok(());
    }
    match (ty, value) {
        (FieldType::Optional(inner), v) => fit_numbers(v, inner),
        (FieldType::Literal { inner, .. }, v) => fit_numbers(v, inner),
        (FieldType::Integer(range), v @ Value::Number(_)) => {
            let Value::Number(n) = &*v else {
                return Ok(());
            };
            // Read from its digits as a cell is (`8.0`, `1e16`, `-1`), so that a cell and a doc
            // string agree on every number and on the field's range.
            *v = whole_number(&n.to_string(), *range)?;
            Ok(())
        }
        // Money is written with its two places, as a cell writes it, so that a failure shows
        // `498.00` whether the author wrote a cell or a doc string.
        (FieldType::Decimal, v) => {
            let text = match &*v {
                Value::Number(n) => n.to_string(),
                Value::String(s) => s.clone(),
                _ => return Ok(()),
            };
            *v = Value::String(money(&text)?.to_string());
            Ok(())
        }
        (FieldType::List(inner), Value::Array(items)) => {
            items.iter_mut().try_for_each(|i| fit_numbers(i, inner))
        }
        (FieldType::Record { fields, .. }, Value::Object(map)) => {
            for (k, v) in map.iter_mut() {
                if let Some(f) = fields.iter().find(|f| f.name == k) {
                    fit_numbers(v, &f.ty)?;
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Numbers whole by value (`1e4`, `100.0`) made whole where no type says so: an older stored
/// form in a feature file is read before the catalog can type it, and a feature file's numbers
/// count by value, so its upcaster must not see `10000.0` where the author wrote `1e4`.
pub fn whole_by_value(value: &mut Value) {
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            if let Ok(whole) = whole_number(&n.to_string(), WholeRange::I64) {
                *value = whole;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_by_value),
        Value::Object(map) => map.values_mut().for_each(whole_by_value),
        _ => {}
    }
}

/// Reads an RFC 3339 instant and writes it back in the canonical UTC form. A fraction finer
/// than nanoseconds is refused, as in a log and in the kernel's words (the caller names the
/// cell or step): the canonical form would drop its last digits.
pub fn parse_instant(t: &str) -> Result<String, String> {
    let instant = chrono::DateTime::parse_from_rfc3339(t).map_err(|_| {
        // What the kernel can say of it (no offset, an offset in hours alone) is said.
        let why = match domain::kernel::parse_instant(t) {
            Err(e @ (InstantError::NoOffset | InstantError::OffsetWithoutMinutes { .. })) => {
                format!(": {e}")
            }
            _ => String::new(),
        };
        format!("`{t}` is not an RFC 3339 instant (such as `2026-01-05T09:15:00Z`){why}")
    })?;
    domain::kernel::check_fraction(t).map_err(|e| e.of(t))?;
    Ok(instant
        .with_timezone(&chrono::Utc)
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
}

/// Checks a JSON value against a field type loosely (numbers and strings for money, etc.), so a
/// cell with the wrong shape is refused with a message that names the field's type.
pub fn check_shape(value: &Value, ty: &FieldType) -> Result<(), String> {
    // The wildcard fits every type; a Given or When that writes it is refused where its value
    // is read, with holds_any.
    if is_any(value) {
        return Ok(());
    }
    let ok = match (ty, value) {
        (FieldType::Optional(_), Value::Null) => true,
        (FieldType::Optional(inner), v) => return check_shape(v, inner),
        (FieldType::Text, Value::String(_)) => true,
        (FieldType::Integer(range), Value::Number(n)) => match (n.as_i64(), n.as_u64()) {
            (Some(n), _) => range.contains(n.into()),
            (_, Some(n)) => range.contains(n.into()),
            _ => false,
        },
        (FieldType::Decimal, Value::Number(n)) => return money(&n.to_string()).map(|_| ()),
        (FieldType::Decimal, Value::String(t)) => return money(t).map(|_| ()),
        (FieldType::Boolean, Value::Bool(_)) => true,
        (FieldType::Instant, Value::String(s)) => return parse_instant(s).map(|_| ()),
        (FieldType::List(inner), Value::Array(items)) => {
            return items.iter().try_for_each(|i| check_shape(i, inner));
        }
        (FieldType::Literal { inner, .. }, v) => return check_shape(v, inner),
        (FieldType::Record { fields, .. }, Value::Object(map)) => {
            // Said here, at the cell, rather than by the message as a whole with no place.
            if let Some(missing) = fields
                .iter()
                .find(|f| f.required && !map.contains_key(f.name))
            {
                return Err(format!(
                    "`{value}` has no `{}` ({} needs it: {})",
                    missing.name,
                    ty.describe(),
                    a_kind(&missing.ty)
                ));
            }
            for (k, v) in map {
                match fields.iter().find(|f| f.name == k) {
                    Some(f) => check_shape(v, &f.ty)?,
                    None => return Err(format!("`{k}` is not a field of {}", ty.describe())),
                }
            }
            true
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(format!("`{value}` is not {}", a_kind(ty)))
    }
}

/// Whether an actual value meets an expected one of type `ty`: the whole value must be equal,
/// nested objects and lists included; numbers, money and instants compare by value.
pub fn same_value(expected: &Value, actual: &Value, ty: Option<&FieldType>) -> bool {
    // A whole value that is the text `<any>` was quoted by its author (the wildcard cell is read
    // as `Cell::Any`), and quoted text is that text.
    if is_any(expected) {
        return expected == actual;
    }
    meets(expected, actual, ty)
}

/// `same_value` for a value or any part of one: the wildcard inside a JSON value (`"<any>"`)
/// needs a value there, as a whole `<any>` cell does: present and not null.
pub fn meets(expected: &Value, actual: &Value, ty: Option<&FieldType>) -> bool {
    agrees(expected, actual, ty, Wildcard::StandsForAny)
}

/// Whether two values of a field of type `ty` are the same value, where neither side is a
/// Then-step (read models exported by a live system and the ones rebuilt): money and instants
/// by value however they are written, other numbers by value (`3` and `3.0`), a record's field
/// absent as null, text as written (an id `"1"` is not the number `1`), and `"<any>"` the text
/// it is, since no author wrote it as a wildcard.
pub fn same_by_type(a: &Value, b: &Value, ty: Option<&FieldType>) -> bool {
    agrees(a, b, ty, Wildcard::IsText)
}

/// What the text `"<any>"` inside an expected value means.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wildcard {
    /// A Then-step's wildcard: any value that is present.
    StandsForAny,
    /// Text like any other.
    IsText,
}

fn agrees(expected: &Value, actual: &Value, ty: Option<&FieldType>, wildcard: Wildcard) -> bool {
    if wildcard == Wildcard::StandsForAny && is_any(expected) {
        return !actual.is_null();
    }
    let agree = |e: &Value, a: &Value, ty: Option<&FieldType>| agrees(e, a, ty, wildcard);
    match ty {
        Some(FieldType::Optional(inner)) => {
            expected.is_null() && actual.is_null() || agree(expected, actual, Some(inner))
        }
        // Read from their digits (`Money` parses text exactly), never through a float.
        Some(FieldType::Decimal) => match (as_money(expected), as_money(actual)) {
            (Some(a), Some(b)) => a == b,
            _ => expected == actual,
        },
        Some(FieldType::Instant) => match (expected.as_str(), actual.as_str()) {
            (Some(a), Some(b)) => match (parse_instant(a), parse_instant(b)) {
                (Ok(a), Ok(b)) => a == b,
                _ => a == b,
            },
            _ => expected == actual,
        },
        Some(FieldType::List(inner)) => match (expected, actual) {
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| agree(x, y, Some(inner)))
            }
            _ => false,
        },
        Some(FieldType::Literal { inner, .. }) => agree(expected, actual, Some(inner)),
        Some(FieldType::Record { fields, .. }) => match (expected, actual) {
            (Value::Object(a), Value::Object(b)) => {
                // A field absent on one side counts as null, as in the messages themselves.
                let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
                keys.into_iter().all(|k| {
                    let ty = fields.iter().find(|f| f.name == k).map(|f| &f.ty);
                    agree(
                        a.get(k).unwrap_or(&Value::Null),
                        b.get(k).unwrap_or(&Value::Null),
                        ty,
                    )
                })
            }
            _ => false,
        },
        _ => loose_equal(expected, actual, wildcard),
    }
}

/// Equality without a known type: numbers by value, containers recursively.
fn loose_equal(a: &Value, b: &Value, wildcard: Wildcard) -> bool {
    if wildcard == Wildcard::StandsForAny && is_any(a) {
        return !b.is_null();
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => same_number_value(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| loose_equal(a, b, wildcard))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| loose_equal(v, w, wildcard)))
        }
        _ => a == b,
    }
}

/// Two JSON numbers by value, exactly: `3` is `3.0`, but two whole numbers beyond 2^53 that a
/// float would make one stay two. A float here holds what was written (strict trees refuse any
/// other), so its shortest text is the number as written.
fn same_number_value(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    if x == y {
        return true;
    }
    match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
        (Some(_), Some(_), _, _) | (_, _, Some(_), Some(_)) => false,
        _ => same_number(&x.to_string(), &y.to_string()),
    }
}

fn as_money(v: &Value) -> Option<Money> {
    match v {
        Value::String(s) => s.parse().ok(),
        Value::Number(n) => n.to_string().parse().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A field of whole numbers as wide as the kernel's widest (`i64`).
    const WHOLE: FieldType = FieldType::Integer(WholeRange::I64);
    use domain::kernel::WholeRange;
    use serde_json::json;

    fn seat_list() -> FieldType {
        FieldType::Literal {
            name: "SeatQuantities",
            example: "3 full",
            inner: Box::new(FieldType::List(Box::new(FieldType::Record {
                name: "SeatQuantity",
                fields: vec![],
            }))),
            parse: |t| Ok(json!([{ "literal": t }])),
            format: |_| None,
        }
    }

    /// A long cell is quoted by its start and end in its error, which still says what was
    /// expected.
    #[test]
    fn a_long_cell_is_quoted_short_in_its_error() {
        let long = format!("{}{}", "[".repeat(1_000), "]".repeat(1_000));
        let ty = FieldType::Integer(WholeRange::I64);
        let said = parse_cell(&long, Some(&ty), Mode::Input).unwrap_err();
        assert!(said.len() < 600, "{said}");
        assert!(said.contains("characters left out"), "{said}");
        let short = parse_cell("[1]", Some(&ty), Mode::Input).unwrap_err();
        assert!(short.contains("`[1]`"), "{short}");
    }

    #[test]
    fn blanks_quotes_any_and_json_follow_the_contract() {
        assert_eq!(
            parse_cell("  ", Some(&FieldType::Text), Mode::Input),
            Ok(Cell::Blank)
        );
        assert_eq!(
            parse_cell("\"12\"", Some(&FieldType::Text), Mode::Input),
            Ok(Cell::Value(json!("12")))
        );
        assert_eq!(
            parse_cell("\"12\"", None, Mode::Input),
            Ok(Cell::Value(json!("12")))
        );
        assert_eq!(parse_cell("<any>", None, Mode::Expect), Ok(Cell::Any));
        assert!(parse_cell("<any>", None, Mode::Input).is_err());
        assert_eq!(
            parse_cell("12", None, Mode::Input),
            Ok(Cell::Value(json!(12)))
        );
        assert_eq!(
            parse_cell("conf-1", None, Mode::Input),
            Ok(Cell::Value(json!("conf-1")))
        );
    }

    #[test]
    fn a_quote_opened_and_not_closed_is_refused_in_every_field_and_step() {
        for ty in [None, Some(&FieldType::Text), Some(&WHOLE)] {
            for mode in [Mode::Input, Mode::Expect] {
                assert_eq!(
                    parse_cell(" \"pay-1 ", ty, mode),
                    Err(
                        "`\"pay-1` opens a quote that it does not close: write `\"pay-1\"` (text \
                         in double quotes is taken as written; text that starts with a quote \
                         character is quoted whole, such as `\"\"pay-1\"`)"
                            .into()
                    )
                );
            }
        }
        assert!(parse_cell("\"", None, Mode::Input).is_err());
        // Quoted whole, a leading quote is text; a quote inside or at the end is text as it is.
        assert_eq!(
            parse_cell("\"\"pay-1\"", Some(&FieldType::Text), Mode::Input),
            Ok(Cell::Value(json!("\"pay-1")))
        );
        assert_eq!(
            parse_cell("say \"hi\"", Some(&FieldType::Text), Mode::Input),
            Ok(Cell::Value(json!("say \"hi\"")))
        );
        // A quote closed before the text ends is no quote left open: text as written.
        assert_eq!(
            parse_cell("\"Best\" conference", Some(&FieldType::Text), Mode::Input),
            Ok(Cell::Value(json!("\"Best\" conference")))
        );
    }

    #[test]
    fn text_is_coerced_to_the_field_type() {
        assert_eq!(coerce("12", &FieldType::Text), Ok(json!("12")));
        assert_eq!(coerce("12", &WHOLE), Ok(json!(12)));
        assert!(coerce("twelve", &WHOLE)
            .unwrap_err()
            .contains("whole number"));
        assert_eq!(coerce("25", &FieldType::Decimal), Ok(json!("25.00")));
        assert_eq!(coerce("199.0", &FieldType::Decimal), Ok(json!("199.00")));
        assert_eq!(coerce("199.000", &FieldType::Decimal), Ok(json!("199.00")));
        assert_eq!(
            coerce("199.005", &FieldType::Decimal),
            Err(
                "`199.005` has more than two decimal places: money has two (such as `199.01`)"
                    .into()
            )
        );
        assert!(coerce("cheap", &FieldType::Decimal)
            .unwrap_err()
            .contains("not an amount of money"));
        // A number past every amount is a number: said too large, with the largest there is,
        // whether no decimal holds it or no decimal holds it with its two places.
        for huge in [
            "99999999999999999999999999999.00",
            "-1e40",
            "1e29",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7922816251426433759354395034",
        ] {
            assert_eq!(
                coerce(huge, &FieldType::Decimal),
                Err(format!(
                    "`{huge}` is too large an amount of money: the largest is \
                     792,281,625,142,643,375,935,439,503.35 (either side of zero)"
                ))
            );
            let said = check_shape(&json!(huge), &FieldType::Decimal).unwrap_err();
            assert!(said.contains("too large an amount"), "{said}");
        }
        assert!(
            coerce("9999999999999999999999999999.99", &FieldType::Decimal)
                .unwrap_err()
                .contains("at most 28 significant digits")
        );
        assert_eq!(
            coerce("792281625142643375935439503.35", &FieldType::Decimal),
            Ok(json!("792281625142643375935439503.35"))
        );
        let prices = FieldType::List(Box::new(FieldType::Decimal));
        assert!(coerce("[199.005]", &prices)
            .unwrap_err()
            .contains("two decimal places"));
        // Money in JSON is written with its two places, as a cell writes it.
        assert_eq!(coerce("[199.5]", &prices), Ok(json!(["199.50"])));
        let mut total = json!(498);
        fit_numbers(&mut total, &FieldType::Decimal).unwrap();
        assert_eq!(total, json!("498.00"));
        assert_eq!(coerce("yes", &FieldType::Boolean), Ok(json!(true)));
        assert_eq!(coerce("No", &FieldType::Boolean), Ok(json!(false)));
        assert_eq!(
            coerce("maybe", &FieldType::Boolean),
            Err(
                "`maybe` is not a yes-or-no value: write `true` or `false` (`yes` and `no` are \
                 read as them too, in any case)"
                    .into()
            )
        );
        assert_eq!(
            coerce("2026-01-05T10:15:00+01:00", &FieldType::Instant),
            Ok(json!("2026-01-05T09:15:00Z"))
        );
        assert!(coerce("tomorrow", &FieldType::Instant).is_err());
        // Refused rather than cut to the nanosecond, as in a log; zeros past the ninth digit
        // lose nothing.
        for too_fine in [
            "2026-01-05T09:00:00.12345678987654321Z",
            "2026-01-05T09:00:00.1234567891Z",
        ] {
            // The kernel's words, as a log's and a database's instants are refused in.
            let kernel = domain::kernel::parse_instant(too_fine)
                .unwrap_err()
                .of(too_fine);
            assert!(
                kernel.starts_with(&format!("\"{too_fine}\" is finer than an instant holds")),
                "{kernel}"
            );
            assert_eq!(coerce(too_fine, &FieldType::Instant), Err(kernel.clone()));
            assert_eq!(
                check_shape(&json!(too_fine), &FieldType::Instant),
                Err(kernel)
            );
        }
        assert_eq!(
            coerce("2026-01-05T09:00:00.123456789000Z", &FieldType::Instant),
            Ok(json!("2026-01-05T09:00:00.123456789Z"))
        );
        let opt = FieldType::Optional(Box::new(WHOLE));
        assert_eq!(coerce("null", &opt), Ok(Value::Null));
        assert_eq!(
            coerce("3 full", &seat_list()),
            Ok(json!([{ "literal": "3 full" }]))
        );
        assert_eq!(coerce("[]", &seat_list()), Ok(json!([])));
        assert!(coerce("{\"a\":1}", &seat_list()).is_err());
    }

    #[test]
    fn null_is_that_value_and_refused_where_the_field_cannot_be_null() {
        assert_eq!(
            parse_cell("null", Some(&FieldType::Text), Mode::Input),
            Err(
                "`null` does not fit: this field cannot be null; it takes text (write \
                 `\"null\"` for the word)"
                    .into()
            )
        );
        assert_eq!(
            parse_cell("\"null\"", Some(&FieldType::Text), Mode::Input),
            Ok(Cell::Value(json!("null")))
        );
        let record = FieldType::Record {
            name: "PersonalInfo",
            fields: vec![],
        };
        for ty in [
            WHOLE,
            FieldType::Decimal,
            FieldType::Boolean,
            FieldType::Instant,
            FieldType::List(Box::new(FieldType::Text)),
            record,
            seat_list(),
        ] {
            for mode in [Mode::Input, Mode::Expect] {
                let said = parse_cell("null", Some(&ty), mode).unwrap_err();
                assert!(said.contains("cannot be null; it takes"), "{said}");
            }
        }
        let optional = FieldType::Optional(Box::new(FieldType::Text));
        assert_eq!(
            parse_cell("null", Some(&optional), Mode::Input),
            Ok(Cell::Value(Value::Null))
        );
    }

    #[test]
    fn a_whole_number_may_be_written_with_a_zero_fraction_and_nothing_else() {
        // A doc string's JSON numbers read as a cell's digits do, past 2^53 too.
        for (written, read) in [
            (json!(8.0), json!(8)),
            (json!(1e16), json!(10_000_000_000_000_000i64)),
        ] {
            let mut value = written;
            fit_numbers(&mut value, &WHOLE).unwrap();
            assert_eq!(value, read);
        }
        let mut half = json!(2.5);
        assert_eq!(
            fit_numbers(&mut half, &WHOLE),
            Err("`2.5` is not a whole number".into())
        );
        assert_eq!(coerce("8.0", &WHOLE), Ok(json!(8)));
        assert_eq!(coerce("-3.00", &WHOLE), Ok(json!(-3)));
        assert_eq!(
            coerce("2.5", &WHOLE),
            Err("`2.5` is not a whole number".into())
        );
        assert_eq!(
            coerce("8.", &WHOLE),
            Err("`8.` is not a whole number".into())
        );
        assert!(coerce("99999999999999999999", &WHOLE)
            .unwrap_err()
            .contains(
            "is too large: this field takes a whole number of at most 9,223,372,036,854,775,807"
        ));
        assert_eq!(coerce("1e1", &WHOLE), Ok(json!(10)));
        assert_eq!(coerce("2.5E+1", &WHOLE), Ok(json!(25)));
        assert_eq!(coerce("-1.20e1", &WHOLE), Ok(json!(-12)));
        assert_eq!(coerce("0e5", &WHOLE), Ok(json!(0)));
        assert_eq!(coerce("500e-2", &WHOLE), Ok(json!(5)));
        assert_eq!(
            coerce("1e18", &WHOLE),
            Ok(json!(1_000_000_000_000_000_000_i64))
        );
        assert_eq!(
            coerce("25e-1", &WHOLE),
            Err("`25e-1` is not a whole number".into())
        );
        assert!(coerce("1e19", &WHOLE).unwrap_err().contains(
            "is too large: this field takes a whole number of at most 9,223,372,036,854,775,807"
        ));
        assert!(coerce("1e999999999999999999999", &WHOLE).is_err());
        assert_eq!(
            coerce("1e", &WHOLE),
            Err("`1e` is not a whole number".into())
        );
        let record = FieldType::List(Box::new(FieldType::Record {
            name: "SeatQuantity",
            fields: vec![domain::kernel::FieldSpec {
                name: "quantity",
                type_name: "i64",
                ty: WHOLE,
                required: true,
            }],
        }));
        assert_eq!(
            coerce(r#"[{"quantity": 2.0}]"#, &record),
            Ok(json!([{ "quantity": 2 }]))
        );
        assert_eq!(
            coerce(r#"[{"quantity": 2.5}]"#, &record),
            Err("`2.5` is not a whole number".into())
        );
    }

    #[test]
    fn a_whole_number_out_of_its_field_s_range_is_refused_with_that_range() {
        let position = FieldType::Integer(WholeRange::of(0, u32::MAX.into()));
        let range = "this field takes a whole number from 0 to 4,294,967,295";
        for (written, size) in [
            ("-1", "small"),
            ("-1e40", "small"),
            ("4294967296", "large"),
            ("18446744073709551615", "large"),
            ("1e40", "large"),
        ] {
            assert_eq!(
                coerce(written, &position),
                Err(format!("`{written}` is too {size}: {range}"))
            );
        }
        let said = format!("is too small: {range}");
        assert_eq!(coerce("4294967295", &position), Ok(json!(4_294_967_295u32)));
        // A doc string's numbers, and JSON inside a cell, are held to the same range.
        let mut negative = json!(-1);
        assert_eq!(
            fit_numbers(&mut negative, &position),
            Err(format!("`-1` {said}"))
        );
        let positions = FieldType::List(Box::new(position));
        assert_eq!(coerce("[-1]", &positions), Err(format!("`-1` {said}")));
        let large = FieldType::Integer(WholeRange::of(0, u64::MAX.into()));
        assert_eq!(coerce("18446744073709551615", &large), Ok(json!(u64::MAX)));
        assert_eq!(
            a_kind(&FieldType::Integer(WholeRange::of(0, 9))),
            "a whole number from 0 to 9"
        );
        // The widest range is said by the bound crossed, grouped by thousands.
        assert_eq!(
            coerce("-99999999999999999999", &WHOLE),
            Err(
                "`-99999999999999999999` is too small: this field takes a whole number of at \
                 least -9,223,372,036,854,775,808"
                    .into()
            )
        );
    }

    #[test]
    fn a_quoted_cell_where_text_does_not_fit_says_what_the_field_takes() {
        assert_eq!(
            parse_cell("\"3\"", Some(&WHOLE), Mode::Input),
            Err(
                "`\"3\"` is quoted text, but this field must be a whole number: write it \
                 without quotes"
                    .into()
            )
        );
        assert_eq!(
            parse_cell("\"3 full\"", Some(&seat_list()), Mode::Input),
            Err(
                "`\"3 full\"` is quoted text, but this field must be SeatQuantities, written `3 \
                 full` (in JSON: list of SeatQuantity): write it without quotes"
                    .into()
            )
        );
        assert_eq!(
            parse_cell("\"199.00\"", Some(&FieldType::Decimal), Mode::Input),
            Ok(Cell::Value(json!("199.00")))
        );
    }

    #[test]
    fn values_compare_by_value_where_the_type_says_so() {
        assert!(same_value(
            &json!("25.00"),
            &json!(25),
            Some(&FieldType::Decimal)
        ));
        assert!(!same_value(
            &json!("25.01"),
            &json!("25.00"),
            Some(&FieldType::Decimal)
        ));
        assert!(same_value(
            &json!("2026-01-05T10:15:00+01:00"),
            &json!("2026-01-05T09:15:00Z"),
            Some(&FieldType::Instant)
        ));
        assert!(same_value(&json!([1.0, 2]), &json!([1, 2]), None));
        assert!(!same_value(&json!([1]), &json!([1, 2]), None));
    }
    #[test]
    fn values_written_by_others_compare_by_value_but_text_as_written() {
        let price = FieldType::Optional(Box::new(FieldType::Decimal));
        assert!(same_by_type(&json!("199"), &json!("199.00"), Some(&price)));
        assert!(same_by_type(&json!(500), &json!("500.00"), Some(&price)));
        assert!(!same_by_type(
            &json!("199.00"),
            &json!("199.01"),
            Some(&price)
        ));
        // Digits a float would round away still count.
        assert!(!same_by_type(
            &json!("199.000000000000000000001"),
            &json!("199.00"),
            Some(&price)
        ));
        let at = Some(&FieldType::Instant);
        assert!(same_by_type(
            &json!("2026-01-05T09:31:00+00:00"),
            &json!("2026-01-05T09:31:00Z"),
            at
        ));
        assert!(!same_by_type(
            &json!("2026-01-05T09:31:00Z"),
            &json!("2026-01-05T09:32:00Z"),
            at
        ));
        assert!(same_by_type(&json!(3.0), &json!(3), Some(&WHOLE)));
        assert!(same_by_type(&json!([1.5, 3.0]), &json!([1.5, 3]), None));
        assert!(!same_by_type(
            &json!(9007199254740993_u64),
            &json!(9007199254740992_u64),
            None
        ));
        // Text is what it says: an id `"1"` is not the number 1, nor `"<any>"` a wildcard.
        assert!(!same_by_type(
            &json!("1"),
            &json!(1),
            Some(&FieldType::Text)
        ));
        assert!(!same_by_type(&json!("1"), &json!(1), None));
        assert!(!same_by_type(&json!("<any>"), &json!("x"), None));
        assert!(!same_by_type(
            &json!({"a": "<any>"}),
            &json!({"a": 1}),
            None
        ));
    }

    #[test]
    fn the_wildcard_stands_for_any_value_where_one_is_present_and_only_in_then_steps() {
        let line = FieldType::Record {
            name: "SeatQuantity",
            fields: vec![],
        };
        let lines = FieldType::List(Box::new(line.clone()));
        let expected = json!([{"seat_type": "<any>", "quantity": 2}]);
        assert!(same_value(
            &expected,
            &json!([{"seat_type": "full", "quantity": 2}]),
            Some(&lines)
        ));
        assert!(!same_value(
            &expected,
            &json!([{"quantity": 2}]),
            Some(&lines)
        ));
        assert!(!same_value(
            &expected,
            &json!([{"seat_type": "full", "quantity": 3}]),
            Some(&lines)
        ));
        assert!(parse_cell("\"<any>\"", Some(&WHOLE), Mode::Expect)
            .unwrap_err()
            .contains("is quoted text, but this field must be a whole number"));
        // A whole value that is the text `<any>` came from a quoted cell: it is that text.
        assert!(!same_value(
            &json!("<any>"),
            &json!("x"),
            Some(&FieldType::Text)
        ));
        assert!(same_value(
            &json!("<any>"),
            &json!("<any>"),
            Some(&FieldType::Text)
        ));
        let any = Wildcard::StandsForAny;
        assert!(!loose_equal(&json!({"a": "<any>"}), &json!({}), any));
        assert!(!loose_equal(
            &json!({"a": "<any>"}),
            &json!({"a": null}),
            any
        ));
        assert!(loose_equal(&json!({"a": "<any>"}), &json!({"a": [1]}), any));
        let mut number = json!("<any>");
        assert_eq!(fit_numbers(&mut number, &WHOLE), Ok(()));
        assert_eq!(check_shape(&number, &WHOLE), Ok(()));
        assert_eq!(
            parse_cell(
                "[\"<any>\"]",
                Some(&FieldType::List(Box::new(FieldType::Text))),
                Mode::Input
            ),
            Err(ANY_IN_INPUT.to_string())
        );
        assert!(matches!(
            parse_cell(
                "[\"<any>\"]",
                Some(&FieldType::List(Box::new(FieldType::Text))),
                Mode::Expect
            ),
            Ok(Cell::Value(_))
        ));
    }
    #[test]
    fn numbers_whole_by_value_are_made_whole_where_no_type_is_known() {
        let mut v = json!({"a": 1e4, "b": [100.0, 2.5], "c": {"d": -3e0}, "e": "1e4"});
        whole_by_value(&mut v);
        assert_eq!(
            v,
            json!({"a": 10000, "b": [100, 2.5], "c": {"d": -3}, "e": "1e4"})
        );
        assert!(v["a"].is_i64());
    }
}
