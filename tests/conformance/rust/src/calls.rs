//! The `do` steps, mapped onto the core's API, and the language-neutral result shapes.

use std::time::Duration;

use offsession::{
    AttachPaymentMethod, CancelPaymentIntent, CancellationReason, ChargeOutcome, CheckoutSession,
    Client, CompleteSetup, CompletedSetup, CreateCheckoutSession, CreateCustomer,
    CreatePaymentIntent, Customer, Error, Event, LineItem, Metadata, OffSessionCharge,
    PaymentIntent, PaymentMethod, PriceData, ProductData, Recovery, ResponseMeta, SetupIntent,
    StartSetup,
};
use serde::Serialize;
use serde_json::{json, Map, Value};

type Args = Map<String, Value>;

/// The client a case is using, rebuilt by `new_client`.
#[derive(Clone)]
pub struct ClientSettings {
    api_key: String,
    base_url: String,
    max_retries: u32,
    timeout: Option<Duration>,
    stripe_account: Option<String>,
    headers: Vec<(String, String)>,
}

impl ClientSettings {
    pub fn defaults(sim_url: &str) -> Self {
        Self {
            api_key: "sk_test_conformance".into(),
            base_url: sim_url.into(),
            max_retries: offsession::DEFAULT_MAX_RETRIES,
            timeout: None,
            stripe_account: None,
            headers: Vec::new(),
        }
    }

    /// Applies `new_client` arguments (or the case's `client` block).
    pub fn apply(&mut self, args: &Args) -> Result<(), String> {
        allow(
            args,
            &[
                "api_key",
                "base_url",
                "max_retries",
                "timeout_ms",
                "stripe_account",
                "headers",
            ],
        )?;
        if let Some(key) = opt_str(args, "api_key")? {
            self.api_key = key;
        }
        if let Some(url) = opt_str(args, "base_url")? {
            self.base_url = url;
        }
        if let Some(retries) = opt_i64(args, "max_retries")? {
            self.max_retries = u32::try_from(retries).map_err(|e| e.to_string())?;
        }
        if let Some(ms) = opt_i64(args, "timeout_ms")? {
            self.timeout = Some(Duration::from_millis(
                u64::try_from(ms).map_err(|e| e.to_string())?,
            ));
        }
        if let Some(account) = opt_str(args, "stripe_account")? {
            self.stripe_account = Some(account);
        }
        if let Some(headers) = args.get("headers") {
            let headers: std::collections::BTreeMap<String, String> =
                serde_json::from_value(headers.clone()).map_err(|e| format!("headers: {e}"))?;
            self.headers = headers.into_iter().collect();
        }
        Ok(())
    }

    pub fn build(&self) -> Result<Client, Error> {
        let mut builder = Client::builder(self.api_key.as_str())
            .base_url(&self.base_url)
            .max_retries(self.max_retries)
            .binding("rust-conformance");
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        if let Some(account) = &self.stripe_account {
            builder = builder.stripe_account(account);
        }
        for (name, value) in &self.headers {
            builder = builder.header(name, value);
        }
        builder.build()
    }
}

