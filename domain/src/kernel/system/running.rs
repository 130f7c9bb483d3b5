//! The system at work: a command sent, an event published, time passing, and settling until no
//! work is left, each piece of work taken in the order the faults (or the orderly choice) pick.

use super::super::{BoundedContext, CommandEnvelope, Entry, Input, Instant, Message, StreamId};
use super::at_least_once::about;
use super::{minutes_left, Delivery, KernelError, System, Target, Work, SETTLE_LIMIT};

impl<C: BoundedContext> System<C> {
    /// Sends a command to its handler now. What it records is delivered; what process managers
    /// send in reaction waits in the outbox until the system settles.
    pub fn send(&mut self, command: C::Command) -> Result<(), KernelError> {
        let envelope = self.sent(command);
        self.execute(envelope)
    }

    /// Sends a command and settles. Under faults, what it records is not delivered at once but
    /// waits among the work that follows from it, as what any later command records does: a
    /// subscriber may then hear of the seats given of a seat type before it hears the seat type
    /// created, as one whose subscription lags would (`send` delivered every event of the first
    /// command before anything else ran, so no history could show that order).
    pub fn send_and_settle(&mut self, command: C::Command) -> Result<(), KernelError> {
        let envelope = self.sent(command);
        let (executed, settled) = self.execute_and_settle(envelope);
        executed.and(settled)
    }

    /// Handles `command` and settles, what it records waiting among the work that follows from
    /// it under faults (see `send_and_settle`): how handling it went, and how settling did.
    fn execute_and_settle(
        &mut self,
        command: CommandEnvelope<C::Command>,
    ) -> (Result<(), KernelError>, Result<(), KernelError>) {
        let deferred = std::mem::replace(&mut self.deferred, self.faults.is_some());
        let executed = self.execute(command);
        self.deferred = deferred;
        (executed, self.settle())
    }

    /// The instant `by` after the clock, or how far the clock can go when it cannot go that far.
    fn target_after(&self, by: chrono::TimeDelta) -> Result<Instant, KernelError> {
        self.clock
            .checked_add_signed(by)
            .ok_or(KernelError::BeyondTheClock {
                now: self.clock,
                most_minutes: minutes_left(self.clock),
            })
    }

    /// A command sent from outside: the root of what follows from it.
    fn sent(&mut self, command: C::Command) -> CommandEnvelope<C::Command> {
        let id = self.root_id();
        CommandEnvelope {
            id,
            issued_at: self.clock,
            causation_id: None,
            correlation_id: Some(id),
            command,
        }
    }

    /// An event from outside takes the next position of its stream and is delivered to every
    /// subscriber. It is appended to the log (so a rebuild sees it) but journaled as published.
    pub fn publish(
        &mut self,
        stream: Option<StreamId>,
        event: C::Event,
    ) -> Result<(), KernelError> {
        let stream = match stream {
            Some(s) => s,
            None => self.stream_of(&event)?,
        };
        let sequence = self.version(&stream) + 1;
        let envelope = self.place_root(stream, sequence, event)?;
        self.journal.push(
            |c| &mut c.published,
            || Entry::Published((*envelope).clone()),
        );
        self.deliver(&envelope, false);
        Ok(())
    }

    /// Moves the clock on, delivering every scheduled command due by then in due order (the clock
    /// stands at each one's instant while it is handled). What they record is delivered; what
    /// process managers send in reaction waits in the outbox, handled only as the system settles,
    /// with the clock at the target by then (`advance_and_settle` settles at each due instant
    /// instead). Rejections are journaled.
    ///
    /// # Panics
    /// Past the clock's last instant; `try_advance` says so instead, for a span a user gave.
    pub fn advance(&mut self, by: chrono::TimeDelta) {
        if let Err(e) = self.try_advance(by) {
            panic!("{e}");
        }
    }

