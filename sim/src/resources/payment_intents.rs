//! `POST /v1/payment_intents` (with `confirm=true&off_session=true`: the off-session charge)
//! and `GET /v1/payment_intents/{id}`. A declined charge is a 402 whose body embeds the failed
//! PaymentIntent, which is stored in `requires_payment_method` with `last_payment_error`.

use serde_json::{json, Map, Value};

use super::payment_methods::{self, PmRef};
use super::{build, Ctx, PAYMENT_INTENT};
use crate::errors::ApiError;
use crate::events;
use crate::expand::{self, Kind};
use crate::money;
use crate::params::{self, Shape, EXPAND};
use crate::state::{set, State};
use crate::testcards::{Charge, TestCard};

static CREATE: params::Fields = &[
    ("amount", Shape::Int),
    ("amount_details", Shape::Any),
    ("application_fee_amount", Shape::Int),
    (
        "automatic_payment_methods",
        Shape::Obj(&[("allow_redirects", Shape::Str), ("enabled", Shape::Bool)]),
    ),
    ("capture_method", Shape::Str),
    ("confirm", Shape::Bool),
    ("confirmation_method", Shape::Str),
    ("confirmation_token", Shape::Str),
    ("currency", Shape::Str),
    ("customer", Shape::Str),
    ("customer_account", Shape::Str),
    ("description", Shape::Str),
    ("error_on_requires_action", Shape::Bool),
    ("excluded_payment_method_types", Shape::Any),
    EXPAND,
    ("hooks", Shape::Any),
    ("mandate", Shape::Str),
    ("mandate_data", Shape::Any),
    ("metadata", Shape::Meta),
    ("off_session", Shape::Any),
    ("on_behalf_of", Shape::Str),
    ("payment_details", Shape::Any),
    ("payment_method", Shape::Str),
    ("payment_method_configuration", Shape::Str),
    ("payment_method_data", Shape::Any),
    ("payment_method_options", Shape::Any),
    ("payment_method_types", Shape::List(&Shape::Str)),
    ("radar_options", Shape::Any),
    ("receipt_email", Shape::Str),
    ("return_url", Shape::Str),
    ("setup_future_usage", Shape::Str),
    ("shipping", Shape::Any),
    ("statement_descriptor", Shape::Str),
    ("statement_descriptor_suffix", Shape::Str),
    ("transfer_data", Shape::Any),
    ("transfer_group", Shape::Str),
    ("use_stripe_sdk", Shape::Bool),
];

/// The parts of a new PaymentIntent that come from the request.
pub struct IntentSpec<'a> {
    /// Smallest currency unit.
    pub amount: i64,
    /// Lower-case ISO code.
    pub currency: &'a str,
    /// `cus_…`
    pub customer: Option<&'a str>,
    /// `description`
    pub description: Option<&'a str>,
    /// `metadata`
    pub metadata: Value,
    /// `capture_method` (default `automatic_async`).
    pub capture_method: &'a str,
    /// `confirmation_method`
    pub confirmation_method: &'a str,
    /// `payment_method_types`, when given explicitly.
    pub payment_method_types: Option<Value>,
    /// `receipt_email`
    pub receipt_email: Option<&'a str>,
    /// `setup_future_usage`
    pub setup_future_usage: Option<&'a str>,
    /// `statement_descriptor`
    pub statement_descriptor: Option<&'a str>,
    /// `statement_descriptor_suffix`
    pub statement_descriptor_suffix: Option<&'a str>,
}

fn new_intent(ctx: &Ctx<'_>, spec: &IntentSpec<'_>, id: &str) -> Value {
    let dynamic = spec.payment_method_types.is_none();
    build(
        &PAYMENT_INTENT,
        json!({
            "id": id,
            "amount": spec.amount,
            "automatic_payment_methods": if dynamic { json!({"allow_redirects": "always", "enabled": true}) } else { Value::Null },
            "capture_method": spec.capture_method,
            "client_secret": crate::ids::client_secret(id),
            "confirmation_method": spec.confirmation_method,
            "created": ctx.now,
            "currency": spec.currency,
            "customer": spec.customer,
            "description": spec.description,
            "metadata": spec.metadata,
            "payment_method_configuration_details": if dynamic { json!({"id": ctx.pmc_id, "parent": null}) } else { Value::Null },
            "payment_method_types": spec.payment_method_types.clone().unwrap_or_else(|| json!(["card"])),
            "receipt_email": spec.receipt_email,
            "setup_future_usage": spec.setup_future_usage,
            "statement_descriptor": spec.statement_descriptor,
            "statement_descriptor_suffix": spec.statement_descriptor_suffix,
        }),
    )
}

