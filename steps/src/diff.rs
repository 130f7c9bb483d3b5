//! Comparing what a Then-step expects with what happened, field by field, and showing both side
//! by side with every mismatch marked.

mod fields;
mod messages;
mod written;

use domain::kernel::FieldSpec;
use serde_json::Value;

use crate::tables::{in_order, ExpectedField};
use fields::check_rows;
use fields::{check_fields, fields_match};
pub use messages::{check_messages, Seen};
use written::render;

/// A line of a side-by-side comparison: three columns, or a note across them.
enum Line {
    Columns(String, String, String),
    Note(String),
}

/// Field checks of a read-model entry as a report, `Ok` when all hold.
pub fn check_entry(
    owner: &str,
    key: &str,
    fields: &[ExpectedField],
    actual: &Value,
) -> Result<(), String> {
    if fields_match(fields, actual) {
        return Ok(());
    }
    let checks = check_fields(fields, actual);
    let mut lines = vec![Line::Columns(
        String::new(),
        "expected".into(),
        "actual".into(),
    )];
    let mut why = Vec::new();
    for c in checks {
        lines.extend(check_rows(c, " ", &mut why, ""));
    }
    Err(format!(
        "the read model {owner} for {key} differs:\n{}{}",
        table(&lines),
        said_under(&why)
    ))
}

/// A read model's entry as its fields, one a line in the catalog's order, each value as a cell
/// would write it.
pub fn entry_fields(fields: &[FieldSpec], entry: &Value) -> String {
    let Value::Object(map) = entry else {
        return format!("  {}\n", render(Some(entry), None));
    };
    let entries = in_order(map, |k| fields.iter().position(|f| f.name == k));
    let width = entries
        .iter()
        .map(|(k, _)| crate::echo::columns_of(k))
        .max()
        .unwrap_or(0);
    entries
        .into_iter()
        .map(|(k, v)| {
            let ty = fields.iter().find(|f| f.name == k).map(|f| &f.ty);
            let pad = " ".repeat(width - crate::echo::columns_of(k));
            let value = render(Some(v), ty);
            format!(
                "  {k}{pad}  {}\n",
                domain::kernel::shortened(&value, crate::echo::MOST_CELL)
            )
        })
        .collect()
}

/// What a side-by-side table cannot show, one line each under it.
fn said_under(why: &[String]) -> String {
    why.iter().map(|w| format!("  {w}\n")).collect()
}

/// The widest a column is padded to: a longer cell stands out past it, rather than pad every
/// other line of its table to its width.
const MOST_WIDTH: usize = 80;

