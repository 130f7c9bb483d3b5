//! The `Member` aggregate: one stream per member, `Member/<member_id>`.

use serde::{Deserialize, Serialize};

use domain::kernel::{Aggregate, Context, Message, Money, NoView, Rejection, Text};

use super::{LibraryCommand, LibraryContext, LibraryEvent, MemberFined, MemberRegistered};

pub struct Member;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemberState {
    pub registered: bool,
    pub fines: Money,
}

impl Aggregate<LibraryContext> for Member {
    const NAME: &'static str = "Member";
    const COMMANDS: &'static [&'static str] = &["RegisterMember", "ChargeFine"];
    const EVENTS: &'static [&'static str] = &["MemberRegistered", "MemberFined"];
    type State = MemberState;
    type View = NoView;

    fn command_stream(command: &LibraryCommand) -> Option<Text> {
        match command {
            LibraryCommand::RegisterMember(c) => Some(c.member_id.clone()),
            LibraryCommand::ChargeFine(c) => Some(c.member_id.clone()),
            _ => None,
        }
    }

    fn event_stream(event: &LibraryEvent) -> Option<Text> {
        match event {
            LibraryEvent::MemberRegistered(e) => Some(e.member_id.clone()),
            LibraryEvent::MemberFined(e) => Some(e.member_id.clone()),
            _ => None,
        }
    }

    fn decide(
        state: &MemberState,
        command: &LibraryCommand,
        _: &Context<'_, NoView>,
    ) -> Result<Vec<LibraryEvent>, Rejection> {
        match command {
            LibraryCommand::RegisterMember(c) => {
                if state.registered {
                    return Err(Rejection::new(format!(
                        "member {} is already registered",
                        c.member_id
                    )));
                }
                Ok(vec![MemberRegistered {
                    member_id: c.member_id.clone(),
                    name: c.name.clone(),
                    email: c.email.clone(),
                }
                .into()])
            }
            LibraryCommand::ChargeFine(c) => {
                if !state.registered {
                    return Err(Rejection::new(format!("unknown member {}", c.member_id)));
                }
                if c.amount.is_negative() || c.amount.is_zero() {
                    return Err(Rejection::new("a fine must be more than nothing"));
                }
                Ok(vec![MemberFined {
                    member_id: c.member_id.clone(),
                    book_id: c.book_id.clone(),
                    due: c.due,
                    amount: c.amount,
                }
                .into()])
            }
            other => Err(Rejection::new(format!(
                "a member does not handle {}",
                other.name()
            ))),
        }
    }

    fn evolve(mut state: MemberState, event: &LibraryEvent) -> MemberState {
        match event {
            LibraryEvent::MemberRegistered(_) => state.registered = true,
            LibraryEvent::MemberFined(e) => state.fines = state.fines + e.amount,
            _ => {}
        }
        state
    }
}
