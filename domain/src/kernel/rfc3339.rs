//! Reads the instants event stores write (`2026-01-05T09:00:00Z`, with or without a fraction,
//! `Z` or `+00:00`) without chrono's general parser, which took a tenth of a log's verification;
//! any other spelling goes to chrono, so what is accepted and what it means do not change,
//! except that a fraction finer than nanoseconds is refused: chrono drops the digits past the
//! ninth without a word, and a migrated copy would then hold less than the log did.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::{de, Deserializer};

use super::Instant;

/// Why a text is not read as an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstantError {
    /// chrono's reason: not an RFC 3339 instant at all.
    Unreadable(chrono::ParseError),
    /// An RFC 3339 instant with more digits of a second than an instant holds (nine), past the
    /// ninth not all zeros: refused rather than rounded, as amounts are.
    FinerThanNanoseconds { digits: usize },
    /// Second 60 anywhere but in the last minute of a UTC day, where leap seconds are added:
    /// chrono reads `09:00:60` as a leap second all the same.
    LeapSecondOutOfPlace,
    /// A date and a time with no offset from UTC (`2026-01-05T09:32:00`, as a database's
    /// `timestamp without time zone` writes it): "it ends too early" said nothing of what was
    /// missing.
    NoOffset,
    /// An offset of hours alone (`+00`, as PostgreSQL writes a `timestamptz` as text), where
    /// RFC 3339 takes hours and minutes (`+00:00`): its sign and hours, to say it as meant.
    OffsetWithoutMinutes { sign: u8, hours: [u8; 2] },
}

/// What is wrong, in plain words: chrono's ("input contains invalid characters", "premature end
/// of input") speak of its parser.
impl std::fmt::Display for InstantError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        use chrono::format::ParseErrorKind;
        match self {
            InstantError::Unreadable(e) => f.write_str(match e.kind() {
                ParseErrorKind::OutOfRange => "a part is out of range, such as month 13 or hour 25",
                ParseErrorKind::Impossible => "no such date or time",
                ParseErrorKind::NotEnough => "a part is missing",
                ParseErrorKind::Invalid => "a character out of place",
                ParseErrorKind::TooShort => "it ends too early",
                ParseErrorKind::TooLong => "something follows its end",
                _ => "not written in that form",
            }),
            InstantError::FinerThanNanoseconds { digits } => write!(
                f,
                "its fraction of a second has {digits} digits, and an instant holds nanoseconds \
                 at most (9 digits): the digits past the ninth would be lost"
            ),
            InstantError::LeapSecondOutOfPlace => f.write_str(
                "second 60 is a leap second, which only the last minute of a UTC day has \
                 (23:59:60Z)",
            ),
            InstantError::NoOffset => f.write_str(
                "it gives no offset from UTC: end it with `Z` for UTC, or with its offset, \
                 such as `+01:00`",
            ),
            InstantError::OffsetWithoutMinutes { sign, hours } => {
                let offset = format!("{}{}{}", *sign as char, hours[0] as char, hours[1] as char);
                write!(
                    f,
                    "its offset gives hours without minutes: write `{offset}:00` for `{offset}`"
                )
            }
        }
    }
}

impl InstantError {
    /// The whole refusal of `text`, with the form expected: `"…" is not an RFC 3339 instant
    /// such as …`, or that it is finer than an instant holds.
    pub fn of(&self, text: &str) -> String {
        match self {
            InstantError::Unreadable(_)
            | InstantError::NoOffset
            | InstantError::OffsetWithoutMinutes { .. } => format!(
                "{text:?} is not an RFC 3339 instant such as `2026-01-05T09:00:00Z` ({self})"
            ),
            InstantError::FinerThanNanoseconds { .. } => format!(
                "{text:?} is finer than an instant holds: {self}; expected at most \
                 nanoseconds, such as `2026-01-05T09:00:00.123456789Z`"
            ),
            InstantError::LeapSecondOutOfPlace => format!(
                "{text:?} is no instant: {self}; expected seconds from 00 to 59, such as \
                 `2026-01-05T09:00:59Z`"
            ),
        }
    }
}

