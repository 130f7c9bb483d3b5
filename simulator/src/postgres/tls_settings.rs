//! libpq's TLS settings of a source (`sslmode`, `sslrootcert`, `sslcert`, `sslkey`), taken out
//! of it before the driver reads the rest (it knows none of the files, and refuses
//! `verify-ca` and `verify-full`), and completed from the environment as libpq completes them.

use std::path::PathBuf;

use percent_encoding::percent_decode_str;

use super::tls::{ClientCertificate, Tls, Verify};
use crate::connection::Environment;

/// The TLS settings a source gives, each as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TlsSettings {
    pub mode: Option<String>,
    pub root_cert: Option<String>,
    pub cert: Option<String>,
    pub key: Option<String>,
}

const KEYS: [&str; 4] = ["sslmode", "sslrootcert", "sslcert", "sslkey"];

/// `source` without its TLS settings, and those settings. A URL's are parameters of its query
/// (`?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem`), a key=value string's are pairs
/// (`sslrootcert='/etc/my ca.pem'`). A string that does not read as pairs is left whole, for the
/// driver to refuse in its words.
pub fn taken(source: &str) -> (String, TlsSettings) {
    let mut settings = TlsSettings::default();
    let mut put = |key: &str, value: String| match key {
        "sslmode" => settings.mode = Some(value),
        "sslrootcert" => settings.root_cert = Some(value),
        "sslcert" => settings.cert = Some(value),
        _ => settings.key = Some(value),
    };
    let left = match super::is_url(source) {
        true => {
            let Some((base, query)) = source.split_once('?') else {
                return (source.to_string(), settings);
            };
            let mut kept = Vec::new();
            for pair in query.split('&') {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                let key_read = percent_decode_str(key).decode_utf8_lossy();
                let value_read = percent_decode_str(value).decode_utf8_lossy().into_owned();
                match KEYS.contains(&key_read.as_ref()) && known(&key_read, &value_read) {
                    true => put(&key_read, value_read),
                    false => kept.push(pair),
                }
            }
            match kept.is_empty() {
                true => base.to_string(),
                false => format!("{base}?{}", kept.join("&")),
            }
        }
        false => {
            let Some(pairs) = pairs(source) else {
                return (source.to_string(), settings);
            };
            let mut left = String::new();
            let mut at = 0;
            for (key, value, start, end) in pairs {
                if KEYS.contains(&key.as_str()) && known(&key, &value) {
                    left.push_str(&source[at..start]);
                    at = end;
                    put(&key, value);
                }
            }
            left.push_str(&source[at..]);
            left
        }
    };
    (left, settings)
}

/// Whether a setting is taken out: an `sslmode` only when it is one (any other is left to the
/// driver, which refuses the source in its words, its password hidden: the value may run on
/// into the rest of the source, `disable\u{a0}password=…`).
fn known(key: &str, value: &str) -> bool {
    key != "sslmode" || MODES.contains(&value)
}

const MODES: [&str; 6] = [
    "disable",
    "allow",
    "prefer",
    "require",
    "verify-ca",
    "verify-full",
];

/// A key=value string's pairs, each with where it starts and ends: libpq's form, a value quoted
/// with `'` when it holds white space (`\'` and `\\` within). `None` when it does not read so.
fn pairs(text: &str) -> Option<Vec<(String, String, usize, usize)>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let blank = |b: u8| b.is_ascii_whitespace();
    loop {
        while i < bytes.len() && blank(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            return Some(out);
        }
        let start = i;
        while i < bytes.len() && bytes[i] != b'=' && !blank(bytes[i]) {
            i += 1;
        }
        let key = text[start..i].to_string();
        while i < bytes.len() && blank(bytes[i]) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < bytes.len() && blank(bytes[i]) {
            i += 1;
        }
        let mut value = String::new();
        if bytes.get(i) == Some(&b'\'') {
            i += 1;
            loop {
                let c = text[i..].chars().next()?;
                match c {
                    '\'' => {
                        i += 1;
                        break;
                    }
                    '\\' => {
                        let escaped = text[i + 1..].chars().next()?;
                        value.push(escaped);
                        i += 1 + escaped.len_utf8();
                    }
                    c => {
                        value.push(c);
                        i += c.len_utf8();
                    }
                }
            }
        } else {
            let from = i;
            while i < bytes.len() && !blank(bytes[i]) {
                i += 1;
            }
            value.push_str(&text[from..i]);
        }
        out.push((key, value, start, i));
    }
}

/// The TLS a connection over TCP is asked for (over a Unix socket none is spoken).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Asked {
    /// The TLS, or why it cannot be had as the settings stand (a verifying mode with no root
    /// certificate, a client certificate without its key): a list of hosts that names a Unix
    /// socket too may connect there first, and never need it.
    pub tls: Result<Tls, String>,
    /// Whether the connection must have it (`require` and the `verify-` modes) rather than
    /// take it when the server offers it (`allow`, `prefer`).
    pub required: bool,
}

