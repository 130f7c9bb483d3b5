//! A piece of a feature file (its head, and one block with its rule's head) parsed on its own
//! lines alone, its positions then put back where the file has them.
//!
//! The gherkin crate notes each line end in a list it searches for every one, so a text of n
//! lines costs n² to parse: a piece kept at the file's own positions by blanking the other
//! lines, parsed once for each of a file's blocks, made a file of a thousand scenarios with one
//! mistake take minutes to read, and one of a few thousand look hung.

use cucumber::gherkin::{self, Background, Feature, LineCol, Scenario, Span, Step};
use std::path::Path;

/// A file's lines, and where each starts in bytes (each ended by one `\n`), for its pieces.
pub(super) struct Pieces<'a> {
    lines: &'a [&'a str],
    offsets: Vec<usize>,
}

impl<'a> Pieces<'a> {
    pub(super) fn of(lines: &'a [&'a str]) -> Self {
        let mut offsets = Vec::with_capacity(lines.len() + 1);
        let mut at = 0;
        for line in lines {
            offsets.push(at);
            at += line.len() + 1;
        }
        offsets.push(at);
        Pieces { lines, offsets }
    }

    /// The lines in `ranges` parsed alone (see `parse_alone`); a piece that does not parse is
    /// parsed again at the file's own positions (`blanked`), so that its error names the file's
    /// line.
    pub(super) fn parse(
        &self,
        path: &Path,
        ranges: &[(usize, usize)],
        blanked: impl FnOnce() -> Result<Feature, gherkin::ParseFileError>,
    ) -> Result<Feature, gherkin::ParseFileError> {
        parse_alone(path, self.lines, &self.offsets, ranges).map_or_else(blanked, Ok)
    }

    /// The lines in `ranges` parsed alone, or None where they do not parse.
    pub(super) fn parse_alone(&self, path: &Path, ranges: &[(usize, usize)]) -> Option<Feature> {
        parse_alone(path, self.lines, &self.offsets, ranges)
    }

    /// Where line `line` (0-based) starts in bytes; the file's length past its last line.
    pub(super) fn offset(&self, line: usize) -> usize {
        self.offsets[line.min(self.lines.len())]
    }
}

/// The lines of `lines` (0-based) in `ranges` (each from its first line to before its last,
/// in the file's order), parsed as one text. Positions and offsets are the file's
/// (`file_offsets`: where each line starts).
fn parse_alone(
    path: &Path,
    lines: &[&str],
    file_offsets: &[usize],
    ranges: &[(usize, usize)],
) -> Option<Feature> {
    let mut text = String::new();
    let mut piece_lines = 0;
    // Each range's first line in the piece (1-based, as Gherkin counts) and byte offset there.
    let mut segments: Vec<Segment> = Vec::with_capacity(ranges.len());
    for &(from, to) in ranges {
        let to = to.min(lines.len());
        if from >= to {
            continue;
        }
        segments.push(Segment {
            piece_line: piece_lines + 1,
            piece_offset: text.len(),
            file_line: from + 1,
            file_offset: file_offsets[from],
            lines: to - from,
        });
        for line in &lines[from..to] {
            text.push_str(line);
            text.push('\n');
        }
        piece_lines += to - from;
    }
    let mut feature = Feature::parse(&text, gherkin::GherkinEnv::default()).ok()?;
    feature.path = Some(path.to_path_buf());
    put_back(&mut feature, &segments);
    Some(feature)
}

/// A range of the file's lines as it stands in the piece.
struct Segment {
    piece_line: usize,
    piece_offset: usize,
    file_line: usize,
    file_offset: usize,
    lines: usize,
}

impl Segment {
    fn line(&self, piece_line: usize) -> Option<usize> {
        (self.piece_line..self.piece_line + self.lines)
            .contains(&piece_line)
            .then(|| self.file_line + (piece_line - self.piece_line))
    }
}