/// Runs one SDK call. The outer `Err` is a case that cannot be expressed; the inner result is
/// the SDK's own success or error.
pub async fn call(
    client: &Client,
    name: &str,
    args: &Args,
) -> Result<Result<Value, Error>, String> {
    Ok(match name {
        "create_customer" => {
            allow(
                args,
                &[
                    "email",
                    "name",
                    "description",
                    "metadata",
                    "idempotency_key",
                ],
            )?;
            let params = CreateCustomer {
                email: opt_str(args, "email")?,
                name: opt_str(args, "name")?,
                description: opt_str(args, "description")?,
                metadata: metadata(args)?,
                idempotency_key: opt_str(args, "idempotency_key")?,
            };
            to_object_json(client.customers().create(&params).await)
        }
        "retrieve_customer" => {
            allow(args, &["id"])?;
            to_object_json(client.customers().retrieve(&req_str(args, "id")?).await)
        }
        "create_checkout_session" => {
            allow(
                args,
                &[
                    "mode",
                    "currency",
                    "customer",
                    "customer_email",
                    "success_url",
                    "cancel_url",
                    "metadata",
                    "line_items",
                    "idempotency_key",
                ],
            )?;
            let params = CreateCheckoutSession {
                mode: opt_str(args, "mode")?.map(|mode| mode.as_str().into()),
                currency: opt_str(args, "currency")?,
                customer: opt_str(args, "customer")?,
                customer_email: opt_str(args, "customer_email")?,
                success_url: opt_str(args, "success_url")?.unwrap_or_default(),
                cancel_url: opt_str(args, "cancel_url")?,
                metadata: metadata(args)?,
                line_items: line_items(args)?,
                idempotency_key: opt_str(args, "idempotency_key")?,
            };
            to_object_json(client.checkout_sessions().create(&params).await)
        }
        "retrieve_checkout_session" => {
            allow(args, &["id", "expand"])?;
            let expand = expand(args)?;
            let expand: Vec<&str> = expand.iter().map(String::as_str).collect();
            to_object_json(
                client
                    .checkout_sessions()
                    .retrieve(&req_str(args, "id")?, &expand)
                    .await,
            )
        }
        "retrieve_setup_intent" => {
            allow(args, &["id", "expand"])?;
            let expand = expand(args)?;
            let expand: Vec<&str> = expand.iter().map(String::as_str).collect();
            to_object_json(
                client
                    .setup_intents()
                    .retrieve(&req_str(args, "id")?, &expand)
                    .await,
            )
        }
        "retrieve_payment_method" => {
            allow(args, &["id"])?;
            to_object_json(
                client
                    .payment_methods()
                    .retrieve(&req_str(args, "id")?)
                    .await,
            )
        }
        "attach_payment_method" => {
            allow(args, &["id", "customer", "idempotency_key"])?;
            let params = AttachPaymentMethod {
                customer: req_str(args, "customer")?,
                idempotency_key: opt_str(args, "idempotency_key")?,
            };
            to_object_json(
                client
                    .payment_methods()
                    .attach(&req_str(args, "id")?, &params)
                    .await,
            )
        }
        "create_payment_intent" => {
            allow(
                args,
                &[
                    "amount",
                    "currency",
                    "customer",
                    "payment_method",
                    "off_session",
                    "confirm",
                    "description",
                    "metadata",
                    "idempotency_key",
                ],
            )?;
            let params = CreatePaymentIntent {
                amount: req_i64(args, "amount")?,
                currency: req_str(args, "currency")?,
                customer: opt_str(args, "customer")?,
                payment_method: opt_str(args, "payment_method")?,
                off_session: opt_bool(args, "off_session")?,
                confirm: opt_bool(args, "confirm")?,
                description: opt_str(args, "description")?,
                metadata: metadata(args)?,
                idempotency_key: opt_str(args, "idempotency_key")?,
            };
            to_object_json(client.payment_intents().create(&params).await)
        }
        "retrieve_payment_intent" => {
            allow(args, &["id", "expand"])?;
            let expand = expand(args)?;
            let expand: Vec<&str> = expand.iter().map(String::as_str).collect();
            to_object_json(
                client
                    .payment_intents()
                    .retrieve(&req_str(args, "id")?, &expand)
                    .await,
            )
        }
        "cancel_payment_intent" => {
            allow(args, &["id", "cancellation_reason", "idempotency_key"])?;
            to_object_json(
                client
                    .payment_intents()
                    .cancel(
                        &req_str(args, "id")?,
                        &CancelPaymentIntent {
                            cancellation_reason: opt_str(args, "cancellation_reason")?
                                .map(|reason| CancellationReason::from(reason.as_str())),
                            idempotency_key: opt_str(args, "idempotency_key")?,
                        },
                    )
                    .await,
            )
        }
        "complete_recovery" => {
            allow(args, &["session_id"])?;
            client
                .complete_recovery(&req_str(args, "session_id")?)
                .await
                .map(|recovered| {
                    json!({
                        "customer_id": recovered.customer_id,
                        "payment_method_id": recovered.payment_method_id,
                        "payment_intent": object(&recovered.payment_intent),
                        "declined_payment_intent_id": recovered.declined_payment_intent_id,
                        "session": object(&recovered.session),
                    })
                })
        }
        "start_setup" => {
            allow(
                args,
                &[
                    "currency",
                    "success_url",
                    "cancel_url",
                    "customer",
                    "new_customer",
                    "metadata",
                    "idempotency_key",
                ],
            )?;
            let new_customer = match args.get("new_customer") {
                None | Some(Value::Null) => None,
                Some(Value::Object(fields)) => {
                    allow(fields, &["email", "name", "description", "metadata"])?;
                    Some(CreateCustomer {
                        email: opt_str(fields, "email")?,
                        name: opt_str(fields, "name")?,
                        description: opt_str(fields, "description")?,
                        metadata: metadata(fields)?,
                        idempotency_key: None,
                    })
                }
                Some(other) => return Err(format!("new_customer must be an object, got {other}")),
            };
            let params = StartSetup {
                currency: req_str(args, "currency")?,
                success_url: req_str(args, "success_url")?,
                cancel_url: opt_str(args, "cancel_url")?,
                customer: opt_str(args, "customer")?,
                new_customer,
                metadata: metadata(args)?,
                idempotency_key: opt_str(args, "idempotency_key")?,
            };
            client.start_setup(&params).await.map(|started| {
                json!({
                    "customer_id": started.customer_id,
                    "url": started.url(),
                    "session": object(&started.session),
                })
            })
        }
        "complete_setup" => {
            allow(args, &["session_id", "customer"])?;
            let options = CompleteSetup {
                customer: opt_str(args, "customer")?,
            };
            client
                .complete_setup(&req_str(args, "session_id")?, &options)
                .await
                .map(|saved| completed_setup(&saved))
        }
        "complete_setup_from_event" => {
            allow(args, &["event", "customer"])?;
            let event: Event =
                serde_json::from_value(args.get("event").cloned().unwrap_or_default())
                    .map_err(|e| format!("event: {e}"))?;
            let options = CompleteSetup {
                customer: opt_str(args, "customer")?,
            };
            client
                .complete_setup_from_event(&event, &options)
                .await
                .map(|saved| completed_setup(&saved))
        }
        "charge_off_session" => {
            allow(
                args,
                &[
                    "customer",
                    "payment_method",
                    "amount",
                    "currency",
                    "description",
                    "metadata",
                    "idempotency_key",
                    "recovery",
                ],
            )?;
            let recovery = args
                .get("recovery")
                .and_then(Value::as_object)
                .ok_or("charge_off_session needs a recovery object")?;
            allow(
                recovery,
                &[
                    "product_name",
                    "success_url",
                    "cancel_url",
                    "save_payment_method",
                    "expires_at",
                    "client_reference_id",
                ],
            )?;
            let charge = OffSessionCharge {
                customer: req_str(args, "customer")?,
                payment_method: req_str(args, "payment_method")?,
                amount: req_i64(args, "amount")?,
                currency: req_str(args, "currency")?,
                description: opt_str(args, "description")?,
                metadata: metadata(args)?,
                // Required by the SDK: a case that leaves it out expects the refusal.
                idempotency_key: opt_str(args, "idempotency_key")?.unwrap_or_default(),
                recovery: Recovery {
                    product_name: req_str(recovery, "product_name")?,
                    success_url: req_str(recovery, "success_url")?,
                    cancel_url: opt_str(recovery, "cancel_url")?,
                    save_payment_method: match recovery.get("save_payment_method") {
                        None => true,
                        Some(Value::Bool(save)) => *save,
                        Some(other) => {
                            return Err(format!(
                                "save_payment_method must be a boolean, got {other}"
                            ))
                        }
                    },
                    expires_at: opt_i64(recovery, "expires_at")?,
                    client_reference_id: opt_str(recovery, "client_reference_id")?,
                },
            };
            client
                .charge_off_session(&charge)
                .await
                .map(|outcome| outcome_shape(&outcome))
        }
        "verify_webhook" => {
            allow(
                args,
                &["payload", "signature_header", "secret", "tolerance"],
            )?;
            // Checked as every binding checks it: a negative tolerance is refused, not clamped.
            let tolerance = match opt_i64(args, "tolerance")? {
                Some(seconds) => offsession::validate::tolerance_seconds(
                    "tolerance",
                    offsession::validate::NumberInput::Integer(i128::from(seconds)),
                ),
                None => Ok(offsession::webhook::DEFAULT_TOLERANCE),
            };
            let (payload, header, secret) = (
                req_str(args, "payload")?,
                req_str(args, "signature_header")?,
                req_str(args, "secret")?,
            );
            to_json(tolerance.and_then(|tolerance| {
                offsession::webhook::construct_event(
                    payload.as_bytes(),
                    &header,
                    &secret,
                    tolerance,
                )
            }))
        }
        other => return Err(format!("the Rust runner has no call {other:?}")),
    })
}

