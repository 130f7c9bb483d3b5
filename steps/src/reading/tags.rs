//! Tags Gherkin reads otherwise than their author meant: written with commas between them
//! (`@smoke, @wip`, as other tools list them), which makes `@smoke,` a tag that `--tags @smoke`
//! does not choose; and a misspelling of a tag the runner itself reads (`@no-implict-checks`),
//! which leaves the scenario checked as if it had none; a tag written at the end of a block's
//! line (`Scenario: first @wip`), which Gherkin reads as part of its name; tags before a
//! block's keyword on its line (`@wip Scenario: first`), which Gherkin reads as a description
//! line before a file's first block. Each is told at its line.

use std::path::Path;

use super::fences::{fenced, Fenced};
use super::left_out::Owner;
use super::typos::Typo;
use crate::dialect::{Block, Dialect};

/// Tags authors commonly write (work in progress, slow or manual runs, skipped ones).
const COMMON: [&str; 12] = [
    "@wip",
    "@slow",
    "@smoke",
    "@skip",
    "@ignore",
    "@focus",
    "@manual",
    "@pending",
    "@todo",
    "@flaky",
    "@fast",
    "@no-implicit-checks",
];

/// The tags the runner reads (DSL.md).
const READ_BY_THE_RUNNER: [&str; 1] = ["no-implicit-checks"];

