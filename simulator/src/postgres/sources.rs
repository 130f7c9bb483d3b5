//! Whether a `--from` or `--to` names a database, and what to say of a file that cannot be read.
//! Without the `postgres` feature, a key=value string is known by its first setting, there being
//! no driver to read it.

use super::redact;
#[cfg(feature = "postgres")]
use super::said;

/// Whether a `--from` source names a database rather than a file: a `postgres://` URL, or a
/// libpq key=value connection string (`host=db user=ann dbname=store`, which the driver reads
/// too) that names no file there. A path that exists stays a file, whatever it looks like.
pub fn names_a_database(source: &str) -> bool {
    is_url(source)
        || (source != "-"
            && std::fs::symlink_metadata(source).is_err()
            && is_connection_string(source))
}

pub(crate) fn is_url(source: &str) -> bool {
    source.starts_with("postgres://") || source.starts_with("postgresql://")
}

/// A key=value connection string the driver reads. Anything without `=` is a file's name: the
/// driver reads the empty string, and a lone word it refuses, as strings that set nothing.
#[cfg(feature = "postgres")]
fn is_connection_string(source: &str) -> bool {
    source.contains('=') && parsed(source).is_ok()
}

/// A string whose first word sets one of libpq's settings (`host=db …`, `dbname = x`): meant for
/// a database, whatever its other words, so that a build without the driver refuses it as such
/// rather than looking for a file of that name. A file's name with an `=` (`a=b.jsonl`) sets
/// none of them.
#[cfg(not(feature = "postgres"))]
fn is_connection_string(source: &str) -> bool {
    let source = source.trim_start();
    let key_end = source
        .find(|c: char| c == '=' || c.is_whitespace())
        .unwrap_or(source.len());
    let (key, rest) = source.split_at(key_end);
    rest.trim_start().starts_with('=') && KEYS.contains(&key)
}

/// Why the driver refused a key=value string, `e`, in its words, naming the first word that is
/// no key=value setting where there is one: the driver says only "unexpected EOF". Not named in
/// a string whose password may run on (`password_may_run_on`: in `password=ab cd`, the word
/// would be part of it).
#[cfg(feature = "postgres")]
pub(crate) fn refused(source: &str, e: &postgres::Error) -> String {
    match lone_word(source) {
        Some(word) if !password_may_run_on(source) => format!(
            "`{word}` is no setting (each is written key=value, such as dbname=events): {}",
            said(e)
        ),
        _ => said(e),
    }
}

/// The first word of a key=value string that has no `=`, read as libpq reads the string: words
/// apart by white space, `=` with white space around it or not, a value in single quotes
/// holding white space, a backslash taking the character after it as it is.
#[cfg(feature = "postgres")]
fn lone_word(source: &str) -> Option<String> {
    let mut chars = source.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        chars.peek()?;
        let mut key = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=') {
            key.push(c);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        if chars.next_if_eq(&'=').is_none() {
            return Some(key);
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let quoted = chars.next_if_eq(&'\'').is_some();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '\'' if quoted => break,
                c if c.is_whitespace() && !quoted => break,
                _ => {}
            }
        }
    }
}

/// The settings libpq knows, by their names in a key=value string.
const KEYS: [&str; 22] = [
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "options",
    "connect_timeout",
    "application_name",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "target_session_attrs",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_retries",
    "channel_binding",
    "load_balance_hosts",
];

/// Whether a key=value string gives a password whose value may not end where it was meant to:
/// the word after it is no setting libpq knows (`password=correct horse battery`, `password=ab
/// cd=x`), and may be the rest of it. Such a string that does not read is shown neither whole
/// nor in the driver's words. A password that ends the string, or is followed by a setting, is
/// masked as usual.
pub(crate) fn password_may_run_on(source: &str) -> bool {
    let lower = source.to_lowercase();
    let Some(at) = lower.find("password") else {
        return false;
    };
    let after = source[at + "password".len()..].trim_start();
    let Some(value) = after.strip_prefix('=') else {
        return true;
    };
    let value = value.trim_start();
    // A quoted value ends at its closing quote.
    let rest = match value.strip_prefix('\'') {
        Some(quoted) => match quoted.find('\'') {
            Some(end) => &quoted[end + 1..],
            None => return true,
        },
        None => value
            .find(char::is_whitespace)
            .map_or("", |end| &value[end..]),
    };
    match rest.split_whitespace().next() {
        None => false,
        Some(next) => !next
            .split_once('=')
            .is_some_and(|(key, _)| KEYS.contains(&key.trim().to_lowercase().as_str())),
    }
}

/// The driver's reading of a key=value string, its TLS settings left out as gwt reads them
/// itself: the driver refuses `sslmode=verify-full` as no mode, and a string that named it was
/// taken for a file's name.
#[cfg(feature = "postgres")]
fn parsed(source: &str) -> Result<postgres::Config, postgres::Error> {
    super::tls_settings::taken(source).0.parse()
}

/// How a source that names a database is written, for the messages that refuse one.
const WRITE: &str = "write postgres://USER@HOST:PORT/DATABASE, or host=HOST port=PORT \
                     user=USER dbname=DATABASE";

/// A password's value may not end where it was meant to (`password=ab cd`): neither the string,
/// masked only up to the first space, nor the driver's words, which quote what they could not
/// read (`unknown option `cd``), are shown.
const HIDDEN: &str = "it is not shown, as it holds a password that may not end where it was \
                      meant to: a value with a space is quoted, password='…'";