fn non_empty<'a>(p: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params::string(p, name).filter(|s| !s.is_empty())
}

fn one_of<'a>(
    p: &'a Map<String, Value>,
    name: &str,
    allowed: &[&str],
) -> Result<Option<&'a str>, ApiError> {
    match non_empty(p, name) {
        Some(value) if !allowed.contains(&value) => Err(ApiError::invalid(format!(
            "Invalid {name}: must be one of {}",
            allowed.join(", ")
        ))
        .param(name)),
        other => Ok(other),
    }
}

/// `off_session`: a boolean, or `one_off` / `recurring` (both mean true).
fn off_session(p: &Map<String, Value>) -> Result<bool, ApiError> {
    match p.get("off_session").map(Value::as_str) {
        None | Some(Some("false")) => Ok(false),
        Some(Some("true" | "one_off" | "recurring")) => Ok(true),
        Some(_) => Err(ApiError::invalid(
            "Invalid off_session: must be a boolean, or one of one_off, recurring",
        )
        .param("off_session")),
    }
}

/// `POST /v1/payment_intents`.
pub fn create(state: &mut State, ctx: &Ctx<'_>, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, CREATE)?;
    let expand = params::expand(p);
    expand::validate(Kind::PaymentIntent, &expand)?;
    let amount = params::int(p, "amount")?.ok_or_else(|| ApiError::missing_param("amount"))?;
    let currency = non_empty(p, "currency").ok_or_else(|| ApiError::missing_param("currency"))?;
    if !params::is_currency(currency) {
        return Err(params::invalid_currency(currency, "currency"));
    }
    money::check(amount, currency, "amount")?;
    let confirm = params::boolean(p, "confirm")?.unwrap_or(false);
    let off_session = off_session(p)?;
    if off_session && !confirm {
        return Err(ApiError::invalid(
            "You can only pass `off_session` when confirming the PaymentIntent (`confirm=true`).",
        )
        .param("off_session"));
    }
    let error_on_requires_action = params::boolean(p, "error_on_requires_action")?.unwrap_or(false);
    for unsupported in ["payment_method_data", "confirmation_token"] {
        if p.contains_key(unsupported) {
            return Err(ApiError::invalid(format!(
                "offsession-sim does not simulate `{unsupported}`: pass a test payment method such as `payment_method=pm_card_visa`."
            ))
            .param(unsupported));
        }
    }
    let capture_method = one_of(
        p,
        "capture_method",
        &["automatic", "automatic_async", "manual"],
    )?
    .unwrap_or("automatic_async");
    let confirmation_method =
        one_of(p, "confirmation_method", &["automatic", "manual"])?.unwrap_or("automatic");
    let setup_future_usage = one_of(p, "setup_future_usage", &["off_session", "on_session"])?;
    let customer = non_empty(p, "customer");
    if let Some(customer) = customer {
        if state.customers.get(customer).is_none() {
            return Err(ApiError::no_such("customer", customer, "customer", 400));
        }
    }
    let pm = match non_empty(p, "payment_method") {
        Some(given) => {
            let pm = payment_methods::resolve(state, given, "payment_method", 400)?;
            if payment_methods::is_detached(&pm) {
                return Err(ApiError::invalid(
                    "The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.",
                )
                .param("payment_method"));
            }
            if let PmRef::Existing(id, _) = &pm {
                match (payment_methods::owner(state, id), customer) {
                    (Some(owner), Some(customer)) if owner != customer => {
                        return Err(ApiError::invalid(format!(
                            "The provided PaymentMethod ({id}) is attached to another Customer. Pass the Customer it is attached to, or a PaymentMethod attached to {customer}."
                        ))
                        .param("payment_method"))
                    }
                    (Some(owner), None) => {
                        return Err(ApiError::invalid(format!(
                            "The provided PaymentMethod ({id}) is attached to a Customer ({owner}); pass `customer` to use it."
                        ))
                        .param("customer"))
                    }
                    _ => {}
                }
            }
            Some(pm)
        }
        None => None,
    };
    if confirm && pm.is_none() {
        return Err(ApiError::invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
        )
        .param("payment_method")
        .code("payment_intent_unexpected_state"));
    }

    // Everything is valid: from here on the request executes.
    let pm_id = pm
        .as_ref()
        .map(|pm| pm.commit(state, ctx, payment_methods::Billing::default()));
    let spec = IntentSpec {
        amount,
        currency,
        customer,
        description: non_empty(p, "description"),
        metadata: params::metadata(p),
        capture_method,
        confirmation_method,
        payment_method_types: p
            .get("payment_method_types")
            .filter(|v| v.is_array())
            .cloned(),
        receipt_email: non_empty(p, "receipt_email"),
        setup_future_usage,
        statement_descriptor: non_empty(p, "statement_descriptor"),
        statement_descriptor_suffix: non_empty(p, "statement_descriptor_suffix"),
    };
    let id = crate::ids::payment_intent();
    let mut intent = new_intent(ctx, &spec, &id);
    set(&mut intent, "payment_method", json!(pm_id));
    let (Some(pm), Some(pm_id)) = (pm, pm_id) else {
        state.payment_intents.insert(intent.clone());
        return Ok(expand::apply(state, Kind::PaymentIntent, intent, &expand));
    };
    if !confirm {
        set(&mut intent, "status", json!("requires_confirmation"));
        state.payment_intents.insert(intent.clone());
        return Ok(expand::apply(state, Kind::PaymentIntent, intent, &expand));
    }
    let set_up = state.pm_info.get(&pm_id).is_some_and(|info| info.set_up);
    let outcome = match pm.card().charge(off_session, set_up) {
        Charge::RequiresAction if error_on_requires_action => {
            Charge::Declined(TestCard::authentication_error())
        }
        other => other,
    };
    match outcome {
        Charge::Succeeded => {
            succeed(state, ctx, &mut intent, &spec, &pm_id);
            Ok(expand::apply(state, Kind::PaymentIntent, intent, &expand))
        }
        Charge::RequiresAction => {
            set(&mut intent, "status", json!("requires_action"));
            set(
                &mut intent,
                "next_action",
                json!({"type": "use_stripe_sdk", "use_stripe_sdk": {"type": "three_d_secure_redirect"}}),
            );
            state.payment_intents.insert(intent.clone());
            Ok(expand::apply(state, Kind::PaymentIntent, intent, &expand))
        }
        Charge::Declined(error) => Err(decline(state, ctx, intent, &pm_id, error)),
        Charge::Processing => {
            // A bank debit: accepted, paid only when the bank settles (days, for ACH).
            set(&mut intent, "status", json!("processing"));
            set(&mut intent, "latest_charge", json!(crate::ids::charge()));
            state.payment_intents.insert(intent.clone());
            events::record(
                state,
                "payment_intent.processing",
                intent.clone(),
                ctx.cause(),
            );
            Ok(expand::apply(state, Kind::PaymentIntent, intent, &expand))
        }
    }
}

