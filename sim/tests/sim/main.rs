//! Integration tests: the simulator over real HTTP, driven by a small client of their own.

mod common;

mod auth;
mod binary;
mod cancel;
mod cards;
mod customer_payment_methods;
mod customers_update;
mod expire;
mod faults;
mod flow;
mod idempotency;
mod load;
mod openapi;
mod pipeline;
mod random_faults;
mod schema;
mod setup_intents;
mod validation;
mod webhooks;
