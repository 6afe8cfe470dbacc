//! Typed Stripe resources: each file holds the object, its parameters and its calls.
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
    CheckoutSession, CheckoutSessionMode, CheckoutSessionStatus, CheckoutSessions,
    CreateCheckoutSession, CustomerDetails, LineItem, PriceData, ProductData,
};
pub use customer::{CreateCustomer, Customer, Customers};
pub use event::{Event, EventData, EventRequest, EventType};
pub use payment_intent::{
    CancelPaymentIntent, CancellationReason, CreatePaymentIntent, PaymentIntent,
    PaymentIntentStatus, PaymentIntents,
};
pub use payment_method::{AttachPaymentMethod, Card, PaymentMethod, PaymentMethods};
pub use setup_intent::{SetupIntent, SetupIntentStatus, SetupIntents, UpdateSetupIntent};
