//! A PostgreSQL source (a `postgres://` URL or a key=value connection string) made into a
//! connection's settings as libpq makes them: what the source leaves out comes from the
//! environment (`PGUSER`, `PGDATABASE`, `PGHOST` and `PGPORT`, `PGPASSWORD`) or, for the
//! password, from the password file (`PGPASSFILE`, else `~/.pgpass`). The driver reads none of
//! them, and a password that can only be written in the URL shows in `ps` and in the shell's
//! history.

use std::path::{Path, PathBuf};

use crate::postgres::redact;

/// What libpq takes from the environment for what a connection string leaves out. An empty
/// variable counts as unset, as an empty setting does for libpq.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `PGUSER`.
    pub user: Option<String>,
    /// `PGPASSWORD`.
    pub password: Option<String>,
    /// `PGDATABASE`.
    pub database: Option<String>,
    /// `PGHOST`.
    pub host: Option<String>,
    /// `PGPORT`.
    pub port: Option<String>,
    /// `PGPASSFILE`, else `.pgpass` in the home folder.
    pub password_file: Option<PathBuf>,
}

impl Environment {
    /// This process's.
    pub fn of_process() -> Environment {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Environment {
            user: var("PGUSER"),
            password: var("PGPASSWORD"),
            database: var("PGDATABASE"),
            host: var("PGHOST"),
            port: var("PGPORT"),
            password_file: var("PGPASSFILE")
                .map(PathBuf::from)
                .or_else(|| var("HOME").map(|home| Path::new(&home).join(".pgpass"))),
        }
    }
}

/// Where the password a connection offers came from, for an error to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PasswordFrom {
    /// The source itself (`user:pw@`, `password=`).
    Source,
    /// `PGPASSWORD`.
    Environment,
    /// A line of the password file.
    File { path: PathBuf, line: usize },
    /// Nowhere: the password file, if there is one, has no line for the connection, or was
    /// `skipped` (with a warning: not a plain file, or others may read it).
    Nowhere {
        looked_in: Option<PathBuf>,
        skipped: Option<PathBuf>,
    },
}

/// A connection's settings, and what a message about them needs.
pub struct Settings {
    pub config: postgres::Config,
    pub password_from: PasswordFrom,
    /// Said before connecting: a password file libpq would not read either (readable by
    /// others, not a plain file), with why.
    pub warnings: Vec<String>,
}

/// Where a source leaves out a setting, libpq's error advice: where to write it.
const WRITE: &str = "write postgres://USER@HOST:PORT/DATABASE, or host=HOST port=PORT user=USER \
                     dbname=DATABASE";

/// The settings `source` names, completed from `env` as libpq completes them: a setting the
/// source gives wins over the environment's. `PGHOST` and `PGPORT` are read only when the source
/// names no host: a URL's host without a port is port 5432 as the driver reads it, and which of
/// that and `PGPORT` was meant could not be told. The password is the source's, else
/// `PGPASSWORD`, else the password file's line for the host, port, database and user (with
/// several hosts, the first host that has one).
pub fn settings(source: &str, env: &Environment) -> Result<Settings, String> {
    let shown = redact(source);
    let mut config: postgres::Config = source.parse().map_err(|e| {
        let what = match crate::postgres::is_url(source) {
            true => "URL",
            false => "connection string",
        };
        format!(
            "{shown} is not a PostgreSQL {what}: {}",
            crate::postgres::said(&e)
        )
    })?;
    if config.get_user().is_none_or(str::is_empty) {
        match &env.user {
            Some(user) => config.user(user),
            None => return Err(format!("{shown} names no user: {WRITE}, or set PGUSER")),
        };
    }
    if config.get_dbname().is_none_or(str::is_empty) {
        if let Some(database) = &env.database {
            config.dbname(database);
        }
    }
    if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
        let Some(hosts) = &env.host else {
            return Err(format!("{shown} names no host: {WRITE}, or set PGHOST"));
        };
        for host in hosts.split(',') {
            config.host(host);
        }
        if config.get_ports().is_empty() {
            if let Some(ports) = &env.port {
                for port in ports.split(',') {
                    config.port(port.trim().parse().map_err(|_| {
                        format!("PGPORT `{ports}` is not a port (a whole number up to 65535)")
                    })?);
                }
            }
        }
    }
    let mut warnings = Vec::new();
    let password_from = if config.get_password().is_some_and(|p| !p.is_empty()) {
        PasswordFrom::Source
    } else if let Some(password) = &env.password {
        config.password(password.as_str());
        PasswordFrom::Environment
    } else {
        match &env.password_file {
            None => PasswordFrom::Nowhere {
                looked_in: None,
                skipped: None,
            },
            Some(path) => match password_file(path) {
                Err(warning) => {
                    warnings.push(warning);
                    PasswordFrom::Nowhere {
                        looked_in: None,
                        skipped: Some(path.clone()),
                    }
                }
                Ok(None) => PasswordFrom::Nowhere {
                    looked_in: None,
                    skipped: None,
                },
                Ok(Some(text)) => match looked_up(&text, &config) {
                    Some((password, line)) => {
                        config.password(password);
                        PasswordFrom::File {
                            path: path.clone(),
                            line,
                        }
                    }
                    None => PasswordFrom::Nowhere {
                        looked_in: Some(path.clone()),
                        skipped: None,
                    },
                },
            },
        }
    };
    Ok(Settings {
        config,
        password_from,
        warnings,
    })
}

