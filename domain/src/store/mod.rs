//! The store: the order → payment → mail orchestration of a small CQRS example, where workers do
//! each task and a saga asks for the next one, on the same generic kernel as the conference.

pub mod completed_tasks;
pub mod context;
pub mod invariants;
pub mod mail;
pub mod messages;
pub mod order;
pub mod order_view;
pub mod payment;
pub mod saga;
pub mod task;
pub mod workers;

pub use completed_tasks::CompletedTasks;
pub use context::StoreContext;
pub use invariants::invariants;
pub use mail::{Mail, MailTask};
pub use messages::*;
pub use order::{Order, OrderTask};
pub use order_view::{OrderView, OrderViewEntry, TaskResult};
pub use payment::{Payment, PaymentTask};
pub use saga::{OrderSaga, OrderSagaState};
pub use task::{Task, TaskAggregate, TaskState};
pub use workers::{MailWorker, OrderWorker, PaymentWorker, WorkerState};
