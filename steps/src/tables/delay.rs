//! A command's `delay` as a cell writes it (`now`, `29 minutes 30 seconds`, `<any>`), read and
//! written to the millisecond.

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

/// A delay in milliseconds as an author writes it: `now`, `1 minute`, `29 minutes 30 seconds`,
/// `2 hours`, `14 days`.
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
    // Whole minutes in the largest unit that says them, as time passing is told: `14 days`, as
    // an author writes a loan's term, not `20160 minutes`.
    if rest == 0 {
        return crate::phrases::time_in_words(minutes);
    }
    let seconds = if rest % 1_000 == 0 {
        unit(rest / 1_000, "second")
    } else {
        format!("{} seconds", rest as f64 / 1_000.0)
    };
    match minutes {
        0 => seconds,
        m => format!("{} {seconds}", unit(m, "minute")),
    }
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
        assert_eq!(delay_text(Some(3_600_000)), "1 hour");
        assert_eq!(delay_text(Some(7_200_000)), "2 hours");
        assert_eq!(delay_text(Some(5_400_000)), "90 minutes");
        assert_eq!(delay_text(Some(14 * 86_400_000)), "14 days");
        assert_eq!(delay_text(Some(86_400_000 + 60_000)), "1441 minutes");
        // What the diff writes must read back as the same delay.
        for ms in [
            1,
            30_500,
            1_770_500,
            61_001,
            3_600_000,
            90_061_250,
            172_800_000,
        ] {
            assert_eq!(parse_delay(&delay_text(Some(ms))), Ok(Some(ms)), "{ms}");
        }
    }
}
