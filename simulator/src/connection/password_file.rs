//! The password file (`PGPASSFILE`, else `~/.pgpass`) read as libpq reads it: which files it
//! refuses to read, and which line gives a host its password.

use std::path::Path;

/// The password file's bytes, or None when there is none; an error is a warning to say, for a
/// file libpq would not read either: one that is not a plain file, or one that others may read
/// (its passwords are then no secret, and it is ignored as libpq ignores it).
pub(super) fn password_file(path: &Path) -> Result<Option<Vec<u8>>, String> {
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

/// The first line of a password file for the host at `i` of the list, as libpq looks it up when
/// it tries that host: its name (a socket's folder as `socket_host` gives it; the address, when
/// only `hostaddr` names the host), its port (one port serves every host; none is 5432), the
/// database and the user. The password and the line's number.
pub(super) fn host_line(
    file: &[u8],
    config: &postgres::Config,
    i: usize,
) -> Option<(Vec<u8>, usize)> {
    let user = config.get_user().unwrap_or_default();
    // The server takes the user's name for a database the connection names none.
    let database = config.get_dbname().unwrap_or(user);
    let host = match (config.get_hosts().get(i), config.get_hostaddrs().get(i)) {
        (Some(postgres::config::Host::Tcp(host)), _) => host.clone(),
        (Some(postgres::config::Host::Unix(path)), _) => socket_host(path),
        (None, Some(address)) => address.to_string(),
        (None, None) => "localhost".into(),
    };
    let ports = config.get_ports();
    let port = ports.get(i).or(ports.first()).copied().unwrap_or(5432);
    password_line(file, &host, &port.to_string(), database, user)
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
}