/// The outcome shape every runner compares (see the README).
fn outcome_shape(outcome: &ChargeOutcome) -> Value {
    let name = outcome.name();
    match outcome {
        ChargeOutcome::Succeeded(payment_intent)
        | ChargeOutcome::Processing(payment_intent)
        | ChargeOutcome::RequiresCapture(payment_intent)
        | ChargeOutcome::RequiresAction(payment_intent) => json!({
            "outcome": name,
            "payment_intent": object(payment_intent.as_ref()),
        }),
        ChargeOutcome::NeedsRecovery {
            error,
            payment_intent,
            recovery_session,
        } => json!({
            "outcome": name,
            "error": error_shape(&Error::Card(error.clone())),
            "payment_intent": payment_intent.as_deref().map(object),
            "recovery_session": object(recovery_session.as_ref()),
        }),
        ChargeOutcome::RecoveryFailed {
            error,
            payment_intent,
            recovery_error,
        } => json!({
            "outcome": name,
            "error": error_shape(&Error::Card(error.clone())),
            "payment_intent": payment_intent.as_deref().map(object),
            "recovery_error": error_shape(recovery_error),
        }),
    }
}

/// The error shape every runner compares (see the README).
pub fn error_shape(error: &Error) -> Value {
    json!({
        "code": error.code(),
        "stripe_code": error.stripe_code(),
        "decline_code": error.decline_code(),
        "param": error.param(),
        "http_status": error.http_status(),
        "request_id": error.request_id(),
        "message": error.message(),
        "idempotency_key": error.idempotency_key(),
        "payment_intent": error.payment_intent().map(value),
    })
}

