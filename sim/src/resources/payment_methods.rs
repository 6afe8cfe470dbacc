//! `GET /v1/payment_methods/{id}`, `POST /v1/payment_methods/{id}/attach`,
//! `POST /v1/payment_methods/{id}/detach`, `GET /v1/customers/{id}/payment_methods`, and the
//! test-card tokens (`pm_card_visa`, …): using a token anywhere creates a fresh `pm_…` that
//! remembers which test card it came from.

use serde_json::{json, Map, Value};

use super::{build, Ctx, PAYMENT_METHOD};
use crate::errors::ApiError;
use crate::events;
use crate::expand::{self, Kind};
use crate::params::{self, Shape, EXPAND};
use crate::state::{set, PaymentMethodInfo, State};
use crate::testcards::TestCard;

static ATTACH: params::Fields = &[("customer", Shape::Str), EXPAND];

/// `GET /v1/customers/{customer}/payment_methods`: the query parameters of the spec.
static LIST: params::Fields = &[
    ("allow_redisplay", Shape::Str),
    ("ending_before", Shape::Str),
    EXPAND,
    ("limit", Shape::Int),
    ("starting_after", Shape::Str),
    ("type", Shape::Str),
];

/// The `type` filter's values in the spec (`GetCustomersCustomerPaymentMethods`).
const TYPES: &[&str] = &[
    "acss_debit",
    "affirm",
    "afterpay_clearpay",
    "alipay",
    "alma",
    "amazon_pay",
    "au_becs_debit",
    "bacs_debit",
    "bancontact",
    "billie",
    "bizum",
    "blik",
    "boleto",
    "card",
    "cashapp",
    "crypto",
    "custom",
    "customer_balance",
    "eps",
    "fpx",
    "giropay",
    "grabpay",
    "ideal",
    "kakao_pay",
    "klarna",
    "konbini",
    "kr_card",
    "link",
    "mb_way",
    "mobilepay",
    "multibanco",
    "naver_pay",
    "nz_bank_account",
    "oxxo",
    "p24",
    "pay_by_bank",
    "payco",
    "paynow",
    "paypal",
    "payto",
    "pix",
    "promptpay",
    "revolut_pay",
    "samsung_pay",
    "satispay",
    "scalapay",
    "sepa_debit",
    "sofort",
    "sunbit",
    "swish",
    "twint",
    "upi",
    "us_bank_account",
    "wechat_pay",
    "zip",
];

/// `allow_redisplay` values.
const REDISPLAY: &[&str] = &["always", "limited", "unspecified"];

/// Stripe's page size bounds for list endpoints.
const LIMIT_DEFAULT: i64 = 10;
const LIMIT_MAX: i64 = 100;

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

/// Stripe's refusal to attach a PaymentMethod again once it was detached.
pub fn detached_error() -> ApiError {
    ApiError::invalid(
        "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.",
    )
}

/// Whether `pm` was detached (such a PaymentMethod can no longer be used or re-attached).
pub fn is_detached(pm: &PmRef) -> bool {
    matches!(pm, PmRef::Existing(_, info) if info.detached)
}

/// Whether `pm` may be attached to `customer` (`None`: a customer about to be created).
pub fn check_attachable(state: &State, pm: &PmRef, customer: Option<&str>) -> Result<(), ApiError> {
    if is_detached(pm) {
        return Err(detached_error());
    }
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
            detached: false,
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

/// `POST /v1/payment_methods/{id}/detach`: `customer` becomes `null`, and the customer's
/// `invoice_settings.default_payment_method` is cleared if it was this one. Announces
/// `payment_method.detached` (and `customer.updated` when the default was cleared).
pub fn detach(
    state: &mut State,
    ctx: &Ctx<'_>,
    id: &str,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    params::check(p, params::EXPAND_ONLY)?;
    let expand = params::expand(p);
    expand::validate(Kind::PaymentMethod, &expand)?;
    // A token names no stored PaymentMethod, so it can never be attached: Stripe's 400 below.
    let customer = match resolve(state, id, "id", 404)? {
        PmRef::Existing(pm_id, _) => owner(state, &pm_id),
        PmRef::Token(_) => None,
    };
    let Some(customer) = customer else {
        return Err(ApiError::invalid(
            "The payment method you provided is not attached to a customer so detachment is impossible.",
        ));
    };
    let mut pm = state.payment_methods.get(id).cloned().unwrap_or_default();
    set(&mut pm, "customer", Value::Null);
    state.payment_methods.insert(pm.clone());
    if let Some(info) = state.pm_info.get_mut(id) {
        info.detached = true;
    }
    events::record_change(
        state,
        "payment_method.detached",
        pm.clone(),
        Some(json!({"customer": customer})),
        ctx.cause(),
    );
    super::customers::forget_default_payment_method(state, ctx, &customer, id);
    Ok(expand::apply(state, Kind::PaymentMethod, pm, &expand))
}

/// One of `allowed`, or Stripe's 400 naming the parameter.
fn one_of<'a>(
    p: &'a Map<String, Value>,
    name: &str,
    allowed: &[&str],
) -> Result<Option<&'a str>, ApiError> {
    match params::string(p, name) {
        None => Ok(None),
        Some(value) if allowed.contains(&value) => Ok(Some(value)),
        Some(_) => {
            let (last, rest) = allowed.split_last().unwrap_or((&"", &[]));
            Err(ApiError::invalid(format!(
                "Invalid {name}: must be one of {}, or {last}",
                rest.join(", ")
            ))
            .param(name))
        }
    }
}

