//! What the order, payment and mail aggregates share: each is one task of an order that is
//! requested once and then completed once, with the same rules for both steps.

use serde::{Deserialize, Serialize};

use crate::kernel::Rejection;

/// Where one task of one order stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskState {
    #[default]
    NotRequested,
    Requested,
    Completed,
}

impl TaskState {
    /// A task is requested once; `task` names it in a rejection (`the payment of order ORD-1`).
    pub fn check_request(self, task: &str) -> Result<(), Rejection> {
        match self {
            TaskState::NotRequested => Ok(()),
            TaskState::Requested | TaskState::Completed => {
                Err(Rejection::new(format!("{task} was already requested")))
            }
        }
    }

    /// A task is completed once, after it was requested, with a body saying what was done.
    pub fn check_completion(self, task: &str, body: &str) -> Result<(), Rejection> {
        match self {
            TaskState::NotRequested => Err(Rejection::new(format!("{task} was never requested"))),
            TaskState::Completed => Err(Rejection::new(format!("{task} is already completed"))),
            TaskState::Requested if body.trim().is_empty() => Err(Rejection::new(format!(
                "{task} cannot be completed without a body"
            ))),
            TaskState::Requested => Ok(()),
        }
    }
}
