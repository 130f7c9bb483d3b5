//! What an author who writes an event's older stored form where its current form is read (or
//! the reverse) is told: the name or field each version had, from the upcasters' declarations
//! as the catalog carries them, so that no domain's names are known here.

use domain::kernel::{Catalog, CatalogEntry, MessageKind, StoredVersion};
use serde_json::Value;

/// For `name`, an older name of a current event (`OrderPaymentConfirmed`): which version it
/// names and how the current form is written.
pub(crate) fn older_name(catalog: &Catalog, name: &str) -> Option<String> {
    catalog
        .messages
        .iter()
        .filter(|m| m.kind == MessageKind::Event)
        .find_map(|m| {
            let (version, _) = m.older_names().find(|(_, older)| *older == name)?;
            Some(format!(
                "`{name}` is the version-{version} name of `{current}`: write `{current}` here \
                 (a Given gives the version-{version} form under `Given the events in version \
                 {version}:`)",
                current = m.name
            ))
        })
}

/// `mistake`, said of the column or key `label` of `entry`'s message, with where an older
/// form's field went when the current form has no field of that name but an older one had
/// (`price_cents`, now `price`).
pub(crate) fn with_replaced_field(entry: &CatalogEntry, label: &str, mistake: String) -> String {
    let head = label.split('.').next().unwrap_or(label);
    if entry.fields.iter().any(|f| f.name == head) {
        return mistake;
    }
    match entry.replaced_field(head) {
        Some((version, now)) => format!(
            "{mistake}: version {version} stored `{head}`, and the current form has `{now}` \
             instead (a Given gives the version-{version} form under `Given the events in \
             version {version}:`)"
        ),
        None => mistake,
    }
}

/// For an event asked for in a version whose form has another name (`OrderConfirmed` in
/// version 1), that name.
pub(crate) fn name_in_version(entry: &CatalogEntry, version: u32) -> Option<String> {
    let (_, older) = entry.older_names().find(|(v, _)| *v == version)?;
    Some(format!(
        "; its version-{version} form is named `{older}`: write `{older}` under `Given the events \
         in version {version}:`"
    ))
}

/// For a Given of `name` in `version` that writes fields under their current names where that
/// form had others (`title` where version 1 stored `subject`), those fields, with the name
/// each had then: the upcaster of the older form meets the field missing, in its own words.
/// A field whose older name the upcaster's words `said` already give is left to them.
pub(crate) fn current_fields_in_older_form<'a>(
    catalog: &Catalog,
    name: &str,
    version: u32,
    written: impl IntoIterator<Item = &'a str>,
    said: &str,
) -> Option<String> {
    let (entry, _) = stored_form(catalog, name, version)?;
    let told: Vec<String> = written
        .into_iter()
        .filter_map(|field| {
            let then = name_in_form(entry, field, version)?;
            if said.contains(&format!("`{then}`")) {
                return None;
            }
            Some(format!(
                "`{field}` is the current form's name: version {version} stored it as `{then}`"
            ))
        })
        .collect();
    match told.is_empty() {
        true => None,
        false => Some(format!("; {}", told.join("; "))),
    }
}

/// The event whose stored form `name` in `version` is, with that form, as the catalog lists it.
fn stored_form<'c>(
    catalog: &'c Catalog,
    name: &str,
    version: u32,
) -> Option<(&'c CatalogEntry, &'c StoredVersion)> {
    catalog
        .messages
        .iter()
        .filter(|m| m.kind == MessageKind::Event)
        .find_map(|m| {
            let form = m
                .stored_versions
                .iter()
                .find(|v| v.event_type == name && v.version == version)?;
            Some((m, form))
        })
}

/// For a Given of `name` in `version` that writes fields of the current form that this older
/// form lacks (`is_free_of_charge` in version 1 of `OrderTotalsCalculated`), as the catalog
/// learned it: what to tell the author, unless the upcaster's words `said` name them already. An
/// upcaster that fills such a field in overwrote the author's value unseen; one that keeps it
/// read a form no stored event has.
pub(crate) fn fields_the_form_lacks<'a>(
    catalog: &Catalog,
    name: &str,
    version: u32,
    written: impl IntoIterator<Item = &'a str>,
    said: &str,
) -> Option<String> {
    let lacks = stored_form(catalog, name, version)?
        .1
        .lacks_fields
        .as_ref()?;
    let told: Vec<String> = written
        .into_iter()
        .filter(|field| lacks.iter().any(|l| l == field) && !said.contains(&format!("`{field}`")))
        .map(|field| format!("`{field}`"))
        .collect();
    let (fields, came, them) = match told.len() {
        0 => return None,
        1 => (
            told[0].clone(),
            "that field came with a later version",
            "it",
        ),
        _ => (
            told.join(" or "),
            "those fields came with later versions",
            "them",
        ),
    };
    Some(format!(
        "`{name}` version {version} has no {fields}: {came} (`gwt catalog` lists `v{version} \
         (without {})`); leave {them} out under `Given the events in version {version}:`, or \
         give the event in its current form under `Given the events:`",
        lacks.join(", ")
    ))
}

