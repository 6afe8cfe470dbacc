//! `offsession._native`: the Python door onto the offsession core.
//!
//! Thin by design: every file converts types and names; the behaviour (HTTP, retries,
//! idempotency, validation, webhooks, the flow, pagination) is the core's. One file per area:
//! `client.rs` (Client, AsyncClient), `resources.rs` (the resource namespaces), `list.rs`
//! (list pages and `auto_paging_iter`), `flow.rs` (flow results), `objects.rs` (Stripe
//! objects), `convert.rs` (Python arguments into the core's types, generically), `errors.rs`
//! (exceptions), `webhook.rs`, `runtime.rs` (the Tokio runtime and blocking calls),
//! `asyncio.rs` (awaitables).

mod asyncio;
mod client;
mod convert;
mod errors;
mod flow;
mod list;
mod objects;
mod resources;
mod runtime;
mod webhook;

use pyo3::prelude::*;

/// The native module; `offsession/__init__.py` re-exports its public names.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("STRIPE_VERSION", offsession::STRIPE_VERSION)?;
    client::register(m)?;
    resources::register(m)?;
    flow::register(m)?;
    objects::register(m)?;
    m.add_class::<list::ListObject>()?;
    m.add_class::<list::AutoPagingIterator>()?;
    errors::register(m)?;
    webhook::register(m)?;
    runtime::register(m)?;
    asyncio::register(m)?;
    Ok(())
}
