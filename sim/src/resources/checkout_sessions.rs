//! `POST /v1/checkout/sessions`, `GET /v1/checkout/sessions/{id}`,
//! `POST /v1/checkout/sessions/{id}/expire`, and [`complete`]: what happens when the customer
//! fills in the hosted page (driven by the control surface).

use serde_json::{json, Map, Value};

use super::payment_intents::{self, IntentSpec};
use super::payment_methods::{self, Billing};
use super::{build, customers, setup_intents, Ctx, CHECKOUT_SESSION};
use crate::errors::ApiError;
use crate::events::{self, Cause};
use crate::expand::{self, Kind};
use crate::money;
use crate::params::{self, Shape, EXPAND};
use crate::state::{set, SessionInfo, State};
use crate::testcards::Charge;

const PRODUCT_DATA: Shape = Shape::Obj(&[
    ("description", Shape::Str),
    ("images", Shape::List(&Shape::Str)),
    ("metadata", Shape::Meta),
    ("name", Shape::Str),
    ("tax_code", Shape::Str),
    ("tax_details", Shape::Any),
    ("unit_label", Shape::Str),
]);

const PRICE_DATA: Shape = Shape::Obj(&[
    ("currency", Shape::Str),
    ("product", Shape::Str),
    ("product_data", PRODUCT_DATA),
    ("recurring", Shape::Any),
    ("tax_behavior", Shape::Str),
    ("unit_amount", Shape::Int),
    ("unit_amount_decimal", Shape::Str),
]);

const LINE_ITEM: Shape = Shape::Obj(&[
    ("adjustable_quantity", Shape::Any),
    ("dynamic_tax_rates", Shape::Any),
    ("metadata", Shape::Meta),
    ("price", Shape::Str),
    ("price_data", PRICE_DATA),
    ("quantity", Shape::Int),
    ("tax_rates", Shape::Any),
]);

// The 2023-08-16 parameter list plus the ones the current spec added.
static CREATE: params::Fields = &[
    ("adaptive_pricing", Shape::Any),
    ("after_expiration", Shape::Any),
    ("allow_promotion_codes", Shape::Bool),
    ("allowed_payment_method_types", Shape::Any),
    ("automatic_tax", Shape::Any),
    ("billing_address_collection", Shape::Str),
    ("branding_settings", Shape::Any),
    ("cancel_url", Shape::Str),
    ("client_reference_id", Shape::Str),
    ("consent_collection", Shape::Any),
    ("currency", Shape::Str),
    ("custom_fields", Shape::Any),
    ("custom_text", Shape::Any),
    ("customer", Shape::Str),
    ("customer_account", Shape::Str),
    ("customer_creation", Shape::Str),
    ("customer_email", Shape::Str),
    ("customer_update", Shape::Any),
    ("discounts", Shape::Any),
    ("excluded_payment_method_types", Shape::Any),
    EXPAND,
    ("expires_at", Shape::Int),
    ("integration_identifier", Shape::Str),
    ("invoice_creation", Shape::Any),
    ("line_items", Shape::List(&LINE_ITEM)),
    ("locale", Shape::Str),
    ("managed_payments", Shape::Any),
    ("metadata", Shape::Meta),
    ("mode", Shape::Str),
    ("name_collection", Shape::Any),
    ("optional_items", Shape::Any),
    ("origin_context", Shape::Str),
    (
        "payment_intent_data",
        Shape::Obj(&[
            ("application_fee_amount", Shape::Int),
            ("capture_method", Shape::Str),
            ("description", Shape::Str),
            ("metadata", Shape::Meta),
            ("on_behalf_of", Shape::Str),
            ("receipt_email", Shape::Str),
            ("setup_future_usage", Shape::Str),
            ("shipping", Shape::Any),
            ("statement_descriptor", Shape::Str),
            ("statement_descriptor_suffix", Shape::Str),
            ("transfer_data", Shape::Any),
            ("transfer_group", Shape::Str),
        ]),
    ),
    ("payment_method_collection", Shape::Str),
    ("payment_method_configuration", Shape::Str),
    ("payment_method_data", Shape::Any),
    ("payment_method_options", Shape::Any),
    ("payment_method_types", Shape::List(&Shape::Str)),
    ("permissions", Shape::Any),
    ("phone_number_collection", Shape::Any),
    ("redirect_on_completion", Shape::Str),
    ("return_url", Shape::Str),
    ("saved_payment_method_options", Shape::Any),
    (
        "setup_intent_data",
        Shape::Obj(&[
            ("description", Shape::Str),
            ("metadata", Shape::Meta),
            ("on_behalf_of", Shape::Str),
        ]),
    ),
    ("shipping_address_collection", Shape::Any),
    ("shipping_options", Shape::Any),
    ("submit_type", Shape::Str),
    ("subscription_data", Shape::Any),
    ("success_url", Shape::Str),
    ("tax_id_collection", Shape::Any),
    ("ui_mode", Shape::Str),
    ("wallet_options", Shape::Any),
];

