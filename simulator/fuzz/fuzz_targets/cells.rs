//! A table cell read as every field type of both catalogs, and as a step's text: reading, the
//! shape check and the comparisons of Then steps must never panic.
#![no_main]

use std::sync::OnceLock;

use cucumber::gherkin::StepType;
use domain::kernel::{Catalog, FieldType};
use libfuzzer_sys::fuzz_target;
use steps::cells::{check_shape, meets, parse_cell, same_value, Cell, Mode};

/// `ty` and every type it holds.
fn push(ty: &FieldType, out: &mut Vec<FieldType>) {
    out.push(ty.clone());
    match ty {
        FieldType::List(inner) | FieldType::Optional(inner) => push(inner, out),
        FieldType::Literal { inner, .. } => push(inner, out),
        FieldType::Record { fields, .. } => fields.iter().for_each(|f| push(&f.ty, out)),
        _ => {}
    }
}

/// Every field type of both catalogs, once each.
fn types() -> &'static [FieldType] {
    static TYPES: OnceLock<Vec<FieldType>> = OnceLock::new();
    TYPES.get_or_init(|| {
        let mut out = Vec::new();
        for catalog in [
            Catalog::of::<domain::conference::ConferenceContext>(),
            Catalog::of::<domain::store::StoreContext>(),
        ] {
            for m in &catalog.messages {
                m.fields.iter().for_each(|f| push(&f.ty, &mut out));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|t| seen.insert(format!("{t:?}")));
        out
    })
}

fuzz_target!(|data: &[u8]| {
    let [which, mode, text @ ..] = data else {
        return;
    };
    let types = types();
    let ty = &types[*which as usize % types.len()];
    let mode = match mode & 1 {
        0 => Mode::Input,
        _ => Mode::Expect,
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let _ = parse_cell(text, None, mode);
    if let Ok(Cell::Value(v)) = parse_cell(text, Some(ty), mode) {
        let _ = check_shape(&v, ty);
        let _ = same_value(&v, &v, Some(ty));
        let _ = meets(&v, &v, Some(ty));
        if let FieldType::Literal { format, .. } = ty {
            let _ = format(&v);
        }
    }
    for step in [StepType::Given, StepType::When, StepType::Then] {
        let _ = steps::phrases::recognise(step, text);
    }
});