/// Columns padded to the widest of their cells (up to `MOST_WIDTH`); a note stands on its own
/// line, at the indent. A cell longer than an echoed one is cut to its start and end, and where
/// two so cut read alike, the place they first differ is said: a 2 MB name made a report of
/// 10 MB, each of its lines padded to the name's width.
fn table(lines: &[Line]) -> String {
    // Written out before the columns are measured (as the echo does), so that the padding
    // counts what the report shows: `\u{fe0f}` for a character that shows as nothing, `\t`.
    let cut = |cell: &str| {
        let cell = domain::kernel::shortened(cell, crate::echo::MOST_CELL);
        domain::kernel::printable(&cell).into_owned()
    };
    // Each line as shown: columns cut, a note as it is.
    let shown: Vec<Line> = lines
        .iter()
        .map(|l| match l {
            Line::Columns(a, b, c) => {
                let (b_cut, mut c_cut) = (cut(b), cut(c));
                if b_cut == c_cut && b != c {
                    let at = b.chars().zip(c.chars()).take_while(|(x, y)| x == y).count() + 1;
                    c_cut.push_str(&format!(" (differs first at character {at})"));
                }
                Line::Columns(cut(a), b_cut, c_cut)
            }
            Line::Note(note) => Line::Note(note.clone()),
        })
        .collect();
    let width = |cell: &String| crate::echo::columns_of(cell).min(MOST_WIDTH);
    let columns = || {
        shown.iter().filter_map(|l| match l {
            Line::Columns(a, b, _) => Some((a, b)),
            Line::Note(_) => None,
        })
    };
    let w0 = columns().map(|(a, _)| width(a)).max().unwrap_or(0);
    let w1 = columns().map(|(_, b)| width(b)).max().unwrap_or(0);
    let mut out = String::new();
    for line in &shown {
        match line {
            Line::Columns(a, b, c) => {
                let pad0 = w0.saturating_sub(crate::echo::columns_of(a));
                let pad1 = w1.saturating_sub(crate::echo::columns_of(b));
                out.push_str(&format!(
                    "  {a}{}  {b}{} | {c}\n",
                    " ".repeat(pad0),
                    " ".repeat(pad1)
                ));
            }
            Line::Note(note) => out.push_str(&format!("  {note}\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cells::Cell;
    use crate::runtime::SeenCommand;
    use crate::tables::Expectation;
    use domain::kernel::{Catalog, FieldType};
    use serde_json::json;

    /// Text a cell would read as something else, or could not show, is quoted; other text, and
    /// values read by their type, are shown as they are.
    /// A cell longer than an echoed one is cut to its start and end, and pads no other line
    /// to its width; two cut alike say where they first differ.
    /// A cell the report writes out (`❤\u{fe0f}`, a tab) is padded as written out: padded by
    /// what it held, the column after it stood seven places off (the review's F11).
    #[test]
    fn a_cell_written_out_is_padded_as_the_report_shows_it() {
        let said = table(&[
            Line::Columns("a".into(), "❤\u{fe0f}x".into(), "y".into()),
            Line::Columns("b".into(), "1\t2".into(), "z".into()),
            Line::Columns("c".into(), "plain".into(), "w".into()),
        ]);
        let bars: Vec<usize> = said
            .lines()
            .map(|l| unicode_width::UnicodeWidthStr::width(&l[..l.find(" | ").unwrap()]))
            .collect();
        assert!(
            said.contains("❤\\u{fe0f}x") && said.contains("1\\t2"),
            "{said}"
        );
        assert!(bars.iter().all(|b| *b == bars[0]), "{bars:?}\n{said}");
    }

    #[test]
    fn a_long_cell_is_cut_and_pads_nothing_and_says_where_two_alike_differ() {
        let (b, c) = (
            format!("Y{}", "X".repeat(100_000)),
            format!("Z{}", "X".repeat(100_000)),
        );
        let (d, e) = (
            format!("{}A{}", "X".repeat(50_000), "X".repeat(50_000)),
            format!("{}B{}", "X".repeat(50_000), "X".repeat(50_000)),
        );
        let shown = table(&[
            Line::Columns("".into(), "expected".into(), "actual".into()),
            Line::Columns("name".into(), b, c),
            Line::Columns("other".into(), d, e),
        ]);
        assert!(shown.len() < 6_000, "{} bytes", shown.len());
        let first = shown.lines().next().unwrap_or_default();
        assert!(first.len() < 100, "{first}");
        assert!(
            shown.contains("(differs first at character 50001)"),
            "{shown}"
        );
    }

    #[test]
    fn text_that_a_cell_would_misread_or_hide_is_shown_quoted() {
        let text = |s: &str| render(Some(&json!(s)), Some(&FieldType::Text));
        assert_eq!(text("null"), r#""null""#);
        assert_eq!(text("12"), r#""12""#);
        assert_eq!(text("[1]"), r#""[1]""#);
        assert_eq!(text(""), r#""""#);
        assert_eq!(text("WS "), r#""WS ""#);
        assert_eq!(text(" WS"), r#"" WS""#);
        assert_eq!(text("order-1"), "order-1");
        assert_eq!(text("Full pass"), "Full pass");
        assert_eq!(
            render(Some(&json!("25.00")), Some(&FieldType::Decimal)),
            "25.00"
        );
        assert_eq!(render(Some(&Value::Null), Some(&FieldType::Text)), "null");
    }

    fn field(label: &str, expected: Value) -> ExpectedField<'static> {
        ExpectedField {
            column: 0,
            label: label.into(),
            path: vec![label.into()],
            cell: Cell::Value(expected),
            ty: None,
        }
    }

    /// A passing Then asks only whether the fields match, without writing them out: it must
    /// judge every field as the full comparison does, for blanks, wildcards, nulls, missing
    /// fields and values that differ in form only.
    #[test]
    fn whether_fields_match_is_what_their_full_comparison_says() {
        let cases: Vec<(ExpectedField<'static>, Value)> = vec![
            (field("a", json!(1)), json!({"a": 1.0})),
            (field("a", json!(1)), json!({"a": 2})),
            (field("a", json!(null)), json!({})),
            (field("a", json!("x")), json!({})),
            (
                field("a", json!([{"q": 3, "n": "<any>"}])),
                json!({"a": [{"q": 3, "n": null}]}),
            ),
            (
                field("a", json!([{"q": 3, "n": "<any>"}])),
                json!({"a": [{"q": 3, "n": "y"}]}),
            ),
            (
                ExpectedField {
                    cell: Cell::Any,
                    ..field("a", json!(0))
                },
                json!({"a": null}),
            ),
            (
                ExpectedField {
                    cell: Cell::Any,
                    ..field("a", json!(0))
                },
                json!({"a": 5}),
            ),
            (
                ExpectedField {
                    cell: Cell::Blank,
                    ..field("a", json!(0))
                },
                json!({}),
            ),
        ];
        let mut said = Vec::new();
        for (f, actual) in cases {
            let full = check_fields(std::slice::from_ref(&f), &actual)[0].ok;
            assert_eq!(fields_match(&[f], &actual), full, "{actual}");
            said.push(full);
        }
        // Both verdicts are among the cases.
        assert_eq!(
            said,
            [true, false, true, false, false, true, false, true, true]
        );
    }

    #[test]
    fn a_nested_value_that_differs_lists_each_differing_part_by_its_path() {
        let expected =
            json!([{"seat_type": "full", "quantity": 3, "note": "<any>"}, {"seat_type": "vip"}]);
        let actual =
            json!({"lines": [{"seat_type": "full", "quantity": 2, "note": null, "extra": 1}]});
        let [check] = check_fields(&[field("lines", expected)], &actual)
            .try_into()
            .unwrap();
        assert!(!check.ok);
        assert_eq!(
            parts_of(&check),
            [
                ("[0].note", "<any>", "null", true),
                ("[0].quantity", "3", "2", true),
                ("[0].extra", "(not given)", "1", true),
                ("[1]", "{\"seat_type\":\"vip\"}", "(missing)", true),
            ]
        );
        assert_eq!(
            check.why,
            ["lines[0].note: `<any>` needs a value; the field is null (not known) (to expect no \
              value, write `null` in its place)"]
        );
        let same = json!({"lines": [{"seat_type": "full", "quantity": 3.0, "note": "x"}, {"seat_type": "vip"}]});
        let expected =
            json!([{"seat_type": "full", "quantity": 3, "note": "<any>"}, {"seat_type": "vip"}]);
        let [check] = check_fields(&[field("lines", expected)], &same)
            .try_into()
            .unwrap();
        assert!(check.ok && check.parts.is_empty(), "{check:?}");
    }

    /// A check's parts as (path, expected, actual, whether it differs).
    fn parts_of(check: &fields::FieldCheck) -> Vec<(&str, &str, &str, bool)> {
        check
            .parts
            .iter()
            .map(|p| {
                let (e, a) = (p.expected.as_str(), p.actual.as_str());
                (p.path.as_str(), e, a, p.differs)
            })
            .collect()
    }

    /// The record type `Attendee` of three optional text fields.
    fn attendee() -> FieldType {
        let text = |name: &'static str| FieldSpec {
            name,
            type_name: "",
            ty: FieldType::Optional(Box::new(FieldType::Text)),
            required: false,
        };
        FieldType::Record {
            name: "Attendee",
            fields: vec![text("first_name"), text("last_name"), text("email")],
        }
    }

    /// In a record a key left out counts as null: the parts list the one that differs for it
    /// and, unmarked, the one that agrees for it, each worded so; the review's F8 saw only
    /// `attendee.first_name (missing) | Ada`, and could not tell whether `last_name`, left out
    /// against `null`, had been compared.
    #[test]
    fn a_record_lists_each_key_left_out_beside_null_and_says_it_counts_as_null() {
        let ty = attendee();
        let mut want = field("attendee", json!({"email": "ada@example.com"}));
        want.ty = Some(&ty);
        let actual = json!({"attendee": {"first_name": "Ada", "last_name": null, "email": "ada@example.com"}});
        let [check] = check_fields(&[want], &actual).try_into().unwrap();
        assert!(!check.ok);
        assert_eq!(
            parts_of(&check),
            [
                (".first_name", "(not given, counts as null)", "Ada", true),
                (".last_name", "(not given, counts as null)", "null", false),
            ]
        );
        // Written null, and absent from the value: agrees, and says so.
        let mut want = field(
            "attendee",
            json!({"first_name": "Alan", "last_name": null, "email": "ada@example.com"}),
        );
        want.ty = Some(&ty);
        let actual = json!({"attendee": {"first_name": "Ada", "email": "ada@example.com"}});
        let report = check_entry("Seats", "o-1", &[want], &actual).unwrap_err();
        // The rows under the whole field's, their padding aside.
        let rows: Vec<String> = (report.lines().skip(3))
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert_eq!(
            rows,
            [
                "✗ attendee.first_name Alan | Ada",
                "attendee.last_name null | (missing, counts as null)",
            ],
            "{report}"
        );
        assert!(report.contains("\n  ✗   attendee.first_name"), "{report}");
    }

    /// Outside a record (a value of no known type) a key left out is not null: each key one
    /// side lacks is listed as a difference, a null one included, where a failure listed no part
    /// at all for `{"a":1}` against `{"a":1,"b":null}`. Lists likewise, item by item.
    #[test]
    fn outside_a_record_a_key_left_out_beside_null_is_listed_as_a_difference() {
        let parts = |expected: Value, actual: Value| {
            let [check] = check_fields(&[field("v", expected)], &json!({ "v": actual }))
                .try_into()
                .unwrap();
            assert!(!check.ok, "{check:?}");
            parts_of(&check)
                .into_iter()
                .map(|(p, e, a, d)| (p.to_string(), e.to_string(), a.to_string(), d))
                .collect::<Vec<_>>()
        };
        let row = |p: &str, e: &str, a: &str| (p.to_string(), e.to_string(), a.to_string(), true);
        assert_eq!(
            parts(json!({"a": 1}), json!({"a": 1, "b": null})),
            [row(".b", "(not given)", "null")]
        );
        assert_eq!(
            parts(json!({"a": 1, "b": null}), json!({"a": 1})),
            [row(".b", "null", "(missing)")]
        );
        assert_eq!(
            parts(json!([1]), json!([1, null])),
            [row("[1]", "(not given)", "null")]
        );
        assert_eq!(
            parts(json!([1, null]), json!([1])),
            [row("[1]", "null", "(missing)")]
        );
        assert_eq!(
            parts(json!([{"a": 1}]), json!([{"a": 1, "b": null}, {"a": 2}])),
            [
                row("[0].b", "(not given)", "null"),
                row("[1]", "(not given)", "{\"a\":2}"),
            ]
        );
    }

    /// A record of many fields left null lists first the parts that differ: the agreeing ones
    /// fill what room is left, and the rest are counted.
    #[test]
    fn parts_that_differ_are_listed_before_keys_that_agree_as_null() {
        let mut actual = serde_json::Map::new();
        for i in 0..20 {
            actual.insert(format!("k{i:02}"), Value::Null);
        }
        actual.insert("z".into(), json!(1));
        let record = FieldType::Record {
            name: "Wide",
            fields: Vec::new(),
        };
        let mut want = field("w", json!({}));
        want.ty = Some(&record);
        let [check] = check_fields(&[want], &json!({ "w": actual }))
            .try_into()
            .unwrap();
        let parts = parts_of(&check);
        assert_eq!(parts.len(), 13, "{parts:?}");
        assert!(parts.contains(&(".z", "(not given, counts as null)", "1", true)));
        assert_eq!(parts[12].0, "… and 9 more");
    }

    #[test]
    fn a_wildcard_on_a_field_without_a_value_says_why_it_fails() {
        let any = |label: &str| ExpectedField {
            cell: Cell::Any,
            ..field(label, Value::Null)
        };
        let checks = check_fields(
            &[any("description"), any("tagline"), any("name")],
            &json!({"description": null, "name": "Conf"}),
        );
        let why: Vec<&str> = checks
            .iter()
            .flat_map(|c| &c.why)
            .map(String::as_str)
            .collect();
        assert_eq!(
            why,
            [
                "description: `<any>` needs a value; the field is null (not known) (to expect no \
                 value, write `null` in the cell)",
                "tagline: `<any>` needs a value; the field is missing (to expect no value, write \
                 `null` in the cell)",
            ]
        );
        let report = check_entry(
            "Conference",
            "conf-1",
            &[any("description")],
            &json!({"description": null}),
        )
        .unwrap_err();
        assert!(
            report.ends_with(
                "| null\n  description: `<any>` needs a value; the field is null (not known) (to \
                 expect no value, write `null` in the cell)\n"
            ),
            "{report}"
        );
    }

    #[test]
    fn the_parts_of_a_record_are_listed_in_the_catalogs_order_of_its_fields() {
        let spec = |name: &'static str, ty: FieldType| FieldSpec {
            name,
            type_name: "",
            ty,
            required: true,
        };
        let record = FieldType::Record {
            name: "SeatQuantity",
            fields: vec![
                spec("seat_type", FieldType::Text),
                spec(
                    "quantity",
                    FieldType::Integer(domain::kernel::WholeRange::I64),
                ),
                spec("attendee", FieldType::Text),
            ],
        };
        let list = FieldType::List(Box::new(record));
        let mut lines = field("lines", json!([{"quantity": 3, "seat_type": "full"}]));
        lines.ty = Some(&list);
        let actual = json!({"lines": [{"attendee": "ann", "quantity": 2, "seat_type": "vip"}]});
        let [check] = check_fields(&[lines], &actual).try_into().unwrap();
        let paths: Vec<&str> = check.parts.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["[0].seat_type", "[0].quantity", "[0].attendee"]);
        let actual = json!([{"attendee": "ann", "quantity": 2, "seat_type": "vip", "zz": [1]}]);
        assert_eq!(
            render(Some(&actual), Some(&list)),
            r#"[{"seat_type":"vip","quantity":2,"attendee":"ann","zz":[1]}]"#
        );
    }

    /// `n` commands `Ping` numbered 0 to n - 1 as expected, and as sent but for `wrong`, each
    /// sent with the number 99: the report of their comparison.
    fn pings(n: usize, wrong: &[usize]) -> String {
        pings_compared(n, n, wrong)
    }

    /// `expected` commands `Ping` numbered from 0 as expected, `sent` of them as sent, each of
    /// `wrong` sent with the number 99: the report of their comparison.
    fn pings_compared(expected: usize, sent: usize, wrong: &[usize]) -> String {
        let catalog = Catalog {
            domain: "test",
            messages: Vec::new(),
            aggregates: Vec::new(),
            process_managers: Vec::new(),
            read_models: Vec::new(),
            rules: Vec::new(),
        };
        let expected: Vec<Expectation> = (0..expected)
            .map(|i| Expectation {
                row: i + 1,
                name: "Ping",
                fields: vec![field("n", json!(i))],
                delay: None,
            })
            .collect();
        let sent: Vec<SeenCommand> = (0..sent)
            .map(|i| SeenCommand {
                name: "Ping",
                payload: json!({"n": if wrong.contains(&i) { 99 } else { i }}),
                delay: None,
            })
            .collect();
        check_messages("commands", &catalog, &expected, &sent, false).unwrap_err()
    }

    /// The numbers of the messages a report shows, in order.
    fn shown(report: &str) -> Vec<usize> {
        report
            .lines()
            .filter_map(|l| l.trim_start_matches([' ', '✗']).split_once(". "))
            .filter_map(|(n, _)| n.parse().ok())
            .collect()
    }

    /// A long list that differs in a few messages shows those, two on either side of each, and
    /// counts the matching ones left out where they stand; every differing message is shown.
    #[test]
    fn a_long_comparison_shows_what_differs_with_context_and_counts_what_it_leaves_out() {
        let report = pings(30, &[14, 17, 29]);
        assert_eq!(
            shown(&report),
            [13, 14, 15, 16, 17, 18, 19, 20, 28, 29, 30],
            "{report}"
        );
        let notes: Vec<&str> = report.lines().filter(|l| l.contains('…')).collect();
        assert_eq!(
            notes,
            [
                "  … 12 matching commands left out (1. to 12.) …",
                "  … 7 matching commands left out (21. to 27.) …",
            ],
            "{report}"
        );
        // Each note stands where its messages would: the first before 13., the second after 20.
        let at = |needle: &str| report.find(needle).unwrap();
        assert!(at("(1. to 12.)") < at("  13. "), "{report}");
        assert!(at("  20. ") < at("(21. to 27.)") && at("(21. to 27.)") < at("  28. "));
        for n in [15, 18, 30] {
            assert!(report.contains(&format!("✗ {n}.")), "{n} in {report}");
        }
        assert!(
            report
                .lines()
                .any(|l| l.starts_with("  ✗   n  14 ") && l.ends_with("| 99")),
            "{report}"
        );
        // One message left out between two shown is counted as one.
        let report = pings(25, &[3, 9]);
        assert!(
            report.contains("  … 1 matching command left out (7.) …\n"),
            "{report}"
        );
        assert!(
            report.ends_with("  … 13 matching commands left out (13. to 25.) …\n"),
            "{report}"
        );
    }

    /// Up to twenty messages are compared whole, as before.
    #[test]
    fn a_comparison_of_twenty_messages_shows_them_all() {
        let report = pings(20, &[0]);
        assert_eq!(shown(&report), (1..=20).collect::<Vec<_>>(), "{report}");
        assert!(!report.contains('…'), "{report}");
        // A list that is longer because more were sent than expected shortens too.
        let report = pings_compared(24, 25, &[]);
        assert!(
            report.starts_with("expected 24 commands, but 25 were:\n"),
            "{report}"
        );
        assert_eq!(shown(&report), [23, 24, 25], "{report}");
        assert!(report.contains("✗ 25.  (nothing)"), "{report}");
    }
}
