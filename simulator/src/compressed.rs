//! A compressed log (`log.jsonl.gz`), one in UTF-16, or JSON that is not one object a line (an
//! array, an object over several lines) is refused once, by its first bytes,
//! where it was read as one line that is not UTF-8 text after another: the tools read JSON lines
//! in UTF-8 as they are and leave decompressing and converting to the tools made for it, on the
//! way in.

use std::io::{self, BufRead, Chain, Cursor, Read};

/// Compressed formats by their magic bytes, with the command that writes one out as text.
const FORMATS: [(&[u8], &str, &str); 4] = [
    (&[0x1f, 0x8b], "gzip", "zcat"),
    (&[0x28, 0xb5, 0x2f, 0xfd], "zstd", "zstdcat"),
    (b"BZh", "bzip2", "bzcat"),
    (&[0xfd, b'7', b'z', b'X', b'Z', 0x00], "xz", "xzcat"),
];

/// Text in UTF-16 (as Windows tools write it), by its byte order mark or by a zero byte beside
/// each of its first characters, which no line of UTF-8 JSON has: it was read as one line that
/// is not UTF-8 after another, each told.
fn wide_text(head: &[u8]) -> Option<&'static str> {
    match head {
        [0xff, 0xfe, ..] | [b'{' | b'\n' | b'\r' | b' ', 0, ..] => Some("UTF-16LE"),
        [0xfe, 0xff, ..] | [0, b'{' | b'\n' | b'\r' | b' ', ..] => Some("UTF-16BE"),
        _ => None,
    }
}

/// JSON that is not one object a line, by its first bytes, with the `jq` filter that writes it
/// as JSON lines: an array (`jq -s .`'s output), or an object over several lines (`jq .`'s),
/// whose first line is `{` alone. Either was read as one bad line after another, a hundred
/// errors and no word of what the file was.
fn not_one_object_a_line(head: &[u8]) -> Option<(&'static str, &'static str)> {
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let start = head.iter().position(|b| !blank(b))?;
    let rest = &head[start + 1..];
    let after = rest.iter().find(|b| !blank(b));
    match head[start] {
        b'[' if matches!(after, None | Some(b'{')) => Some(("one JSON array", ".[]")),
        b'{' => {
            let line_ends = rest
                .iter()
                .position(|&b| b == b'\n')
                .is_some_and(|end| rest[..end].iter().all(blank));
            line_ends.then_some(("JSON written over several lines (pretty-printed)", "."))
        }
        _ => None,
    }
}

/// The longest magic above.
const HEAD: usize = 6;

/// What a file whose first bytes are `head` is when it is not UTF-8 text to read as it is
/// (`gzip-compressed`, `UTF-16LE text`), with the command that turns it into such text (`zcat`,
/// `iconv -f UTF-16LE -t UTF-8`): for a file read whole, such as `--expect`'s, whose first
/// bytes are at hand.
pub fn not_plain_text(head: &[u8]) -> Option<(String, String)> {
    if let Some(encoding) = wide_text(head) {
        return Some((
            format!("{encoding} text"),
            format!("iconv -f {encoding} -t UTF-8"),
        ));
    }
    FORMATS
        .iter()
        .find(|(magic, ..)| head.starts_with(magic))
        .map(|(_, name, tool)| (format!("{name}-compressed"), tool.to_string()))
}

