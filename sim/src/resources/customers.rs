//! `POST /v1/customers`, `GET /v1/customers/{id}`, `POST /v1/customers/{id}` (update).

use serde_json::{json, Map, Value};

use super::payment_methods::{self, Billing, PmRef};
use super::{build, Ctx, CUSTOMER};
use crate::errors::ApiError;
use crate::events;
use crate::expand::{self, Kind};
use crate::params::{self, Shape, EXPAND};
use crate::state::{set, State};

const ADDRESS: Shape = Shape::Obj(&[
    ("city", Shape::Str),
    ("country", Shape::Str),
    ("line1", Shape::Str),
    ("line2", Shape::Str),
    ("postal_code", Shape::Str),
    ("state", Shape::Str),
]);

static CREATE: params::Fields = &[
    ("address", ADDRESS),
    ("balance", Shape::Int),
    ("business_name", Shape::Str),
    ("cash_balance", Shape::Any),
    ("coupon", Shape::Str),
    ("description", Shape::Str),
    ("email", Shape::Str),
    EXPAND,
    ("individual_name", Shape::Str),
    ("invoice_prefix", Shape::Str),
    (
        "invoice_settings",
        Shape::Obj(&[
            ("custom_fields", Shape::Any),
            ("default_payment_method", Shape::Str),
            ("footer", Shape::Str),
            ("rendering_options", Shape::Any),
        ]),
    ),
    ("metadata", Shape::Meta),
    ("name", Shape::Str),
    ("next_invoice_sequence", Shape::Int),
    ("payment_method", Shape::Str),
    ("phone", Shape::Str),
    ("preferred_locales", Shape::List(&Shape::Str)),
    ("promotion_code", Shape::Str),
    (
        "shipping",
        Shape::Obj(&[
            ("address", ADDRESS),
            ("name", Shape::Str),
            ("phone", Shape::Str),
        ]),
    ),
    ("source", Shape::Str),
    ("tax", Shape::Any),
    ("tax_exempt", Shape::Str),
    ("tax_id_data", Shape::Any),
    ("test_clock", Shape::Str),
];

const SHIPPING: Shape = Shape::Obj(&[
    ("address", ADDRESS),
    ("name", Shape::Str),
    ("phone", Shape::Str),
]);

/// The update's parameters, as the spec lists them (`PostCustomersCustomer`): no
/// `payment_method`, `test_clock` or `tax_id_data`, which only a create takes.
static UPDATE: params::Fields = &[
    ("address", ADDRESS),
    ("balance", Shape::Int),
    ("bank_account", Shape::Any),
    ("business_name", Shape::Str),
    ("card", Shape::Any),
    ("cash_balance", Shape::Any),
    ("default_alipay_account", Shape::Str),
    ("default_bank_account", Shape::Str),
    ("default_card", Shape::Str),
    ("default_source", Shape::Str),
    ("description", Shape::Str),
    ("email", Shape::Str),
    EXPAND,
    ("individual_name", Shape::Str),
    ("invoice_prefix", Shape::Str),
    (
        "invoice_settings",
        Shape::Obj(&[
            ("custom_fields", Shape::Any),
            ("default_payment_method", Shape::Str),
            ("footer", Shape::Str),
            ("rendering_options", Shape::Any),
        ]),
    ),
    ("metadata", Shape::Meta),
    ("name", Shape::Str),
    ("next_invoice_sequence", Shape::Int),
    ("phone", Shape::Str),
    ("preferred_locales", Shape::List(&Shape::Str)),
    ("shipping", SHIPPING),
    ("source", Shape::Str),
    ("tax", Shape::Any),
    ("tax_exempt", Shape::Str),
];