/// What is told of the tag lines of `text`.
pub(super) fn tag_slips(d: &Dialect, path: &Path, text: &str) -> Vec<Typo> {
    if !text.contains('@') {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut told = Vec::new();
    // The tags the file's tag lines write, and those authors commonly write: a name ending in
    // one of them meant a tag; one ending in another `@word` may mean someone (`@ann`).
    let mut tagged: Vec<&str> = COMMON.to_vec();
    for (_, line, what) in fenced(&lines, 0, lines.len()) {
        let t = line.trim();
        if what == Fenced::Outside && t.starts_with('@') {
            tagged.extend(
                t.split_whitespace()
                    .take_while(|w| !w.starts_with('#'))
                    .filter(|w| w.len() > 1 && w.starts_with('@')),
            );
        }
    }
    for (i, line, what) in fenced(&lines, 0, lines.len()) {
        let t = line.trim();
        if what != Fenced::Outside {
            continue;
        }
        if let Some(typo) = tags_in_a_name(d, path, i, line, &tagged) {
            told.push(typo);
            continue;
        }
        if !t.starts_with('@') {
            continue;
        }
        let tags: Vec<&str> = t
            .split_whitespace()
            .take_while(|w| !w.starts_with('#'))
            .collect();
        let column = |tag: &str| line[..line.find(tag).unwrap_or(0)].chars().count() + 1;
        let at = |tag: &str| format!("{}:{}:{}", path.display(), i + 1, column(tag));
        if let Some(tag) = tags.iter().find(|w| w.len() > 1 && w.ends_with([',', ';'])) {
            let meant = tags
                .iter()
                .map(|w| w.trim_end_matches([',', ';']))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            told.push(Typo::at(
                i,
                format!(
                    "{}: the tag `{tag}` ends with `{}`, which Gherkin keeps as part of its name: \
                     tags are parted by spaces alone (`{t}`)",
                    at(tag),
                    &tag[tag.len() - 1..]
                ),
                format!("; did you mean `{meant}`?"),
                Owner::None,
            ));
            continue;
        }
        for tag in &tags {
            let name = tag.trim_start_matches('@');
            let near = READ_BY_THE_RUNNER
                .iter()
                .find(|known| super::slips::slip_of(name, known));
            if let Some(known) = near {
                told.push(Typo::at(
                    i,
                    format!(
                        "{}: the tag `{tag}` is near `@{known}`, which the runner reads, and is \
                         not it: the scenario runs as if it had no such tag",
                        at(tag)
                    ),
                    format!("; did you mean `@{known}`?"),
                    Owner::None,
                ));
            }
        }
    }
    told
}

/// A block's line whose name ends in tags (`Scenario: first @wip @slow`), each one the file's
/// tag lines write or a common one (`tagged`): Gherkin reads them as words of the name, so
/// `--tags` never chooses the block by them.
fn tags_in_a_name(d: &Dialect, path: &Path, i: usize, line: &str, tagged: &[&str]) -> Option<Typo> {
    let t = line.trim();
    if !t.contains('@') {
        return None;
    }
    d.block_of(t)?;
    let (keyword, name) = t.split_once(':')?;
    let words: Vec<&str> = name.split_whitespace().collect();
    let tags = words
        .iter()
        .rev()
        .take_while(|w| tagged.contains(w))
        .count();
    if tags == 0 {
        return None;
    }
    let tags: Vec<&str> = words[words.len() - tags..].to_vec();
    let kept = words[..words.len() - tags.len()].join(" ");
    let first = tags[0];
    let column = line[..line.rfind(first).unwrap_or(0)].chars().count() + 1;
    Some(Typo::at(
        i,
        format!(
            "{}:{}:{column}: `{}` at the end of `{t}` is read as words of its name, not as tags: \
             a block's tags go on the line above it",
            path.display(),
            i + 1,
            tags.join(" ")
        ),
        format!(
            "; did you mean `{}` over `{keyword}: {kept}`?",
            tags.join(" ")
        ),
        Owner::None,
    ))
}

/// `text` with the tags written before a block's keyword on its line (`@wip Scenario: first`)
/// blanked, so that the block is read as written, or `None` when there are none; each such line
/// told, and the block it opens taken out of the run (its tags are lost). Gherkin reads tags on
/// a line of their own; the gherkin crate takes them before a block's keyword too, but not
/// before a file's first block, whose line it reads as the feature's description (and the
/// steps under it as lost). Tag lines that end the file, tagging nothing, are blanked and told
/// too: Gherkin refused the file at them, and the scenario above them was lost.
pub(super) fn with_tags_apart(d: &Dialect, path: &Path, text: &str) -> (Option<String>, Vec<Typo>) {
    // Most files tag nothing: read no further.
    if !text.contains('@') {
        return (None, Vec::new());
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len());
    let mut told = Vec::new();
    for (i, line, what) in fenced(&lines, 0, lines.len()) {
        let t = line.trim();
        let tags = match what == Fenced::Outside && t.starts_with('@') {
            true => t
                .split_whitespace()
                .take_while(|w| w.len() > 1 && w.starts_with('@'))
                .collect::<Vec<_>>(),
            false => Vec::new(),
        };
        if tags.is_empty() {
            out.push_str(line);
            continue;
        }
        let rest = t
            .split_whitespace()
            .skip(tags.len())
            .collect::<Vec<_>>()
            .join(" ");
        let Some(block) = d.block_of(&rest) else {
            out.push_str(line);
            continue;
        };
        // The tags blanked, the line's length and its keyword's column kept.
        let start = line.len() - line.trim_start().len();
        let keyword = line
            .find(rest.split_whitespace().next().unwrap_or(""))
            .unwrap_or(start);
        out.push_str(&line[..start]);
        out.push_str(&" ".repeat(line[start..keyword].chars().count()));
        out.push_str(&line[keyword..]);
        let tags = tags.join(" ");
        // Before the file's first scenario or rule, the line was read as description text.
        let first = !lines[..i].iter().any(|l| {
            let u = l.trim_start();
            matches!(
                d.block_of(u),
                Some(Block::Scenario | Block::Outline | Block::Rule)
            )
        });
        let read = match first && block != Block::Feature {
            true => {
                " (here, before the file's first scenario, it reads this line as \
                      description text)"
            }
            false => "",
        };
        told.push(Typo::at(
            i,
            format!(
                "{}:{}:{}: `{t}` holds tags and its `{}:` line in one, and Gherkin reads tags on \
                 a line of their own{read}",
                path.display(),
                i + 1,
                start + 1,
                d.word(block)
            ),
            format!("; did you mean `{tags}` on the line above `{rest}`?"),
            Owner::None,
        ));
    }
    // The blocks they open, read from the text as it will be read.
    let read: Vec<&str> = out.lines().collect();
    for typo in &mut told {
        typo.spoils = super::long_rows::owner(d, &read, typo.line);
    }
    // Tag lines that end the file tag nothing: Gherkin refuses the file at them, and the
    // scenario above them with it.
    let written: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            let t = lines[i].trim();
            !t.is_empty() && !t.starts_with('#')
        })
        .collect();
    let trailing: Vec<usize> = written
        .iter()
        .rev()
        .take_while(|&&i| {
            // Tags alone: a line that starts with `@` and holds words is told otherwise.
            let mut words = lines[i]
                .split_whitespace()
                .take_while(|w| !w.starts_with('#'));
            words.all(|w| w.len() > 1 && w.starts_with('@'))
        })
        .copied()
        .collect();
    if !trailing.is_empty() && trailing.len() < written.len() {
        let mut kept = String::with_capacity(out.len());
        for (i, line) in out.split_inclusive('\n').enumerate() {
            match trailing.contains(&i) {
                true => kept.push_str(if line.ends_with('\n') { "\n" } else { "" }),
                false => kept.push_str(line),
            }
        }
        out = kept;
        for &i in trailing.iter().rev() {
            let t = lines[i].trim();
            told.push(Typo::at(
                i,
                format!(
                    "{}:{}:{}: `{t}` tags nothing: a tag goes on the line above a `{}:`, `{}:`, \
                     `{}:` or `{}:` line, and none follows it in the file",
                    path.display(),
                    i + 1,
                    lines[i].len() - lines[i].trim_start().len() + 1,
                    d.word(Block::Feature),
                    d.word(Block::Rule),
                    d.word(Block::Scenario),
                    d.word(Block::Examples),
                ),
                "; remove it, or move it above the block it was meant for",
                Owner::None,
            ));
        }
    }
    match told.is_empty() {
        true => (None, told),
        false => (Some(out), told),
    }
}
