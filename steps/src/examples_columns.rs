//! Examples columns no run of their Scenario Outline reads: named twice (the second's values
//! were dropped), named by nothing (an empty header cell), or named by no `<placeholder>` of
//! the outline (an `expected` column the author took for checked). Gherkin expands the outline
//! without a word of any of them, and the runs pass without the values.

use cucumber::gherkin::{Examples, Scenario};

/// The names an Outline writes as `<name>`: in its title, its steps, their tables and doc
/// strings.
pub(crate) fn placeholders(scenario: &Scenario) -> Vec<String> {
    let mut texts: Vec<&str> = vec![scenario.name.as_str()];
    for step in &scenario.steps {
        texts.push(&step.value);
        texts.extend(step.docstring.as_deref());
        for row in step.table.iter().flat_map(|t| t.rows.iter()) {
            texts.extend(row.iter().map(String::as_str));
        }
    }
    let mut names = Vec::new();
    for text in texts {
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let after = &rest[open + 1..];
            match after.find(['<', '>']) {
                Some(close) if after.as_bytes()[close] == b'>' && close > 0 => {
                    let name = after[..close].to_string();
                    if !names.contains(&name) {
                        names.push(name);
                    }
                    rest = &after[close + 1..];
                }
                Some(close) => rest = &after[close..],
                None => break,
            }
        }
    }
    names
}

/// What is wrong with `examples`' columns, each as `(line, column, what)` at its header cell in
/// the file's `lines`, for the outline `scenario`, whose placeholders are `names`: empty when
/// every column is read. `any` is the DSL's wildcard column, read by the runner itself.
pub(crate) fn unread_columns(
    scenario: &Scenario,
    names: &[String],
    examples: &Examples,
    lines: &[String],
) -> Vec<(usize, usize, String)> {
    let Some(header) = examples.table.as_ref().and_then(|t| t.rows.first()) else {
        return Vec::new();
    };
    let at = format!(
        "the {} at line {}",
        examples.keyword.trim(),
        examples.position.line
    );
    let mut unread = Vec::new();
    for (k, cell) in header.iter().enumerate() {
        let name = cell.trim();
        let what = if name.is_empty() {
            format!(
                "column {} of {at} has no name, so no step reads its values",
                k + 1
            )
        } else if header[..k].iter().any(|c| c.trim() == name) {
            format!("`{name}` names two columns of {at}: the second's values are never read")
        } else if !names.iter().any(|n| n == name) && name != "any" {
            let written = match names.is_empty() {
                true => "it writes none".to_string(),
                false => format!(
                    "its placeholders: {}",
                    names
                        .iter()
                        .map(|n| format!("`<{n}>`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            format!(
                "no step of `{}` reads the column `{name}` of {at} ({written}), so its values \
                 are never checked: write `<{name}>` where it is meant, or leave the column out",
                scenario.name
            )
        } else {
            continue;
        };
        unread.push((k, name.is_empty(), what));
    }
    if unread.is_empty() {
        return Vec::new();
    }
    // Placed on the header's line, looked up only for a block with a column unread.
    let line = examples
        .table
        .as_ref()
        .map_or(examples.position.line, |t| t.position.line);
    let written = lines.get(line.saturating_sub(1)).map_or("", String::as_str);
    // Where the header's cell `k` starts on its line (1-based): its text, or its first space
    // when it has none.
    let column_of = |k: usize, empty: bool| {
        let mut bars = written.char_indices().filter(|(_, c)| *c == '|');
        let start = bars.nth(k).map_or(0, |(b, _)| b + 1);
        let spaces = match empty {
            true => 0,
            false => written[start..].chars().take_while(|c| *c == ' ').count(),
        };
        written[..start].chars().count() + spaces + 1
    };
    unread
        .into_iter()
        .map(|(k, empty, what)| (line, column_of(k, empty), what))
        .collect()
}
