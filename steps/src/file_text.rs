//! The text of a feature file, or what its author must hear when it holds none: bytes that are
//! not UTF-8 (said at the first of them), or nothing but blank lines and comments.

use std::path::Path;

/// The file's text, or the problem to report, starting with the file's place.
pub fn feature_text(path: &Path) -> Result<String, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("{shown}: cannot be read: {e}"))?;
    // A UTF-16 file (as some Windows editors save) starts with its byte-order mark: named as
    // such, where its first byte was told as one of Latin-1's.
    // UTF-32's marks begin as UTF-16's do: looked for first.
    let utf16 = match (bytes.get(..4), bytes.get(..2)) {
        (Some([0xFF, 0xFE, 0, 0]), _) => Some("UTF-32LE"),
        (Some([0, 0, 0xFE, 0xFF]), _) => Some("UTF-32BE"),
        (_, Some([0xFF, 0xFE])) => Some("UTF-16LE"),
        (_, Some([0xFE, 0xFF])) => Some("UTF-16BE"),
        _ => None,
    };
    if let Some(encoding) = utf16 {
        return Err(format!(
            "{shown}: this file is in {} (its first bytes are a {encoding} byte-order mark), not \
             UTF-8: save it as UTF-8, or turn it with `iconv -f {encoding} -t UTF-8`",
            &encoding[..6]
        ));
    }
    if let Some(encoding) = utf16_without_a_mark(&bytes) {
        return Err(format!(
            "{shown}: this file is in UTF-16 (it has no byte-order mark, but every other byte of \
             its start is zero, as {encoding} writes plain text), not UTF-8: save it as UTF-8, or \
             turn it with `iconv -f {encoding} -t UTF-8`"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let bad = e.as_bytes()[e.utf8_error().valid_up_to()];
        let (line, column) = domain::kernel::not_utf8_place(e.as_bytes(), &e.utf8_error());
        format!(
            "{shown}:{line}:{column}: this file is not UTF-8 text: the byte 0x{bad:02X} here is \
             not UTF-8 (the file was saved in another encoding, such as Latin-1 or Windows-1252): \
             save it as UTF-8"
        )
    })?;
    // Lines ended by a carriage return alone (as old Mac OS editors save) are one line to
    // Gherkin, which found no scenario in the file.
    if text.contains('\r') && !text.contains('\n') && text.trim_end().contains('\r') {
        return Err(format!(
            "{shown}: its lines end with a carriage return alone (as old Mac OS editors save \
             them), which Gherkin does not take for line ends: save it with line feeds, or turn \
             it with `tr '\\r' '\\n'`"
        ));
    }
    // One alone inside a line joins what follows it to that line for Gherkin: a table's next
    // row became more cells of this one, told as columns no step reads. Invisible in an
    // editor, so said where it is.
    if let Some(at) = lone_carriage_return(&text) {
        let (line, column) = place(&text, at);
        let more = text[at + 1..]
            .match_indices('\r')
            .filter(|(i, _)| !ends_its_line(&text, at + 1 + i))
            .count();
        let others = match more {
            0 => String::new(),
            1 => " (and 1 more in the file)".to_string(),
            n => format!(" (and {n} more in the file)"),
        };
        return Err(format!(
            "{shown}:{line}:{column}: a carriage return alone{others}, which Gherkin does not \
             take for a line end (as old Mac OS editors end lines): what follows it is read as \
             part of this line; end lines with a line feed, or turn the file with `sed -i \
             's/\\r$//; s/\\r/\\n/g'`"
        ));
    }
    let lines = || text.lines().map(str::trim);
    if lines().all(|l| l.is_empty() || l.starts_with('#')) {
        let what = match lines().any(|l| !l.is_empty()) {
            true => "holds only comments",
            false => "is empty",
        };
        return Err(format!(
            "{shown}: the file {what}: it has no `Feature:` line and no scenarios (a feature \
             file starts with `Feature: <what it is about>`, then its scenarios)"
        ));
    }
    Ok(text)
}

/// Where the first carriage return with more of its line after it stands, as a byte offset.
/// Those that only end a line (`\r\n`, `\r\r\n`, the file's last) are blanks at its end,
/// which Gherkin trims.
fn lone_carriage_return(text: &str) -> Option<usize> {
    text.match_indices('\r')
        .map(|(i, _)| i)
        .find(|&i| !ends_its_line(text, i))
}

