//! A `stream` cell (or doc-string key) of a Given or published event: the stream an author puts
//! the event in instead of the one the domain routes it to. It is held to what `verify-migration`
//! holds a recorded log to (`System::check_stream`): an event some aggregate records stands in
//! that aggregate's stream, in the instance it names. Anywhere else no aggregate would read it,
//! and the scenario failed far from the cell. An event no aggregate records may stand anywhere.

use std::collections::BTreeSet;

use cucumber::gherkin::Step;
use domain::kernel::{nearest, Catalog, MessageKind, StreamId};

use crate::diagnostics::Located;
use crate::doc_strings::in_doc_message;
use crate::tables::{CellError, DocMistake, InputMessage};
use crate::world::GwtWorld;

/// Refuses a message's named stream where its event may not stand, at the cell that names it.
pub(crate) fn check_named_stream(
    world: &GwtWorld,
    step: &Step,
    catalog: &Catalog,
    message: &InputMessage,
    version: Option<u32>,
) -> Result<(), Located> {
    let (Some(stream), Some(run)) = (&message.stream, world.runs.first()) else {
        return Ok(());
    };
    let Some(why) = run
        .runtime
        .stream_refusal(stream, &message.name, version, &message.payload)
    else {
        return Ok(());
    };
    let leave = match step.table {
        Some(_) => "leave the cell blank",
        None => "leave the key out",
    };
    let said = format!(
        "stream: {why}{}; {leave} and the event goes to the stream the domain routes it to",
        unknown_kind(catalog, stream)
    );
    Err(match &step.table {
        Some(_) => world.source.at_cell(
            step,
            &CellError {
                row: message.row,
                column: message.stream_column,
                message: said,
            },
        ),
        None => in_doc_message(
            world,
            step,
            DocMistake {
                item: message.row,
                key: Some("stream".into()),
                message: said,
            },
        ),
    })
}

/// For a stream whose type no aggregate of the domain has (`Ordr`): the nearest that is one, or
/// the list of them.
fn unknown_kind(catalog: &Catalog, stream: &StreamId) -> String {
    let kinds: BTreeSet<&str> = catalog
        .messages
        .iter()
        .filter(|m| m.kind == MessageKind::Event)
        .filter_map(|m| m.handled_by)
        .collect();
    let kind = stream.kind.as_str();
    if kinds.contains(kind) {
        return String::new();
    }
    let unknown = format!(
        "`{kind}` is no stream type of the {} domain",
        catalog.domain
    );
    match nearest(kind, kinds.iter().copied()) {
        Some(near) => format!(" ({unknown}; did you mean `{near}`?)"),
        None => format!(
            " ({unknown}: its stream types are {})",
            kinds.into_iter().collect::<Vec<_>>().join(", ")
        ),
    }
}
