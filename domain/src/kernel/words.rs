//! Words that messages put around the names and numbers they hold: the article a noun takes,
//! numbers grouped in thousands, and text from outside made safe to print, so that what any
//! tool says reads as English and nothing it quotes can drive the terminal.

/// `a` or `an`, as `word` is said: by its first letter, with the common exceptions (`a user`,
/// `a one`, `an hour`). Names are said as written (`an OrderPlaced`, `a SeatCreated`).
pub fn article(word: &str) -> &'static str {
    let lower = word.trim_start().to_lowercase();
    let sounds_like_you = ["uni", "use", "usu", "uti", "eu", "one", "once"];
    let silent_h = ["hour", "honest", "honour", "honor", "heir"];
    if silent_h.iter().any(|p| lower.starts_with(p)) {
        return "an";
    }
    if sounds_like_you.iter().any(|p| lower.starts_with(p)) {
        return "a";
    }
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// `word` with its article: `an event`, `a command`.
pub fn with_article(word: &str) -> String {
    format!("{} {word}", article(word))
}

/// `n` things, in the singular for one: `1 event`, `3 events`.
pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    match n.into() {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    }
}

/// Each count of `counts` that is not zero, told by `plural` (`3 errors`, `1 difference`), in
/// order: the parts of a summary that names only what there is.
pub fn counted(counts: &[(u64, &str, &str)]) -> Vec<String> {
    counts
        .iter()
        .filter(|(n, ..)| *n > 0)
        .map(|&(n, one, many)| plural(n, one, many))
        .collect()
}

/// A whole number with its thousands grouped by commas (`4,294,967,295`): machine limits are
/// exact, and people read them grouped.
pub fn readable_number(n: i128) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// `text` cut to about `most` characters when it is longer: its start and its end, with how
/// many characters were left out between them. What a log or a feature file holds is echoed in
/// messages (an event type, a stream's name, a payload), and a value 100,000 characters long
/// made one error line of 200 KB; its start and end still tell which it is.
pub fn shortened(text: &str, most: usize) -> std::borrow::Cow<'_, str> {
    // No more bytes than `most` is no more characters: most text is asked only this.
    if text.len() <= most {
        return text.into();
    }
    let count = text.chars().count();
    if count <= most {
        return text.into();
    }
    let (head, tail) = (most * 2 / 3, most / 6);
    let start: String = text.chars().take(head).collect();
    let end: String = text.chars().skip(count - tail).collect();
    let left_out = readable_number(i128::try_from(count - head - tail).unwrap_or(i128::MAX));
    format!("{start}… ({left_out} characters left out) …{end}").into()
}

/// `text` safe to print on a terminal: every control character (an escape sequence's ESC, a
/// NUL, a BEL, a newline inside a name) and every character that shows as nothing (a zero-width
/// space) written as Rust writes it in a string literal (`\u{1b}`, `\0`, `\n`, `\u{200b}`), so
/// that text from a log can neither drive the terminal, break a report's line nor hide in it.
/// Everything else is left as it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, b"", unseen)
}

/// `printable` for a report of several lines: its line ends and tabs are kept, as what lays the
/// report out; every other control character, such as a cell's ESC or NUL, is written out.
pub fn printable_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escaped(text, b"\n\t", |c| !matches!(c, '\n' | '\t') && unseen(c))
}

/// `text` with each character `unseen` takes written out; `kept` are the control characters it
/// leaves, asked first of text all plain ASCII, which most is (a long report is printed whole).
fn escaped<'t>(
    text: &'t str,
    kept: &[u8],
    unseen: impl Fn(char) -> bool,
) -> std::borrow::Cow<'t, str> {
    let plain = |b: &u8| (b' '..=b'~').contains(b) || kept.contains(b);
    // Only a character outside plain ASCII is asked the slower question (a report's `✔`).
    let unseen = |c: char| !(c.is_ascii() && plain(&(c as u8))) && unseen(c);
    if text.as_bytes().iter().all(plain) || !text.chars().any(unseen) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match unseen(c) {
            true => out.extend(c.escape_debug()),
            false => out.push(c),
        }
    }
    out.into()
}

/// A character a terminal would act on or show as nothing: a control character, or one Rust's
/// own escaping writes as a code (a zero-width space, a line separator); quotes and
/// backslashes, which it escapes too, print as themselves.
fn unseen(c: char) -> bool {
    c.is_control() || (!matches!(c, '"' | '\'' | '\\') && c.escape_debug().len() > 1)
}

/// A name read from a log (a stream, an event type) as a report shows it: as it is when it is
/// plain, else quoted with its odd characters escaped, so that `order-1 ` (a trailing space) or a
/// name with an invisible character does not look like `order-1` beside it.
/// A name longer than `MOST_NAME` characters is shown by its start and end (`shortened`).
pub fn name(text: &str) -> std::borrow::Cow<'_, str> {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./:#@+".contains(c));
    let shown = shortened(text, MOST_NAME);
    match plain {
        true => shown,
        false => format!("{shown:?}").into(),
    }
}

/// The most characters of a name from a log a report shows whole: the longest name of the
/// catalog is 34, and an id a few dozen more.
pub const MOST_NAME: usize = 120;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_text_keeps_its_start_and_end_and_says_how_much_was_left_out() {
        assert_eq!(shortened("order-1", 10), "order-1");
        let long = format!("{}{}", "a".repeat(50_000), "b".repeat(50_000));
        let short = shortened(&long, 60);
        assert_eq!(
            short,
            format!(
                "{}… (99,950 characters left out) …{}",
                "a".repeat(40),
                "b".repeat(10)
            )
        );
        // Counted in characters, so a cut never splits one.
        let wide = "é".repeat(100);
        assert!(shortened(&wide, 30).starts_with(&"é".repeat(20)));
    }

    /// A report keeps its lines and tabs; a name is one line, so they are written out there.
    /// Other control characters and characters that show as nothing are written out in both,
    /// and text with none is given back as it is.
    #[test]
    fn control_characters_are_written_out_but_a_reports_layout_is_kept() {
        let text = "a\tb\nc\u{1b}[2Jd\0é\u{200b}";
        assert_eq!(printable(text), "a\\tb\\nc\\u{1b}[2Jd\\0é\\u{200b}");
        assert_eq!(printable_lines(text), "a\tb\nc\\u{1b}[2Jd\\0é\\u{200b}");
        for plain in ["line one\n\tline two", "é and ü"] {
            assert!(matches!(
                printable_lines(plain),
                std::borrow::Cow::Borrowed(_)
            ));
        }
    }

    #[test]
    fn a_noun_takes_the_article_it_is_said_with() {
        for (word, said) in [
            ("event", "an event"),
            ("command", "a command"),
            ("OrderPlaced", "an OrderPlaced"),
            ("early-bird", "an early-bird"),
            ("unique", "a unique"),
            ("hour", "an hour"),
            ("full", "a full"),
            ("", "a "),
        ] {
            assert_eq!(with_article(word), said);
        }
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(readable_number(0), "0");
        assert_eq!(readable_number(999), "999");
        assert_eq!(readable_number(1_000), "1,000");
        assert_eq!(readable_number(4_294_967_295), "4,294,967,295");
        assert_eq!(
            readable_number(i64::MIN.into()),
            "-9,223,372,036,854,775,808"
        );
        assert_eq!(
            readable_number(u64::MAX.into()),
            "18,446,744,073,709,551,615"
        );
    }
}
