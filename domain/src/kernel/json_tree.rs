//! Reads JSON into a tree (what upcasters work on, what a feature file's doc string holds)
//! without losing anything its text says. serde_json's own tree keeps the last of a key given twice and
//! rounds a number to the nearest binary float, both silently; a migration that did either would
//! write back less than the log held, so both are refused here, with where they stand.

use std::cell::{Cell, RefCell};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// The JSON tree of an older form's payload, as `strict_tree` reads it.
pub fn payload_tree(text: &str) -> Result<Value, TreeError> {
    strict_tree(text, "the payload")
}

/// The JSON tree of `text`, refusing a key given twice in one object (at any depth), said as
/// "`what` gives `key` twice", and a number the tree cannot hold exactly as written. Errors
/// carry serde_json's place (line and column).
pub fn strict_tree(text: &str, what: &str) -> Result<Value, TreeError> {
    read(text, what, None)
}

/// `strict_tree`, with the keys of each top object (the document, or each object of a top-level
/// list) in the order written, which `Value`'s sorted map forgets: a failure can list the
/// fields an author wrote in their order.
pub fn strict_tree_as_written(text: &str, what: &str) -> Result<Written, TreeError> {
    let keys = RefCell::new(Vec::new());
    let value = read(text, what, Some(&keys))?;
    Ok(Written {
        value,
        keys: keys.into_inner(),
    })
}

/// A tree and the keys of its top objects as written (see `strict_tree_as_written`).
pub struct Written {
    pub value: Value,
    pub keys: Vec<Vec<String>>,
}

fn read(
    text: &str,
    what: &str,
    keys: Option<&RefCell<Vec<Vec<String>>>>,
) -> Result<Value, TreeError> {
    let saw_float = Cell::new(false);
    let repeated = RefCell::new(None);
    let (depth, top_is_list) = (Cell::new(0), Cell::new(false));
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let tree = Strict {
        saw_float: &saw_float,
        what,
        repeated: &repeated,
        keys,
        depth: &depth,
        top_is_list: &top_is_list,
    }
    .deserialize(&mut deserializer)
    .and_then(|tree| deserializer.end().map(|()| tree))
    .map_err(|error| match repeated.into_inner() {
        Some(key) => TreeError::Repeated { key, error },
        None => TreeError::Json(error),
    })?;
    // Only a number read as a float can have been rounded; most payloads have none, and are not
    // read a second time.
    if saw_float.get() {
        if let Some((line, column, number)) = inexact_number(text) {
            return Err(TreeError::Inexact {
                line,
                column,
                number,
            });
        }
    }
    Ok(tree)
}

/// Why `number`, as written, cannot be read exactly, in a reader's words: a whole number past
/// what 64 bits hold is too large, and its range is said; any other is a decimal a binary float
/// would round, which an amount avoids by being written as text.
pub fn inexact_reason(number: &str) -> String {
    match number.contains(['.', 'e', 'E']) {
        false => format!(
            "`{number}` is out of range for a whole number (whole numbers run from \
             -9,223,372,036,854,775,808 to 18,446,744,073,709,551,615)"
        ),
        true => format!(
            "`{number}` cannot be held exactly as a number (a number keeps about 15 significant \
             digits: write an amount as text, such as \"199.00\")"
        ),
    }
}

#[derive(Debug)]
pub enum TreeError {
    /// Not JSON.
    Json(serde_json::Error),
    /// A key given twice in one object; the error is placed just after its second writing.
    Repeated {
        key: String,
        error: serde_json::Error,
    },
    /// A number (at this line and column of the text, counted from 1) that a JSON tree would
    /// round.
    Inexact {
        line: usize,
        column: usize,
        number: String,
    },
}

/// A JSON value read as serde_json's tree reads it, but refusing a key given twice.
#[derive(Clone, Copy)]
struct Strict<'f> {
    saw_float: &'f Cell<bool>,
    what: &'f str,
    repeated: &'f RefCell<Option<String>>,
    /// Where the keys of top objects go, when they are kept.
    keys: Option<&'f RefCell<Vec<Vec<String>>>>,
    /// How many containers are open around the parser, and whether the outermost is a list.
    depth: &'f Cell<usize>,
    top_is_list: &'f Cell<bool>,
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
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
        self.saw_float.set(true);
        // serde_json never reads a NaN or an infinity from text.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
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
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        if self.depth.get() == 0 {
            self.top_is_list.set(true);
        }
        self.depth.set(self.depth.get() + 1);
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        self.depth.set(self.depth.get() - 1);
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let depth = self.depth.get();
        let top = depth == 0 || (depth == 1 && self.top_is_list.get());
        let kept = self.keys.filter(|_| top).map(|keys| {
            keys.borrow_mut().push(Vec::new());
            keys.borrow().len() - 1
        });
        self.depth.set(depth + 1);
        let mut fields = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if let (Some(keys), Some(i)) = (self.keys, kept) {
                keys.borrow_mut()[i].push(key.clone());
            }
            // One lookup a key: the slot found empty takes the value once it is read.
            match fields.entry(key) {
                serde_json::map::Entry::Occupied(taken) => {
                    *self.repeated.borrow_mut() = Some(taken.key().clone());
                    return Err(de::Error::custom(format_args!(
                        "{} gives `{}` twice",
                        self.what,
                        taken.key()
                    )));
                }
                serde_json::map::Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(self)?);
                }
            }
        }
        self.depth.set(depth);
        Ok(Value::Object(fields))
    }
}

