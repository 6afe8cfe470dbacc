//! The resource namespaces (`client.customers`, …; Swift and Kotlin add the property, these are
//! their constructors): each call takes its parameters as JSON (`params_json`, what the typed
//! methods of the Swift and Kotlin packages send) and the request options, and runs on the
//! runtime as one [`CallKind::Resource`]: cancelling the caller's task drops it where it stands
//! (re-sending it with the same idempotency key is safe).

use std::future::Future;
use std::sync::Arc;

use offsession::params::{
    AttachPaymentMethod, CancelPaymentIntent, CreateCheckoutSession, CreateCustomer,
    CreatePaymentIntent, ListCustomerPaymentMethods, UpdateCustomer, UpdateSetupIntent,
};

use crate::client::Client;
use crate::error::OffsessionError;
use crate::objects::{
    CheckoutSession, Customer, PaymentIntent, PaymentMethod, PaymentMethodList, SetupIntent,
};
use crate::options::{params, RequestOptions};
use crate::runtime::{run, CallKind};

/// Runs one resource call on its own clone of the client.
async fn call<T, F, Fut>(client: &offsession::Client, call: F) -> Result<T, OffsessionError>
where
    F: FnOnce(offsession::Client) -> Fut,
    Fut: Future<Output = offsession::Result<T>> + Send + 'static,
    T: Send + 'static,
{
    run(CallKind::Resource, call(client.clone())).await
}

/// Declares a namespace object holding the client, built from it.
macro_rules! namespace {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(uniffi::Object)]
        pub struct $name {
            client: offsession::Client,
        }

        #[uniffi::export]
        impl $name {
            /// The namespace of `client` (Swift and Kotlin: the client's property of this name).
            #[uniffi::constructor]
            pub fn new(client: Arc<Client>) -> Arc<Self> {
                Arc::new(Self {
                    client: client.inner.clone(),
                })
            }
        }
    };
}

namespace!(
    /// Customers: create, retrieve, update, and their saved payment methods.
    Customers
);

#[uniffi::export]
impl Customers {
    /// Creates a customer (`POST /v1/customers`; `params_json`: a `CreateCustomer` as JSON).
    #[uniffi::method(default(options))]
    pub async fn create(
        &self,
        params_json: String,
        options: RequestOptions,
    ) -> Result<Customer, OffsessionError> {
        let (params, options): (CreateCustomer, _) = (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            client.customers().create(&params).options(options).await
        });
        Ok(Customer::from(&answer.await?))
    }

    /// Retrieves a customer by id.
    #[uniffi::method(default(options))]
    pub async fn retrieve(
        &self,
        id: String,
        options: RequestOptions,
    ) -> Result<Customer, OffsessionError> {
        let options = options.into_core()?;
        let answer = call(&self.client, move |client| async move {
            client.customers().retrieve(&id).options(options).await
        });
        Ok(Customer::from(&answer.await?))
    }

    /// Updates a customer: only the parameters given change (`params_json`: an
    /// `UpdateCustomer` as JSON). `invoice_settings.default_payment_method` chooses the payment
    /// method invoices are charged to (`""` unsets it).
    #[uniffi::method(default(options))]
    pub async fn update(
        &self,
        id: String,
        params_json: String,
        options: RequestOptions,
    ) -> Result<Customer, OffsessionError> {
        let (params, options): (UpdateCustomer, _) = (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            client
                .customers()
                .update(&id, &params)
                .options(options)
                .await
        });
        Ok(Customer::from(&answer.await?))
    }

    /// One page of the customer's saved payment methods, newest first (`params_json`: a
    /// `ListCustomerPaymentMethods` as JSON: `type`, `limit` 1–100, a cursor).
    #[uniffi::method(default(expand = [], options))]
    pub async fn list_payment_methods(
        &self,
        id: String,
        params_json: String,
        expand: Vec<String>,
        options: RequestOptions,
    ) -> Result<PaymentMethodList, OffsessionError> {
        let (params, options): (ListCustomerPaymentMethods, _) =
            (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            let request = client.customers().list_payment_methods(&id, &params);
            request.options(options).expand(expand).await
        });
        Ok(PaymentMethodList::from(&answer.await?))
    }

    /// Every saved payment method of the customer, fetched a page at a time as they are walked
    /// (Swift: an `AsyncSequence`; Kotlin: a `Flow`). `params_json` sets the first page.
    #[uniffi::method(default(options))]
    pub fn payment_methods(
        &self,
        id: String,
        params_json: String,
        options: RequestOptions,
    ) -> Result<Arc<PaymentMethodPaginator>, OffsessionError> {
        let params: ListCustomerPaymentMethods = params(&params_json)?;
        let paginator =
            self.client
                .customers()
                .payment_methods(&id, &params, options.into_core()?)?;
        Ok(Arc::new(PaymentMethodPaginator {
            inner: Arc::new(tokio::sync::Mutex::new(paginator)),
        }))
    }
}

