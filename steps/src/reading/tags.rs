//! Tags Gherkin reads otherwise than their author meant: written with commas between them
//! (`@smoke, @wip`, as other tools list them), which makes `@smoke,` a tag that `--tags @smoke`
//! does not choose; and a misspelling of a tag the runner itself reads (`@no-implict-checks`),
//! which leaves the scenario checked as if it had none; a tag written at the end of a block's
//! line (`Scenario: first @wip`), which Gherkin reads as part of its name. Each is told at its
//! line.

use std::path::Path;

use super::fences::{fenced, Fenced};
use super::left_out::Owner;
use super::typos::Typo;
use crate::dialect::Dialect;

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
            let near = READ_BY_THE_RUNNER.iter().find(|known| {
                name != **known && strsim::levenshtein(&name.to_lowercase(), known) <= 2
            });
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