impl Settings {
    /// What to add to a failed connection's error about the password, if anything: where the
    /// one refused came from, or, when the server asked for one and none was found, where to
    /// give it.
    pub fn password_hint(&self, e: &postgres::Error) -> Option<String> {
        let refused = e.code() == Some(&postgres::error::SqlState::INVALID_PASSWORD);
        let missing = crate::postgres::said(e).contains("password missing");
        match &self.password_from {
            PasswordFrom::Environment if refused => Some("the password was PGPASSWORD's".into()),
            PasswordFrom::File { path, line } if refused => Some(format!(
                "the password was read from the password file {}, line {line}",
                path.display()
            )),
            PasswordFrom::Nowhere { looked_in, skipped } if missing => {
                let file = match (looked_in, skipped) {
                    (Some(path), _) => format!(
                        "the password file {} has no line for this connection \
                         (HOST:PORT:DATABASE:USER:PASSWORD)",
                        path.display()
                    ),
                    (None, Some(path)) => format!(
                        "the password file {} was not read (see the warning above)",
                        path.display()
                    ),
                    (None, None) => "there is no password file (PGPASSFILE, else ~/.pgpass)".into(),
                };
                Some(format!(
                    "{file}; give the password in PGPASSWORD or the password file rather than \
                     in the source, where ps and the shell's history show it"
                ))
            }
            _ => None,
        }
    }
}

/// The password file's bytes, or None when there is none; an error is a warning to say, for a
/// file libpq would not read either: one that is not a plain file, or one that others may read
/// (its passwords are then no secret, and it is ignored as libpq ignores it).
fn password_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(None);
    };
    if !metadata.is_file() {
        return Err(format!(
            "the password file {} is not a plain file; it was not read",
            path.display()
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o077 != 0 {
            return Err(format!(
                "the password file {} can be read or written by its group or others, so it was \
                 not read (as libpq does not); make it u=rw (0600) or less: chmod 600 {}",
                path.display(),
                path.display()
            ));
        }
    }
    std::fs::read(path)
        .map(Some)
        .map_err(|e| format!("cannot read the password file {}: {e}", path.display()))
}

/// The first line of a password file that matches the connection, for the first of its hosts
/// that has one: the password and the line's number.
fn looked_up(file: &[u8], config: &postgres::Config) -> Option<(Vec<u8>, usize)> {
    let user = config.get_user().unwrap_or_default();
    // The server takes the user's name for a database the connection names none.
    let database = config.get_dbname().unwrap_or(user);
    let hosts = config.get_hosts();
    let addresses = config.get_hostaddrs();
    let ports = config.get_ports();
    (0..hosts.len().max(addresses.len()).max(1)).find_map(|i| {
        let host = match (hosts.get(i), addresses.get(i)) {
            (Some(postgres::config::Host::Tcp(host)), _) => host.clone(),
            (Some(postgres::config::Host::Unix(path)), _) => socket_host(path),
            (None, Some(address)) => address.to_string(),
            (None, None) => "localhost".into(),
        };
        // One port serves every host; none is 5432.
        let port = match ports {
            [] => 5432,
            [one] => *one,
            many => many.get(i).copied().unwrap_or(5432),
        };
        password_line(file, &host, &port.to_string(), database, user)
    })
}

/// A Unix socket's folder as the password file names it: `localhost` for the folders libpq is
/// built with (PostgreSQL's own default and Debian's), its path otherwise.
fn socket_host(path: &Path) -> String {
    match path.to_str() {
        Some("/tmp" | "/var/run/postgresql" | "/run/postgresql") => "localhost".into(),
        _ => path.to_string_lossy().into_owned(),
    }
}

/// The password of the first line of a password file that matches, as libpq reads the file:
/// `hostname:port:database:username:password` a line, `*` a field that matches anything, `\`
/// escaping the character after it (`\:`, `\\`), `#` starting a comment line.
fn password_line(
    file: &[u8],
    host: &str,
    port: &str,
    database: &str,
    user: &str,
) -> Option<(Vec<u8>, usize)> {
    file.split(|&b| b == b'\n')
        .enumerate()
        .find_map(|(i, line)| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            if line.is_empty() || line[0] == b'#' {
                return None;
            }
            let rest = [host, port, database, user]
                .into_iter()
                .try_fold(line, |rest, token| field_matches(rest, token.as_bytes()))?;
            Some((unescaped_password(rest), i + 1))
        })
}

