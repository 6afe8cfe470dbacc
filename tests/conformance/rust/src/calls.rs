//! The `do` steps, mapped onto the core's API, and the language-neutral result shapes.

use std::time::Duration;

use offsession::{
    AttachPaymentMethod, CancelPaymentIntent, ChargeOutcome, CheckoutSession, Client,
    CompleteSetup, CompletedSetup, CreateCheckoutSession, CreateCustomer, CreatePaymentIntent,
    Customer, Error, Event, List, ListCustomerPaymentMethods, OffSessionCharge, PaymentIntent,
    PaymentMethod, RequestOptions, ResponseMeta, SetupIntent, StartSetup, UpdateCustomer,
};
use serde::Serialize;
use serde_json::{json, Map, Value};

type Args = Map<String, Value>;

/// The client a case is using, rebuilt by `new_client`: the API key and the settings, which
/// reach the core as every binding's do ([`Client::builder_from`]; `timeout_ms` is the case
/// format's spelling of `timeout`).
#[derive(Clone)]
pub struct ClientSettings {
    api_key: String,
    settings: Args,
}

impl ClientSettings {
    pub fn defaults(sim_url: &str) -> Self {
        let mut settings = Args::new();
        settings.insert("base_url".into(), Value::String(sim_url.into()));
        Self {
            api_key: "sk_test_conformance".into(),
            settings,
        }
    }

    /// Applies `new_client` arguments (or the case's `client` block).
    pub fn apply(&mut self, args: &Args) -> Result<(), String> {
        let mut args = args.clone();
        if let Some(key) = take_str(&mut args, "api_key")? {
            self.api_key = key;
        }
        if let Some(ms) = args.remove("timeout_ms") {
            args.insert("timeout".into(), ms);
        }
        self.settings.extend(args);
        Ok(())
    }

    pub fn build(&self) -> Result<Client, Error> {
        Client::builder_from(
            self.api_key.as_str(),
            Value::Object(self.settings.clone()),
            Duration::from_millis(1),
        )?
        .binding("rust-conformance")
        .build()
    }
}