/// A plausible email: something@something, no spaces.
fn valid_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !email.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// `email`, when given and not empty, checked as Stripe checks it.
fn email(p: &Map<String, Value>) -> Result<Option<&str>, ApiError> {
    match non_empty(p, "email") {
        Some(email) if !valid_email(email) => {
            Err(ApiError::invalid(format!("Invalid email address: {email}"))
                .param("email")
                .code("email_invalid"))
        }
        other => Ok(other),
    }
}

/// `tax_exempt`, when given and not empty.
fn tax_exempt(p: &Map<String, Value>) -> Result<Option<&str>, ApiError> {
    match non_empty(p, "tax_exempt") {
        Some(value) if !["none", "exempt", "reverse"].contains(&value) => Err(ApiError::invalid(
            "Invalid tax_exempt: must be one of none, exempt, or reverse",
        )
        .param("tax_exempt")),
        other => Ok(other),
    }
}

fn address(value: Option<&Value>) -> Value {
    match value {
        Some(Value::Object(given)) => {
            let mut address = Map::new();
            for key in ["city", "country", "line1", "line2", "postal_code", "state"] {
                address.insert(key.into(), given.get(key).cloned().unwrap_or(Value::Null));
            }
            Value::Object(address)
        }
        _ => Value::Null,
    }
}

fn shipping(value: Option<&Value>) -> Value {
    match value {
        Some(Value::Object(s)) => json!({
            "address": address(s.get("address")),
            "name": s.get("name"),
            "phone": s.get("phone"),
        }),
        _ => Value::Null,
    }
}

fn non_empty<'a>(p: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params::string(p, name).filter(|s| !s.is_empty())
}

/// `POST /v1/customers`.
pub fn create(state: &mut State, ctx: &Ctx<'_>, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, CREATE)?;
    let expand = params::expand(p);
    expand::validate(Kind::Customer, &expand)?;
    let email = email(p)?;
    let tax_exempt = tax_exempt(p)?.unwrap_or("none");
    let balance = params::int(p, "balance")?.unwrap_or(0);
    let next_invoice_sequence = params::int(p, "next_invoice_sequence")?.unwrap_or(1);
    let invoice_settings = p.get("invoice_settings");
    let default_pm = invoice_settings
        .and_then(|s| s.get("default_payment_method"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty());
    // Validate the payment method before creating anything (a declining card is a 402 and no
    // customer, as in Stripe).
    let payment_method = match non_empty(p, "payment_method") {
        Some(given) => {
            let pm = payment_methods::resolve(state, given, "payment_method", 400)?;
            payment_methods::check_attachable(state, &pm, None)?;
            Some(pm)
        }
        None => None,
    };
    if let Some(default_pm) = default_pm {
        let same = matches!(&payment_method, Some(PmRef::Existing(id, _)) if id == default_pm);
        if !same {
            return Err(ApiError::invalid(format!(
                "The customer does not have a payment method with the ID {default_pm}. The payment method must be attached to the customer."
            ))
            .param("invoice_settings[default_payment_method]"));
        }
    }
    let id = crate::ids::customer();
    let pm_id = payment_method.map(|pm| pm.commit(state, ctx, Billing::default()));
    let locales = p
        .get("preferred_locales")
        .filter(|v| v.is_array())
        .cloned()
        .unwrap_or(json!([]));
    let shipping = shipping(p.get("shipping"));
    let customer = build(
        &CUSTOMER,
        json!({
            "id": id,
            "created": ctx.now,
            "address": address(p.get("address")),
            "balance": balance,
            "description": non_empty(p, "description"),
            "email": email,
            "invoice_prefix": non_empty(p, "invoice_prefix").map_or_else(crate::ids::invoice_prefix, str::to_string),
            "invoice_settings": {
                "custom_fields": null,
                "default_payment_method": default_pm,
                "footer": invoice_settings.and_then(|s| s.get("footer")),
                "rendering_options": null,
            },
            "metadata": params::metadata(p),
            "name": non_empty(p, "name"),
            "next_invoice_sequence": next_invoice_sequence,
            "phone": non_empty(p, "phone"),
            "preferred_locales": locales,
            "shipping": shipping,
            "tax_exempt": tax_exempt,
        }),
    );
    state.customers.insert(customer.clone());
    if let Some(pm_id) = pm_id {
        payment_methods::set_customer(state, &pm_id, &id);
    }
    Ok(expand::apply(state, Kind::Customer, customer, &expand))
}

/// `GET /v1/customers/{id}`.
pub fn retrieve(state: &State, id: &str, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, params::EXPAND_ONLY)?;
    let expand = params::expand(p);
    expand::validate(Kind::Customer, &expand)?;
    let customer = state
        .customers
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("customer", id, "id", 404))?;
    Ok(expand::apply(state, Kind::Customer, customer, &expand))
}

