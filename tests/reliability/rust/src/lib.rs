//! The fault soak of `charge_off_session` through the Rust core (tests/reliability/README.md).
//!
//! N logical charges, each with its own idempotency key and `metadata[soak_charge]=i`, spread
//! over customers holding a mix of test cards, run while the simulator's seeded random-fault
//! mode breaks their requests (connection resets, responses lost after the commit, 500s,
//! 429 `lock_timeout`, delays longer than the client's timeout). Each charge is retried as a user
//! would — same key, again — until it reaches a definite outcome. Then the faults are switched
//! off and everything is counted from the simulator's own records: one PaymentIntent per
//! charge, outcomes that match it, one recovery session per decline and none per success.
//!
//! The crash soak ([`crash`], the `crash-soak` binary) reuses the setup, the faults and the
//! count, with each charge made by child processes that are killed at random and run again.
//!
//! The Python and Node drivers (`tests/reliability/python`, `tests/reliability/node`) follow
//! the same design, parameters and printed summary, so the three languages can be compared.

mod config;
pub mod crash;
mod plan;
mod sim_control;
mod soak;
mod verify;

pub use config::{Config, Mode, Soak};
pub use plan::{Card, Expected, CARDS};
pub use sim_control::SimControl;
pub use soak::{run, Reported, SoakResult};
pub use verify::{verify, Counts};