/// A source meant for a database beyond doubt, no file of that name being there: a mistyped URL
/// (`postgres:/x`), of which the file's error (`No such file or directory`) would say nothing.
fn mistyped_url(source: &str, error: &std::io::Error) -> Option<String> {
    let missing = error.kind() == std::io::ErrorKind::NotFound;
    let scheme = ["postgres:", "postgresql:"].iter().any(|s| {
        source
            .get(..s.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(s))
    });
    (missing && scheme).then(|| {
        format!(
            "{} is not a PostgreSQL URL, nor a file ({WRITE})",
            redact(source)
        )
    })
}

/// Why a `--from` source that is not a database could not be read as a file, without any
/// password it carries: a connection string mistyped (`hots=db password=pw`) is taken for a
/// file's name, and naming it whole would print the password.
#[cfg(feature = "postgres")]
pub fn unreadable_file(source: &str, error: &std::io::Error) -> String {
    if let Some(said) = mistyped_url(source, error) {
        return said;
    }
    let shown = redact(source);
    let missing = error.kind() == std::io::ErrorKind::NotFound;
    let keys = ["host=", "hostaddr=", "dbname=", "user=", "port="];
    let key_values = keys
        .iter()
        .any(|k| source.starts_with(k) || source.contains(&format!(" {k}")));
    let password = password_may_run_on(source);
    match source.contains('=').then(|| parsed(source)) {
        Some(Err(_)) if password && missing && key_values => format!(
            "the source is not a PostgreSQL connection string gwt can read ({HIDDEN}) ({WRITE})"
        ),
        Some(Err(_)) if password => format!(
            "the source cannot be read as a file ({error}), nor as a PostgreSQL connection \
             string ({HIDDEN}) ({WRITE})"
        ),
        Some(Err(e)) if missing && key_values => format!(
            "{shown} is not a PostgreSQL connection string gwt can read: {} ({WRITE})",
            refused(source, &e)
        ),
        Some(Err(e)) => format!(
            "cannot read {shown}: {error}; nor is it a PostgreSQL connection string: {} \
             ({WRITE})",
            refused(source, &e)
        ),
        _ => format!("cannot read {shown}: {error}"),
    }
}

/// `unreadable_file` without the driver, which would tell a connection string it cannot read:
/// a string that sets one of libpq's settings first was refused as a database already, so what
/// comes here is told as a file, its password hidden as there.
#[cfg(not(feature = "postgres"))]
pub fn unreadable_file(source: &str, error: &std::io::Error) -> String {
    if let Some(said) = mistyped_url(source, error) {
        return said;
    }
    match source.contains('=') && password_may_run_on(source) {
        true => format!("the source cannot be read as a file ({error}); {HIDDEN}"),
        false => format!("cannot read {}: {error}", redact(source)),
    }
}

// The driver's reading and words; without it, `tests/postgres_feature.rs`.
#[cfg(all(test, feature = "postgres"))]
mod tests {
    use super::*;

    #[test]
    fn a_key_value_string_with_a_verifying_sslmode_names_a_database() {
        for source in [
            "host=/var/run/postgresql user=ann sslmode=verify-full",
            "host=db user=ann sslmode=verify-ca sslrootcert=/etc/ca.pem",
            "host=db user=ann sslmode=require",
        ] {
            assert!(names_a_database(source), "{source}");
        }
        assert!(!names_a_database("events.jsonl"));
        // A mode that is none is still the driver's to refuse, in its words.
        let said = unreadable_file(
            "host=db sslmode=bogus",
            &std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert!(
            said.contains("invalid value for option `sslmode`"),
            "{said}"
        );
        // Meant for a database beyond doubt, the file's error is noise.
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let said = unreadable_file("host=db dbname=big bogus", &missing);
        assert!(
            said.starts_with(
                "host=db dbname=big bogus is not a PostgreSQL connection string gwt can read: "
            ),
            "{said}"
        );
        assert!(!said.contains("No such file"), "{said}");
        assert_eq!(
            unreadable_file("postgres:/x", &missing),
            "postgres:/x is not a PostgreSQL URL, nor a file (write \
             postgres://USER@HOST:PORT/DATABASE, or host=HOST port=PORT user=USER \
             dbname=DATABASE)"
        );
        // The word that is no setting is named (the driver says only "unexpected EOF"), but
        // not in a string with a password, whose value it may be the end of.
        let said = unreadable_file("host=127.0.0.1 bogus", &missing);
        assert!(
            said.contains(
                ": `bogus` is no setting (each is written key=value, such as \
                           dbname=events): "
            ),
            "{said}"
        );
        for (source, word) in [
            ("host = db  bogus port=1", Some("bogus")),
            ("host='a b' x", Some("x")),
            (r"host=a\ b x=1 y", Some("y")),
            ("host=db port=1", None),
            ("", None),
        ] {
            assert_eq!(lone_word(source).as_deref(), word, "{source}");
        }
        // Nor the string, masked only up to the password's first space, nor the driver's words,
        // which quote the word they could not read (the review of 2026-12-06, M7).
        for source in [
            "host=db password=ab cd",
            "host=127.0.0.1 user=postgres password=correct horse battery dbname=conf",
            "host=127.0.0.1 password=correct horse=battery dbname=conf",
        ] {
            let said = unreadable_file(source, &missing);
            assert!(
                !said.contains("cd") && !said.contains("horse") && !said.contains("battery"),
                "{said}"
            );
            assert!(
                said.contains("it is not shown, as it holds a password"),
                "{said}"
            );
        }
        // A source whose ninth byte falls inside a character is no panic (it was sliced there).
        let said = unreadable_file("postgreséx", &missing);
        assert!(said.starts_with("cannot read postgreséx: "), "{said}");
        // A file's name with an `=` in it is still told as a file first.
        let said = unreadable_file("a=b.jsonl", &missing);
        assert!(said.starts_with("cannot read a=b.jsonl: "), "{said}");
    }
}