/// Parses an RFC 3339 instant as chrono's `DateTime<FixedOffset>` does, then in UTC; a fraction
/// of a second finer than nanoseconds is refused where chrono would drop its last digits.
pub fn parse_instant(text: &str) -> Result<Instant, InstantError> {
    if let Some(instant) = plain_utc(text.as_bytes()) {
        return Ok(instant);
    }
    let instant = text
        .parse::<DateTime<FixedOffset>>()
        .map_err(|e| unreadable(text, e))?
        .with_timezone(&Utc);
    check_fraction(text)?;
    check_leap_second(instant)?;
    Ok(instant)
}

/// Why `text` does not read, where chrono's reason would not say: an offset left out, or given
/// in hours alone.
fn unreadable(text: &str, e: chrono::ParseError) -> InstantError {
    let t = text.trim();
    let naive = |t: &str| {
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
            .iter()
            .any(|form| NaiveDateTime::parse_from_str(t, form).is_ok())
    };
    if naive(t) {
        return InstantError::NoOffset;
    }
    // `…+00`, `…-05`: two digits after the last sign, past the time.
    let hours_only = t.len() > 3
        && t.is_char_boundary(t.len() - 3)
        && matches!(&t[t.len() - 3..t.len() - 2], "+" | "-")
        && t[t.len() - 2..].bytes().all(|b| b.is_ascii_digit());
    if hours_only && naive(&t[..t.len() - 3]) {
        let b = &t.as_bytes()[t.len() - 3..];
        return InstantError::OffsetWithoutMinutes {
            sign: b[0],
            hours: [b[1], b[2]],
        };
    }
    InstantError::Unreadable(e)
}

/// Refuses a leap second (chrono's nanoseconds past a second's end) but in the last minute of a
/// UTC day: `09:00:60Z` read as one, and was written to a migrated copy as it stood.
fn check_leap_second(instant: Instant) -> Result<(), InstantError> {
    use chrono::Timelike;
    let leap = instant.nanosecond() >= 1_000_000_000;
    match leap && (instant.hour(), instant.minute()) != (23, 59) {
        true => Err(InstantError::LeapSecondOutOfPlace),
        false => Ok(()),
    }
}

/// Refuses a fraction of a second with a digit other than 0 past the ninth (`.1234567891`):
/// chrono reads such a fraction to the nanosecond and drops the rest. Zeros past the ninth lose
/// nothing and pass. Meant for a text chrono has read as an instant, whose one `.` starts its
/// fraction.
pub fn check_fraction(text: &str) -> Result<(), InstantError> {
    let Some((_, after)) = text.split_once('.') else {
        return Ok(());
    };
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    match after.as_bytes()[..digits]
        .iter()
        .skip(9)
        .any(|&d| d != b'0')
    {
        true => Err(InstantError::FinerThanNanoseconds { digits }),
        false => Ok(()),
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
            parse_instant(text).map_err(|e| E::custom(e.of(text)))
        }
    }
    deserializer.deserialize_str(Visitor)
}