/// Every position and offset of `feature`, read from the piece, put where the file has it.
fn put_back(feature: &mut Feature, segments: &[Segment]) {
    let line = |piece_line: usize| {
        segments
            .iter()
            .find_map(|s| s.line(piece_line))
            .unwrap_or(piece_line)
    };
    let offset = |piece_offset: usize| {
        segments
            .iter()
            .rev()
            .find(|s| s.piece_offset <= piece_offset)
            .map_or(piece_offset, |s| {
                s.file_offset + (piece_offset - s.piece_offset)
            })
    };
    each_place(
        feature,
        &mut |position| position.line = line(position.line),
        &mut |span| {
            span.start = offset(span.start);
            span.end = offset(span.end);
        },
    );
}

/// Calls `at` on every position of `feature`, and `span` on every span.
pub(super) fn each_place(feature: &mut Feature, at: At, span: OnSpan) {
    at(&mut feature.position);
    span(&mut feature.span);
    if let Some(b) = &mut feature.background {
        background(b, at, span);
    }
    feature
        .scenarios
        .iter_mut()
        .for_each(|s| scenario(s, at, span));
    for rule in &mut feature.rules {
        at(&mut rule.position);
        span(&mut rule.span);
        if let Some(b) = &mut rule.background {
            background(b, at, span);
        }
        rule.scenarios
            .iter_mut()
            .for_each(|s| scenario(s, at, span));
    }
}

type At<'a> = &'a mut dyn FnMut(&mut LineCol);
type OnSpan<'a> = &'a mut dyn FnMut(&mut Span);

fn step(s: &mut Step, at: At, span: OnSpan) {
    at(&mut s.position);
    span(&mut s.span);
    if let Some(t) = &mut s.table {
        at(&mut t.position);
        span(&mut t.span);
    }
}

fn background(b: &mut Background, at: At, span: OnSpan) {
    at(&mut b.position);
    span(&mut b.span);
    b.steps.iter_mut().for_each(|s| step(s, at, span));
}

fn scenario(s: &mut Scenario, at: At, span: OnSpan) {
    at(&mut s.position);
    span(&mut s.span);
    s.steps.iter_mut().for_each(|s| step(s, at, span));
    for e in &mut s.examples {
        at(&mut e.position);
        span(&mut e.span);
        if let Some(t) = &mut e.table {
            at(&mut t.position);
            span(&mut t.span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A piece parsed on its own lines gives the positions and offsets the whole file's parse
    /// gives, the rule's and the block's.
    #[test]
    fn a_piece_parsed_alone_has_the_file_s_positions() {
        let text = "Feature: f\n  Intro.\n\n  Scenario: one\n    Given no events\n\n  Rule: r\n    Background:\n      Given no events\n\n    Scenario Outline: two\n      When <n> minutes pass\n        | a |\n        | b |\n      Then no events are recorded\n      Examples:\n        | n |\n        | 1 |\n";
        let lines: Vec<&str> = text.lines().collect();
        let ranges = [(0, 3), (6, 10), (10, lines.len())];
        let expected = Feature::parse(text, gherkin::GherkinEnv::default()).unwrap();
        let piece = Pieces::of(&lines)
            .parse(Path::new("f.feature"), &ranges, || unreachable!())
            .unwrap();
        assert_eq!(piece.scenarios.len(), 0);
        let positions = |f: &Feature| {
            let rule = &f.rules[0];
            let s = &rule.scenarios[0];
            (
                f.position,
                rule.position,
                rule.background.as_ref().map(|b| (b.position, b.span.start)),
                s.position,
                s.span,
                s.steps
                    .iter()
                    .map(|st| (st.position, st.span, st.table.as_ref().map(|t| t.position)))
                    .collect::<Vec<_>>(),
                s.examples
                    .iter()
                    .map(|e| (e.position, e.table.as_ref().map(|t| (t.position, t.span))))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            format!("{:?}", positions(&piece)),
            format!("{:?}", positions(&expected))
        );
    }
}
