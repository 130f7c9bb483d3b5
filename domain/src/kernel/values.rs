//! Plain value types every domain shares: instants (RFC 3339 UTC) and money (a two-place decimal
//! that reads from a JSON string or number and compares by value).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// A short piece of text: an id, a name, a code. It is copied without allocating while it is
/// short (up to 23 bytes), because the simulator copies messages and states many times a
/// history and almost all of their text is that short.
pub type Text = smol_str::SmolStr;

/// A point in time, always UTC, written in RFC 3339.
pub type Instant = chrono::DateTime<chrono::Utc>;

/// An instant as the feature language and the reports write it: RFC 3339 in UTC with `Z`, its
/// fraction of a second only when it has one (`2026-01-05T09:29:00Z`).
pub fn instant_text(instant: Instant) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// A whole number of minutes as a duration, the unit the feature language speaks in.
pub fn minutes(n: i64) -> chrono::TimeDelta {
    chrono::TimeDelta::minutes(n)
}

/// An amount of money with two decimal places. Equality is by value (`1.5` equals `1.50`).
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MoneyError {
    #[error("`{0}` is not an amount of money (expected a decimal such as 199.00)")]
    NotAnAmount(String),
    /// Refused rather than rounded: an amount read otherwise than it was written is lost data.
    #[error(
        "`{0}` cannot be held exactly as an amount: an amount keeps at most 28 significant digits"
    )]
    Inexact(String),
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);
    /// The largest amount there is (a decimal's 96 bits of digits, 29 of them).
    pub const MAX: Money = Money(Decimal::MAX);

    pub fn from_cents(cents: i64) -> Self {
        Money(Decimal::new(cents, 2))
    }

    /// The largest amount that can be written with two decimal places: a decimal keeps 96 bits
    /// of digits, two of them past the point here.
    pub const LARGEST_IN_CENTS: Money =
        Money(Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 2));

    /// Whole cents, rounded half to even (the decimal's own rounding); `None` if it does not
    /// fit in an `i64`. Checked, since an amount near a decimal's limit (read from a log or a
    /// feature file) has no room for ×100.
    pub fn cents(&self) -> Option<i64> {
        use rust_decimal::prelude::ToPrimitive;
        self.0.checked_mul(Decimal::ONE_HUNDRED)?.round().to_i64()
    }

    /// The amount written with two decimal places (`199` as `199.00`), rounded to the cent (half
    /// to even) if it has more; `None` if it is too large to be held so (past
    /// `LARGEST_IN_CENTS`).
    pub fn in_cents(&self) -> Option<Money> {
        let cents = self.0.checked_mul(Decimal::ONE_HUNDRED)?.round();
        Decimal::try_from_i128_with_scale(cents.mantissa(), 2)
            .ok()
            .map(Money)
    }

    pub fn decimal(&self) -> Decimal {
        self.0
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn times(&self, quantity: i64) -> Money {
        Money(self.0 * Decimal::from(quantity))
    }

    /// The sum, or `None` past what an amount holds (where `+` panics): for a decision that
    /// adds amounts a command gives, which may be as large as a cell can write.
    pub fn checked_add(&self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// The difference, or `None` past what an amount holds (where `-` panics).
    pub fn checked_sub(&self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// The amount written with two decimals into `buffer`, if it is in whole cents that fit in
    /// a `u64`.
    fn plain_text<'b>(&self, buffer: &'b mut [u8; 24]) -> Option<&'b str> {
        let scale = self.0.scale();
        if scale > 2 {
            return None;
        }
        let mut cents = u64::try_from(self.0.mantissa().unsigned_abs())
            .ok()?
            .checked_mul(10u64.pow(2 - scale))?;
        let mut at = buffer.len();
        let mut put = |digit: u8| {
            at -= 1;
            buffer[at] = digit;
        };
        for _ in 0..2 {
            put(b'0' + (cents % 10) as u8);
            cents /= 10;
        }
        put(b'.');
        loop {
            put(b'0' + (cents % 10) as u8);
            cents /= 10;
            if cents == 0 {
                break;
            }
        }
        if self.is_negative() {
            put(b'-');
        }
        std::str::from_utf8(&buffer[at..]).ok()
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0 + other.0)
    }
}

/// A balance less a withdrawal: subtracting was written `a + b.times(-1)`.
impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money(self.0 - other.0)
    }
}

impl std::ops::Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl std::iter::Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        if let Some(cents) = plain_cents(t) {
            return Ok(Money(Decimal::new(cents, 2)));
        }
        let decimal = Decimal::from_str(t)
            .or_else(|_| Decimal::from_scientific(t))
            .map_err(|_| MoneyError::NotAnAmount(s.to_string()))?;
        // The decimal parser rounds digits beyond what a decimal holds, without a word.
        if !super::json_tree::same_number(t, &decimal.to_string()) {
            return Err(MoneyError::Inexact(s.to_string()));
        }
        Ok(Money(decimal))
    }
}