/// The TLS a connection over TCP uses, as libpq would: the source's settings, else `PGSSLMODE`,
/// `PGSSLROOTCERT`, `PGSSLCERT` and `PGSSLKEY`; `sslmode` is `prefer` when neither gives one,
/// and the root certificate `~/.postgresql/root.crt` when it is there. `None` for `disable`.
/// With a root certificate at hand, `require` checks the server's certificate as `verify-ca`
/// does, as libpq's `require` does. An `sslmode` that is none is an error whatever the hosts,
/// as libpq's.
pub fn resolved(given: &TlsSettings, env: &Environment) -> Result<Option<Asked>, String> {
    let (mode, from) = match (&given.mode, &env.ssl_mode) {
        (Some(mode), _) => (mode.as_str(), "sslmode"),
        (None, Some(mode)) => (mode.as_str(), "PGSSLMODE"),
        (None, None) => ("prefer", "sslmode"),
    };
    let pick = |own: &Option<String>, variable: &Option<String>| {
        own.as_ref()
            .or(variable.as_ref())
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let default_root = (env.home.as_ref())
        .map(|home| home.join(".postgresql").join("root.crt"))
        .filter(|file| file.is_file());
    let root = pick(&given.root_cert, &env.ssl_root_cert).or(default_root);
    let client = match (
        pick(&given.cert, &env.ssl_cert),
        pick(&given.key, &env.ssl_key),
    ) {
        (None, None) => Ok(None),
        (Some(certificate), Some(key)) => Ok(Some(ClientCertificate { certificate, key })),
        (Some(_), None) => Err("sslcert is given without its sslkey".to_string()),
        (None, Some(_)) => Err("sslkey is given without its sslcert".to_string()),
    };
    let needs_root = || {
        format!(
            "{from}={mode} checks the server's certificate against the authority that signed it: \
             give that authority's certificate as sslrootcert=/path/ca.crt (or PGSSLROOTCERT; \
             libpq's ~/.postgresql/root.crt is not there)"
        )
    };
    let (verify, required) = match mode {
        "disable" => return Ok(None),
        "allow" | "prefer" => (Ok(root.map_or(Verify::Nothing, Verify::Authority)), false),
        "require" => (Ok(root.map_or(Verify::Nothing, Verify::Authority)), true),
        "verify-ca" => (root.map(Verify::Authority).ok_or_else(needs_root), true),
        "verify-full" => (
            root.map(Verify::AuthorityAndName).ok_or_else(needs_root),
            true,
        ),
        other => {
            return Err(format!(
                "{from} `{other}` is not an sslmode (disable, allow, prefer, require, verify-ca \
                 or verify-full)"
            ))
        }
    };
    let tls = verify.and_then(|verify| {
        Ok(Tls {
            verify,
            client: client?,
        })
    });
    Ok(Some(Asked { tls, required }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls_settings_are_taken_out_of_a_url_and_a_key_value_string() {
        let (left, s) = taken(
            "postgres://ann@db/x?sslmode=verify-full&application_name=gwt&sslrootcert=%2Fetc%2Fca.pem",
        );
        assert_eq!(left, "postgres://ann@db/x?application_name=gwt");
        assert_eq!(s.mode.as_deref(), Some("verify-full"));
        assert_eq!(s.root_cert.as_deref(), Some("/etc/ca.pem"));
        let (left, s) =
            taken("host=db sslmode = require  sslrootcert='/etc/my ca\\'s.pem' dbname=x");
        assert_eq!(
            left.split_whitespace().collect::<Vec<_>>(),
            ["host=db", "dbname=x"]
        );
        assert_eq!(s.mode.as_deref(), Some("require"));
        assert_eq!(s.root_cert.as_deref(), Some("/etc/my ca's.pem"));
        // What does not read as pairs is left to the driver.
        let (left, s) = taken("host=db sslmode");
        assert_eq!(left, "host=db sslmode");
        assert_eq!(s, TlsSettings::default());
    }

    #[test]
    fn the_mode_is_the_sources_then_pgsslmode_then_prefer_and_verifying_needs_a_root() {
        let env = Environment {
            ssl_mode: Some("require".into()),
            ..Environment::default()
        };
        let given = |mode: &str| TlsSettings {
            mode: Some(mode.into()),
            ..TlsSettings::default()
        };
        assert_eq!(resolved(&given("disable"), &env), Ok(None));
        let required = resolved(&TlsSettings::default(), &env).unwrap().unwrap();
        assert_eq!(required.tls.unwrap().verify, Verify::Nothing);
        assert!(required.required);
        let preferred = resolved(&TlsSettings::default(), &Environment::default())
            .unwrap()
            .unwrap();
        assert!(!preferred.required);
        // Without its root certificate a verifying mode is still a mode: what it lacks is said
        // when a host over TCP needs it.
        let rootless = resolved(&given("verify-full"), &Environment::default())
            .unwrap()
            .unwrap();
        assert!(rootless.required);
        let refused = rootless.tls.unwrap_err();
        assert!(refused.starts_with("sslmode=verify-full checks the server's certificate"));
        let keyless = Environment {
            ssl_cert: Some("/etc/client.pem".into()),
            ..Environment::default()
        };
        assert_eq!(
            resolved(&given("require"), &keyless).unwrap().unwrap().tls,
            Err("sslcert is given without its sslkey".to_string())
        );
        let bogus = Environment {
            ssl_mode: Some("bogus".into()),
            ..Environment::default()
        };
        assert_eq!(
            resolved(&TlsSettings::default(), &bogus).unwrap_err(),
            "PGSSLMODE `bogus` is not an sslmode (disable, allow, prefer, require, verify-ca or \
             verify-full)"
        );
        let rooted = TlsSettings {
            mode: Some("verify-full".into()),
            root_cert: Some("/etc/ca.pem".into()),
            ..TlsSettings::default()
        };
        assert_eq!(
            resolved(&rooted, &Environment::default())
                .unwrap()
                .unwrap()
                .tls
                .unwrap()
                .verify,
            Verify::AuthorityAndName("/etc/ca.pem".into())
        );
    }
}