/// The customer's PaymentMethods, newest first (equal `created`: the later attached first, so
/// the order is deterministic within a second).
fn customer_payment_methods(state: &State, customer: &str) -> Vec<Value> {
    let mut all: Vec<Value> = state
        .payment_methods
        .list()
        .into_iter()
        .rev()
        .filter(|pm| pm["customer"].as_str() == Some(customer))
        .collect();
    // Stable: ties keep the reversed creation order.
    all.sort_by_key(|pm| std::cmp::Reverse(pm["created"].as_i64().unwrap_or(0)));
    all
}

/// `GET /v1/customers/{customer}/payment_methods`: Stripe's list object, newest first, with
/// cursor pagination (`starting_after` / `ending_before`, `limit` 1..=100, default 10) and the
/// `type` and `allow_redisplay` filters.
pub fn list_for_customer(
    state: &State,
    customer: &str,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    params::check(p, LIST)?;
    let expand = expand::validate_list(Kind::PaymentMethod, &params::expand(p))?;
    let limit = params::int(p, "limit")?.unwrap_or(LIMIT_DEFAULT);
    if limit < 1 {
        return Err(
            ApiError::invalid("This value must be greater than or equal to 1.").param("limit"),
        );
    }
    if limit > LIMIT_MAX {
        return Err(ApiError::invalid(format!(
            "This value must be less than or equal to {LIMIT_MAX}."
        ))
        .param("limit"));
    }
    let kind = one_of(p, "type", TYPES)?;
    let redisplay = one_of(p, "allow_redisplay", REDISPLAY)?;
    let starting_after = params::string(p, "starting_after");
    let ending_before = params::string(p, "ending_before");
    if starting_after.is_some() && ending_before.is_some() {
        return Err(ApiError::invalid(
            "You may only specify one of these parameters: ending_before, starting_after.",
        )
        .param("ending_before"));
    }
    if state.customers.get(customer).is_none() {
        return Err(ApiError::no_such("customer", customer, "id", 404));
    }
    let all = customer_payment_methods(state, customer);
    let position = |cursor: &str, param: &str| {
        all.iter()
            .position(|pm| pm["id"].as_str() == Some(cursor))
            .ok_or_else(|| ApiError::no_such("PaymentMethod", cursor, param, 400))
    };
    // The cursor is placed among all of the customer's PaymentMethods, then the filters apply.
    let (window, from_end) = match (starting_after, ending_before) {
        (Some(cursor), _) => (&all[position(cursor, "starting_after")? + 1..], false),
        (_, Some(cursor)) => (&all[..position(cursor, "ending_before")?], true),
        _ => (&all[..], false),
    };
    let matching: Vec<&Value> = window
        .iter()
        .filter(|pm| kind.is_none_or(|k| pm["type"] == k))
        .filter(|pm| redisplay.is_none_or(|r| pm["allow_redisplay"] == r))
        .collect();
    let limit = usize::try_from(limit).unwrap_or(1);
    let has_more = matching.len() > limit;
    // `ending_before` pages backwards: the `limit` items just before the cursor, still newest
    // first; `has_more` then says whether newer ones remain.
    let page = if from_end {
        &matching[matching.len().saturating_sub(limit)..]
    } else {
        &matching[..matching.len().min(limit)]
    };
    let data: Vec<Value> = page
        .iter()
        .map(|pm| expand::apply(state, Kind::PaymentMethod, (*pm).clone(), &expand))
        .collect();
    Ok(json!({
        "object": "list",
        "data": data,
        "has_more": has_more,
        "url": format!("/v1/customers/{customer}/payment_methods"),
    }))
}