const MAX_LINE_ITEMS: usize = 100;

fn non_empty<'a>(p: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params::string(p, name).filter(|s| !s.is_empty())
}

fn check_url(p: &Map<String, Value>, name: &str) -> Result<(), ApiError> {
    match params::string(p, name) {
        Some(url) if !(url.starts_with("http://") || url.starts_with("https://")) => {
            Err(ApiError::invalid("Not a valid URL")
                .param(name)
                .code("url_invalid"))
        }
        _ => Ok(()),
    }
}

/// Every `ui_mode` of the current API (2026-03-25.dahlia renamed `hosted`, `embedded` and
/// `custom`; the old names are refused like any other unknown value).
const UI_MODES: &[&str] = &["elements", "embedded_page", "form", "hosted_page"];

/// Where the customer finishes, by `ui_mode`, and the URLs that go with it.
struct Ui<'a> {
    mode: &'a str,
    /// `hosted_page`: the page to send the customer to afterwards.
    success_url: Option<&'a str>,
    /// `embedded_page`: where the page redirects after completion (absent with `never`).
    return_url: Option<&'a str>,
    /// `embedded_page`: `always`, `if_required` or `never`.
    redirect_on_completion: Option<&'a str>,
}

/// 400 for parameters that belong to another `ui_mode`, in Stripe's words.
fn not_supported_with(ui_mode: &str, present: &[&str]) -> ApiError {
    ApiError::invalid(format!(
        "The following parameters are not supported with 'ui_mode: {ui_mode}': {}.",
        present.join(", ")
    ))
    .param(present[0])
}

/// Checks `ui_mode` and the redirect parameters that depend on it.
fn ui_mode(p: &Map<String, Value>) -> Result<Ui<'_>, ApiError> {
    let mode = non_empty(p, "ui_mode").unwrap_or("hosted_page");
    if !UI_MODES.contains(&mode) {
        return Err(ApiError::invalid(
            "Invalid ui_mode: must be one of elements, embedded_page, form, or hosted_page",
        )
        .param("ui_mode"));
    }
    let present = |names: &[&'static str]| -> Vec<&'static str> {
        names
            .iter()
            .copied()
            .filter(|n| p.contains_key(*n))
            .collect()
    };
    match mode {
        "hosted_page" => {
            let foreign = present(&["redirect_on_completion", "return_url"]);
            if !foreign.is_empty() {
                return Err(not_supported_with(mode, &foreign));
            }
            let success_url = non_empty(p, "success_url")
                .ok_or_else(|| ApiError::missing_param("success_url"))?;
            check_url(p, "success_url")?;
            check_url(p, "cancel_url")?;
            Ok(Ui {
                mode,
                success_url: Some(success_url),
                return_url: None,
                redirect_on_completion: None,
            })
        }
        "embedded_page" => {
            let foreign = present(&["cancel_url", "success_url"]);
            if !foreign.is_empty() {
                return Err(not_supported_with(mode, &foreign));
            }
            let redirect = match non_empty(p, "redirect_on_completion") {
                None => "always",
                Some(value @ ("always" | "if_required" | "never")) => value,
                Some(_) => {
                    return Err(ApiError::invalid(
                        "Invalid redirect_on_completion: must be one of always, if_required, or never",
                    )
                    .param("redirect_on_completion"))
                }
            };
            let return_url = non_empty(p, "return_url");
            match (redirect, return_url) {
                ("never", Some(_)) => {
                    return Err(ApiError::invalid(
                        "You cannot pass `return_url` when `redirect_on_completion` is `never`.",
                    )
                    .param("return_url"))
                }
                ("never", None) => {}
                (_, None) => return Err(ApiError::missing_param("return_url")),
                (_, Some(_)) => check_url(p, "return_url")?,
            }
            Ok(Ui {
                mode,
                success_url: None,
                return_url,
                redirect_on_completion: Some(redirect),
            })
        }
        _ => Err(ApiError::invalid(format!(
            "offsession-sim simulates `ui_mode=hosted_page` and `ui_mode=embedded_page`; `ui_mode={mode}` is not supported."
        ))
        .param("ui_mode")),
    }
}