/// Marks `intent` paid (or authorised, for manual capture), stores it and announces it.
fn succeed(
    state: &mut State,
    ctx: &Ctx<'_>,
    intent: &mut Value,
    spec: &IntentSpec<'_>,
    pm_id: &str,
) {
    set(intent, "latest_charge", json!(crate::ids::charge()));
    if spec.capture_method == "manual" {
        set(intent, "status", json!("requires_capture"));
        set(intent, "amount_capturable", json!(spec.amount));
    } else {
        set(intent, "status", json!("succeeded"));
        set(intent, "amount_received", json!(spec.amount));
    }
    // setup_future_usage saves the card on the customer, as Stripe does on success.
    if let (Some(_), Some(customer)) = (spec.setup_future_usage, spec.customer) {
        if payment_methods::owner(state, pm_id).is_none() {
            payment_methods::set_customer(state, pm_id, customer);
        }
        payment_methods::mark_set_up(state, pm_id);
    }
    state.payment_intents.insert(intent.clone());
    if spec.capture_method != "manual" {
        events::record(
            state,
            "payment_intent.succeeded",
            intent.clone(),
            ctx.cause(),
        );
    }
}

/// Stores the failed intent and builds Stripe's 402: the card error with the charge, the
/// PaymentMethod and the PaymentIntent (`requires_payment_method`, `last_payment_error`).
fn decline(
    state: &mut State,
    ctx: &Ctx<'_>,
    mut intent: Value,
    pm_id: &str,
    error: ApiError,
) -> ApiError {
    let charge = crate::ids::charge();
    let payment_method = state
        .payment_methods
        .get(pm_id)
        .cloned()
        .unwrap_or(Value::Null);
    let mut last_error = error.fields.clone();
    last_error.insert("charge".into(), json!(charge));
    last_error.insert("payment_method".into(), payment_method.clone());
    set(&mut intent, "status", json!("requires_payment_method"));
    set(&mut intent, "payment_method", Value::Null);
    set(&mut intent, "latest_charge", json!(charge));
    set(&mut intent, "last_payment_error", Value::Object(last_error));
    state.payment_intents.insert(intent.clone());
    events::record(
        state,
        "payment_intent.payment_failed",
        intent.clone(),
        ctx.cause(),
    );
    error
        .with("charge", json!(charge))
        .with("payment_method", payment_method)
        .with("payment_intent", intent)
}