/// A customer's email and name (for Checkout's `customer_details`).
pub fn contact(state: &State, id: &str) -> (Option<String>, Option<String>) {
    let Some(customer) = state.customers.get(id) else {
        return (None, None);
    };
    let text = |key: &str| customer[key].as_str().map(str::to_string);
    (text("email"), text("name"))
}

/// The message Stripe gives when `invoice_settings[default_payment_method]` names a
/// PaymentMethod that is not attached to the customer.
fn not_the_customers(pm: &str) -> ApiError {
    ApiError::invalid(format!(
        "The customer does not have a payment method with the ID {pm}. The payment method must be attached to the customer."
    ))
    .param("invoice_settings[default_payment_method]")
}

/// What changed between two versions of an object, as `previous_attributes`: the old values
/// of changed fields; within objects on both sides only the changed keys (a key that is new
/// was `null`).
fn previous_attributes(old: &Value, new: &Value) -> Map<String, Value> {
    let mut previous = Map::new();
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else {
        return previous;
    };
    for (key, after) in new {
        let before = old.get(key).unwrap_or(&Value::Null);
        if before == after {
            continue;
        }
        let value = match (before, after) {
            (Value::Object(_), Value::Object(_)) => {
                Value::Object(previous_attributes(before, after))
            }
            _ => before.clone(),
        };
        previous.insert(key.clone(), value);
    }
    for (key, before) in old {
        if !new.contains_key(key) {
            previous.insert(key.clone(), before.clone());
        }
    }
    previous
}

/// Stores `updated` and announces `customer.updated` if anything changed.
fn save(state: &mut State, ctx: &Ctx<'_>, old: &Value, updated: Value) {
    let previous = previous_attributes(old, &updated);
    state.customers.insert(updated.clone());
    if !previous.is_empty() {
        events::record_change(
            state,
            "customer.updated",
            updated,
            Some(Value::Object(previous)),
            ctx.cause(),
        );
    }
}

/// Clears the customer's `invoice_settings.default_payment_method` if it is `pm_id` (after a
/// detach, as Stripe does).
pub fn forget_default_payment_method(
    state: &mut State,
    ctx: &Ctx<'_>,
    customer: &str,
    pm_id: &str,
) {
    let Some(old) = state.customers.get(customer).cloned() else {
        return;
    };
    if old["invoice_settings"]["default_payment_method"].as_str() != Some(pm_id) {
        return;
    }
    let mut updated = old.clone();
    if let Some(settings) = updated.get_mut("invoice_settings") {
        set(settings, "default_payment_method", Value::Null);
    }
    save(state, ctx, &old, updated);
}

/// Sets `customer[key]` from a string parameter: `""` unsets it (`null`), as Stripe does.
fn set_text(customer: &mut Value, p: &Map<String, Value>, key: &str) {
    if let Some(value) = params::string(p, key) {
        let value = if value.is_empty() {
            Value::Null
        } else {
            json!(value)
        };
        set(customer, key, value);
    }
}