/// Validated line items: the list entries and their currency and total.
struct Items {
    entries: Vec<Value>,
    currency: String,
    total: i64,
}

fn item_int(item: &Value, path: &[&str]) -> Option<i64> {
    params::at(item, path)
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
}

fn line_items(p: &Map<String, Value>, now: i64) -> Result<Items, ApiError> {
    let items = match p.get("line_items") {
        Some(Value::Array(items)) if !items.is_empty() => items,
        _ => {
            return Err(ApiError::invalid(
                "You must provide `line_items` when using `payment` mode.",
            )
            .param("line_items"))
        }
    };
    if items.len() > MAX_LINE_ITEMS {
        return Err(ApiError::invalid(format!(
            "You may only specify up to {MAX_LINE_ITEMS} line items in `payment` mode."
        ))
        .param("line_items"));
    }
    let mut entries = Vec::new();
    let mut currency: Option<String> = None;
    let mut total: i64 = 0;
    for (i, item) in items.iter().enumerate() {
        let base = format!("line_items[{i}]");
        if let Some(price) = item.get("price").and_then(Value::as_str) {
            return Err(ApiError::no_such(
                "price",
                price,
                &format!("{base}[price]"),
                400,
            ));
        }
        let Some(price_data) = item.get("price_data").filter(|v| v.is_object()) else {
            return Err(ApiError::invalid(format!(
                "You must specify either `price` or `price_data` in `{base}`."
            ))
            .param(&base));
        };
        let pd = format!("{base}[price_data]");
        let item_currency = price_data
            .get("currency")
            .and_then(Value::as_str)
            .filter(|c| !c.is_empty())
            .ok_or_else(|| ApiError::missing_param(&format!("{pd}[currency]")))?;
        if !params::is_currency(item_currency) {
            return Err(params::invalid_currency(
                item_currency,
                &format!("{pd}[currency]"),
            ));
        }
        if let Some(product) = price_data.get("product").and_then(Value::as_str) {
            return Err(ApiError::no_such(
                "product",
                product,
                &format!("{pd}[product]"),
                400,
            ));
        }
        let name = params::at(price_data, &["product_data", "name"])
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .ok_or_else(|| ApiError::missing_param(&format!("{pd}[product_data][name]")))?;
        if price_data.get("recurring").is_some() {
            return Err(ApiError::invalid(
                "You must be in `subscription` mode to use recurring prices.",
            )
            .param(&format!("{pd}[recurring]")));
        }
        let unit_amount = match (
            price_data.get("unit_amount"),
            price_data
                .get("unit_amount_decimal")
                .and_then(Value::as_str),
        ) {
            (Some(_), _) => item_int(price_data, &["unit_amount"]),
            (None, Some(decimal)) => decimal
                .strip_suffix(".0")
                .unwrap_or(decimal)
                .parse()
                .ok()
                .or(Some(-1)),
            (None, None) => None,
        }
        .ok_or_else(|| ApiError::missing_param(&format!("{pd}[unit_amount]")))?;
        if unit_amount < 1 {
            return Err(
                ApiError::invalid("This value must be greater than or equal to 1.")
                    .param(&format!("{pd}[unit_amount]")),
            );
        }
        let quantity = match item.get("quantity") {
            None => return Err(ApiError::missing_param(&format!("{base}[quantity]"))),
            Some(_) => item_int(item, &["quantity"]).unwrap_or(0),
        };
        if quantity < 1 {
            return Err(
                ApiError::invalid("This value must be greater than or equal to 1.")
                    .param(&format!("{base}[quantity]")),
            );
        }
        match &currency {
            None => currency = Some(item_currency.to_string()),
            Some(first) if first != item_currency => {
                return Err(ApiError::invalid(format!(
                    "Line items must all use the same currency: `{pd}[currency]` is `{item_currency}`, but `line_items[0]` uses `{first}`."
                ))
                .param(&format!("{pd}[currency]")))
            }
            Some(_) => {}
        }
        let amount = unit_amount
            .checked_mul(quantity)
            .filter(|a| *a <= money::MAX_AMOUNT)
            .ok_or_else(|| {
                ApiError::invalid("The line item's total amount is too large.")
                    .param(&base)
                    .code("amount_too_large")
            })?;
        total = total.saturating_add(amount);
        entries.push(json!({
            "id": crate::ids::random("li_1", 23),
            "object": "item",
            "amount_discount": 0,
            "amount_subtotal": amount,
            "amount_tax": 0,
            "amount_total": amount,
            "currency": item_currency,
            "description": name,
            "price": {
                "id": crate::ids::random("price_1", 23),
                "object": "price",
                "active": false,
                "billing_scheme": "per_unit",
                "created": now,
                "currency": item_currency,
                "custom_unit_amount": null,
                "livemode": false,
                "lookup_key": null,
                "metadata": {},
                "nickname": null,
                "product": crate::ids::random("prod_", 14),
                "recurring": null,
                "tax_behavior": "unspecified",
                "tiers_mode": null,
                "transform_quantity": null,
                "type": "one_time",
                "unit_amount": unit_amount,
                "unit_amount_decimal": unit_amount.to_string(),
            },
            "quantity": quantity,
        }));
    }
    Ok(Items {
        entries,
        currency: currency.unwrap_or_default(),
        total,
    })
}

