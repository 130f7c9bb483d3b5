//! `gwt catalog`: a bounded context's messages and read models as a readable table or as JSON.

use std::collections::BTreeMap;

use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use domain::kernel::{Catalog, CatalogEntry, FieldSpec, FieldType, MessageKind};

/// How the catalog is written out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogFormat {
    Table,
    Json,
}

/// A domain's catalog written out.
pub fn render(catalog: &Catalog, format: CatalogFormat) -> String {
    match format {
        CatalogFormat::Json => {
            // The catalog is plain data with string keys; serializing it cannot fail.
            let mut json = serde_json::to_value(catalog).expect("the catalog serializes");
            // The value types the fields name, as the table's last part gives them: without
            // them `PersonalInfo` or `SeatQuantities` stood undefined in the JSON.
            // Each rule's mentions told apart, added beside `mentions` (kept for scripts that
            // read it): an author took the words of `RemoveSeats, never added` for a rejection's.
            if let Some(rules) = json.get_mut("rules").and_then(|r| r.as_array_mut()) {
                for (rule, value) in catalog.rules.iter().zip(rules) {
                    let needs = rule.needs(catalog);
                    if let Some(value) = value.as_object_mut() {
                        value.insert("messages".into(), needs.messages.into());
                        value.insert("words".into(), needs.words.into());
                    }
                }
            }
            if let Some(fields) = json.as_object_mut() {
                let values: serde_json::Map<String, serde_json::Value> = value_types(catalog)
                    .into_iter()
                    .map(|(name, held)| (name.to_string(), held.into()))
                    .collect();
                fields.insert("value_types".into(), values.into());
            }
            serde_json::to_string_pretty(&json).expect("JSON serializes") + "\n"
        }
        CatalogFormat::Table => render_table(catalog),
    }
}

fn render_table(catalog: &Catalog) -> String {
    let mut out = String::new();
    for (title, kind) in [
        ("Commands", MessageKind::Command),
        ("Events", MessageKind::Event),
    ] {
        let mut table = new_table();
        let owner = match kind {
            MessageKind::Command => "handled by",
            MessageKind::Event => "recorded by",
        };
        let mut header = vec!["message", "fields", owner];
        if kind == MessageKind::Event {
            header.extend(["stored versions", "subscribers"]);
        }
        table.set_header(header);
        for m in catalog.messages.iter().filter(|m| m.kind == kind) {
            let mut row = vec![
                m.name.to_string(),
                fields(&m.fields),
                m.handled_by.unwrap_or("(nobody)").to_string(),
            ];
            if kind == MessageKind::Event {
                row.push(versions(m));
                row.push(m.subscribers.join("\n"));
            }
            table.add_row(row);
        }
        out.push_str(&format!("{title} of `{}`\n{table}\n\n", catalog.domain));
    }
    let mut table = new_table();
    table.set_header(vec!["aggregate", "records", "judges its events"]);
    for a in &catalog.aggregates {
        let judges = match a.judges_events {
            true => "yes (COULD_RECORD)",
            // What that costs, where a reader looks.
            false => "no: verify-migration admits any of its events",
        };
        // An event a decision records only with another names it.
        let events: Vec<String> = (a.events.iter())
            .map(
                |&event| match a.recorded_with.iter().find(|r| r.first == event) {
                    Some(r) => format!("{event} (then {})", r.then),
                    None => event.to_string(),
                },
            )
            .collect();
        table.add_row(vec![
            a.name.to_string(),
            events.join("\n"),
            judges.to_string(),
        ]);
    }
    out.push_str(&format!("Aggregates of `{}`\n{table}\n\n", catalog.domain));
    if !catalog.process_managers.is_empty() {
        let mut table = new_table();
        table.set_header(vec![
            "process manager",
            "takes in",
            "its own commands (timeouts)",
        ]);
        for p in &catalog.process_managers {
            table.add_row(vec![
                p.name.to_string(),
                p.subscribes.join("\n"),
                p.handles.join("\n"),
            ]);
        }
        out.push_str(&format!(
            "Process managers of `{}`\n{table}\n\n",
            catalog.domain
        ));
    }
    let mut table = new_table();
    table.set_header(vec!["read model [key]", "fields", "folds"]);
    for r in &catalog.read_models {
        table.add_row(vec![
            format!("{} [{}]", r.name, r.key),
            fields_with_positions(&r.fields, &r.positions),
            r.subscribes.join("\n"),
        ]);
    }
    out.push_str(&format!("Read models of `{}`\n{table}\n", catalog.domain));
    if !catalog.rules.is_empty() {
        let mut table = new_table();
        table.set_header(vec![
            "rule",
            "a scenario specifying it names these messages and says these \"words\"",
        ]);
        for rule in &catalog.rules {
            table.add_row(vec![rule.name.to_string(), rule.needs(catalog).to_string()]);
        }
        out.push_str(&format!(
            "\nRules of `{}` (`gwt coverage` lists those no scenario specifies yet)\n{table}\n{}\n",
            catalog.domain,
            domain::kernel::WHERE_RULE_WORDS_COUNT
        ));
    }
    let values = value_types(catalog);
    if !values.is_empty() {
        let mut table = new_table();
        table.set_header(vec!["value type", "fields"]);
        for (name, held) in values {
            table.add_row(vec![name.to_string(), held]);
        }
        out.push_str(&format!(
            "\nValue types of `{}` (what the tables above name)\n{table}\n",
            catalog.domain
        ));
    }
    out
}