    /// `advance`, unless the clock cannot go that far: then nothing happens, and the error says
    /// how far it can.
    pub fn try_advance(&mut self, by: chrono::TimeDelta) -> Result<(), KernelError> {
        let target = self.target_after(by)?;
        while let Some(command) = self.take_due(target) {
            let _ = self.execute(command);
            self.drain();
        }
        self.clock = self.clock.max(target);
        Ok(())
    }

    /// Moves the clock on through every scheduled command due by then, in due order, settling at
    /// each one's instant before the clock moves further: what follows from a due command (its
    /// events, the commands sent in reaction and what they record, the read models) happens with
    /// the clock where the command was due, as it would in a deployment that ran it then. With
    /// `advance` and one `settle` after it, those reactions waited in the outbox and were
    /// recorded at the target, up to the whole span later. Under faults the due command's events
    /// wait among the work that follows from it, as `send_and_settle`'s do.
    ///
    /// Beyond the clock's last instant nothing happens and the error says how far it can go.
    /// Otherwise the clock reaches the target, and the first error of settling (a context that
    /// does not settle) is returned after it has.
    pub fn advance_and_settle(&mut self, by: chrono::TimeDelta) -> Result<(), KernelError> {
        let target = self.target_after(by)?;
        // Work left from before (a command sent without settling) belongs to the instant it was
        // sent at, not to the first due instant.
        let mut result = self.settle();
        while let Some(command) = self.take_due(target) {
            // A due command's rejection is journaled, as `advance` journals it.
            let (_, settled) = self.execute_and_settle(command);
            result = result.and(settled);
        }
        self.clock = self.clock.max(target);
        result
    }

    /// Runs until no work is left at the current instant: sent commands are handled, due
    /// scheduled commands delivered, and so on. Rejections are journaled, not returned.
    pub fn settle(&mut self) -> Result<(), KernelError> {
        // Under faults, what waits is picked among the rest (`next_work`), in any order.
        if self.faults.is_none() {
            self.drain();
        }
        self.deferred = self.faults.is_some();
        let result = self.settle_steps();
        self.deferred = false;
        self.drain();
        result
    }

