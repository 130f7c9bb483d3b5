//! What two states of an aggregate that serialize alike differ in, told from `Debug`: a snapshot
//! that leaves a field out of its stored form restores a state that serde writes as the
//! replay's, and a failure that showed only the written forms showed two identical values.

/// The fields of two `{:#?}` renderings of a state that differ, each pair as `snapshot` against
/// `replay` (at most three, then how many more); the whole renderings for a state that is no
/// record of named fields.
pub(crate) fn debug_differences(from_snapshot: &str, replayed: &str) -> String {
    let (a, b) = (debug_fields(from_snapshot), debug_fields(replayed));
    let pairs: Vec<String> = match a.len() == b.len() && !a.is_empty() {
        true => a
            .iter()
            .zip(&b)
            .filter(|(x, y)| x != y)
            .map(|(x, y)| format!("`{x}` from the snapshot against `{y}` replayed"))
            .collect(),
        false => vec![format!(
            "`{}` from the snapshot against `{}` replayed",
            one_line(from_snapshot),
            one_line(replayed)
        )],
    };
    match pairs.len() {
        0..=3 => pairs.join("; "),
        n => format!("{}; and {} more fields", pairs[..3].join("; "), n - 3),
    }
}

/// Each top-level field of a `{:#?}` rendering of a record, on one line (`access_code:
/// Some("SAXSH9")`): a field begins at the first indent with its name and a colon, and its
/// value's deeper lines follow it.
fn debug_fields(pretty: &str) -> Vec<String> {
    let mut fields: Vec<String> = Vec::new();
    // The record's own first and last lines (`OrderState {`, `}`) stand at no indent.
    for line in pretty.lines().filter(|line| line.starts_with(' ')) {
        let starts_field = line.strip_prefix("    ").is_some_and(|rest| {
            !rest.starts_with(' ')
                && rest
                    .split_once(": ")
                    .is_some_and(|(name, _)| name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        });
        match fields.last_mut() {
            _ if starts_field => fields.push(line.trim().to_string()),
            Some(field) => field.push_str(line.trim()),
            None => {}
        }
    }
    fields.iter().map(|f| one_line(f)).collect()
}

/// A rendering's lines joined, without the commas `{:#?}` leaves before a closing bracket.
fn one_line(pretty: &str) -> String {
    let joined: String = pretty.lines().map(str::trim).collect::<Vec<_>>().join("");
    joined
        .replace(",)", ")")
        .replace(",]", "]")
        .replace(",}", "}")
        .trim_end_matches(',')
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::debug_differences;

    #[derive(Clone, Debug)]
    #[allow(dead_code)]
    struct OrderState {
        status: &'static str,
        access_code: Option<&'static str>,
        seats: Vec<u32>,
    }

    /// A snapshot that leaves a field out writes the two states alike: the difference is told
    /// from every field, as `Debug` writes them.
    #[test]
    fn states_written_alike_are_told_apart_by_the_fields_that_differ() {
        let render = |s: &OrderState| format!("{s:#?}");
        let replayed = OrderState {
            status: "Expired",
            access_code: Some("SAXSH9"),
            seats: vec![1, 2],
        };
        let from_snapshot = OrderState {
            access_code: None,
            ..replayed.clone()
        };
        assert_eq!(
            debug_differences(&render(&from_snapshot), &render(&replayed)),
            "`access_code: None` from the snapshot against `access_code: Some(\"SAXSH9\")` \
             replayed"
        );
        let shorter = OrderState {
            seats: vec![1],
            ..from_snapshot.clone()
        };
        assert_eq!(
            debug_differences(&render(&shorter), &render(&replayed)),
            "`access_code: None` from the snapshot against `access_code: Some(\"SAXSH9\")` \
             replayed; `seats: [1]` from the snapshot against `seats: [1,2]` replayed"
        );
        // A state that is no record is shown whole.
        assert_eq!(
            debug_differences(&format!("{:#?}", Some(1)), &format!("{:#?}", None::<u8>)),
            "`Some(1)` from the snapshot against `None` replayed"
        );
    }
}