fn completed_setup(saved: &CompletedSetup) -> Value {
    json!({
        "customer_id": saved.customer_id,
        "payment_method_id": saved.payment_method_id,
        "session": object(&saved.session),
        "setup_intent": object(&saved.setup_intent),
        "payment_method": saved.payment_method.as_ref().map(value),
    })
}

/// An object a call returned, as Stripe's JSON plus `last_response` (see the README).
trait Returned: Serialize {
    fn last_response(&self) -> Option<&ResponseMeta>;
}

macro_rules! returned {
    ($($kind:ty),+) => {
        $(impl Returned for $kind {
            fn last_response(&self) -> Option<&ResponseMeta> {
                self.last_response.as_ref()
            }
        })+
    };
}

returned!(
    Customer,
    CheckoutSession,
    SetupIntent,
    PaymentMethod,
    PaymentIntent
);

fn object(returned: &impl Returned) -> Value {
    let mut json = value(returned);
    if let (Some(meta), Value::Object(map)) = (returned.last_response(), &mut json) {
        map.insert(
            "last_response".into(),
            json!({
                "http_status": meta.http_status,
                "request_id": meta.request_id,
                "idempotent_replayed": meta.idempotent_replayed,
                "idempotency_key": meta.idempotency_key,
            }),
        );
    }
    json
}

fn to_object_json<T: Returned>(result: Result<T, Error>) -> Result<Value, Error> {
    result.map(|returned| object(&returned))
}

fn value(object: &impl Serialize) -> Value {
    serde_json::to_value(object).expect("SDK objects serialise to JSON")
}

fn to_json<T: Serialize>(result: Result<T, Error>) -> Result<Value, Error> {
    result.map(|object| value(&object))
}

fn allow(args: &Args, known: &[&str]) -> Result<(), String> {
    match args.keys().find(|key| !known.contains(&key.as_str())) {
        Some(unknown) => Err(format!("unknown argument {unknown:?}")),
        None => Ok(()),
    }
}

fn opt_str(args: &Args, key: &str) -> Result<Option<String>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(format!("{key} must be a string, got {other}")),
    }
}

fn req_str(args: &Args, key: &str) -> Result<String, String> {
    opt_str(args, key)?.ok_or_else(|| format!("{key} is required"))
}

fn opt_i64(args: &Args, key: &str) -> Result<Option<i64>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| format!("{key} must be an integer, got {v}")),
    }
}

fn req_i64(args: &Args, key: &str) -> Result<i64, String> {
    opt_i64(args, key)?.ok_or_else(|| format!("{key} is required"))
}

fn opt_bool(args: &Args, key: &str) -> Result<Option<bool>, String> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_bool()
            .map(Some)
            .ok_or_else(|| format!("{key} must be a boolean, got {v}")),
    }
}

fn metadata(args: &Args) -> Result<Metadata, String> {
    match args.get("metadata") {
        None | Some(Value::Null) => Ok(Metadata::new()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("metadata: {e}")),
    }
}

fn expand(args: &Args) -> Result<Vec<String>, String> {
    match args.get("expand") {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(v) => serde_json::from_value(v.clone()).map_err(|e| format!("expand: {e}")),
    }
}

fn line_items(args: &Args) -> Result<Vec<LineItem>, String> {
    let Some(items) = args.get("line_items") else {
        return Ok(Vec::new());
    };
    let items = items.as_array().ok_or("line_items must be an array")?;
    items
        .iter()
        .map(|item| {
            let item = item.as_object().ok_or("a line item must be an object")?;
            allow(item, &["price", "price_data", "quantity"])?;
            let price_data = match item.get("price_data").and_then(Value::as_object) {
                None => None,
                Some(data) => {
                    allow(data, &["currency", "unit_amount", "product_data"])?;
                    let product = data
                        .get("product_data")
                        .and_then(Value::as_object)
                        .ok_or("price_data needs product_data")?;
                    allow(product, &["name", "description"])?;
                    Some(PriceData {
                        currency: req_str(data, "currency")?,
                        unit_amount: req_i64(data, "unit_amount")?,
                        product_data: ProductData {
                            name: req_str(product, "name")?,
                            description: opt_str(product, "description")?,
                        },
                    })
                }
            };
            Ok(LineItem {
                price: opt_str(item, "price")?,
                price_data,
                quantity: opt_i64(item, "quantity")?.unwrap_or(1),
            })
        })
        .collect()
}
