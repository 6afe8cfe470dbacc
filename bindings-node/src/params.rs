//! Parameter objects as JavaScript passes them (camelCase), read into the core's types through
//! `input.rs`: unknown keys, missing or mistyped values and inexact numbers are `invalid_input`
//! naming the parameter as the core does, before anything is sent. The accepted keys are the
//! ones `index.d.ts` declares.

use napi::bindgen_prelude::Unknown;

use crate::input::{Arg, Fields};

const CUSTOMER: [&str; 5] = ["email", "name", "description", "metadata", "idempotencyKey"];
/// `newCustomer` of `startSetup`: the flow keys it from the call's own key.
const NEW_CUSTOMER: [&str; 4] = ["email", "name", "description", "metadata"];

/// `CustomerCreateParams`; `with_key` is false for `newCustomer`, which takes no key.
fn customer_fields(p: &Fields<'_>, with_key: bool) -> napi::Result<offsession::CreateCustomer> {
    Ok(offsession::CreateCustomer {
        email: p.get("email")?.opt_string()?,
        name: p.get("name")?.opt_string()?,
        description: p.get("description")?.opt_string()?,
        metadata: p.get("metadata")?.metadata()?,
        idempotency_key: if with_key {
            p.get("idempotencyKey")?.opt_string()?
        } else {
            None
        },
    })
}

/// `customers.create(params?)`.
pub fn create_customer(params: Unknown<'_>) -> napi::Result<offsession::CreateCustomer> {
    customer_fields(
        &Arg::new(params, "params")?.argument(&CUSTOMER, false)?,
        true,
    )
}

/// One of `lineItems`: `{ price?, priceData?, quantity? }`, named `line_items[i][…]`.
fn line_item(item: Arg<'_>) -> napi::Result<offsession::LineItem> {
    let item = item.object(&["price", "priceData", "quantity"])?;
    let price_data =
        match item
            .get("priceData")?
            .opt_object(&["currency", "unitAmount", "productData"])?
        {
            None => None,
            Some(data) => {
                let currency = data.get("currency")?.string()?;
                let unit_amount = data.get("unitAmount")?.integer()?;
                let product = data.get("productData")?.object(&["name", "description"])?;
                Some(offsession::PriceData {
                    currency,
                    unit_amount,
                    product_data: offsession::ProductData {
                        name: product.get("name")?.string()?,
                        description: product.get("description")?.opt_string()?,
                    },
                })
            }
        };
    Ok(offsession::LineItem {
        price: item.get("price")?.opt_string()?,
        price_data,
        quantity: item.get("quantity")?.opt_integer()?.unwrap_or(1),
    })
}

/// `checkoutSessions.create(params)`.
pub fn create_checkout_session(
    params: Unknown<'_>,
) -> napi::Result<offsession::CreateCheckoutSession> {
    let p = Arg::new(params, "params")?.argument(
        &[
            "mode",
            "successUrl",
            "currency",
            "customer",
            "customerEmail",
            "cancelUrl",
            "lineItems",
            "metadata",
            "idempotencyKey",
        ],
        true,
    )?;
    let mode = p.get("mode")?.string_described("setup or payment")?;
    Ok(offsession::CreateCheckoutSession {
        mode: Some(mode.as_str().into()),
        success_url: p.get("successUrl")?.string()?,
        currency: p.get("currency")?.opt_string()?,
        customer: p.get("customer")?.opt_string()?,
        customer_email: p.get("customerEmail")?.opt_string()?,
        cancel_url: p.get("cancelUrl")?.opt_string()?,
        line_items: p
            .get("lineItems")?
            .opt_array()?
            .unwrap_or_default()
            .into_iter()
            .map(line_item)
            .collect::<napi::Result<_>>()?,
        metadata: p.get("metadata")?.metadata()?,
        idempotency_key: p.get("idempotencyKey")?.opt_string()?,
    })
}

/// `paymentIntents.create(params)`.
pub fn create_payment_intent(params: Unknown<'_>) -> napi::Result<offsession::CreatePaymentIntent> {
    let p = Arg::new(params, "params")?.argument(
        &[
            "amount",
            "currency",
            "customer",
            "paymentMethod",
            "offSession",
            "confirm",
            "description",
            "metadata",
            "idempotencyKey",
        ],
        true,
    )?;
    Ok(offsession::CreatePaymentIntent {
        amount: p.get("amount")?.integer()?,
        currency: p.get("currency")?.string()?,
        customer: p.get("customer")?.opt_string()?,
        payment_method: p.get("paymentMethod")?.opt_string()?,
        off_session: p.get("offSession")?.opt_bool()?,
        confirm: p.get("confirm")?.opt_bool()?,
        description: p.get("description")?.opt_string()?,
        metadata: p.get("metadata")?.metadata()?,
        idempotency_key: p.get("idempotencyKey")?.opt_string()?,
    })
}