/// Every field `payload` writes, by its path as the catalog names a lacked field: a record's
/// fields after the field holding it (`attendee.email`), those of the records in a list through
/// the list's field, without an index (`seats.attendee_email`), each path once.
pub(crate) fn written_paths(payload: &Value) -> Vec<String> {
    fn walk(value: &Value, parent: &str, paths: &mut Vec<String>) {
        match value {
            Value::Object(fields) => {
                for (key, value) in fields {
                    let path = match parent.is_empty() {
                        true => key.clone(),
                        false => format!("{parent}.{key}"),
                    };
                    if !paths.contains(&path) {
                        paths.push(path.clone());
                    }
                    walk(value, &path, paths);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, parent, paths)),
            _ => {}
        }
    }
    let mut paths = Vec::new();
    if let Value::Object(_) = payload {
        walk(payload, "", &mut paths);
    }
    paths
}

/// The name a field of the current form had in the form of `version`, when it had another,
/// following each replacement back from the current form.
fn name_in_form(entry: &CatalogEntry, field: &str, version: u32) -> Option<&'static str> {
    let mut name: Option<&'static str> = None;
    let mut now = field;
    for v in entry
        .stored_versions
        .iter()
        .rev()
        .filter(|v| v.version >= version)
    {
        if let Some((old, _)) = v.replaced_fields.iter().find(|(_, by)| *by == now) {
            name = Some(old);
            now = old;
        }
    }
    name.filter(|then| *then != field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::kernel::StoredVersion;

    fn catalog() -> Catalog {
        let version = |version, replaced_fields| StoredVersion {
            event_type: "TicketOpened",
            version,
            replaced_fields,
            lacks_fields: Some(Vec::new()),
        };
        Catalog {
            domain: "helpdesk",
            messages: vec![CatalogEntry {
                name: "TicketOpened",
                kind: MessageKind::Event,
                fields: Vec::new(),
                stored_versions: vec![
                    version(1, vec![("subject", "heading")]),
                    version(2, vec![("heading", "title")]),
                    version(3, Vec::new()),
                ],
                handled_by: None,
                subscribers: Vec::new(),
            }],
            aggregates: Vec::new(),
            process_managers: Vec::new(),
            read_models: Vec::new(),
            rules: Vec::new(),
        }
    }

    #[test]
    fn a_current_field_in_an_older_form_is_told_with_its_name_then() {
        let told = |version, said| {
            current_fields_in_older_form(
                &catalog(),
                "TicketOpened",
                version,
                ["title", "ticket_id"],
                said,
            )
        };
        assert_eq!(
            told(1, "missing field `subject`, as the upcaster says it").as_deref(),
            None,
            "the upcaster named it"
        );
        assert_eq!(
            told(1, "version 1 has no `title`").as_deref(),
            Some("; `title` is the current form's name: version 1 stored it as `subject`")
        );
        assert_eq!(
            told(2, "").as_deref(),
            Some("; `title` is the current form's name: version 2 stored it as `heading`")
        );
        assert_eq!(told(3, ""), None, "the current form");
    }

    #[test]
    fn a_given_writing_a_field_inside_a_record_its_form_lacks_is_refused_by_its_path() {
        let mut catalog = catalog();
        catalog.messages[0].stored_versions[0].lacks_fields =
            Some(vec!["agent.phone".into(), "watchers.email".into()]);
        let payload = serde_json::json!({
            "ticket_id": "T1",
            "agent": {"full_name": "Ada", "phone": "555"},
            "watchers": [{"name": "Bo"}, {"name": "Cy", "email": "cy@example.com"}],
        });
        let written = written_paths(&payload);
        assert_eq!(
            written,
            [
                "agent",
                "agent.full_name",
                "agent.phone",
                "ticket_id",
                "watchers",
                "watchers.name",
                "watchers.email"
            ]
        );
        let told = |said| {
            fields_the_form_lacks(
                &catalog,
                "TicketOpened",
                1,
                written.iter().map(String::as_str),
                said,
            )
        };
        assert_eq!(
            told("").as_deref(),
            Some(
                "`TicketOpened` version 1 has no `agent.phone` or `watchers.email`: those fields \
                 came with later versions (`gwt catalog` lists `v1 (without agent.phone, \
                 watchers.email)`); leave them out under `Given the events in version 1:`, or \
                 give the event in its current form under `Given the events:`"
            )
        );
        let without_email = serde_json::json!({"agent": {"phone": "555"}, "watchers": []});
        assert!(
            fields_the_form_lacks(
                &catalog,
                "TicketOpened",
                1,
                written_paths(&without_email).iter().map(String::as_str),
                "",
            )
            .is_some_and(|told| told.contains("has no `agent.phone`:")),
            "a field of a record is found without its list's"
        );
        assert_eq!(told("missing `agent.phone` and `watchers.email`"), None);
    }
}
