//! `POST /v1/customers`, `GET /v1/customers/{id}`.

use serde_json::{json, Map, Value};

use super::payment_methods::{self, Billing, PmRef};
use super::{build, Ctx, CUSTOMER};
use crate::errors::ApiError;
use crate::expand::{self, Kind};
use crate::params::{self, Shape, EXPAND};
use crate::state::State;

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

/// A plausible email: something@something, no spaces.
fn valid_email(email: &str) -> bool {
    match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty() && !domain.is_empty() && !email.contains(char::is_whitespace)
        }
        None => false,
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

fn non_empty<'a>(p: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params::string(p, name).filter(|s| !s.is_empty())
}

/// `POST /v1/customers`.
pub fn create(state: &mut State, ctx: &Ctx<'_>, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, CREATE)?;
    let expand = params::expand(p);
    expand::validate(Kind::Customer, &expand)?;
    let email = non_empty(p, "email");
    if let Some(email) = email {
        if !valid_email(email) {
            return Err(ApiError::invalid(format!("Invalid email address: {email}"))
                .param("email")
                .code("email_invalid"));
        }
    }
    let tax_exempt = non_empty(p, "tax_exempt").unwrap_or("none");
    if !["none", "exempt", "reverse"].contains(&tax_exempt) {
        return Err(ApiError::invalid(
            "Invalid tax_exempt: must be one of none, exempt, or reverse",
        )
        .param("tax_exempt"));
    }
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
    let shipping = match p.get("shipping") {
        Some(Value::Object(s)) => json!({
            "address": address(s.get("address")),
            "name": s.get("name"),
            "phone": s.get("phone"),
        }),
        _ => Value::Null,
    };
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
