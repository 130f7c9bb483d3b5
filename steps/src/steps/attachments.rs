//! The table or doc string under a step: one, where the phrase reads one, and none elsewhere.

use cucumber::gherkin::{Step, StepType};

use crate::diagnostics::Located;
use crate::phrases::Phrase;
use crate::world::GwtWorld;

/// A table or doc string under a step that reads none would be ignored, and what the author
/// wrote there never checked; a step given both would use one and ignore the other.
pub(super) fn check_attachments(
    world: &GwtWorld,
    step: &Step,
    phrase: &Phrase,
) -> Result<(), Located> {
    let dialect = world.source.dialect();
    let keyword = dialect.prefix_of(step.ty);
    let what = match (&step.table, &step.docstring) {
        // Gherkin reads a table after a doc string (the other order is no Gherkin at all, and
        // is reported as the file is read, in the same words): the table is the one too many.
        (Some(table), Some(_)) if phrase.takes_table() => {
            let mut at = world.source.at_step(
                step,
                "a step takes a table or a doc string, not both: keep one of them",
            );
            (at.line, at.column) = (table.position.line, table.position.col);
            return Err(at);
        }
        (Some(_), _) => "a table",
        (None, Some(_)) => "a doc string",
        (None, None) => return Ok(()),
    };
    if phrase.takes_table() {
        return Ok(());
    }
    // A step of the same keyword that reads one, since the author meant a step of that kind.
    let instead = match step.ty {
        StepType::Given => "the events:",
        StepType::When => "the command is sent:",
        StepType::Then => "these events are recorded:",
    };
    let instead = format!("{keyword}{instead}");
    let mut at = world.source.at_step(
        step,
        format!(
            "`{}{}` takes no table or doc string, but {what} is under it: remove it, \
             or use a step that reads one (such as `{instead}`)",
            step.keyword,
            step.value.trim()
        ),
    );
    if let Some(table) = &step.table {
        at.line = table.position.line;
        at.column = table.position.col;
    } else {
        at.line = step.position.line + 1;
        at.column = world.source.text_column(at.line).unwrap_or(at.column);
    }
    Err(at)
}