/// The name under which serde_json hands a visitor the text of a value as it stands in the
/// input (what its `RawValue` is read through). A JSON number reaches any other visitor as a
/// binary float, already rounded: `597.000000000000000000000000001` would come as `597`.
const JSON_TEXT: &str = "$serde_json::private::RawValue";

/// An amount from the JSON text of a value: a quoted decimal or a number, read from its digits.
fn money_of_json_text(raw: &str) -> Result<Money, MoneyError> {
    let raw = raw.trim();
    let quoted = raw.strip_prefix('"').and_then(|r| r.strip_suffix('"'));
    match (quoted, raw.as_bytes().first()) {
        (Some(text), _) if !text.contains('\\') => text.parse(),
        (_, Some(b'"')) => serde_json::from_str::<String>(raw)
            .map_err(|_| MoneyError::NotAnAmount(raw.to_string()))?
            .parse(),
        (_, Some(b'-' | b'0'..=b'9')) => raw.parse(),
        _ => Err(MoneyError::NotAnAmount(raw.to_string())),
    }
}

/// The cents of an amount written plainly (`-12`, `199.5`, `199.00`: at most two decimals and
/// fifteen digits before the point), read without the general decimal parser: amounts are read
/// and written for every stored event, and almost all are written this way.
fn plain_cents(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(point) => (&digits[..point], &digits[point + 1..]),
        None => (digits, &[][..]),
    };
    if whole.is_empty() || whole.len() > 15 || fraction.len() > 2 {
        return None;
    }
    if digits.len() > whole.len() && fraction.is_empty() {
        return None;
    }
    let mut cents: i64 = 0;
    for &b in whole.iter().chain(fraction) {
        if !b.is_ascii_digit() {
            return None;
        }
        cents = cents * 10 + i64::from(b - b'0');
    }
    if fraction.len() < 2 {
        cents *= if fraction.is_empty() { 100 } else { 10 };
    }
    Some(if negative { -cents } else { cents })
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Whole cents, the usual case, are written without the general decimal formatter.
        if let Some(text) = self.plain_text(&mut [0; 24]) {
            return f.write_str(text);
        }
        let mut d = self.0;
        if d.scale() < 2 {
            d.rescale(2);
        }
        write!(f, "{d}")
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount of money as a decimal string or number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Ok(Money(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Ok(Money(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                // Through the shortest decimal text, so 0.1 stays 0.1 rather than its binary neighbour.
                v.to_string().parse().map_err(E::custom)
            }
            /// serde_json's text of the value, borrowed from the input or owned.
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Money, A::Error> {
                struct Text;
                impl de::Visitor<'_> for Text {
                    type Value = Money;
                    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                        f.write_str("the JSON text of an amount")
                    }
                    fn visit_str<E: de::Error>(self, raw: &str) -> Result<Money, E> {
                        money_of_json_text(raw).map_err(E::custom)
                    }
                }
                impl<'de> de::DeserializeSeed<'de> for Text {
                    type Value = Money;
                    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Money, D::Error> {
                        d.deserialize_str(self)
                    }
                }
                match map.next_key::<de::IgnoredAny>()? {
                    Some(_) => map.next_value_seed(Text),
                    None => Err(de::Error::custom("an object is not an amount of money")),
                }
            }
            /// Any other deserializer hands the value itself.
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Money, D::Error> {
                d.deserialize_any(self)
            }
        }
        // serde_json gives the value's text, so a number is read from its digits, not from the
        // float it would be read as; any other deserializer gives the value as it has it.
        d.deserialize_newtype_struct(JSON_TEXT, V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_subtracts_and_negates_and_says_when_a_sum_runs_past_what_it_holds() {
        let m = |s: &str| s.parse::<Money>().unwrap();
        assert_eq!(m("5.00") - m("7.25"), m("-2.25"));
        assert_eq!(-m("2.25"), m("-2.25"));
        assert_eq!(m("5.00").checked_sub(m("0.01")), Some(m("4.99")));
        let most = Money(Decimal::MAX);
        assert_eq!(most.checked_add(m("1.00")), None);
        assert_eq!((-most).checked_sub(m("1.00")), None);
    }

    #[test]
    fn money_reads_strings_and_numbers_and_compares_by_value() {
        let a: Money = serde_json::from_str("\"199.00\"").unwrap();
        let b: Money = serde_json::from_str("199").unwrap();
        let c: Money = serde_json::from_str("199.0").unwrap();
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(serde_json::to_string(&b).unwrap(), "\"199.00\"");
        assert!(serde_json::from_str::<Money>("\"lots\"").is_err());
        assert_eq!(Money::from_cents(1999).to_string(), "19.99");
        assert_eq!(Money::from_cents(1999).cents(), Some(1999));
        // The largest amounts have no cents that a decimal holds: none, not a crash.
        assert_eq!(Money::MAX.cents(), None);
    }

    /// `cents` multiplied with `*`, which panics past what a decimal holds. Rounding is the
    /// decimal's own, half to even.
    #[test]
    fn an_amount_at_a_decimal_s_limit_has_no_cents_and_no_panic() {
        let largest: Money = "79228162514264337593543950335".parse().unwrap();
        assert_eq!(largest.cents(), None);
        assert_eq!(largest.in_cents(), None);
        let negative: Money = "-79228162514264337593543950335".parse().unwrap();
        assert_eq!(negative.cents(), None);
        assert_eq!(negative.in_cents(), None);
        assert_eq!(
            Money::LARGEST_IN_CENTS.to_string(),
            "792281625142643375935439503.35"
        );
        assert_eq!(
            Money::LARGEST_IN_CENTS.in_cents(),
            Some(Money::LARGEST_IN_CENTS)
        );
        assert_eq!("0.125".parse::<Money>().unwrap().cents(), Some(12));
        assert_eq!("0.135".parse::<Money>().unwrap().cents(), Some(14));
        let past_i64: Money = "92233720368547758080".parse().unwrap();
        assert_eq!(past_i64.cents(), None);
        assert_eq!(
            past_i64.in_cents().map(|m| m.to_string()),
            Some("92233720368547758080.00".into())
        );
        assert_eq!(
            "199"
                .parse::<Money>()
                .unwrap()
                .in_cents()
                .map(|m| m.to_string()),
            Some("199.00".into())
        );
    }

    #[test]
    fn an_amount_a_decimal_cannot_hold_exactly_is_refused_not_rounded() {
        let long = "597.000000000000000000000000001";
        assert_eq!(long.parse::<Money>(), Err(MoneyError::Inexact(long.into())));
        // As text or as a JSON number, read from a line or from a tree.
        for json in [
            format!("\"{long}\""),
            long.to_string(),
            "5.970000000000000000000000000001e2".into(),
        ] {
            let said = serde_json::from_str::<Money>(&json)
                .unwrap_err()
                .to_string();
            assert!(said.contains("cannot be held exactly"), "{json}: {said}");
        }
        let said = serde_json::from_value::<Money>(serde_json::json!(long))
            .unwrap_err()
            .to_string();
        assert!(said.contains("cannot be held exactly"), "{said}");
        // A text that opens a quote it never closes is no amount (and no panic).
        assert!(money_of_json_text("\"é").is_err());
        // What a decimal holds reads as written, however it is written.
        for (json, amount) in [
            (
                "\"597.0000000000000000000000001\"",
                "597.0000000000000000000000001",
            ),
            (
                "597.0000000000000000000000001",
                "597.0000000000000000000000001",
            ),
            ("1.5e2", "150.00"),
            ("\"1\\u0030.5\"", "10.50"),
            ("0.1", "0.10"),
        ] {
            let money: Money = serde_json::from_str(json).unwrap();
            assert_eq!(money.to_string(), amount, "{json}");
        }
        let money: Money = serde_json::from_value(serde_json::json!(0.1)).unwrap();
        assert_eq!(money.to_string(), "0.10");
        assert!(serde_json::from_str::<Money>("true").is_err());
        assert!(serde_json::from_str::<Money>("{}").is_err());
    }

    /// Money as the general decimal parser and formatter see it, without the fast paths.
    fn through_decimal(text: &str) -> Option<String> {
        let mut d = Decimal::from_str(text.trim()).ok()?;
        if d.scale() < 2 {
            d.rescale(2);
        }
        Some(d.to_string())
    }

    proptest::proptest! {
        #[test]
        fn plainly_written_amounts_read_and_write_as_the_decimal_parser_has_them(
            whole in 0u64..10_000_000_000_000,
            fraction in proptest::option::of("[0-9]{1,2}"),
            negative: bool,
        ) {
            let text = format!(
                "{}{whole}{}",
                if negative && whole > 0 { "-" } else { "" },
                fraction.map(|f| format!(".{f}")).unwrap_or_default()
            );
            let money: Money = text.parse().unwrap();
            proptest::prop_assert_eq!(Some(money.to_string()), through_decimal(&text));
            proptest::prop_assert_eq!(money, Money(Decimal::from_str(&text).unwrap()));
        }

        #[test]
        fn any_decimal_text_reads_as_the_decimal_parser_has_it(text in "-?[0-9]{0,17}(\\.[0-9]{0,4})?") {
            let fast = text.parse::<Money>().ok();
            let general = Decimal::from_str(&text).ok().map(Money);
            proptest::prop_assert_eq!(fast, general);
            if let Some(money) = fast {
                proptest::prop_assert_eq!(Some(money.to_string()), through_decimal(&text));
            }
        }
    }
}
