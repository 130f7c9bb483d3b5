//! Commands process managers sent while past events were loaded, which count as handled and so
//! were not run: asked after a refusal, to tell an author whose Givens left out what one of them
//! would have recorded.

use super::super::{BoundedContext, CommandEnvelope, Entry, Message, StreamId};
use super::{Handler, System};

impl<C: BoundedContext> System<C> {
    /// The stream `command` goes to: its aggregate's instance; `None` for a process manager's own
    /// command, or one no aggregate names an instance for.
    pub fn command_stream(&self, command: &C::Command) -> Option<StreamId> {
        match self.routes.commands.get(command.name())? {
            Handler::Aggregate(i) => {
                let aggregate = &self.aggregates[*i];
                let id = aggregate.command_stream(command)?;
                Some(StreamId::new(aggregate.name(), id))
            }
            Handler::Process(_) => None,
        }
    }

    /// The commands process managers sent, while past events were loaded, to the stream that
    /// `command` goes to, each with the process manager that sent it, in the order sent. Only a
    /// system that keeps its journal knows them (a feature's run does; a simulation and a
    /// verification do not).
    pub fn sent_in_the_past_to(
        &self,
        command: &C::Command,
    ) -> Vec<(&'static str, &CommandEnvelope<C::Command>)> {
        let Some(stream) = self.command_stream(command) else {
            return Vec::new();
        };
        self.journal
            .entries()
            .iter()
            .filter_map(|entry| match entry {
                Entry::SentInThePast { by, command } => Some((*by, command)),
                _ => None,
            })
            .filter(|(_, sent)| self.command_stream(&sent.command).as_ref() == Some(&stream))
            .collect()
    }
}