/// Serde's `deserialize_with` for an `Option<Instant>` (with `#[serde(default)]`, so that a
/// missing field reads as `None`): `null` is `None`, and an instant is read as
/// [`deserialize_instant`] reads one, its mistakes in the same plain words.
pub fn deserialize_optional_instant<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Instant>, D::Error> {
    struct Visitor;
    impl<'de> de::Visitor<'de> for Visitor {
        type Value = Option<Instant>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an RFC 3339 instant (such as `2026-01-05T09:00:00Z`) or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            deserialize_instant(d).map(Some)
        }
    }
    deserializer.deserialize_option(Visitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[derive(Debug, serde::Deserialize)]
    struct Loan {
        #[serde(default, deserialize_with = "deserialize_optional_instant")]
        due: Option<Instant>,
    }

    /// An optional instant reads null and a missing field as none, an instant as
    /// `deserialize_instant` does, and a mistake in its plain words.
    #[test]
    fn an_optional_instant_reads_null_missing_and_an_instant_and_tells_a_mistake_plainly() {
        let read = |json: &str| serde_json::from_str::<Loan>(json).map(|l| l.due);
        assert_eq!(read(r#"{"due": null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        let due = read(r#"{"due": "2026-01-19T09:00:00Z"}"#).unwrap();
        assert_eq!(due, Some(parse_instant("2026-01-19T09:00:00Z").unwrap()));
        let said = read(r#"{"due": "2026-01-19T09:00:00"}"#)
            .unwrap_err()
            .to_string();
        let plain = serde_json::from_str::<Instantly>(r#"{"due": "2026-01-19T09:00:00"}"#)
            .unwrap_err()
            .to_string();
        assert_eq!(said, plain);
        assert!(said.contains("2026-01-19T09:00:00"), "{said}");
        let said = read(r#"{"due": 5}"#).unwrap_err().to_string();
        assert!(said.contains("an RFC 3339 instant"), "{said}");
    }

    #[derive(Debug, serde::Deserialize)]
    struct Instantly {
        #[serde(rename = "due", deserialize_with = "deserialize_instant")]
        _at: Instant,
    }

    /// A date and time without an offset (a `timestamp without time zone` written out), and
    /// an offset of hours alone (PostgreSQL's `+00`), are told as such: both were "it ends too
    /// early".
    #[test]
    fn an_offset_left_out_or_given_in_hours_alone_is_told_as_such() {
        for text in ["2026-01-05T09:32:00", "2026-01-05 09:32:00.5"] {
            assert_eq!(parse_instant(text), Err(InstantError::NoOffset), "{text}");
        }
        for (text, told) in [
            ("2026-01-05 09:32:00+00", "write `+00:00` for `+00`"),
            ("2026-01-05T09:32:00-05", "write `-05:00` for `-05`"),
        ] {
            let said = parse_instant(text).unwrap_err();
            assert!(
                matches!(said, InstantError::OffsetWithoutMinutes { .. }),
                "{text}"
            );
            assert!(said.to_string().ends_with(told), "{said}");
        }
        assert!(InstantError::NoOffset
            .of("2026-01-05T09:32:00")
            .contains("it gives no offset from UTC: end it with `Z`"));
        assert!(matches!(
            parse_instant("2026-01-05"),
            Err(InstantError::Unreadable(_))
        ));
    }

    fn chrono_reads(text: &str) -> Result<Instant, String> {
        text.parse::<DateTime<FixedOffset>>()
            .map(|d| d.with_timezone(&Utc))
            .map_err(|e| e.to_string())
    }

    /// Ours against chrono's: the same instant or the same refusal, except that an instant
    /// chrono reads with a fraction it cut short (`too_fine`) is refused.
    fn agree_with_chrono(text: &str, too_fine: bool) -> Result<(), TestCaseError> {
        use chrono::Timelike;
        let ours = parse_instant(text);
        // A leap second chrono reads anywhere, where only 23:59:60 UTC can be one.
        let out_of_place =
            |t: &Instant| t.nanosecond() >= 1_000_000_000 && (t.hour(), t.minute()) != (23, 59);
        match (chrono_reads(text), ours) {
            (Ok(_), Err(InstantError::FinerThanNanoseconds { .. })) if too_fine => {}
            (Ok(theirs), Err(InstantError::LeapSecondOutOfPlace)) if out_of_place(&theirs) => {}
            (Ok(theirs), Ok(ours)) if !too_fine && !out_of_place(&theirs) => {
                prop_assert_eq!(ours, theirs)
            }
            (Err(theirs), Err(InstantError::Unreadable(ours))) => {
                prop_assert_eq!(ours.to_string(), theirs)
            }
            // Refused by both, ours naming what is missing.
            (Err(_), Err(InstantError::NoOffset | InstantError::OffsetWithoutMinutes { .. })) => {}
            (theirs, ours) => prop_assert!(false, "{text}: chrono {theirs:?}, ours {ours:?}"),
        }
        Ok(())
    }

    /// Whether a fraction's digits go past nanoseconds with something other than zeros.
    fn past_nanoseconds(fraction: &str) -> bool {
        fraction.bytes().skip(9).any(|d| d != b'0')
    }

    proptest! {
        /// Every spelling the fast path takes means what chrono says it means, and what it
        /// refuses chrono refuses too (day 31 of a short month, hour 24, second 60).
        #[test]
        fn plain_instants_read_as_chrono_reads_them(
            year in 0u32..10_000, month in 0u32..14, day in 0u32..33,
            hour in 0u32..26, minute in 0u32..61, second in 0u32..62,
            fraction in proptest::option::of("[0-9]{1,11}|[0-9]{9}0{1,5}"),
            zone in prop::sample::select(vec!["Z", "+00:00", "z", "+01:00", "-00:00", ""]),
        ) {
            let text = format!(
                "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}{}{zone}",
                fraction.as_ref().map(|f| format!(".{f}")).unwrap_or_default()
            );
            agree_with_chrono(&text, fraction.as_deref().is_some_and(past_nanoseconds))?;
        }

        /// Any text at all: the same answer as chrono, never a panic.
        #[test]
        fn any_text_reads_as_chrono_reads_it(text in "[0-9T:.Z+ -]{0,40}") {
            let fraction = text.split_once('.').map_or("", |(_, f)| f);
            let digits: String = fraction.chars().take_while(char::is_ascii_digit).collect();
            agree_with_chrono(&text, past_nanoseconds(&digits))?;
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

    /// chrono reads second 60 as a leap second at any minute (`09:00:60Z`), and a migrated copy
    /// wrote it as it stood; only the last minute of a UTC day has one.
    #[test]
    fn a_leap_second_is_read_only_where_a_day_can_have_one() {
        let text = "2026-01-05T09:00:60Z";
        assert_eq!(
            parse_instant(text).unwrap_err().of(text),
            "\"2026-01-05T09:00:60Z\" is no instant: second 60 is a leap second, which only the \
             last minute of a UTC day has (23:59:60Z); expected seconds from 00 to 59, such as \
             `2026-01-05T09:00:59Z`"
        );
        for leap in ["2016-12-31T23:59:60Z", "2017-01-01T08:59:60+09:00"] {
            assert!(parse_instant(leap).is_ok(), "{leap}");
        }
        assert!(parse_instant("2017-01-01T23:59:60+09:00").is_err());
    }

    /// chrono reads `.12345678987654321` as `.123456789` without a word; a copy written from it
    /// would hold less than the log.
    #[test]
    fn a_fraction_finer_than_nanoseconds_is_refused_unless_only_zeros_follow() {
        for text in [
            "2026-01-05T09:00:00.12345678987654321Z",
            "2026-01-05T09:00:00.1234567891+00:00",
            "2026-01-05T10:00:00.0000000001+01:00",
        ] {
            let e = parse_instant(text).expect_err(text);
            assert!(
                matches!(e, InstantError::FinerThanNanoseconds { .. }),
                "{text}: {e:?}"
            );
            let said = e.of(text);
            assert!(said.contains("nanoseconds at most (9 digits)"), "{said}");
            assert!(said.contains("expected at most nanoseconds"), "{said}");
        }
        assert_eq!(
            parse_instant("2026-01-05T09:00:00.12345678987654321Z")
                .unwrap_err()
                .to_string(),
            "its fraction of a second has 17 digits, and an instant holds nanoseconds at most \
             (9 digits): the digits past the ninth would be lost"
        );
        // The one wording a log's line, a database's metadata and a feature file's cell are
        // told in, each after where the instant was.
        let text = "2026-01-05T09:00:00.1234567891Z";
        assert_eq!(
            parse_instant(text).unwrap_err().of(text),
            "\"2026-01-05T09:00:00.1234567891Z\" is finer than an instant holds: its fraction of \
             a second has 10 digits, and an instant holds nanoseconds at most (9 digits): the \
             digits past the ninth would be lost; expected at most nanoseconds, such as \
             `2026-01-05T09:00:00.123456789Z`"
        );
        assert_eq!(check_fraction(text), parse_instant(text).map(|_| ()));
        let nine = parse_instant("2026-01-05T09:00:00.123456789Z").unwrap();
        assert_eq!(parse_instant("2026-01-05T09:00:00.123456789000Z"), Ok(nine));
        assert_eq!(
            parse_instant("2026-01-05T10:00:00.1234567890000+01:00"),
            Ok(nine)
        );
    }
}
