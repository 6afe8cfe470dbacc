//! The clients compared: offsession, raw reqwest + serde_json, async-stripe.

use std::sync::Arc;

#[derive(Clone)]
pub enum Runner {
    Offsession(offsession::Client),
    Reqwest(Arc<RawReqwest>),
    AsyncStripe(stripe::Client),
}

pub struct RawReqwest {
    client: reqwest::Client,
    base: String,
}

impl Runner {
    pub fn new(name: &str, url: &str) -> Self {
        match name {
            "offsession" => Runner::Offsession(
                offsession::Client::builder("sk_test_bench").base_url(url).build().expect("client"),
            ),
            "reqwest" => Runner::Reqwest(Arc::new(RawReqwest {
                client: reqwest::Client::builder().build().expect("reqwest"),
                base: url.to_owned(),
            })),
            "async-stripe" => Runner::AsyncStripe(stripe::Client::from_url(url, "sk_test_bench")),
            other => panic!("unknown client {other}"),
        }
    }

    pub async fn flow(&self) -> Result<(), String> {
        match self {
            Runner::Offsession(client) => crate::offsession_flow_impl(client).await,
            Runner::Reqwest(raw) => raw.flow().await,
            Runner::AsyncStripe(client) => async_stripe_flow(client).await,
        }
    }
}

impl RawReqwest {
    async fn call(&self, method: reqwest::Method, path: &str, body: Option<String>) -> Result<serde_json::Value, String> {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth("sk_test_bench")
            .header("Stripe-Version", offsession::STRIPE_VERSION);
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", "bench")
                .body(body);
        }
        let response = request.send().await.map_err(|e| e.to_string())?;
        let bytes = response.bytes().await.map_err(|e| e.to_string())?;
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }

    async fn flow(&self) -> Result<(), String> {
        use reqwest::Method;
        let id = |v: &serde_json::Value| v["id"].as_str().map(str::to_owned).ok_or_else(|| "no id".to_string());
        let customer = id(&self.call(Method::POST, "/v1/customers", Some("email=jenny.rosen%40example.com".into())).await?)?;
        let session = id(&self
            .call(Method::POST, "/v1/checkout/sessions", Some(format!("mode=setup&currency=usd&customer={customer}&success_url=https%3A%2F%2Fexample.com%2Fs")))
            .await?)?;
        let expanded = self.call(Method::GET, &format!("/v1/checkout/sessions/{session}?expand[0]=setup_intent"), None).await?;
        let setup_intent = expanded["setup_intent"]["id"].as_str().ok_or("no setup intent")?.to_owned();
        let si = self.call(Method::GET, &format!("/v1/setup_intents/{setup_intent}"), None).await?;
        let pm = si["payment_method"].as_str().ok_or("no payment method")?.to_owned();
        self.call(Method::POST, &format!("/v1/payment_methods/{pm}/attach"), Some(format!("customer={customer}"))).await?;
        let pi = self
            .call(Method::POST, "/v1/payment_intents", Some(format!("amount=1099&currency=usd&customer={customer}&payment_method={pm}&off_session=true&confirm=true")))
            .await?;
        if pi["status"] != "succeeded" {
            return Err("unexpected status".into());
        }
        Ok(())
    }
}

async fn async_stripe_flow(client: &stripe::Client) -> Result<(), String> {
    use stripe::*;
    let err = |e: StripeError| e.to_string();
    let customer = Customer::create(client, CreateCustomer { email: Some("jenny.rosen@example.com"), ..Default::default() })
        .await
        .map_err(err)?;
    let mut params = CreateCheckoutSession::new();
    params.mode = Some(CheckoutSessionMode::Setup);
    params.currency = Some(Currency::USD);
    params.customer = Some(customer.id.clone());
    params.success_url = Some("https://example.com/s?session_id={CHECKOUT_SESSION_ID}");
    let session = CheckoutSession::create(client, params).await.map_err(err)?;
    let expanded = CheckoutSession::retrieve(client, &session.id, &["setup_intent"]).await.map_err(err)?;
    let setup_intent_id = expanded.setup_intent.ok_or("no setup intent")?.id();
    let setup_intent = SetupIntent::retrieve(client, &setup_intent_id, &[]).await.map_err(err)?;
    let pm = setup_intent.payment_method.ok_or("no payment method")?.id();
    PaymentMethod::attach(client, &pm, AttachPaymentMethod { customer: customer.id.clone() })
        .await
        .map_err(err)?;
    let mut create = CreatePaymentIntent::new(1099, Currency::USD);
    create.customer = Some(customer.id);
    create.payment_method = Some(pm);
    create.off_session = Some(PaymentIntentOffSession::Exists(true));
    create.confirm = Some(true);
    let pi = PaymentIntent::create(client, create).await.map_err(err)?;
    if pi.status != PaymentIntentStatus::Succeeded {
        return Err("unexpected status".into());
    }
    Ok(())
}