/// `input`, its first bytes read and given back before the rest; an error saying how to feed
/// it if they say it is compressed. `file` names the input as the command line did (`-` for
/// standard input); `piped_to` is the gwt command, with whatever it needs before `--from -`,
/// that reads the log decompressed from a pipe (`verify-migration`), or `None` for one that
/// needs a file.
pub fn refuse_compressed<R: BufRead>(
    mut input: R,
    file: &str,
    piped_to: Option<&str>,
) -> io::Result<Chain<Cursor<Vec<u8>>, R>> {
    // Read whole, not by one fill of a buffer: a pipe may hand over fewer bytes at first. An
    // input that cannot be read (a folder as standard input) is left to the reading that
    // follows, which meets the error again and says where, as it always has.
    let mut head = Vec::with_capacity(HEAD);
    let _ = (&mut input).take(HEAD as u64).read_to_end(&mut head);
    let it = match file {
        "-" => "standard input",
        _ => "it",
    };
    // How to feed it through `convert` (a command that writes JSON lines as they are read).
    let feed = |convert: &str| match (file, piped_to) {
        ("-", Some(command)) => format!("on the way in ({convert} FILE | gwt {command} --from -)"),
        (_, Some(command)) => format!("on the way in ({convert} {file} | gwt {command} --from -)"),
        (_, None) => format!("into a file first ({convert} {file} > log.jsonl)"),
    };
    if let Some(encoding) = wide_text(&head) {
        return Err(io::Error::other(format!(
            "{it} is {encoding} text, and gwt reads JSON lines in UTF-8: convert it {}",
            feed(&format!("iconv -f {encoding} -t UTF-8"))
        )));
    }
    if let Some((what, filter)) = not_one_object_a_line(&head) {
        return Err(io::Error::other(format!(
            "{it} is {what}, where a log holds one JSON object a line: rewrite it {}",
            feed(&format!("jq -c '{filter}'"))
        )));
    }
    let Some((_, name, tool)) = FORMATS.iter().find(|(magic, ..)| head.starts_with(magic)) else {
        return Ok(Cursor::new(head).chain(input));
    };
    let feed = feed(tool);
    Err(io::Error::other(format!(
        "{it} is {name}-compressed, and gwt reads JSON lines as they are: decompress it {feed}"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_compressed_format_is_told_by_its_first_bytes_and_text_is_given_back_whole() {
        for (bytes, said) in [
            (&[0x1f, 0x8b, 8, 0][..], "gzip-compressed"),
            (&[0x28, 0xb5, 0x2f, 0xfd, 0][..], "zstd-compressed"),
            (b"BZh91AY", "bzip2-compressed"),
            (&[0xfd, b'7', b'z', b'X', b'Z', 0, 0][..], "xz-compressed"),
        ] {
            let e = refuse_compressed(bytes, "log.jsonl.x", Some("verify-migration")).unwrap_err();
            assert!(e.to_string().starts_with(&format!("it is {said}")), "{e}");
        }
        let e = refuse_compressed(&[0x1f, 0x8b][..], "-", Some("verify-migration")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "standard input is gzip-compressed, and gwt reads JSON lines as they are: decompress \
             it on the way in (zcat FILE | gwt verify-migration --from -)"
        );
        let e = refuse_compressed(&[0x1f, 0x8b][..], "log.gz", None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "it is gzip-compressed, and gwt reads JSON lines as they are: decompress it into a \
             file first (zcat log.gz > log.jsonl)"
        );
        for (bytes, said) in [
            (&[0xff, 0xfe, b'{', 0][..], "it is UTF-16LE text"),
            (&[b'{', 0, b'"', 0][..], "it is UTF-16LE text"),
            (&[0xfe, 0xff, 0, b'{'][..], "it is UTF-16BE text"),
            (&[0, b'{', 0, b'"'][..], "it is UTF-16BE text"),
        ] {
            let e = refuse_compressed(bytes, "log.jsonl", Some("verify-migration")).unwrap_err();
            assert!(e.to_string().starts_with(said), "{e}");
        }
        let e = refuse_compressed(&[0xff, 0xfe][..], "-", Some("verify-migration")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "standard input is UTF-16LE text, and gwt reads JSON lines in UTF-8: convert it on \
             the way in (iconv -f UTF-16LE -t UTF-8 FILE | gwt verify-migration --from -)"
        );
        for (bytes, said) in [
            (
                &b"[\n  {\n"[..],
                "it is one JSON array, where a log holds one JSON object a line: \
              rewrite it on the way in (jq -c '.[]' log.json | gwt verify-migration --from -)",
            ),
            (&b"[{\"str"[..], "it is one JSON array"),
            (
                &b"{\n  \"s"[..],
                "it is JSON written over several lines (pretty-printed), where a \
              log holds one JSON object a line: rewrite it on the way in (jq -c '.' log.json | \
              gwt verify-migration --from -)",
            ),
            (&b"{ \r\n"[..], "it is JSON written over several lines"),
        ] {
            let e = refuse_compressed(bytes, "log.json", Some("verify-migration")).unwrap_err();
            assert!(e.to_string().starts_with(said), "{e}");
        }
        // A line of a log, or a text that is no JSON, is left to the reading.
        for text in ["{\"stream\":", "[INFO] x", "\n{\"a\"}"] {
            refuse_compressed(text.as_bytes(), "log.jsonl", None).unwrap();
        }
        // A UTF-8 byte order mark is read as verification reads it: skipped.
        refuse_compressed(&[0xef, 0xbb, 0xbf, b'{'][..], "log.jsonl", None).unwrap();
        for text in ["", "{", "{\"stream\":\"Conference/c1\"}\n{}\n"] {
            let mut back = String::new();
            refuse_compressed(text.as_bytes(), "log.jsonl", Some("verify-migration"))
                .unwrap()
                .read_to_string(&mut back)
                .unwrap();
            assert_eq!(back, text);
        }
    }
}