    fn settle_steps(&mut self) -> Result<(), KernelError> {
        for _ in 0..SETTLE_LIMIT {
            let work = match self.next_work() {
                Some(w) => w,
                None => return Ok(()),
            };
            let command = match work {
                Work::Deliver(i) => {
                    if let Some(d) = self.pending.remove(i) {
                        self.deliver_one(d);
                    }
                    continue;
                }
                Work::SendNext => self.outbox.pop_front(),
                Work::DueNext => self.take_due(self.clock),
            };
            if let Some(command) = command {
                match self.execute(command) {
                    Ok(()) | Err(KernelError::Rejected(_)) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        Err(KernelError::DidNotSettle(SETTLE_LIMIT))
    }

    /// The work `settle` may do next: in order, the deliveries that may go (the oldest waiting
    /// of each stream for each subscriber), the oldest sent command, a due scheduled command.
    /// Without faults the first is taken, so deliveries finish before the next command runs.
    fn next_work(&mut self) -> Option<Work> {
        let mut ready = std::mem::take(&mut self.ready);
        self.ready_deliveries(&mut ready);
        let send = !self.outbox.is_empty();
        let due = self.scheduled.iter().any(|s| s.due <= self.clock);
        let choices = ready.len() + usize::from(send) + usize::from(due);
        let work = (choices > 0).then(|| {
            let pick = self.pick(choices, &ready);
            let work = |pick: usize| match ready.get(pick) {
                Some(&i) => Work::Deliver(i),
                None if send && pick == ready.len() => Work::SendNext,
                None => Work::DueNext,
            };
            if pick > 0 && self.journal.tracing() {
                let (chosen, orderly) = (self.describe(&work(pick)), self.describe(&work(0)));
                self.journal
                    .trace(|| Entry::Fault(format!("reorder: {chosen} goes before {orderly}")));
            }
            work(pick)
        });
        self.ready = ready;
        work
    }

    /// Which of `choices` pieces of work the faults pick (0 without them), the first
    /// `ready.len()` the deliveries `ready` holds the indices of, each named when asked.
    fn pick(&mut self, choices: usize, ready: &[usize]) -> usize {
        // Out of `self` while it picks, so that it may ask about what waits there.
        let Some(mut faults) = self.faults.take() else {
            return 0;
        };
        let pick = faults.pick(choices, &|i| {
            ready.get(i).map(|&i| {
                let d = &self.pending[i];
                (
                    self.target_name(d.target),
                    about::<C>(&Input::Event(&d.event)),
                )
            })
        });
        self.faults = Some(faults);
        pick.min(choices - 1)
    }

    /// A piece of work `settle` may do, in words, for a trace.
    fn describe(&self, work: &Work) -> String {
        match work {
            Work::Deliver(i) => self.describe_delivery(&self.pending[*i]),
            Work::SendNext => self.outbox.front().map_or_else(String::new, |c| {
                format!("the command {} sent", c.command.name())
            }),
            Work::DueNext => self
                .scheduled
                .iter()
                .filter(|s| s.due <= self.clock)
                .min_by_key(|s| (s.due, s.order))
                .map_or_else(String::new, |s| {
                    format!("the command {} due", s.command.command.name())
                }),
        }
    }

    fn describe_delivery(&self, d: &Delivery<C::Event>) -> String {
        format!(
            "{} ({} #{}) to {}",
            d.event.message.name(),
            d.event.stream,
            d.event.sequence,
            self.target_name(d.target)
        )
    }

    pub(super) fn target_name(&self, target: Target) -> &'static str {
        match target {
            Target::Process(p) => self.processes[p].name(),
            Target::ReadModel(r) => self.read_models[r].name(),
        }
    }

    /// Indices of the deliveries that may go next without overtaking an earlier event of the
    /// same stream to the same subscriber, written into `ready` (a buffer kept between calls:
    /// this runs before every step of a settle).
    pub(super) fn ready_deliveries(&self, ready: &mut Vec<usize>) {
        ready.clear();
        for (i, d) in self.pending.iter().enumerate() {
            let overtakes = ready.iter().any(|&r| {
                let earlier = &self.pending[r];
                earlier.target == d.target && earlier.event.stream == d.event.stream
            });
            if !overtakes {
                ready.push(i);
            }
        }
    }

    /// Runs every waiting delivery (in the order faults pick, within-stream order kept).
    pub(super) fn drain(&mut self) {
        if self.faults.is_none() {
            // Orderly: the oldest waiting delivery may always go, so no choice is worked out.
            while let Some(d) = self.pending.pop_front() {
                self.deliver_one(d);
            }
            return;
        }
        let mut ready = std::mem::take(&mut self.ready);
        while !self.pending.is_empty() {
            self.ready_deliveries(&mut ready);
            let pick = self.pick(ready.len(), &ready);
            if pick > 0 && self.journal.tracing() {
                let chosen = self.describe_delivery(&self.pending[ready[pick]]);
                let orderly = self.describe_delivery(&self.pending[ready[0]]);
                self.journal
                    .trace(|| Entry::Fault(format!("reorder: {chosen} goes before {orderly}")));
            }
            if let Some(d) = self.pending.remove(ready[pick]) {
                self.deliver_one(d);
            }
        }
        self.ready = ready;
    }

    fn take_due(&mut self, until: Instant) -> Option<CommandEnvelope<C::Command>> {
        let (index, _) = self
            .scheduled
            .iter()
            .enumerate()
            .filter(|(_, s)| s.due <= until)
            .min_by_key(|(_, s)| (s.due, s.order))?;
        let s = self.scheduled.remove(index);
        self.clock = self.clock.max(s.due);
        self.journal
            .push(|c| &mut c.delivered, || Entry::Delivered(s.command.clone()));
        Some(s.command)
    }
}