/// `POST /v1/customers/{id}`: the given fields replace the stored ones (`""` unsets a field;
/// `address` and `shipping` are replaced whole), `metadata` is merged (a key set to `""` is
/// removed; `metadata=""` clears), `invoice_settings` is merged field by field and its
/// `default_payment_method` must be attached to this customer (`""` clears it). Announces
/// `customer.updated` with `previous_attributes` when something changed.
pub fn update(
    state: &mut State,
    ctx: &Ctx<'_>,
    id: &str,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    params::check(p, UPDATE)?;
    let expand = params::expand(p);
    expand::validate(Kind::Customer, &expand)?;
    let old = state
        .customers
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("customer", id, "id", 404))?;
    let email = email(p)?;
    let tax_exempt = tax_exempt(p)?;
    let balance = params::int(p, "balance")?;
    let next_invoice_sequence = params::int(p, "next_invoice_sequence")?;
    // Sources and cards are not simulated, so no id given here can name one.
    for name in [
        "default_alipay_account",
        "default_bank_account",
        "default_card",
        "default_source",
    ] {
        if let Some(source) = non_empty(p, name) {
            return Err(ApiError::no_such("source", source, name, 400));
        }
    }
    if let Some(Value::Object(shipping)) = p.get("shipping") {
        for required in ["name", "address"] {
            if !shipping.contains_key(required) {
                return Err(ApiError::missing_param(&format!("shipping[{required}]")));
            }
        }
    }
    let settings = p.get("invoice_settings").and_then(Value::as_object);
    let default_pm = settings
        .and_then(|s| s.get("default_payment_method"))
        .and_then(Value::as_str);
    if let Some(pm) = default_pm.filter(|pm| !pm.is_empty()) {
        let attached = match payment_methods::resolve(
            state,
            pm,
            "invoice_settings[default_payment_method]",
            400,
        )? {
            PmRef::Existing(pm_id, _) => {
                payment_methods::owner(state, &pm_id).as_deref() == Some(id)
            }
            // A token would make a new PaymentMethod, attached to nobody.
            PmRef::Token(_) => false,
        };
        if !attached {
            return Err(not_the_customers(pm));
        }
    }

    // Everything is valid: from here on the update applies.
    let mut customer = old.clone();
    if p.contains_key("email") {
        set(&mut customer, "email", json!(email));
    }
    for key in ["description", "name", "phone"] {
        set_text(&mut customer, p, key);
    }
    if let Some(prefix) = non_empty(p, "invoice_prefix") {
        set(&mut customer, "invoice_prefix", json!(prefix));
    }
    if p.contains_key("address") {
        set(&mut customer, "address", address(p.get("address")));
    }
    if p.contains_key("shipping") {
        set(&mut customer, "shipping", shipping(p.get("shipping")));
    }
    if let Some(balance) = balance {
        set(&mut customer, "balance", json!(balance));
    }
    if let Some(next) = next_invoice_sequence {
        set(&mut customer, "next_invoice_sequence", json!(next));
    }
    if p.contains_key("tax_exempt") {
        set(
            &mut customer,
            "tax_exempt",
            json!(tax_exempt.unwrap_or("none")),
        );
    }
    if let Some(locales) = p.get("preferred_locales") {
        let locales = if locales.is_array() {
            locales.clone()
        } else {
            json!([])
        };
        set(&mut customer, "preferred_locales", locales);
    }
    if let Some(metadata) = params::merge_metadata(&customer["metadata"], p) {
        set(&mut customer, "metadata", metadata);
    }
    if let (Some(settings), Some(stored)) = (settings, customer.get_mut("invoice_settings")) {
        for key in ["default_payment_method", "footer"] {
            if let Some(value) = settings.get(key).and_then(Value::as_str) {
                let value = if value.is_empty() {
                    Value::Null
                } else {
                    json!(value)
                };
                set(stored, key, value);
            }
        }
    }
    save(state, ctx, &old, customer.clone());
    Ok(expand::apply(state, Kind::Customer, customer, &expand))
}