/// Runs one SDK call. The outer `Err` is a case that cannot be expressed; the inner result is
/// the SDK's own success or error.
///
/// Arguments reach the core as every binding's do: the path's id (`id`) and the options
/// (`idempotency_key`, `stripe_account`, `timeout_ms`, `max_retries`, `extra_params`,
/// `expand`) are taken out, and the rest is deserialised into the core's parameter type by
/// [`offsession::params::from_json`], which refuses a wrong or unknown parameter by name.
pub async fn call(
    client: &Client,
    name: &str,
    args: &Args,
) -> Result<Result<Value, Error>, String> {
    let mut args = args.clone();
    let id = take_str(&mut args, "id")?;
    let (options, expand) = match options(&mut args) {
        Ok(options) => options,
        Err(error) => return Ok(Err(error)),
    };
    let params = Value::Object(args);
    let id = id.as_deref().unwrap_or_default();
    Ok(match name {
        "create_customer" => match parse::<CreateCustomer>(params) {
            Ok(params) => returned(client.customers().create(&params).options(options)).await,
            Err(error) => Err(error),
        },
        "retrieve_customer" => {
            no_params(&params)?;
            returned(client.customers().retrieve(id).options(options)).await
        }
        "update_customer" => match parse::<UpdateCustomer>(params) {
            Ok(params) => returned(client.customers().update(id, &params).options(options)).await,
            Err(error) => Err(error),
        },
        "list_payment_methods" => match parse::<ListCustomerPaymentMethods>(params) {
            Ok(params) => client
                .customers()
                .list_payment_methods(id, &params)
                .options(options)
                .expand(expand)
                .await
                .map(|page| list_shape(&page)),
            Err(error) => Err(error),
        },
        "list_all_payment_methods" => match parse::<ListCustomerPaymentMethods>(params) {
            Ok(params) => all_payment_methods(client, id, &params, options).await,
            Err(error) => Err(error),
        },
        "create_checkout_session" => match parse::<CreateCheckoutSession>(params) {
            Ok(params) => {
                returned(client.checkout_sessions().create(&params).options(options)).await
            }
            Err(error) => Err(error),
        },
        "retrieve_checkout_session" => {
            no_params(&params)?;
            returned(
                client
                    .checkout_sessions()
                    .retrieve(id)
                    .options(options)
                    .expand(expand),
            )
            .await
        }
        "expire_checkout_session" => {
            no_params(&params)?;
            returned(client.checkout_sessions().expire(id).options(options)).await
        }
        "retrieve_setup_intent" => {
            no_params(&params)?;
            returned(
                client
                    .setup_intents()
                    .retrieve(id)
                    .options(options)
                    .expand(expand),
            )
            .await
        }
        "retrieve_payment_method" => {
            no_params(&params)?;
            returned(client.payment_methods().retrieve(id).options(options)).await
        }
        "attach_payment_method" => match parse::<AttachPaymentMethod>(params) {
            Ok(params) => {
                returned(
                    client
                        .payment_methods()
                        .attach(id, &params)
                        .options(options),
                )
                .await
            }
            Err(error) => Err(error),
        },
        "detach_payment_method" => {
            no_params(&params)?;
            returned(client.payment_methods().detach(id).options(options)).await
        }
        "create_payment_intent" => match parse::<CreatePaymentIntent>(params) {
            Ok(params) => returned(client.payment_intents().create(&params).options(options)).await,
            Err(error) => Err(error),
        },
        "retrieve_payment_intent" => {
            no_params(&params)?;
            returned(
                client
                    .payment_intents()
                    .retrieve(id)
                    .options(options)
                    .expand(expand),
            )
            .await
        }
        "cancel_payment_intent" => match parse::<CancelPaymentIntent>(params) {
            Ok(params) => {
                returned(
                    client
                        .payment_intents()
                        .cancel(id, &params)
                        .options(options),
                )
                .await
            }
            Err(error) => Err(error),
        },
        "raw_request" => {
            let Value::Object(mut raw) = params else {
                unreachable!("the arguments are an object")
            };
            let method = take_str(&mut raw, "method")?.ok_or("raw_request needs a method")?;
            let path = take_str(&mut raw, "path")?.ok_or("raw_request needs a path")?;
            let params = match raw.remove("params") {
                None | Some(Value::Null) => Map::new(),
                Some(Value::Object(params)) => params,
                Some(other) => return Err(format!("params must be an object, got {other}")),
            };
            no_params(&Value::Object(raw))?;
            client
                .raw_request(&method, &path, params)
                .options(options)
                .await
                .map(|raw| {
                    let mut body = raw.body;
                    if let (Some(meta), Value::Object(map)) = (&raw.last_response, &mut body) {
                        map.insert("last_response".into(), response_meta(meta));
                    }
                    body
                })
        }
        "complete_recovery" => {
            let Value::Object(mut flow) = params else {
                unreachable!("the arguments are an object")
            };
            let session_id = take_str(&mut flow, "session_id")?.unwrap_or_default();
            no_params(&Value::Object(flow))?;
            client
                .complete_recovery(&session_id)
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
            // A flow's own key is one of its parameters, not a request option.
            let params = with_key(params, &options);
            match parse::<StartSetup>(params) {
                Ok(params) => client.start_setup(&params).await.map(|started| {
                    json!({
                        "customer_id": started.customer_id,
                        "url": started.url(),
                        "session": object(&started.session),
                    })
                }),
                Err(error) => Err(error),
            }
        }
        "complete_setup" => {
            let Value::Object(mut flow) = params else {
                unreachable!("the arguments are an object")
            };
            let session_id = take_str(&mut flow, "session_id")?.unwrap_or_default();
            match parse::<CompleteSetup>(Value::Object(flow)) {
                Ok(options) => client
                    .complete_setup(&session_id, &options)
                    .await
                    .map(|saved| completed_setup(&saved)),
                Err(error) => Err(error),
            }
        }
        "complete_setup_from_event" => {
            let Value::Object(mut flow) = params else {
                unreachable!("the arguments are an object")
            };
            let event: Event = serde_json::from_value(flow.remove("event").unwrap_or_default())
                .map_err(|e| format!("event: {e}"))?;
            match parse::<CompleteSetup>(Value::Object(flow)) {
                Ok(options) => client
                    .complete_setup_from_event(&event, &options)
                    .await
                    .map(|saved| completed_setup(&saved)),
                Err(error) => Err(error),
            }
        }
        "charge_off_session" => {
            let params = with_key(params, &options);
            match parse::<OffSessionCharge>(params) {
                Ok(charge) => client
                    .charge_off_session(&charge)
                    .await
                    .map(|outcome| outcome_shape(&outcome)),
                Err(error) => Err(error),
            }
        }
        "verify_webhook" => {
            let Value::Object(mut args) = params else {
                unreachable!("the arguments are an object")
            };
            // Checked as every binding checks it: a negative tolerance is refused, not clamped.
            let tolerance = match args.remove("tolerance") {
                None | Some(Value::Null) => Ok(offsession::webhook::DEFAULT_TOLERANCE),
                Some(value) => offsession::validate::tolerance_seconds(
                    "tolerance",
                    match value.as_i64() {
                        Some(seconds) => offsession::validate::NumberInput::Integer(seconds.into()),
                        None => offsession::validate::NumberInput::Other("non-integer"),
                    },
                ),
            };
            let payload = take_str(&mut args, "payload")?.ok_or("payload is required")?;
            let header =
                take_str(&mut args, "signature_header")?.ok_or("signature_header is required")?;
            let secret = take_str(&mut args, "secret")?.ok_or("secret is required")?;
            no_params(&Value::Object(args))?;
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

/// The core's parameters from the case's arguments, as a binding converts its own values.
fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, Error> {
    offsession::params::from_json("", params)
}

/// Takes the request options and `expand` out of the arguments; `timeout_ms` is the case
/// format's spelling of the `timeout` option.
fn options(args: &mut Args) -> Result<(RequestOptions, Vec<String>), Error> {
    let mut taken = Map::new();
    for name in RequestOptions::NAMES {
        if let Some(value) = args.remove(name) {
            taken.insert(name.to_owned(), value);
        }
    }
    if let Some(value) = args.remove("timeout_ms") {
        taken.insert("timeout".to_owned(), value);
    }
    RequestOptions::from_deserializer(Value::Object(taken), Duration::from_millis(1))
}

/// A flow takes its idempotency key as one of its own parameters.
fn with_key(params: Value, options: &RequestOptions) -> Value {
    let Value::Object(mut params) = params else {
        return params;
    };
    if let Some(key) = &options.idempotency_key {
        params.insert("idempotency_key".into(), Value::String(key.clone()));
    }
    Value::Object(params)
}

/// A call that takes no parameters besides its id and options.
fn no_params(params: &Value) -> Result<(), String> {
    match params.as_object().and_then(|map| map.keys().next()) {
        Some(unknown) => Err(format!("unknown argument {unknown:?}")),
        None => Ok(()),
    }
}

fn take_str(args: &mut Args, key: &str) -> Result<Option<String>, String> {
    match args.remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(format!("{key} must be a string, got {other}")),
    }
}

async fn returned<T: Returned>(
    request: impl std::future::IntoFuture<Output = Result<T, Error>>,
) -> Result<Value, Error> {
    request.await.map(|returned| object(&returned))
}

/// A list page: Stripe's JSON (`object`, `data`, `has_more`, `url`) plus `last_response`.
fn list_shape(page: &List<PaymentMethod>) -> Value {
    let mut json = value(page);
    if let (Some(meta), Value::Object(map)) = (&page.last_response, &mut json) {
        map.insert("last_response".into(), response_meta(meta));
    }
    json
}

/// Every payment method, walked page by page: `{"data": [...]}`.
async fn all_payment_methods(
    client: &Client,
    id: &str,
    params: &ListCustomerPaymentMethods,
    options: RequestOptions,
) -> Result<Value, Error> {
    let mut paginator = client.customers().payment_methods(id, params, options)?;
    let mut data = Vec::new();
    while let Some(payment_method) = paginator.next().await? {
        data.push(value(&payment_method));
    }
    Ok(json!({ "data": data }))
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

/// The fields of the error shape every runner compares (see the README), in its order.
pub const ERROR_SHAPE: [&str; 9] = [
    "kind",
    "code",
    "decline_code",
    "param",
    "http_status",
    "request_id",
    "message",
    "idempotency_key",
    "payment_intent",
];

/// The error shape every runner compares (see the README): those fields of the core's
/// [`Error::shape`], under the same names.
pub fn error_shape(error: &Error) -> Value {
    let Value::Object(mut shape) = value(&error.shape()) else {
        unreachable!("an ErrorShape serialises to a JSON object")
    };
    ERROR_SHAPE
        .iter()
        .map(|&field| {
            let value = shape
                .remove(field)
                .unwrap_or_else(|| panic!("ErrorShape has no field {field}"));
            (field, value)
        })
        .collect()
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
        map.insert("last_response".into(), response_meta(meta));
    }
    json
}

fn response_meta(meta: &ResponseMeta) -> Value {
    json!({
        "http_status": meta.http_status,
        "request_id": meta.request_id,
        "idempotent_replayed": meta.idempotent_replayed,
        "idempotency_key": meta.idempotency_key,
    })
}

fn value(object: &impl Serialize) -> Value {
    serde_json::to_value(object).expect("SDK objects serialise to JSON")
}

fn to_json<T: Serialize>(result: Result<T, Error>) -> Result<Value, Error> {
    result.map(|object| value(&object))
}
