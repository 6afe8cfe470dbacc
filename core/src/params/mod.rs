//! The request parameters of the Stripe endpoints this SDK calls, generated from Stripe's
//! OpenAPI spec.
//!
//! Every parameter is defined once, in Stripe's spec: `tests/fixtures/stripe/openapi/requests.py`
//! extracts the operations' parameters into `requests.json`, and `scripts/codegen/params.py`
//! turns that into these types, the Python `TypedDict` stubs
//! (`bindings-python/python/offsession/_params.pyi`) and the TypeScript interfaces
//! (`bindings-node/params.d.ts`), all with the same names. `scripts/test` fails when a committed
//! file is not the generator's output.
//!
//! # The types
//!
//! - One struct per operation: [`CreatePaymentIntent`] is the parameters of
//!   `POST /v1/payment_intents`, [`RetrievePaymentIntent`] the query of
//!   `GET /v1/payment_intents/{intent}`. The path's ids are not fields, and neither is `expand`,
//!   which the client passes separately.
//! - One struct per nested object, named by the operation and the parameter's path:
//!   [`CreatePaymentIntentPaymentMethodOptionsCard`] is `payment_method_options[card]`; an
//!   array's items take the singular ([`CreateCheckoutSessionLineItem`]).
//! - String enums keep values this version does not know (`Unknown("…")`) and are shared between
//!   parameters with the same name and values ([`CancellationReason`]).
//! - Stripe's "either" parameters are untagged enums: `off_session` is [`OffSession::Bool`] or
//!   [`OffSession::Kind`] (`one_off` / `recurring`).
//! - On the update operations ([`UpdateCustomer`], [`UpdateSetupIntent`]) a field Stripe lets you
//!   unset is `Option<Clearable<T>>`: `None` sends nothing, [`Clearable::Clear`] sends the empty
//!   string. Elsewhere the empty-string alternative is left out.
//!
//! Optional fields are `Option` (or an empty `Vec` / map) and are not sent when absent; the form
//! encoding is [`crate::form`]'s. The types are read from JSON by generated code
//! ([`json::FromJson`], and serde's `Deserialize` through it): an unknown key is refused, and
//! integers, numbers and booleans are read strictly, so a binding's `True` or `1099.5` never
//! becomes an amount. Identical nested shapes share one type, the other names being aliases.

pub mod json;
pub mod strict;

mod checks;
mod clearable;
mod convert;
pub use clearable::Clearable;
pub(crate) use convert::unknown_as;
pub use convert::{from_deserializer, from_json};

mod generated;
pub use generated::*;

#[cfg(test)]
mod tests;