/// The line after its first field when that field matches `token` (libpq's
/// `pwdfMatchesString`): a field of `*` alone matches anything; otherwise byte by byte, a `\`
/// escaping the byte after it, the field ending at a `:` not escaped once the token is used up
/// (so that an IPv6 address's colons match as written).
fn field_matches<'a>(line: &'a [u8], token: &[u8]) -> Option<&'a [u8]> {
    if let Some(rest) = line.strip_prefix(b"*:") {
        return Some(rest);
    }
    let mut token = token;
    let mut i = 0;
    while i < line.len() {
        let escaped = line[i] == b'\\';
        if escaped {
            i += 1;
        }
        let byte = *line.get(i)?;
        if byte == b':' && !escaped && token.is_empty() {
            return Some(&line[i + 1..]);
        }
        token = token.strip_prefix(&[byte])?;
        i += 1;
    }
    None
}

/// The password field: up to a `:` not escaped, each `\` dropped before the byte it escapes.
fn unescaped_password(field: &[u8]) -> Vec<u8> {
    let mut password = Vec::with_capacity(field.len());
    let mut bytes = field.iter();
    while let Some(&b) = bytes.next() {
        match b {
            b':' => break,
            b'\\' => password.push(*bytes.next().unwrap_or(&b'\\')),
            b => password.push(b),
        }
    }
    password
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password_of(settings: &Settings) -> Option<String> {
        settings
            .config
            .get_password()
            .map(|p| String::from_utf8_lossy(p).into_owned())
    }

    /// A password file of `text`, readable by its owner alone.
    fn file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gwt-pgpass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        path
    }

    #[test]
    fn a_password_file_line_matches_as_libpq_matches_it() {
        let text = b"# a comment:*:*:*:no\n\
                     db.example:5432:store:ann:first\n\
                     *:5433:*:ann:any\\:host\n\
                     [::1]:5432:*:*:v6\n\
                     ::1:5432:*:*:bare\\\\v6:ignored\n\
                     we\\:ird:5432:*:*:escaped\r\n";
        let find = |host, port, db, user| {
            password_line(text, host, port, db, user)
                .map(|(p, line)| (String::from_utf8(p).unwrap(), line))
        };
        assert_eq!(
            find("db.example", "5432", "store", "ann"),
            Some(("first".into(), 2))
        );
        assert_eq!(
            find("db.example", "5433", "other", "ann"),
            Some(("any:host".into(), 3))
        );
        assert_eq!(find("db.example", "5432", "store", "bob"), None);
        assert_eq!(find("[::1]", "5432", "x", "y"), Some(("v6".into(), 4)));
        assert_eq!(find("::1", "5432", "x", "y"), Some(("bare\\v6".into(), 5)));
        assert_eq!(
            find("we:ird", "5432", "x", "y"),
            Some(("escaped".into(), 6))
        );
        // A field is matched whole, not as a prefix.
        assert_eq!(find("db.exam", "5432", "store", "ann"), None);
        assert_eq!(find("db.example.org", "5432", "store", "ann"), None);
        // A line with too few fields matches nothing.
        assert_eq!(password_line(b"h:5432:db", "h", "5432", "db", "u"), None);
    }

    #[test]
    fn the_password_is_the_sources_then_pgpassword_then_the_password_files() {
        let pgpass = file("precedence", "h:5432:db:ann:from-file\n");
        let env = Environment {
            password: Some("from-env".into()),
            password_file: Some(pgpass.clone()),
            ..Environment::default()
        };
        let given = settings("postgres://ann:in-url@h/db", &env).unwrap();
        assert_eq!(password_of(&given).as_deref(), Some("in-url"));
        assert_eq!(given.password_from, PasswordFrom::Source);
        let from_env = settings("postgres://ann@h/db", &env).unwrap();
        assert_eq!(password_of(&from_env).as_deref(), Some("from-env"));
        assert_eq!(from_env.password_from, PasswordFrom::Environment);
        let env = Environment {
            password: None,
            ..env
        };
        let from_file = settings("host=h user=ann dbname=db", &env).unwrap();
        assert_eq!(password_of(&from_file).as_deref(), Some("from-file"));
        assert_eq!(
            from_file.password_from,
            PasswordFrom::File {
                path: pgpass.clone(),
                line: 1
            }
        );
        // The database is the user's name when the source names none, as the server reads it.
        let none = settings("postgres://ann@h", &env).unwrap();
        assert_eq!(password_of(&none), None);
        assert_eq!(
            none.password_from,
            PasswordFrom::Nowhere {
                looked_in: Some(pgpass),
                skipped: None
            }
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_can_read_is_not_read_and_said() {
        use std::os::unix::fs::PermissionsExt;
        let pgpass = file("open", "*:*:*:*:secret\n");
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o644)).unwrap();
        let env = Environment {
            password_file: Some(pgpass.clone()),
            ..Environment::default()
        };
        let settings = settings("postgres://ann@h/db", &env).unwrap();
        assert_eq!(password_of(&settings), None);
        // Skipped, not missing: the hint for a refused connection says so.
        assert_eq!(
            settings.password_from,
            PasswordFrom::Nowhere {
                looked_in: None,
                skipped: Some(pgpass.clone())
            }
        );
        assert_eq!(settings.warnings.len(), 1);
        assert!(
            settings.warnings[0].contains("can be read or written by its group or others")
                && settings.warnings[0].contains("chmod 600"),
            "{:?}",
            settings.warnings
        );
        let folder = Environment {
            password_file: pgpass.parent().map(Path::to_path_buf),
            ..Environment::default()
        };
        let settings = super::settings("postgres://ann@h/db", &folder).unwrap();
        assert!(settings.warnings[0].contains("is not a plain file"));
    }

    #[test]
    fn what_the_source_leaves_out_comes_from_the_environment() {
        let env = Environment {
            user: Some("ann".into()),
            database: Some("store".into()),
            host: Some("db1,db2".into()),
            port: Some("5433".into()),
            ..Environment::default()
        };
        let filled = settings("sslmode=disable", &env).unwrap();
        assert_eq!(filled.config.get_user(), Some("ann"));
        assert_eq!(filled.config.get_dbname(), Some("store"));
        assert_eq!(filled.config.get_hosts().len(), 2);
        assert_eq!(filled.config.get_ports(), [5433]);
        // The source's own settings win; PGPORT goes with PGHOST only.
        let own = settings("postgres://bob@db3/orders", &env).unwrap();
        assert_eq!(own.config.get_user(), Some("bob"));
        assert_eq!(own.config.get_dbname(), Some("orders"));
        assert_eq!(own.config.get_ports(), [5432]);
        let said = |source: &str| {
            settings(source, &Environment::default())
                .err()
                .unwrap_or_default()
        };
        assert!(
            said("host=h").contains("names no user"),
            "{}",
            said("host=h")
        );
        assert!(said("user=ann").contains("names no host"));
        let bad_port = Environment {
            port: Some("x".into()),
            ..env
        };
        assert!(settings("dbname=x", &bad_port)
            .err()
            .unwrap_or_default()
            .contains("PGPORT `x` is not a port"));
    }

    #[test]
    fn the_password_file_is_read_for_the_first_host_that_has_a_line() {
        let pgpass = file("hosts", "second:5432:db:ann:two\nthird:6000:db:ann:three\n");
        let env = Environment {
            password_file: Some(pgpass),
            ..Environment::default()
        };
        let two = settings("host=first,second,third port=5432 user=ann dbname=db", &env).unwrap();
        assert_eq!(password_of(&two).as_deref(), Some("two"));
        let three = settings("host=first,third port=5432,6000 user=ann dbname=db", &env).unwrap();
        assert_eq!(password_of(&three).as_deref(), Some("three"));
        let socket = file("socket", "localhost:5432:db:ann:local\n");
        let env = Environment {
            password_file: Some(socket),
            ..Environment::default()
        };
        let local = settings("host=/var/run/postgresql user=ann dbname=db", &env).unwrap();
        assert_eq!(password_of(&local).as_deref(), Some("local"));
    }
}
