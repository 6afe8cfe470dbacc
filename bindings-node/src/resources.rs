//! The resource calls: each converts its parameters, runs the core call, returns JSON.

use napi_derive::napi;

use crate::client::NativeClient;
use crate::errors::{run, to_json};
use crate::params::{
    AttachParams, CheckoutSessionCreateParams, CustomerCreateParams, PaymentIntentCreateParams,
};

fn strs(expand: &Option<Vec<String>>) -> Vec<&str> {
    expand.iter().flatten().map(String::as_str).collect()
}

#[napi]
impl NativeClient {
    /// POST /v1/customers.
    #[napi(catch_unwind)]
    pub async fn customers_create(&self, params: CustomerCreateParams) -> napi::Result<String> {
        let client = self.client.clone();
        let params = params.into();
        to_json(&run(async move { client.customers().create(&params).await }).await?)
    }

    /// GET /v1/customers/{id}.
    #[napi(catch_unwind)]
    pub async fn customers_retrieve(&self, id: String) -> napi::Result<String> {
        let client = self.client.clone();
        to_json(&run(async move { client.customers().retrieve(&id).await }).await?)
    }

    /// POST /v1/checkout/sessions.
    #[napi(catch_unwind)]
    pub async fn checkout_sessions_create(
        &self,
        params: CheckoutSessionCreateParams,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        let params = params.into();
        to_json(&run(async move { client.checkout_sessions().create(&params).await }).await?)
    }

    /// GET /v1/checkout/sessions/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub async fn checkout_sessions_retrieve(
        &self,
        id: String,
        expand: Option<Vec<String>>,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        to_json(
            &run(async move {
                client
                    .checkout_sessions()
                    .retrieve(&id, &strs(&expand))
                    .await
            })
            .await?,
        )
    }

    /// GET /v1/setup_intents/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub async fn setup_intents_retrieve(
        &self,
        id: String,
        expand: Option<Vec<String>>,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        to_json(
            &run(async move { client.setup_intents().retrieve(&id, &strs(&expand)).await }).await?,
        )
    }

    /// GET /v1/payment_methods/{id}.
    #[napi(catch_unwind)]
    pub async fn payment_methods_retrieve(&self, id: String) -> napi::Result<String> {
        let client = self.client.clone();
        to_json(&run(async move { client.payment_methods().retrieve(&id).await }).await?)
    }

    /// POST /v1/payment_methods/{id}/attach.
    #[napi(catch_unwind)]
    pub async fn payment_methods_attach(
        &self,
        id: String,
        params: AttachParams,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        let params = offsession::AttachPaymentMethod {
            customer: params.customer,
            idempotency_key: params.idempotency_key,
        };
        to_json(&run(async move { client.payment_methods().attach(&id, &params).await }).await?)
    }

    /// POST /v1/payment_intents.
    #[napi(catch_unwind)]
    pub async fn payment_intents_create(
        &self,
        params: PaymentIntentCreateParams,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        let params = params.into();
        to_json(&run(async move { client.payment_intents().create(&params).await }).await?)
    }

    /// GET /v1/payment_intents/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub async fn payment_intents_retrieve(
        &self,
        id: String,
        expand: Option<Vec<String>>,
    ) -> napi::Result<String> {
        let client = self.client.clone();
        to_json(
            &run(async move { client.payment_intents().retrieve(&id, &strs(&expand)).await })
                .await?,
        )
    }
}