/// A walk over a customer's payment methods, from `Customers.paymentMethods`: each page is one
/// request with the call's options; after an error, the next call retries the page that failed.
#[derive(uniffi::Object)]
pub struct PaymentMethodPaginator {
    inner: Arc<tokio::sync::Mutex<offsession::Paginator<offsession::PaymentMethod>>>,
}

#[uniffi::export]
impl PaymentMethodPaginator {
    /// The next payment method, fetching the next page when needed; null after the last one.
    pub async fn next(&self) -> Result<Option<PaymentMethod>, OffsessionError> {
        let inner = self.inner.clone();
        let next = run(CallKind::Resource, async move {
            inner.lock().await.next().await
        });
        Ok(next.await?.as_ref().map(PaymentMethod::from))
    }
}

namespace!(
    /// Checkout Sessions: create (setup or payment mode), retrieve and expire.
    CheckoutSessions
);

#[uniffi::export]
impl CheckoutSessions {
    /// Creates a Checkout Session (`params_json`: a `CreateCheckoutSession` as JSON); redirect
    /// the customer to its `url`.
    #[uniffi::method(default(options))]
    pub async fn create(
        &self,
        params_json: String,
        options: RequestOptions,
    ) -> Result<CheckoutSession, OffsessionError> {
        let (params, options): (CreateCheckoutSession, _) =
            (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            client
                .checkout_sessions()
                .create(&params)
                .options(options)
                .await
        });
        Ok(CheckoutSession::from(&answer.await?))
    }

    /// Retrieves a session, expanding the given fields: `["setup_intent"]` brings the
    /// SetupIntent inline (in `json`), saving a request.
    #[uniffi::method(default(expand = [], options))]
    pub async fn retrieve(
        &self,
        id: String,
        expand: Vec<String>,
        options: RequestOptions,
    ) -> Result<CheckoutSession, OffsessionError> {
        let options = options.into_core()?;
        let answer = call(&self.client, move |client| async move {
            let request = client.checkout_sessions().retrieve(&id);
            request.options(options).expand(expand).await
        });
        Ok(CheckoutSession::from(&answer.await?))
    }

    /// Expires an open session: the customer can no longer pay or save a card with it. Stripe
    /// refuses a session that is not open (`InvalidRequest`).
    #[uniffi::method(default(options))]
    pub async fn expire(
        &self,
        id: String,
        options: RequestOptions,
    ) -> Result<CheckoutSession, OffsessionError> {
        let options = options.into_core()?;
        let answer = call(&self.client, move |client| async move {
            client
                .checkout_sessions()
                .expire(&id)
                .options(options)
                .await
        });
        Ok(CheckoutSession::from(&answer.await?))
    }
}

namespace!(
    /// Setup intents: retrieve and update.
    SetupIntents
);

#[uniffi::export]
impl SetupIntents {
    /// Retrieves a SetupIntent, expanding the given fields (e.g. `["payment_method"]`).
    #[uniffi::method(default(expand = [], options))]
    pub async fn retrieve(
        &self,
        id: String,
        expand: Vec<String>,
        options: RequestOptions,
    ) -> Result<SetupIntent, OffsessionError> {
        let options = options.into_core()?;
        let answer = call(&self.client, move |client| async move {
            let request = client.setup_intents().retrieve(&id);
            request.options(options).expand(expand).await
        });
        Ok(SetupIntent::from(&answer.await?))
    }

