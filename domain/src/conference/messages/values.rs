//! The conference domain's value objects, with the readable literal forms feature files use.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::kernel::{Field, FieldType, Money, Text};
use crate::record;

record! {
    /// A number of seats of one type (negative in availability changes).
    pub struct SeatQuantity {
        pub seat_type: Text,
        pub quantity: i64,
    }
}

impl SeatQuantity {
    pub fn new(seat_type: impl Into<Text>, quantity: i64) -> Self {
        SeatQuantity {
            seat_type: seat_type.into(),
            quantity,
        }
    }
}

/// A list of seat quantities, written `3 full, 2 workshop` (or `[]` when empty) in a table cell.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SeatQuantities(pub Vec<SeatQuantity>);

impl SeatQuantities {
    pub fn new(items: impl IntoIterator<Item = (&'static str, i64)>) -> Self {
        SeatQuantities(
            items
                .into_iter()
                .map(|(t, q)| SeatQuantity::new(t, q))
                .collect(),
        )
    }

    pub fn iter(&self) -> impl Iterator<Item = &SeatQuantity> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The quantity of one seat type (summed if it appears more than once).
    pub fn quantity_of(&self, seat_type: &str) -> i64 {
        self.0
            .iter()
            .filter(|s| s.seat_type == seat_type)
            .map(|s| s.quantity)
            .sum()
    }

    /// Parses the literal form: `3 full, 2 workshop`, `-3 full`, `[]`.
    pub fn parse_literal(text: &str) -> Result<SeatQuantities, String> {
        let t = text.trim();
        if t == "[]" {
            return Ok(SeatQuantities::default());
        }
        t.split(',')
            .map(|part| {
                let part = part.trim();
                // Said as what it is: `` `` is not a seat quantity`` read as no answer at all.
                if part.is_empty() {
                    let place = match t.ends_with(',') {
                        true => "nothing after its last comma",
                        false => "nothing between two commas, or before the first",
                    };
                    return Err(format!(
                        "`{t}` has an empty item, {place} (write `3 full, 2 workshop`)"
                    ));
                }
                let (n, seat_type) = part.split_once(char::is_whitespace).ok_or_else(|| {
                    format!("`{part}` is not a seat quantity (expected a number and a seat type, such as `3 full`)")
                })?;
                // A zero fraction (`3.0 full`) is the whole number, as feature cells read numbers.
                let n = n.trim().trim_start_matches('+');
                let whole = match n.split_once('.') {
                    Some((w, f)) if !f.is_empty() && f.bytes().all(|b| b == b'0') => w,
                    _ => n,
                };
                let quantity: i64 = whole.parse().map_err(|e: std::num::ParseIntError| {
                    // Digits past what a quantity holds are a number all the same.
                    let (size, bound, limit) = match e.kind() {
                        std::num::IntErrorKind::PosOverflow => ("large", "most", i64::MAX),
                        std::num::IntErrorKind::NegOverflow => ("small", "least", i64::MIN),
                        _ => return format!(
                            "`{n}` in `{part}` is not a whole number (expected something like `3 full`)"
                        ),
                    };
                    format!(
                        "`{n}` in `{part}` is too {size}: a quantity is at {bound} {}",
                        crate::kernel::readable_number(limit.into())
                    )
                })?;
                let seat_type = seat_type.trim();
                if seat_type.is_empty() || seat_type.contains(char::is_whitespace) {
                    return Err(format!(
                        "`{part}` is not a seat quantity (expected a number and one seat type word)"
                    ));
                }
                Ok(SeatQuantity::new(seat_type, quantity))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(SeatQuantities)
    }
}

impl fmt::Display for SeatQuantities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("[]");
        }
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} {}", s.quantity, s.seat_type)?;
        }
        Ok(())
    }
}

fn parse_seat_quantities(text: &str) -> Result<Value, String> {
    SeatQuantities::parse_literal(text).map(|s| json!(s))
}

fn format_seat_quantities(value: &Value) -> Option<String> {
    serde_json::from_value::<SeatQuantities>(value.clone())
        .ok()
        .map(|s| s.to_string())
}