/// `paymentIntents.cancel(id, params?)`: `{ cancellationReason?, idempotencyKey? }`. A reason
/// outside Stripe's four is sent as given (the core keeps unknown values): Stripe names it.
pub fn cancel_payment_intent(params: Unknown<'_>) -> napi::Result<offsession::CancelPaymentIntent> {
    let p =
        Arg::new(params, "params")?.argument(&["cancellationReason", "idempotencyKey"], false)?;
    Ok(offsession::CancelPaymentIntent {
        cancellation_reason: p
            .get("cancellationReason")?
            .opt_string()?
            .map(|reason| offsession::CancellationReason::from(reason.as_str())),
        idempotency_key: p.get("idempotencyKey")?.opt_string()?,
    })
}

/// `paymentMethods.attach(id, params)`.
pub fn attach_payment_method(params: Unknown<'_>) -> napi::Result<offsession::AttachPaymentMethod> {
    let p = Arg::new(params, "params")?.argument(&["customer", "idempotencyKey"], true)?;
    Ok(offsession::AttachPaymentMethod {
        customer: p.get("customer")?.string()?,
        idempotency_key: p.get("idempotencyKey")?.opt_string()?,
    })
}

/// The `{ expand }` parameters of a retrieve.
pub fn expand(params: Unknown<'_>) -> napi::Result<Vec<String>> {
    Ok(Arg::new(params, "params")?
        .argument(&["expand"], false)?
        .get("expand")?
        .opt_string_list()?
        .unwrap_or_default())
}

/// `startSetup(params)`.
pub fn start_setup(params: Unknown<'_>) -> napi::Result<offsession::StartSetup> {
    let p = Arg::new(params, "params")?.argument(
        &[
            "currency",
            "successUrl",
            "cancelUrl",
            "customer",
            "newCustomer",
            "metadata",
            "idempotencyKey",
        ],
        true,
    )?;
    let new_customer = match p.get("newCustomer")?.opt_object(&NEW_CUSTOMER)? {
        None => None,
        Some(fields) => Some(customer_fields(&fields, false)?),
    };
    Ok(offsession::StartSetup {
        currency: p.get("currency")?.string()?,
        success_url: p.get("successUrl")?.string()?,
        cancel_url: p.get("cancelUrl")?.opt_string()?,
        customer: p.get("customer")?.opt_string()?,
        new_customer,
        metadata: p.get("metadata")?.metadata()?,
        idempotency_key: p.get("idempotencyKey")?.opt_string()?,
    })
}

/// The `{ customer }` options of `completeSetup` and `completeSetupFromEvent`.
pub fn complete_setup(options: Unknown<'_>) -> napi::Result<offsession::CompleteSetup> {
    let p = Arg::new(options, "options")?.argument(&["customer"], false)?;
    Ok(offsession::CompleteSetup {
        customer: p.get("customer")?.opt_string()?,
    })
}

/// `chargeOffSession(params)`. The key is read as given (`None` when absent); the caller
/// merges it with the request options and passes the core `""` when there is none, which the
/// core refuses naming `idempotency_key`.
pub fn charge(params: Unknown<'_>) -> napi::Result<(offsession::OffSessionCharge, Option<String>)> {
    let p = Arg::new(params, "params")?.argument(
        &[
            "customer",
            "paymentMethod",
            "amount",
            "currency",
            "recovery",
            "description",
            "metadata",
            "idempotencyKey",
        ],
        true,
    )?;
    let customer = p.get("customer")?.string()?;
    let payment_method = p.get("paymentMethod")?.string()?;
    let amount = p.get("amount")?.integer()?;
    let currency = p.get("currency")?.string()?;
    let description = p.get("description")?.opt_string()?;
    let metadata = p.get("metadata")?.metadata()?;
    let key = p.get("idempotencyKey")?.opt_string()?;
    let recovery = p.get("recovery")?.object(&[
        "productName",
        "successUrl",
        "cancelUrl",
        "savePaymentMethod",
        "expiresAt",
        "clientReferenceId",
    ])?;
    let recovery = offsession::Recovery {
        product_name: recovery.get("productName")?.string()?,
        success_url: recovery.get("successUrl")?.string()?,
        cancel_url: recovery.get("cancelUrl")?.opt_string()?,
        save_payment_method: recovery
            .get("savePaymentMethod")?
            .opt_bool()?
            .unwrap_or(true),
        expires_at: recovery.get("expiresAt")?.opt_integer()?,
        client_reference_id: recovery.get("clientReferenceId")?.opt_string()?,
    };
    Ok((
        offsession::OffSessionCharge {
            customer,
            payment_method,
            amount,
            currency,
            description,
            metadata,
            idempotency_key: String::new(),
            recovery,
        },
        key,
    ))
}
