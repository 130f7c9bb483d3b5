//! Reads the instants event stores write (`2026-01-05T09:00:00Z`, with or without a fraction,
//! `Z` or `+00:00`) without chrono's general parser, which took a tenth of a log's verification;
//! any other spelling goes to chrono, so what is accepted and what it means do not change.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{de, Deserializer};

use super::Instant;

/// Parses an RFC 3339 instant exactly as chrono's `DateTime<FixedOffset>` does, then in UTC.
pub fn parse_instant(text: &str) -> Result<Instant, chrono::ParseError> {
    match plain_utc(text.as_bytes()) {
        Some(instant) => Ok(instant),
        None => text
            .parse::<DateTime<FixedOffset>>()
            .map(|d| d.with_timezone(&Utc)),
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+00:00)`, or `None` for anything else (including a leap
/// second, which chrono places in its own way).
fn plain_utc(b: &[u8]) -> Option<Instant> {
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let digits = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (year, month, day) = (digits(0, 4)?, digits(5, 7)?, digits(8, 10)?);
    let (hour, minute, second) = (digits(11, 13)?, digits(14, 16)?, digits(17, 19)?);
    let mut at = 19;
    let mut nanos = 0;
    if b[at] == b'.' {
        let start = at + 1;
        let end = start + b[start..].iter().take_while(|c| c.is_ascii_digit()).count();
        if end == start || end - start > 9 {
            return None;
        }
        nanos = digits(start, end)? * 10u32.pow(9 - (end - start) as u32);
        at = end;
    }
    if &b[at..] != b"Z" && &b[at..] != b"+00:00" {
        return None;
    }
    if second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    Some(NaiveDateTime::new(date, time).and_utc())
}

/// What is wrong with an instant, in plain words: chrono's ("input contains invalid
/// characters", "premature end of input") speak of its parser.
pub fn plain_reason(e: &chrono::ParseError) -> &'static str {
    use chrono::format::ParseErrorKind;
    match e.kind() {
        ParseErrorKind::OutOfRange => "a part is out of range, such as month 13 or hour 25",
        ParseErrorKind::Impossible => "no such date or time",
        ParseErrorKind::NotEnough => "a part is missing",
        ParseErrorKind::Invalid => "a character out of place",
        ParseErrorKind::TooShort => "it ends too early",
        ParseErrorKind::TooLong => "something follows its end",
        _ => "not written in that form",
    }
}

/// Serde's `deserialize_with` for an `Instant`: what chrono's own `Deserialize` accepts; what it
/// refuses is said with the text, the form expected and what is wrong, in plain words.
pub fn deserialize_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Instant, D::Error> {
    struct Visitor;
    impl de::Visitor<'_> for Visitor {
        type Value = Instant;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an RFC 3339 instant (such as `2026-01-05T09:00:00Z`)")
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<Instant, E> {
            parse_instant(text).map_err(|e| {
                E::custom(format_args!(
                    "{text:?} is not an RFC 3339 instant such as `2026-01-05T09:00:00Z` ({})",
                    plain_reason(&e)
                ))
            })
        }
    }
    deserializer.deserialize_str(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chrono_reads(text: &str) -> Result<Instant, String> {
        text.parse::<DateTime<FixedOffset>>()
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| e.to_string())
    }

    proptest! {
        /// Every spelling the fast path takes means what chrono says it means, and what it
        /// refuses chrono refuses too (day 31 of a short month, hour 24, second 60).
        #[test]
        fn plain_instants_read_as_chrono_reads_them(
            year in 0u32..10_000, month in 0u32..14, day in 0u32..33,
            hour in 0u32..26, minute in 0u32..61, second in 0u32..62,
            fraction in proptest::option::of("[0-9]{1,11}"),
            zone in prop::sample::select(vec!["Z", "+00:00", "z", "+01:00", "-00:00", ""]),
        ) {
            let text = format!(
                "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{}{zone}",
                fraction.map(|f| format!(".{f}")).unwrap_or_default()
            );
            prop_assert_eq!(parse_instant(&text).map_err(|e| e.to_string()), chrono_reads(&text));
        }

        /// Any text at all: the same answer as chrono, never a panic.
        #[test]
        fn any_text_reads_as_chrono_reads_it(text in "[0-9T:.Z+ -]{0,40}") {
            prop_assert_eq!(parse_instant(&text).map_err(|e| e.to_string()), chrono_reads(&text));
        }
    }

    #[test]
    fn the_stores_spellings_take_the_fast_path() {
        for text in [
            "2026-01-05T09:00:00Z",
            "2026-01-05T09:00:00.5Z",
            "2026-01-05T09:00:00.123456789+00:00",
        ] {
            assert!(plain_utc(text.as_bytes()).is_some(), "{text}");
        }
        assert_eq!(
            parse_instant("2026-01-05T09:00:00.5Z")
                .unwrap()
                .to_rfc3339(),
            "2026-01-05T09:00:00.500+00:00"
        );
    }
}