/// Every record or literal type that stands in a field of a message or read model, at any
/// depth, once, by name, with what it holds: the tables name them, this says what they are.
fn value_types(catalog: &Catalog) -> BTreeMap<&'static str, String> {
    fn gather(ty: &FieldType, out: &mut BTreeMap<&'static str, String>) {
        match ty {
            FieldType::List(inner) | FieldType::Optional(inner) => gather(inner, out),
            FieldType::Record { name, fields: held } if !out.contains_key(name) => {
                out.insert(name, fields(held));
                for f in held {
                    gather(&f.ty, out);
                }
            }
            FieldType::Literal {
                name,
                example,
                inner,
                ..
            } if !out.contains_key(name) => {
                out.insert(
                    name,
                    format!(
                        "written in a cell as `{example}`\nin JSON: {}",
                        inner.describe()
                    ),
                );
                gather(inner, out);
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    let all = catalog.messages.iter().flat_map(|m| &m.fields);
    for f in all.chain(catalog.read_models.iter().flat_map(|r| &r.fields)) {
        gather(&f.ty, &mut out);
    }
    out
}

fn new_table() -> Table {
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        // Wrapped to the terminal's width when there is one; a pipe gets whole lines.
        .set_content_arrangement(ContentArrangement::Dynamic);
    table
}

/// A read model's fields, those that hold a stream position said so: the number is where an
/// event stands in its stream, which moves when a Given before it is left out.
fn fields_with_positions(fields: &[FieldSpec], positions: &[&str]) -> String {
    fields
        .iter()
        .map(|f| match positions.contains(&f.name) {
            true => format!("{}: {}, a stream position", f.name, f.ty.describe()),
            false => format!("{}: {}", f.name, f.ty.describe()),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn fields(fields: &[FieldSpec]) -> String {
    fields_with_positions(fields, &[])
}

fn versions(m: &CatalogEntry) -> String {
    m.stored_versions
        .iter()
        .map(|v| {
            let named = if v.event_type == m.name {
                format!("v{}", v.version)
            } else {
                format!("v{} as {}", v.version, v.event_type)
            };
            // Where an older field's value went, and which current fields the older form has no
            // column for: what an author giving it under `Given the events in version N` writes.
            let mut notes: Vec<String> = v
                .replaced_fields
                .iter()
                .map(|(old, new)| format!("{old}, now {new}"))
                .collect();
            match &v.lacks_fields {
                Some(lacks) if lacks.is_empty() => {}
                Some(lacks) => notes.push(format!("without {}", lacks.join(", "))),
                None => notes.push("without: unknown".to_string()),
            }
            match notes.is_empty() {
                true => named,
                false => format!("{named} ({})", notes.join("; ")),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}
