//! `GET /v1/payment_methods/{id}`, `POST /v1/payment_methods/{id}/attach`, and the test-card
//! tokens (`pm_card_visa`, …): using a token anywhere creates a fresh `pm_…` that remembers
//! which test card it came from.

use serde_json::{json, Map, Value};

use super::{build, Ctx, PAYMENT_METHOD};
use crate::errors::ApiError;
use crate::expand::{self, Kind};
use crate::params::{self, Shape, EXPAND};
use crate::state::{set, PaymentMethodInfo, State};
use crate::testcards::TestCard;

static ATTACH: params::Fields = &[("customer", Shape::Str), EXPAND];

/// A payment method named by a request, before anything is created.
#[derive(Clone)]
pub enum PmRef {
    /// A `pm_card_…` token: a new PaymentMethod will be made from it.
    Token(TestCard),
    /// An existing `pm_…`.
    Existing(String, PaymentMethodInfo),
}

impl PmRef {
    /// The test card behind it.
    pub fn card(&self) -> TestCard {
        match self {
            PmRef::Token(card) => *card,
            PmRef::Existing(_, info) => info.card,
        }
    }

    /// The PaymentMethod id, creating it from the token if needed.
    pub fn commit(&self, state: &mut State, ctx: &Ctx<'_>, billing: Billing<'_>) -> String {
        match self {
            PmRef::Token(card) => create(state, ctx, *card, billing),
            PmRef::Existing(id, _) => id.clone(),
        }
    }
}

/// Billing details a new PaymentMethod carries (Checkout fills them in).
#[derive(Clone, Copy, Default)]
pub struct Billing<'a> {
    /// `billing_details.email`
    pub email: Option<&'a str>,
    /// `billing_details.name`
    pub name: Option<&'a str>,
    /// Collected by Checkout (country and postal code filled, `allow_redisplay: always`).
    pub from_checkout: bool,
}

/// Resolves a token or id. A missing id is `resource_missing` on `param` with `status`.
pub fn resolve(state: &State, given: &str, param: &str, status: u16) -> Result<PmRef, ApiError> {
    if let Some(card) = TestCard::from_token(given) {
        return Ok(PmRef::Token(card));
    }
    match state.pm_info.get(given) {
        Some(info) => Ok(PmRef::Existing(given.to_string(), *info)),
        None => Err(ApiError::no_such("PaymentMethod", given, param, status)),
    }
}

/// The customer a PaymentMethod is attached to.
pub fn owner(state: &State, pm_id: &str) -> Option<String> {
    state
        .payment_methods
        .get(pm_id)
        .and_then(|pm| pm["customer"].as_str().map(str::to_string))
}

/// Whether `pm` may be attached to `customer` (`None`: a customer about to be created).
pub fn check_attachable(state: &State, pm: &PmRef, customer: Option<&str>) -> Result<(), ApiError> {
    if let PmRef::Existing(id, _) = pm {
        if let Some(current) = owner(state, id) {
            if customer != Some(current.as_str()) {
                return Err(ApiError::invalid(
                    "The payment method you provided has already been attached to a customer.",
                ));
            }
        }
    }
    match pm.card().attach_error() {
        Some(decline) => Err(decline),
        None => Ok(()),
    }
}

/// Creates a PaymentMethod from a test card.
pub fn create(state: &mut State, ctx: &Ctx<'_>, card: TestCard, billing: Billing<'_>) -> String {
    let id = crate::ids::payment_method();
    let mut pm = build(
        &PAYMENT_METHOD,
        json!({
            "id": id,
            "created": ctx.now,
            "allow_redisplay": if billing.from_checkout { "always" } else { "unspecified" },
        }),
    );
    if let Some(details) = pm.get_mut("billing_details") {
        set(details, "email", json!(billing.email));
        set(details, "name", json!(billing.name));
        if billing.from_checkout {
            if let Some(address) = details.get_mut("address") {
                set(address, "country", json!("US"));
                set(address, "postal_code", json!("94103"));
            }
        }
    }
    if card.is_bank_account() {
        if let Some(object) = pm.as_object_mut() {
            object.remove("card");
            object.insert("type".into(), json!("us_bank_account"));
            object.insert(
                "us_bank_account".into(),
                json!({
                    "account_holder_type": "individual",
                    "account_type": "checking",
                    "bank_name": "STRIPE TEST BANK",
                    "financial_connections_account": null,
                    "fingerprint": card.fingerprint(),
                    "last4": card.last4(),
                    "networks": {"preferred": "ach", "supported": ["ach"]},
                    "routing_number": "110000000",
                    "status_details": null,
                }),
            );
        }
    }
    if let Some(details) = pm.get_mut("card") {
        set(details, "last4", json!(card.last4()));
        set(details, "fingerprint", json!(card.fingerprint()));
        if let Some(checks) = details.get_mut("checks") {
            set(checks, "cvc_check", json!("pass"));
            if billing.from_checkout {
                set(checks, "address_postal_code_check", json!("pass"));
            }
        }
    }
    state.payment_methods.insert(pm);
    state.pm_info.insert(
        id.clone(),
        PaymentMethodInfo {
            card,
            set_up: false,
        },
    );
    id
}

/// Records the attachment (`customer` on the PaymentMethod).
pub fn set_customer(state: &mut State, pm_id: &str, customer: &str) {
    if let Some(pm) = state.payment_methods.get_mut(pm_id) {
        set(pm, "customer", json!(customer));
    }
}

/// Marks a PaymentMethod as saved through a SetupIntent.
pub fn mark_set_up(state: &mut State, pm_id: &str) {
    if let Some(info) = state.pm_info.get_mut(pm_id) {
        info.set_up = true;
    }
}

/// `GET /v1/payment_methods/{id}` (a test token yields a fresh PaymentMethod, as in Stripe).
pub fn retrieve(
    state: &mut State,
    ctx: &Ctx<'_>,
    id: &str,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    params::check(p, params::EXPAND_ONLY)?;
    let expand = params::expand(p);
    expand::validate(Kind::PaymentMethod, &expand)?;
    let pm_id = resolve(state, id, "id", 404)?.commit(state, ctx, Billing::default());
    let pm = state
        .payment_methods
        .get(&pm_id)
        .cloned()
        .unwrap_or_default();
    Ok(expand::apply(state, Kind::PaymentMethod, pm, &expand))
}

/// `POST /v1/payment_methods/{id}/attach`.
pub fn attach(
    state: &mut State,
    ctx: &Ctx<'_>,
    id: &str,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    params::check(p, ATTACH)?;
    let expand = params::expand(p);
    expand::validate(Kind::PaymentMethod, &expand)?;
    let customer = params::string(p, "customer")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| ApiError::missing_param("customer"))?;
    let pm = resolve(state, id, "id", 404)?;
    if state.customers.get(customer).is_none() {
        return Err(ApiError::no_such("customer", customer, "customer", 400));
    }
    check_attachable(state, &pm, Some(customer))?;
    let pm_id = pm.commit(state, ctx, Billing::default());
    set_customer(state, &pm_id, customer);
    let object = state
        .payment_methods
        .get(&pm_id)
        .cloned()
        .unwrap_or_default();
    Ok(expand::apply(state, Kind::PaymentMethod, object, &expand))
}