fn ends_its_line(text: &str, i: usize) -> bool {
    let rest = text[i..].trim_start_matches('\r');
    rest.is_empty() || rest.starts_with('\n')
}

/// The line and column (from 1, in characters) of byte `at` of `text`.
fn place(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// The UTF-16 a file with no byte-order mark is in, told by its start: plain text (a `Feature:`
/// line, comments) is one byte and a zero a character there, the zero second (LE) or first
/// (BE). Read as UTF-8 such a file is valid, its zeros and all, and was told as text before
/// any `Feature:` line (`F\0e\0a\0t\0…`).
fn utf16_without_a_mark(bytes: &[u8]) -> Option<&'static str> {
    let start = &bytes[..bytes.len().min(64) & !1];
    if start.len() < 4 {
        return None;
    }
    let pairs = || start.chunks_exact(2);
    if pairs().all(|p| p[0] != 0 && p[1] == 0) {
        Some("UTF-16LE")
    } else if pairs().all(|p| p[0] == 0 && p[1] != 0) {
        Some("UTF-16BE")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(bytes: &[u8]) -> Result<String, String> {
        let file = crate::temporary_feature(bytes);
        let path = file.path();
        feature_text(path).map_err(|e| e.replace(&path.display().to_string(), "f"))
    }

    #[test]
    fn a_byte_that_is_not_utf8_is_placed_at_its_line_and_column() {
        let latin1 = b"Feature: f\n\n  Scenario: caf\xe9 au lait\n";
        let e = said(latin1).unwrap_err();
        assert!(
            e.starts_with("f:3:16: this file is not UTF-8 text: the byte 0xE9 here is not UTF-8"),
            "{e}"
        );
        assert!(e.ends_with("save it as UTF-8"), "{e}");
        // Columns count characters, as every other column does.
        let e = said(&[&b"Feature: na"[..], "ïve".as_bytes(), b"\xff"].concat()).unwrap_err();
        assert!(e.starts_with("f:1:15: "), "{e}");
    }

    #[test]
    fn a_utf16_file_is_named_by_its_byte_order_mark() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Feature: f\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let e = said(&le).unwrap_err();
        assert!(
            e.starts_with(
                "f: this file is in UTF-16 (its first bytes are a UTF-16LE byte-order mark)"
            ),
            "{e}"
        );
        assert!(said(&[0xFE, 0xFF, 0, b'F'])
            .unwrap_err()
            .contains("UTF-16BE"));
        // Without a mark, told by its zeros (it was told as text before any `Feature:` line).
        let text = "Feature: f\n  Scenario: s\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        for (bytes, encoding) in [(le, "UTF-16LE"), (be, "UTF-16BE")] {
            let e = said(&bytes).unwrap_err();
            assert!(
                e.starts_with("f: this file is in UTF-16 (it has no byte-order mark, but")
                    && e.ends_with(&format!("`iconv -f {encoding} -t UTF-8`")),
                "{e}"
            );
        }
        // A UTF-8 file is read, however short.
        assert!(said(b"Feature: f\n").is_ok());
    }

    #[test]
    fn a_carriage_return_alone_in_a_line_is_placed() {
        let text = "Feature: f\r\n  Scenario Outline: s\r\n    Examples:\r\n      | n |\r      | 7 |\r\n      | 8 |\r      | 9 |\n";
        let e = said(text.as_bytes()).unwrap_err();
        assert!(
            e.starts_with(
                "f:4:12: a carriage return alone (and 1 more in the file), which Gherkin does not \
                 take for a line end"
            ),
            "{e}"
        );
        // Line ends of a carriage return and a line feed are line ends, and more carriage
        // returns before them, or at the file's end, blanks at the line's end.
        assert!(said(b"Feature: f\r\n  Scenario: s\r\r\n  # end\r").is_ok());
    }

    #[test]
    fn a_file_of_blank_lines_or_comments_is_said_to_hold_no_feature() {
        for (text, what) in [
            ("", "is empty"),
            ("  \n\t\n", "is empty"),
            ("# language: en\n  # a note\n\n", "holds only comments"),
        ] {
            let e = said(text.as_bytes()).unwrap_err();
            assert!(
                e.starts_with(&format!("f: the file {what}: it has no `Feature:` line")),
                "{e}"
            );
        }
        assert_eq!(said(b"Feature: f\n").as_deref(), Ok("Feature: f\n"));
    }
}
