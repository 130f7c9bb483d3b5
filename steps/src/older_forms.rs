//! What an author who writes an event's older stored form where its current form is read (or
//! the reverse) is told: the name or field each version had, from the upcasters' declarations
//! as the catalog carries them, so that no domain's names are known here.

use domain::kernel::{Catalog, CatalogEntry, MessageKind};

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