/// `POST /v1/checkout/sessions`.
pub fn create(state: &mut State, ctx: &Ctx<'_>, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, CREATE)?;
    let expand = params::expand(p);
    expand::validate(Kind::CheckoutSession, &expand)?;
    let mode = non_empty(p, "mode").ok_or_else(|| ApiError::missing_param("mode"))?;
    match mode {
        "setup" | "payment" => {}
        "subscription" => {
            return Err(ApiError::invalid(
                "offsession-sim does not simulate `mode=subscription`; use `payment` or `setup`.",
            )
            .param("mode"))
        }
        _ => {
            return Err(ApiError::invalid(
                "Invalid mode: must be one of payment, setup, or subscription",
            )
            .param("mode"))
        }
    }
    let ui = ui_mode(p)?;
    let customer = non_empty(p, "customer");
    let customer_email = non_empty(p, "customer_email");
    if customer.is_some() && customer_email.is_some() {
        return Err(ApiError::invalid(
            "You may only specify one of these parameters: customer, customer_email.",
        )
        .param("customer_email"));
    }
    if let Some(customer) = customer {
        if state.customers.get(customer).is_none() {
            return Err(ApiError::no_such("customer", customer, "customer", 400));
        }
    }
    let currency = non_empty(p, "currency");
    if let Some(currency) = currency {
        if !params::is_currency(currency) {
            return Err(params::invalid_currency(currency, "currency"));
        }
    }
    let customer_creation = match non_empty(p, "customer_creation") {
        Some(value @ ("always" | "if_required")) => Some(value),
        Some(_) => {
            return Err(ApiError::invalid(
                "Invalid customer_creation: must be one of always, if_required",
            )
            .param("customer_creation"))
        }
        None => None,
    };
    let sfu = params::at(
        &Value::Object(p.clone()),
        &["payment_intent_data", "setup_future_usage"],
    )
    .and_then(Value::as_str)
    .map(str::to_string);
    if let Some(sfu) = sfu.as_deref().filter(|s| !s.is_empty()) {
        if !["on_session", "off_session"].contains(&sfu) {
            return Err(ApiError::invalid(
                "Invalid setup_future_usage: must be one of on_session, off_session",
            )
            .param("payment_intent_data[setup_future_usage]"));
        }
    }
    let explicit_types = p
        .get("payment_method_types")
        .filter(|v| v.is_array())
        .cloned();
    let (items, session_currency) = if mode == "setup" {
        if p.contains_key("line_items") {
            return Err(
                ApiError::invalid("You can not pass `line_items` in `setup` mode.")
                    .param("line_items"),
            );
        }
        if currency.is_none() && explicit_types.is_none() {
            return Err(ApiError::invalid(
                "You must provide `currency` when using `setup` mode with dynamic payment methods (or pass `payment_method_types`).",
            )
            .param("currency"));
        }
        (None, currency.map(str::to_string))
    } else {
        let items = line_items(p, ctx.now)?;
        if let Some(currency) = currency.filter(|c| *c != items.currency) {
            return Err(ApiError::invalid(format!(
                "`currency` ({currency}) must match the currency of the line items ({}).",
                items.currency
            ))
            .param("currency"));
        }
        money::check(items.total, &items.currency, "line_items")?;
        let currency = items.currency.clone();
        (Some(items), Some(currency))
    };
    let expires_at = match params::int(p, "expires_at")? {
        Some(at) if at < ctx.now + 1800 || at > ctx.now + 86400 => {
            return Err(ApiError::invalid(
                "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
            )
            .param("expires_at"))
        }
        Some(at) => at,
        None => ctx.now + 86400,
    };

    let id = crate::ids::checkout_session();
    let details_email = match customer {
        Some(customer) => customers::contact(state, customer).0,
        None => customer_email.map(str::to_string),
    };
    let customer_details = if customer.is_some() || customer_email.is_some() {
        json!({
            "address": null, "email": details_email, "name": null, "phone": null,
            "tax_exempt": "none", "tax_ids": null, "business_name": null, "individual_name": null,
        })
    } else {
        Value::Null
    };
    let payment = items.is_some();
    let total = items.as_ref().map(|i| i.total);
    let mut session = build(
        &CHECKOUT_SESSION,
        json!({
            "id": id,
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": non_empty(p, "cancel_url"),
            "client_reference_id": non_empty(p, "client_reference_id"),
            "created": ctx.now,
            "currency": session_currency,
            "customer": customer,
            "customer_creation": if payment && customer.is_none() { Some(customer_creation.unwrap_or("if_required")) } else { None },
            "customer_details": customer_details,
            "customer_email": customer_email,
            "expires_at": expires_at,
            "locale": non_empty(p, "locale"),
            "metadata": params::metadata(p),
            "mode": mode,
            "payment_method_collection": if payment { "if_required" } else { "always" },
            "payment_method_configuration_details": if explicit_types.is_none() { json!({"id": ctx.pmc_id, "parent": null}) } else { Value::Null },
            "payment_method_types": explicit_types.clone().unwrap_or_else(|| json!(["card"])),
            "payment_status": if payment { "unpaid" } else { "no_payment_required" },
            "success_url": ui.success_url,
            "total_details": if payment { json!({"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0}) } else { Value::Null },
            "ui_mode": ui.mode,
        }),
    );
    if ui.mode == "embedded_page" {
        // The page is embedded with the client secret; there is no page to redirect to.
        set(
            &mut session,
            "client_secret",
            json!(crate::ids::client_secret(&id)),
        );
        set(
            &mut session,
            "redirect_on_completion",
            json!(ui.redirect_on_completion),
        );
        if let Some(return_url) = ui.return_url {
            // Not nullable in Stripe's schema: absent when the page never redirects.
            set(&mut session, "return_url", json!(return_url));
        }
    } else {
        set(
            &mut session,
            "url",
            json!(format!("{}/checkout/{id}", ctx.base_url)),
        );
    }
    let object_param = |name: &str| match p.get(name) {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    state.session_info.insert(
        id.clone(),
        SessionInfo {
            line_items: items.map(|i| i.entries).unwrap_or_default(),
            payment_intent_data: object_param("payment_intent_data"),
            setup_intent_data: object_param("setup_intent_data"),
            customer_creation: customer_creation.map(str::to_string),
        },
    );
    state.sessions.insert(session.clone());
    Ok(expand::apply(
        state,
        Kind::CheckoutSession,
        session,
        &expand,
    ))
}

/// `GET /v1/checkout/sessions/{id}`.
pub fn retrieve(state: &State, id: &str, p: &Map<String, Value>) -> Result<Value, ApiError> {
    params::check(p, params::EXPAND_ONLY)?;
    let expand = params::expand(p);
    expand::validate(Kind::CheckoutSession, &expand)?;
    let session = state
        .sessions
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("checkout.session", id, "id", 404))?;
    Ok(expand::apply(
        state,
        Kind::CheckoutSession,
        session,
        &expand,
    ))
}

/// `POST /v1/checkout/sessions/{id}/expire`: an open session becomes `expired` (no `url`, so
/// the customer can no longer complete it). Announces `checkout.session.expired`.
pub fn expire(
    state: &mut State,
    ctx: &Ctx<'_>,
    id: &str,
    p: &Map<String, Value>,
) -> Result<Value, ApiError> {
    params::check(p, params::EXPAND_ONLY)?;
    let expand = params::expand(p);
    expand::validate(Kind::CheckoutSession, &expand)?;
    let mut session = state
        .sessions
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("checkout.session", id, "id", 404))?;
    if session["status"] != "open" {
        return Err(ApiError::invalid(
            "Only Checkout Sessions with a status in [\"open\"] can be expired.",
        ));
    }
    set(&mut session, "status", json!("expired"));
    set(&mut session, "url", Value::Null);
    state.sessions.insert(session.clone());
    events::record(
        state,
        "checkout.session.expired",
        session.clone(),
        ctx.cause(),
    );
    Ok(expand::apply(
        state,
        Kind::CheckoutSession,
        session,
        &expand,
    ))
}

/// What the customer entered on the hosted page.
pub struct Completion<'a> {
    /// A test token (`pm_card_visa`, …) or an existing unattached `pm_…`.
    pub payment_method: &'a str,
    /// Email typed in (defaults to the customer's or `customer_email`).
    pub email: Option<&'a str>,
    /// Name on the card.
    pub name: Option<&'a str>,
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// Completes an open session as if the customer had filled in the hosted page. Setup mode
/// saves the card (SetupIntent `succeeded`, attached to the session's customer); payment mode
/// pays (PaymentIntent `succeeded`). Announces `checkout.session.completed`.
pub fn complete(
    state: &mut State,
    ctx: &Ctx<'_>,
    id: &str,
    input: &Completion<'_>,
) -> Result<Value, ApiError> {
    let session = state
        .sessions
        .get(id)
        .cloned()
        .ok_or_else(|| ApiError::no_such("checkout.session", id, "id", 404))?;
    if session["status"] != "open" {
        return Err(ApiError::invalid(format!(
            "This Checkout Session is not open (status: {}).",
            session["status"].as_str().unwrap_or("unknown")
        )));
    }
    let info = state.session_info.get(id).cloned().unwrap_or_default();
    let pm = payment_methods::resolve(state, input.payment_method, "payment_method", 400)?;
    if payment_methods::is_detached(&pm) {
        return Err(payment_methods::detached_error().param("payment_method"));
    }
    let mut customer = text(&session["customer"]);
    let (customer_email, customer_name) = match &customer {
        Some(c) => customers::contact(state, c),
        None => (text(&session["customer_email"]), None),
    };
    let email = input.email.map(str::to_string).or(customer_email);
    let name = input.name.map(str::to_string).or(customer_name);
    let setup = session["mode"] == "setup";
    let wants_saving = setup
        || params::at(
            &Value::Object(info.payment_intent_data.clone()),
            &["setup_future_usage"],
        )
        .and_then(Value::as_str)
        .is_some_and(|s| !s.is_empty());

    // Declines first: the session stays open and nothing is created.
    if setup {
        if customer.is_some() {
            payment_methods::check_attachable(state, &pm, customer.as_deref())?;
        }
    } else {
        // A paid bank debit would leave the session `unpaid` until the bank settles, with
        // async events this simulator does not send: refused rather than shown as paid.
        if pm.card().is_bank_account() {
            return Err(ApiError::invalid(
                "offsession-sim does not simulate bank debits in payment mode: pay with a test card such as pm_card_visa.",
            )
            .param("payment_method"));
        }
        // The customer is present and completes 3DS on the page, so only declines fail here.
        if let Charge::Declined(error) = pm.card().charge(false, false) {
            return Err(error);
        }
        if wants_saving && customer.is_some() {
            payment_methods::check_attachable(state, &pm, customer.as_deref())?;
        }
    }

    let billing = Billing {
        email: email.as_deref(),
        name: name.as_deref(),
        from_checkout: true,
    };
    let pm_id = pm.commit(state, ctx, billing);
    if customer.is_none() && info.customer_creation.as_deref() == Some("always") {
        let new_id = crate::ids::customer();
        let new_customer = super::build(
            &super::CUSTOMER,
            json!({
                "id": new_id, "created": ctx.now, "email": email, "name": name,
                "invoice_prefix": crate::ids::invoice_prefix(),
            }),
        );
        state.customers.insert(new_customer);
        customer = Some(new_id);
    }
    if wants_saving {
        if let Some(customer) = &customer {
            payment_methods::set_customer(state, &pm_id, customer);
        }
        payment_methods::mark_set_up(state, &pm_id);
    }

    let mut updated = session;
    if setup {
        let seti = setup_intents::create_succeeded(
            state,
            ctx,
            &pm_id,
            customer.as_deref(),
            &info.setup_intent_data,
        );
        set(&mut updated, "setup_intent", json!(seti));
    } else {
        let pid = &info.payment_intent_data;
        let field = |key: &str| {
            pid.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let currency = text(&updated["currency"]).unwrap_or_default();
        let spec = IntentSpec {
            amount: updated["amount_total"].as_i64().unwrap_or(0),
            currency: &currency,
            customer: customer.as_deref(),
            description: field("description"),
            metadata: pid
                .get("metadata")
                .filter(|m| m.is_object())
                .cloned()
                .unwrap_or(json!({})),
            capture_method: field("capture_method").unwrap_or("automatic_async"),
            confirmation_method: "automatic",
            payment_method_types: None,
            receipt_email: field("receipt_email"),
            setup_future_usage: field("setup_future_usage"),
            statement_descriptor: field("statement_descriptor"),
            statement_descriptor_suffix: field("statement_descriptor_suffix"),
        };
        let pi = payment_intents::create_for_checkout(state, ctx, &spec, &pm_id);
        set(&mut updated, "payment_intent", json!(pi));
        set(&mut updated, "payment_status", json!("paid"));
    }
    set(&mut updated, "status", json!("complete"));
    set(&mut updated, "customer", json!(customer));
    set(&mut updated, "url", Value::Null);
    set(
        &mut updated,
        "customer_details",
        json!({
            "address": {"city": null, "country": "US", "line1": null, "line2": null, "postal_code": "94103", "state": null},
            "email": email, "name": name, "phone": null, "tax_exempt": "none", "tax_ids": [],
            "business_name": null, "individual_name": null,
        }),
    );
    set(
        &mut updated,
        "collected_information",
        json!({"shipping_details": null, "business_name": null, "individual_name": null}),
    );
    state.sessions.insert(updated.clone());
    events::record(
        state,
        "checkout.session.completed",
        updated.clone(),
        Cause::default(),
    );
    Ok(updated)
}