/// Creates the succeeded PaymentIntent of a completed payment-mode Checkout Session.
pub fn create_for_checkout(
    state: &mut State,
    ctx: &Ctx<'_>,
    spec: &IntentSpec<'_>,
    pm_id: &str,
) -> String {
    let id = crate::ids::payment_intent();
    let mut intent = new_intent(ctx, spec, &id);
    set(&mut intent, "payment_method", json!(pm_id));
    succeed(state, ctx, &mut intent, spec, pm_id);
    id
}

static CANCEL: params::Fields = &[("cancellation_reason", Shape::Str), EXPAND];

/// The statuses Stripe lets a PaymentIntent be canceled from.
const CANCELABLE: [&str; 5] = [
    "requires_payment_method",
    "requires_capture",
    "requires_confirmation",
    "requires_action",
    "processing",
];

/// `POST /v1/payment_intents/{id}/cancel`: a PaymentIntent that has not succeeded (a declined
/// off-session charge, say) is closed for good, with `payment_intent.canceled`.
pub fn cancel(
    state: &mut State,
    ctx: &Ctx<'_>,
    id: &str,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    params::check(p, CANCEL)?;
    let expand = params::expand(p);
    expand::validate(Kind::PaymentIntent, &expand)?;
    let reason = one_of(
        p,
        "cancellation_reason",
        &[
            "abandoned",
            "duplicate",
            "fraudulent",
            "requested_by_customer",
        ],
    )?;
    let mut intent = state
        .payment_intents
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payment_intent", id, "intent", 404))?;
    let status = intent["status"].as_str().unwrap_or_default().to_owned();
    if !CANCELABLE.contains(&status.as_str()) {
        return Err(ApiError::invalid(format!(
            "You cannot cancel this PaymentIntent because it has a status of {status}. Only a PaymentIntent with one of the following statuses may be canceled: {}.",
            CANCELABLE.join(", ")
        ))
        .code("payment_intent_unexpected_state"));
    }
    set(&mut intent, "status", json!("canceled"));
    set(&mut intent, "canceled_at", json!(ctx.now));
    set(&mut intent, "cancellation_reason", json!(reason));
    state.payment_intents.insert(intent.clone());
    events::record(
        state,
        "payment_intent.canceled",
        intent.clone(),
        ctx.cause(),
    );
    Ok(expand::apply(state, Kind::PaymentIntent, intent, &expand))
}

/// `GET /v1/payment_intents/{id}`.
pub fn retrieve(state: &State, id: &str, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, params::EXPAND_ONLY)?;
    let expand = params::expand(p);
    expand::validate(Kind::PaymentIntent, &expand)?;
    let intent = state
        .payment_intents
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("payment_intent", id, "id", 404))?;
    Ok(expand::apply(state, Kind::PaymentIntent, intent, &expand))
}