impl Field for SeatQuantities {
    fn field_type() -> FieldType {
        FieldType::Literal {
            name: "SeatQuantities",
            example: "3 full, 2 workshop",
            inner: Box::new(Vec::<SeatQuantity>::field_type()),
            parse: parse_seat_quantities,
            format: format_seat_quantities,
        }
    }
}

impl FromIterator<SeatQuantity> for SeatQuantities {
    fn from_iter<I: IntoIterator<Item = SeatQuantity>>(iter: I) -> Self {
        SeatQuantities(iter.into_iter().collect())
    }
}

record! {
    /// Who a person is; every part may be missing (an assignment without an email is refused).
    pub struct PersonalInfo {
        pub first_name: Option<Text>,
        pub last_name: Option<Text>,
        pub email: Option<Text>,
    }
}

impl PersonalInfo {
    /// The email, if one is given and not empty.
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref().filter(|e| !e.trim().is_empty())
    }
}

record! {
    /// One priced line of an order.
    pub struct OrderLine {
        pub seat_type: Text,
        pub quantity: i64,
        pub unit_price: Money,
        pub line_total: Money,
    }
}

record! {
    /// One seat of a confirmed order, numbered from 0.
    pub struct SeatPosition {
        pub position: u32,
        pub seat_type: Text,
    }
}

record! {
    /// One item of a payment request.
    pub struct PaymentItem {
        pub description: Text,
        pub amount: Money,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_item_in_the_literal_form_is_said_as_such() {
        assert_eq!(
            SeatQuantities::parse_literal("1 full,"),
            Err(
                "`1 full,` has an empty item, nothing after its last comma (write `3 full, 2 \
                 workshop`)"
                    .into()
            )
        );
        for text in ["1 full,, 2 workshop", ", 1 full"] {
            assert!(SeatQuantities::parse_literal(text)
                .unwrap_err()
                .contains("has an empty item, nothing between two commas, or before the first"));
        }
    }

    #[test]
    fn a_quantity_past_what_a_quantity_holds_is_said_too_large_not_a_fraction() {
        assert_eq!(
            SeatQuantities::parse_literal("99999999999999999999999 full"),
            Err(
                "`99999999999999999999999` in `99999999999999999999999 full` is too large: a \
                 quantity is at most 9,223,372,036,854,775,807"
                    .into()
            )
        );
        assert!(
            SeatQuantities::parse_literal("-99999999999999999999999 full")
                .unwrap_err()
                .contains("is too small: a quantity is at least -9,223,372,036,854,775,808")
        );
        assert!(SeatQuantities::parse_literal("2x full")
            .unwrap_err()
            .contains("is not a whole number"));
    }

    #[test]
    fn seat_quantities_read_and_write_their_literal_form() {
        assert_eq!(
            SeatQuantities::parse_literal("3.0 full, -2.00 workshop").unwrap(),
            SeatQuantities::parse_literal("3 full, -2 workshop").unwrap()
        );
        assert!(SeatQuantities::parse_literal("2.5 full").is_err());
        assert!(SeatQuantities::parse_literal("3. full").is_err());
        let s = SeatQuantities::parse_literal("3 full, 2 workshop").unwrap();
        assert_eq!(s, SeatQuantities::new([("full", 3), ("workshop", 2)]));
        assert_eq!(s.to_string(), "3 full, 2 workshop");
        assert_eq!(
            SeatQuantities::parse_literal("-3 full").unwrap(),
            SeatQuantities::new([("full", -3)])
        );
        assert_eq!(
            SeatQuantities::parse_literal("[]").unwrap(),
            SeatQuantities::default()
        );
        assert!(SeatQuantities::parse_literal("three full").is_err());
        assert!(SeatQuantities::parse_literal("3").is_err());
        assert!(SeatQuantities::parse_literal("3 full day").is_err());
        let FieldType::Literal { parse, format, .. } = SeatQuantities::field_type() else {
            panic!("seat quantities have a literal form");
        };
        let value = parse("3 full, -1 vip").unwrap();
        assert_eq!(format(&value).as_deref(), Some("3 full, -1 vip"));
    }
}
