//! A source as a report may show it: every password hidden, wherever the text gives it.

/// The URL without its password, for messages: the one after the user (`user:pw@`, the
/// credentials ending at the first `@`, as the driver reads them), and the value of every
/// `password=` pair: a URL's parameter (`?password=pw`, `%70assword=pw` as the driver decodes
/// it), or a key/value connection string's (`host=db password=pw`), which the driver takes too.
/// A source that is no PostgreSQL URL is told without its password as well: another scheme's
/// URL (a mistyped `postgress://`, another store's `mysql://`) or one without a scheme
/// (`user:pw@host/db`) is named whole in the error that refuses it.
pub fn redact(url: &str) -> String {
    // A scheme and the slashes after it, however many were typed (`postgres:/`).
    let scheme = match url.split_once(':') {
        Some((name, after))
            if !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && after.starts_with('/') =>
        {
            &url[..url.len() - after.trim_start_matches('/').len()]
        }
        _ => "",
    };
    let rest = &url[scheme.len()..];
    let shown = match rest.find('@') {
        // Without a scheme, only what reads as credentials: a user and a password before the
        // host, with no path or space among them (`dir/a:b@c.jsonl` is a file's name).
        Some(first)
            if !scheme.is_empty()
                || !rest[..first].contains(|c: char| c == '/' || c.is_whitespace()) =>
        {
            match rest[..first].split_once(':') {
                Some((user, _)) => {
                    // An `@` left as is in the password: hidden up to the last `@` before the
                    // query, so that no tail of the password shows as the host.
                    let after = &rest[first + 1..];
                    let query = query_start(after);
                    let at = after[..query].rfind('@').map_or(first, |a| first + 1 + a);
                    format!("{scheme}{user}:***{}", &rest[at..])
                }
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    };
    password_values_hidden(&shown)
}

/// Where the query (`?…`) of a URL's text after its scheme starts, or the text's length when
/// it has none: at a `?` after the path's `/`, or, without a path, after the last `@`. A `?`
/// before them may be a password's (`pw@se?cret@host/db`, read as a query from `?cret`, showed
/// `se?cret` as the host).
pub(crate) fn query_start(text: &str) -> usize {
    let after = text.rfind('/').or_else(|| text.rfind('@')).unwrap_or(0);
    text[after..].find('?').map_or(text.len(), |q| after + q)
}

/// `text` with the value of every `key=value` pair whose key names the password hidden: a key
/// starts after `?`, `&` or white space; its value ends at the next `&` or white space, or, when
/// quoted (`password='p w'`), at its closing quote.
fn password_values_hidden(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(equals) = text[at..].find('=').map(|e| at + e) {
        // libpq lets white space stand around `=` (`password = pw`): the key ends before it and
        // the value starts after it.
        let key_end = text[..equals].trim_end().len();
        // The key starts after the separator's last byte: white space may take several
        // (U+00A0, U+3000), and a slice that starts inside one would panic, printing the text.
        let key = text[..key_end]
            .char_indices()
            .rfind(|&(_, c)| c == '?' || c == '&' || c.is_whitespace())
            .map_or(0, |(b, c)| b + c.len_utf8());
        let after = &text[equals + 1..];
        let value = equals + 1 + (after.len() - after.trim_start().len());
        out.push_str(&text[at..value]);
        at = value;
        if is_password_key(&text[key..key_end]) {
            let rest = &text[value..];
            let end = match rest.strip_prefix('\'') {
                Some(quoted) => closing_quote(quoted).map_or(rest.len(), |close| close + 2),
                None => rest
                    .find(|c: char| c == '&' || c.is_whitespace())
                    .unwrap_or(rest.len()),
            };
            out.push_str("***");
            at = value + end;
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Where a quoted value that `quoted` goes on with ends: its first quote not escaped by a
/// backslash (libpq's `'it\'s'`).
fn closing_quote(quoted: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in quoted.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '\'' => return Some(i),
            _ => {}
        }
    }
    None
}

/// A key that gives the password, however its name is written (`password`, `%70assword`), or
/// that a typo may have meant for it (`passwd`, `pwd`): hidden either way.
fn is_password_key(key: &str) -> bool {
    let key = percent_encoding::percent_decode_str(key)
        .decode_utf8_lossy()
        .to_ascii_lowercase();
    matches!(key.as_str(), "password" | "passwd" | "pass" | "pwd")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "postgres")]
    use crate::connection::{Environment, Server};

    #[test]
    fn a_password_is_never_shown_wherever_the_url_gives_it() {
        for (url, shown) in [
            ("postgres://ann:pw@db/x", "postgres://ann:***@db/x"),
            // Sources that are no PostgreSQL URL are named whole in the errors that refuse them.
            (
                "postgress://u:s3cr3t@db:5433/x",
                "postgress://u:***@db:5433/x",
            ),
            ("mysql://root:s3cr3t@host/db", "mysql://root:***@host/db"),
            ("PostgreS://u:s3cr3t@db/x", "PostgreS://u:***@db/x"),
            ("postgres:/u:s3cr3t@db/x", "postgres:/u:***@db/x"),
            ("u:s3cr3t@127.0.0.1:5433/x", "u:***@127.0.0.1:5433/x"),
            (
                "host=db passwd=s3cr3t dbname=x",
                "host=db passwd=*** dbname=x",
            ),
            ("logs/a:b@c.jsonl", "logs/a:b@c.jsonl"),
            (
                "postgres://ann@db:5433/x?password=pw",
                "postgres://ann@db:5433/x?password=***",
            ),
            (
                "postgresql://ann:pw@db/x?sslmode=disable&PassWord=pw2",
                "postgresql://ann:***@db/x?sslmode=disable&PassWord=***",
            ),
            (
                "postgres://ann@db/x?%70assword=pw",
                "postgres://ann@db/x?%70assword=***",
            ),
            // The driver's credentials end at the first `@`, whatever comes before it.
            ("postgres://ann:p?w@db/x", "postgres://ann:***@db/x"),
            // An `@` left as is in the password: none of it shows as the host.
            ("postgres://ann:p@ss@db/x", "postgres://ann:***@db/x"),
            (
                "postgres://ann:p@s@s@db/x?a=b@c",
                "postgres://ann:***@db/x?a=b@c",
            ),
            // A `?` in the password, after an `@` in it, is no query's start.
            (
                "postgres://sp:Pw@Sec?ret9@127.0.0.1:5440/base",
                "postgres://sp:***@127.0.0.1:5440/base",
            ),
            (
                "postgres://sp:s3cr@t:/Zq9%?#& 'x@127.0.0.1:5440/base?sslmode=require",
                "postgres://sp:***@127.0.0.1:5440/base?sslmode=require",
            ),
            ("postgres://sp:p@x?z@db", "postgres://sp:***@db"),
            ("postgres://db/x", "postgres://db/x"),
            // A parameter's value holding an `@`, which the driver takes for the credentials' end.
            (
                "postgres://db/x?user=ann&password=p@ss",
                "postgres://db/x?user=ann&password=***",
            ),
            // The driver's key/value form.
            (
                "host=db user=ann password=pw dbname=x",
                "host=db user=ann password=*** dbname=x",
            ),
            (
                "host=db PASSWORD='p w' dbname=x",
                "host=db PASSWORD=*** dbname=x",
            ),
        ] {
            assert_eq!(redact(url), shown, "{url}");
        }
    }

    /// libpq reads `password = pw` and `password='it\\'s'`: the whole value is hidden, however
    /// spaced or escaped (both were shown, whole or in part).
    #[test]
    fn a_password_spaced_around_its_equals_sign_or_with_an_escaped_quote_is_hidden() {
        for (pairs, shown) in [
            (
                "host=h password = hunter2 dbname=x",
                "host=h password = *** dbname=x",
            ),
            ("host=h password= hunter2", "host=h password= ***"),
            ("host=h password =hunter2", "host=h password =***"),
            (
                r"host=h password='it\'s hunter2' dbname=x",
                "host=h password=*** dbname=x",
            ),
        ] {
            assert_eq!(redact(pairs), shown, "{pairs}");
            // Nor in the line that says what was connected to.
            #[cfg(feature = "postgres")]
            let env = Environment {
                user: Some("ann".into()),
                ..Environment::default()
            };
            #[cfg(feature = "postgres")]
            let told = crate::connection::settings(pairs, &env)
                .map(|settings| settings.connected_to(&Server::default()))
                .unwrap_or_default();
            #[cfg(feature = "postgres")]
            assert!(
                told.starts_with("connected to host h, ") && !told.contains("hunter2"),
                "{pairs}: {told}"
            );
        }
    }

    #[test]
    fn a_password_after_white_space_of_several_bytes_is_hidden() {
        for space in ['\u{a0}', '\u{3000}', '\u{2003}'] {
            let url = format!("postgres://u@h/db?sslmode=disable{space}password=hunter2");
            assert_eq!(
                redact(&url),
                format!("postgres://u@h/db?sslmode=disable{space}password=***")
            );
            let pairs = format!("host=h{space}password=hunter2{space}dbname=x");
            assert_eq!(
                redact(&pairs),
                format!("host=h{space}password=***{space}dbname=x")
            );
        }
    }

    proptest::proptest! {
        /// Whatever the text, hiding passwords neither panics nor shows a password given after
        /// any separator.
        #[test]
        fn no_text_makes_hiding_passwords_panic(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("password=hunter2".to_string()),
                    proptest::strategy::Just("postgres://".to_string()),
                    proptest::strategy::Just("\u{a0}".to_string()),
                    proptest::strategy::Just("\u{3000}".to_string()),
                    proptest::strategy::Just("é".to_string()),
                    proptest::strategy::Just("'".to_string()),
                    "[=&?@: a-z]{0,3}",
                    proptest::prelude::any::<String>(),
                ],
                0..12,
            ),
            separator in proptest::sample::select(vec!['\u{a0}', '\u{3000}', '&', '?', ' ', '\t']),
        ) {
            let text = pieces.concat();
            let _ = redact(&text);
            #[cfg(feature = "postgres")]
            let _ = crate::connection::settings(&text, &Environment::default())
                .map(|settings| settings.connected_to(&Server::default()));
            let hidden = redact(&format!("{text}{separator}password=hunter2"));
            proptest::prop_assert!(!hidden.ends_with("hunter2"), "{hidden}");
        }
    }
}
