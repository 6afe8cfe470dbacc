//! The resource namespaces (`client.customers()`, …): typed create/retrieve/cancel calls, each
//! one async on the runtime. Each is one request, a [`CallKind::Resource`]: cancelling the
//! caller's task drops it where it stands (re-sending it with the same idempotency key is safe).

use crate::error::OffsessionError;
use crate::objects::{CheckoutSession, Customer, PaymentIntent, PaymentMethod, SetupIntent};
use crate::params::{
    AttachPaymentMethod, CancelPaymentIntent, CreateCheckoutSession, CreateCustomer,
    CreatePaymentIntent,
};
use crate::runtime::{run, CallKind};

fn strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

/// Customers: create and retrieve. Obtained from `Client.customers()`.
#[derive(uniffi::Object)]
pub struct Customers {
    client: offsession::Client,
}

impl Customers {
    pub(crate) fn new(client: offsession::Client) -> Self {
        Self { client }
    }
}

#[uniffi::export]
impl Customers {
    /// Creates a customer.
    pub async fn create(&self, params: CreateCustomer) -> Result<Customer, OffsessionError> {
        let client = self.client.clone();
        let params = offsession::CreateCustomer::from(params);
        let customer = run(CallKind::Resource, async move {
            client.customers().create(&params).await
        })
        .await?;
        Ok(Customer::from(&customer))
    }

    /// Retrieves a customer by id.
    pub async fn retrieve(&self, id: String) -> Result<Customer, OffsessionError> {
        let client = self.client.clone();
        let customer = run(CallKind::Resource, async move {
            client.customers().retrieve(&id).await
        })
        .await?;
        Ok(Customer::from(&customer))
    }
}

/// Checkout Sessions: create and retrieve. Obtained from `Client.checkoutSessions()`.
#[derive(uniffi::Object)]
pub struct CheckoutSessions {
    client: offsession::Client,
}

impl CheckoutSessions {
    pub(crate) fn new(client: offsession::Client) -> Self {
        Self { client }
    }
}

#[uniffi::export]
impl CheckoutSessions {
    /// Creates a Checkout Session; redirect the customer to its `url`.
    pub async fn create(
        &self,
        params: CreateCheckoutSession,
    ) -> Result<CheckoutSession, OffsessionError> {
        let client = self.client.clone();
        let params = offsession::CreateCheckoutSession::from(params);
        let session = run(CallKind::Resource, async move {
            client.checkout_sessions().create(&params).await
        })
        .await?;
        Ok(CheckoutSession::from(&session))
    }

    /// Retrieves a session, expanding the given fields: `["setup_intent"]` brings the
    /// SetupIntent inline (in `json`), saving a request.
    #[uniffi::method(default(expand = []))]
    pub async fn retrieve(
        &self,
        id: String,
        expand: Vec<String>,
    ) -> Result<CheckoutSession, OffsessionError> {
        let client = self.client.clone();
        let session = run(CallKind::Resource, async move {
            client
                .checkout_sessions()
                .retrieve(&id, &strs(&expand))
                .await
        })
        .await?;
        Ok(CheckoutSession::from(&session))
    }
}

/// Setup intents: retrieve. Obtained from `Client.setupIntents()`.
#[derive(uniffi::Object)]
pub struct SetupIntents {
    client: offsession::Client,
}

impl SetupIntents {
    pub(crate) fn new(client: offsession::Client) -> Self {
        Self { client }
    }
}

#[uniffi::export]
impl SetupIntents {
    /// Retrieves a SetupIntent, expanding the given fields (e.g. `["payment_method"]`).
    #[uniffi::method(default(expand = []))]
    pub async fn retrieve(
        &self,
        id: String,
        expand: Vec<String>,
    ) -> Result<SetupIntent, OffsessionError> {
        let client = self.client.clone();
        let intent = run(CallKind::Resource, async move {
            client.setup_intents().retrieve(&id, &strs(&expand)).await
        })
        .await?;
        Ok(SetupIntent::from(&intent))
    }
}

/// Payment methods: retrieve and attach. Obtained from `Client.paymentMethods()`.
#[derive(uniffi::Object)]
pub struct PaymentMethods {
    client: offsession::Client,
}

impl PaymentMethods {
    pub(crate) fn new(client: offsession::Client) -> Self {
        Self { client }
    }
}

#[uniffi::export]
impl PaymentMethods {
    /// Retrieves a payment method by id.
    pub async fn retrieve(&self, id: String) -> Result<PaymentMethod, OffsessionError> {
        let client = self.client.clone();
        let method = run(CallKind::Resource, async move {
            client.payment_methods().retrieve(&id).await
        })
        .await?;
        Ok(PaymentMethod::from(&method))
    }

    /// Attaches a payment method to a customer so it can be charged later.
    pub async fn attach(
        &self,
        id: String,
        params: AttachPaymentMethod,
    ) -> Result<PaymentMethod, OffsessionError> {
        let client = self.client.clone();
        let params = offsession::AttachPaymentMethod::from(params);
        let method = run(CallKind::Resource, async move {
            client.payment_methods().attach(&id, &params).await
        })
        .await?;
        Ok(PaymentMethod::from(&method))
    }
}

/// Payment intents: create (and confirm), retrieve and cancel. Obtained from
/// `Client.paymentIntents()`.
#[derive(uniffi::Object)]
pub struct PaymentIntents {
    client: offsession::Client,
}

impl PaymentIntents {
    pub(crate) fn new(client: offsession::Client) -> Self {
        Self { client }
    }
}

#[uniffi::export]
impl PaymentIntents {
    /// Creates a PaymentIntent; with `confirm` and `off_session` this charges a saved card. A
    /// decline is `OffsessionError.Card` carrying the PaymentIntent; `Client.chargeOffSession`
    /// turns that into a recovery Checkout Session for you.
    pub async fn create(
        &self,
        params: CreatePaymentIntent,
    ) -> Result<PaymentIntent, OffsessionError> {
        let client = self.client.clone();
        let params = offsession::CreatePaymentIntent::from(params);
        let intent = run(CallKind::Resource, async move {
            client.payment_intents().create(&params).await
        })
        .await?;
        Ok(PaymentIntent::from(&intent))
    }

    /// Retrieves a PaymentIntent, expanding the given fields.
    #[uniffi::method(default(expand = []))]
    pub async fn retrieve(
        &self,
        id: String,
        expand: Vec<String>,
    ) -> Result<PaymentIntent, OffsessionError> {
        let client = self.client.clone();
        let intent = run(CallKind::Resource, async move {
            client.payment_intents().retrieve(&id, &strs(&expand)).await
        })
        .await?;
        Ok(PaymentIntent::from(&intent))
    }

    /// Cancels a PaymentIntent that has not succeeded: after a decline, closes the declined one
    /// for good once the customer paid the recovery session (`CompletedRecovery
    /// .declined_payment_intent_id`), or will not. Stripe refuses a `succeeded` one
    /// (`InvalidRequest`, `code` `payment_intent_unexpected_state`).
    pub async fn cancel(
        &self,
        id: String,
        params: CancelPaymentIntent,
    ) -> Result<PaymentIntent, OffsessionError> {
        let client = self.client.clone();
        let params = offsession::CancelPaymentIntent::from(params);
        let intent = run(CallKind::Resource, async move {
            client.payment_intents().cancel(&id, &params).await
        })
        .await?;
        Ok(PaymentIntent::from(&intent))
    }
}
