//! Ledgers: what a check keeps of a log, folded one event at a time, so that a log of any
//! length is judged on what the ledger kept rather than on the events themselves.

use std::sync::Arc;

use super::{Envelope, StreamId};

pub trait EventLedger<E>: Default {
    /// Takes one more event of the log into account.
    fn observe(&mut self, event: &Envelope<E>);

    /// The breaches `observe` found as events came, in the order found: a check that judges
    /// each event as it comes knows which event broke the rule, so that a replay of a recorded
    /// log can say where that event was read. They are told as breaches whether or not the
    /// domain's end-state invariants repeat them (a repeat, worded alike, is told once).
    fn found_on_the_way(&self) -> &[String] {
        &[]
    }

    /// A stream of the log lost an event (one that could not be read or placed): what depends
    /// on it is no longer known, and should not be judged from here on, nor at the end, so that
    /// the error is told once rather than again as each breach that follows from it.
    fn lost(&mut self, _stream: &StreamId) {}

    /// How many findings `lost` kept from being told.
    fn untold(&self) -> u64 {
        0
    }

    /// What the checks could not judge for want of a kind of stream the log never showed (a
    /// log of one context alone holds another's elsewhere), each a sentence naming what went
    /// unjudged and why: not breaches, but a report that said nothing of them would call the
    /// log checked whole.
    fn not_judged(&self) -> Vec<String> {
        Vec::new()
    }

    /// The event `observe` just took in was told as one its aggregate could not have recorded
    /// (`Aggregate::COULD_RECORD`), where it was read. The checks may then find its mistake again
    /// for no further fault, at the end or on the way (a read model that shows what it recorded,
    /// counts it left off, a check of its own that words it otherwise): the ledger keeps what it
    /// takes to say which of their findings follow from the event alone (`retold`), so that the
    /// error is told once, where it was read, rather than again.
    fn told(&mut self, _event: &Envelope<E>) {}

    /// The findings of the end's checks that would only repeat events passed to `told`, each
    /// worded as the invariants report it, asked once the log is read (what counts were left
    /// off by is known at the end): a finding worded otherwise (a read model showing something
    /// the told event did not say, counts off by more than it accounts for) is wrong for another
    /// reason, and is still told.
    fn retold(&self) -> Vec<String> {
        Vec::new()
    }

    /// The log's order across streams is not known (a table read stream by stream): events of
    /// different streams come in an order the live system may never have seen, so a check of
    /// which came first across streams would find breaches of the reading's making. Asked
    /// before the first event; checks within a stream, and of the end state, stand.
    fn order_across_streams_unknown(&mut self) {}

    /// Reading stopped before the log's end (at a limit of errors, or the source went away):
    /// what one stream waited for from another may stand in the part not read, so that it is
    /// not judged never to have come. Asked once reading is over, before the end's checks.
    fn read_in_part(&mut self) {}

    /// The ledger of a whole log.
    fn of_log(log: &[Arc<Envelope<E>>]) -> Self {
        let mut ledger = Self::default();
        for e in log {
            ledger.observe(e);
        }
        ledger
    }
}