    /// Updates a SetupIntent (`params_json`: an `UpdateSetupIntent` as JSON).
    #[uniffi::method(default(options))]
    pub async fn update(
        &self,
        id: String,
        params_json: String,
        options: RequestOptions,
    ) -> Result<SetupIntent, OffsessionError> {
        let (params, options): (UpdateSetupIntent, _) =
            (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            client
                .setup_intents()
                .update(&id, &params)
                .options(options)
                .await
        });
        Ok(SetupIntent::from(&answer.await?))
    }
}

namespace!(
    /// Payment methods: retrieve, attach to a customer, detach.
    PaymentMethods
);

#[uniffi::export]
impl PaymentMethods {
    /// Retrieves a payment method by id.
    #[uniffi::method(default(options))]
    pub async fn retrieve(
        &self,
        id: String,
        options: RequestOptions,
    ) -> Result<PaymentMethod, OffsessionError> {
        let options = options.into_core()?;
        let answer = call(&self.client, move |client| async move {
            client
                .payment_methods()
                .retrieve(&id)
                .options(options)
                .await
        });
        Ok(PaymentMethod::from(&answer.await?))
    }

    /// Attaches a payment method to a customer so it can be charged later (`params_json`: an
    /// `AttachPaymentMethod` as JSON).
    #[uniffi::method(default(options))]
    pub async fn attach(
        &self,
        id: String,
        params_json: String,
        options: RequestOptions,
    ) -> Result<PaymentMethod, OffsessionError> {
        let (params, options): (AttachPaymentMethod, _) =
            (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            client
                .payment_methods()
                .attach(&id, &params)
                .options(options)
                .await
        });
        Ok(PaymentMethod::from(&answer.await?))
    }

    /// Detaches a payment method from its customer: it can no longer be charged. Stripe
    /// refuses one that is not attached (`InvalidRequest`).
    #[uniffi::method(default(options))]
    pub async fn detach(
        &self,
        id: String,
        options: RequestOptions,
    ) -> Result<PaymentMethod, OffsessionError> {
        let options = options.into_core()?;
        let answer = call(&self.client, move |client| async move {
            client.payment_methods().detach(&id).options(options).await
        });
        Ok(PaymentMethod::from(&answer.await?))
    }
}

namespace!(
    /// Payment intents: create (and confirm), retrieve and cancel.
    PaymentIntents
);

#[uniffi::export]
impl PaymentIntents {
    /// Creates a PaymentIntent (`params_json`: a `CreatePaymentIntent` as JSON); with `confirm`
    /// and `off_session` this charges a saved card. A decline is `OffsessionError.Card`
    /// carrying the PaymentIntent; `Client.chargeOffSession` turns that into a recovery
    /// Checkout Session for you.
    #[uniffi::method(default(options))]
    pub async fn create(
        &self,
        params_json: String,
        options: RequestOptions,
    ) -> Result<PaymentIntent, OffsessionError> {
        let (params, options): (CreatePaymentIntent, _) =
            (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            client
                .payment_intents()
                .create(&params)
                .options(options)
                .await
        });
        Ok(PaymentIntent::from(&answer.await?))
    }

    /// Retrieves a PaymentIntent, expanding the given fields.
    #[uniffi::method(default(expand = [], options))]
    pub async fn retrieve(
        &self,
        id: String,
        expand: Vec<String>,
        options: RequestOptions,
    ) -> Result<PaymentIntent, OffsessionError> {
        let options = options.into_core()?;
        let answer = call(&self.client, move |client| async move {
            let request = client.payment_intents().retrieve(&id);
            request.options(options).expand(expand).await
        });
        Ok(PaymentIntent::from(&answer.await?))
    }

    /// Cancels a PaymentIntent that has not succeeded (`params_json`: a `CancelPaymentIntent`
    /// as JSON, e.g. `cancellation_reason` `abandoned` once the customer paid the recovery
    /// session). Stripe refuses a `succeeded` one (`InvalidRequest`, `code`
    /// `payment_intent_unexpected_state`).
    #[uniffi::method(default(options))]
    pub async fn cancel(
        &self,
        id: String,
        params_json: String,
        options: RequestOptions,
    ) -> Result<PaymentIntent, OffsessionError> {
        let (params, options): (CancelPaymentIntent, _) =
            (params(&params_json)?, options.into_core()?);
        let answer = call(&self.client, move |client| async move {
            client
                .payment_intents()
                .cancel(&id, &params)
                .options(options)
                .await
        });
        Ok(PaymentIntent::from(&answer.await?))
    }
}