/// The first number of `text` (valid JSON) that a float does not hold as written, with its
/// column: `0.1` is held (the float is written back `0.1`), `597.000000000000000000000000001`
/// and `99999999999999999999999` are not.
fn inexact_number(text: &str) -> Option<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut in_text = false;
    while at < bytes.len() {
        let b = bytes[at];
        if in_text {
            match b {
                b'\\' => at += 1,
                b'"' => in_text = false,
                _ => {}
            }
            at += 1;
            continue;
        }
        if b == b'"' {
            in_text = true;
            at += 1;
            continue;
        }
        if b == b'-' || b.is_ascii_digit() {
            let start = at;
            while at < bytes.len()
                && matches!(bytes[at], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
            {
                at += 1;
            }
            let number = &text[start..at];
            let whole = number.parse::<i64>().is_ok() || number.parse::<u64>().is_ok();
            if !whole {
                let held = number
                    .parse::<f64>()
                    .ok()
                    .filter(|float| float.is_finite())
                    .is_some_and(|float| same_number(number, &float.to_string()));
                if !held {
                    let before = &text[..start];
                    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
                    let line = before.matches('\n').count() + 1;
                    let column = before[line_start..].chars().count() + 1;
                    return Some((line, column, number.to_string()));
                }
            }
            continue;
        }
        at += 1;
    }
    None
}

/// Whether two decimal texts (`-12.50`, `1.25e3`, `1250`) write the same number, read from their
/// digits: comparing what others wrote (an exported read model) by value must not round first.
pub fn same_number(a: &str, b: &str) -> bool {
    matches!((canonical(a), canonical(b)), (Some(a), Some(b)) if a == b)
}

/// A decimal text as (negative, significant digits, power of ten of the last digit): `-12.50`
/// is (true, "125", -1). Zero is (false, "", 0) however it is written. Underscores, which the
/// decimal parser allows between digits, are skipped.
fn canonical(text: &str) -> Option<(bool, String, i64)> {
    let text = text.trim();
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.strip_prefix('+').unwrap_or(e).parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: String = whole
        .chars()
        .chain(fraction.chars())
        .filter(|&c| c != '_')
        .collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let fraction_digits = fraction.chars().filter(|&c| c != '_').count() as i64;
    let mut power = exponent.checked_sub(fraction_digits)?;
    while digits.ends_with('0') {
        digits.pop();
        power = power.checked_add(1)?;
    }
    let digits = digits.trim_start_matches('0').to_string();
    if digits.is_empty() {
        return Some((false, digits, 0));
    }
    Some((negative, digits, power))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_refused_at_any_depth_with_its_name() {
        for text in [
            r#"{"total":"1.00","order_id":"o","total":"597.00"}"#,
            r#"{"lines":[{"line_total":"1.00","total":"2.00","total":"3.00"}]}"#,
        ] {
            let said = match payload_tree(text) {
                Err(TreeError::Repeated { key, error }) if key == "total" => error.to_string(),
                other => panic!("{text} read as {other:?}"),
            };
            assert!(said.contains("the payload gives `total` twice"), "{said}");
            assert!(said.contains("column"), "{said}");
        }
        // The same key in two objects is no repeat.
        let tree = payload_tree(r#"{"a":{"total":1},"b":{"total":2}}"#).unwrap();
        assert_eq!(tree["b"]["total"], 2);
    }

    #[test]
    fn a_number_a_tree_would_round_is_refused_with_its_column() {
        for (text, column, number) in [
            (
                r#"{"total":597.000000000000000000000000001}"#,
                10,
                "597.000000000000000000000000001",
            ),
            (
                r#"{"a":"1.5e3","n":99999999999999999999999}"#,
                18,
                "99999999999999999999999",
            ),
            (
                r#"{"x":0.1000000000000000055511151231257827}"#,
                6,
                "0.1000000000000000055511151231257827",
            ),
        ] {
            match payload_tree(text) {
                Err(TreeError::Inexact {
                    line: 1,
                    column: c,
                    number: n,
                }) => {
                    assert_eq!((c, n.as_str()), (column, number), "{text}")
                }
                other => panic!("{text} read as {other:?}"),
            }
        }
        // What a float holds as written reads as before, in text too.
        let tree = payload_tree(
            r#"{"a":0.1,"b":-1.25e3,"c":"9.000000000000000000000001","d":18446744073709551615}"#,
        )
        .unwrap();
        assert_eq!(tree["a"], 0.1);
        assert_eq!(tree["b"], -1250.0);
    }

    #[test]
    fn numbers_are_compared_by_value() {
        assert!(same_number("-12.50", "-12.5"));
        assert!(same_number("1.25e3", "1250"));
        assert!(same_number("0.000", "-0"));
        assert!(!same_number("597.000000000000000000000000001", "597"));
    }

    #[test]
    fn the_keys_of_each_top_object_are_kept_in_the_order_written() {
        let keys = |text: &str| {
            strict_tree_as_written(text, "the text")
                .ok()
                .map(|w| w.keys)
        };
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
