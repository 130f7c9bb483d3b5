//! UTF-8's byte order mark, which editors on some systems begin a file with. It is no part of
//! what the file says, so every reader of a file (feature files, logs, expected read models)
//! skips it at the file's start, and only there: one rule, in one place.

const MARK: &str = "\u{FEFF}";

/// `text` without the byte order mark it may begin with.
pub fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix(MARK).unwrap_or(text)
}

/// `bytes` without the byte order mark they may begin with.
pub fn bytes_without_byte_order_mark(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(MARK.as_bytes()).unwrap_or(bytes)
}

/// Line `line_number` of a file (counted from 1) without the byte order mark, which only the
/// first line can begin with: on a later line the character is the line's own.
pub fn line_without_byte_order_mark(line: &[u8], line_number: u64) -> &[u8] {
    match line_number {
        1 => bytes_without_byte_order_mark(line),
        _ => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mark_is_skipped_at_the_start_only() {
        assert_eq!(without_byte_order_mark("\u{FEFF}Feature: x"), "Feature: x");
        assert_eq!(
            without_byte_order_mark("Feature: \u{FEFF}x"),
            "Feature: \u{FEFF}x"
        );
        assert_eq!(bytes_without_byte_order_mark(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(line_without_byte_order_mark(b"\xEF\xBB\xBF{}", 1), b"{}");
        assert_eq!(
            line_without_byte_order_mark(b"\xEF\xBB\xBF{}", 2),
            b"\xEF\xBB\xBF{}"
        );
    }
}
