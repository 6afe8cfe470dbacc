//! Typed Stripe resources: each file holds the object and its calls; the calls' parameters are
//! generated from Stripe's spec into [`crate::params`].
//!
//! Responses keep every field Stripe sent: the modelled ones are typed, the rest live in
//! `extra`, so a new Stripe field never breaks decoding and survives re-serialisation.

mod charge;
mod checkout_session;
mod customer;
mod event;
mod payment_intent;
mod payment_method;
mod setup_intent;

pub use charge::Charge;
pub use checkout_session::{
    CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus, CheckoutSessions, CustomerDetails,
};
pub use customer::{Customer, Customers};
pub use event::{Event, EventData, EventRequest, EventType};
pub use payment_intent::{PaymentIntent, PaymentIntentStatus, PaymentIntents};
pub use payment_method::{Card, PaymentMethod, PaymentMethods};
pub use setup_intent::{SetupIntent, SetupIntentStatus, SetupIntents};
