//! The resource calls: each converts its parameters and starts the core call; its promise
//! resolves to the result as JSON.

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;

use crate::client::NativeClient;
use crate::errors::json_call;
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
    pub fn customers_create<'env>(
        &self,
        env: &'env Env,
        params: CustomerCreateParams,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let params = params.into();
        json_call(env, async move { client.customers().create(&params).await })
    }

    /// GET /v1/customers/{id}.
    #[napi(catch_unwind)]
    pub fn customers_retrieve<'env>(
        &self,
        env: &'env Env,
        id: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        json_call(env, async move { client.customers().retrieve(&id).await })
    }

    /// POST /v1/checkout/sessions.
    #[napi(catch_unwind)]
    pub fn checkout_sessions_create<'env>(
        &self,
        env: &'env Env,
        params: CheckoutSessionCreateParams,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let params = params.into();
        json_call(env, async move {
            client.checkout_sessions().create(&params).await
        })
    }

    /// GET /v1/checkout/sessions/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub fn checkout_sessions_retrieve<'env>(
        &self,
        env: &'env Env,
        id: String,
        expand: Option<Vec<String>>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        json_call(env, async move {
            client
                .checkout_sessions()
                .retrieve(&id, &strs(&expand))
                .await
        })
    }

    /// GET /v1/setup_intents/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub fn setup_intents_retrieve<'env>(
        &self,
        env: &'env Env,
        id: String,
        expand: Option<Vec<String>>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        json_call(env, async move {
            client.setup_intents().retrieve(&id, &strs(&expand)).await
        })
    }

    /// GET /v1/payment_methods/{id}.
    #[napi(catch_unwind)]
    pub fn payment_methods_retrieve<'env>(
        &self,
        env: &'env Env,
        id: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        json_call(
            env,
            async move { client.payment_methods().retrieve(&id).await },
        )
    }

    /// POST /v1/payment_methods/{id}/attach.
    #[napi(catch_unwind)]
    pub fn payment_methods_attach<'env>(
        &self,
        env: &'env Env,
        id: String,
        params: AttachParams,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let params = offsession::AttachPaymentMethod {
            customer: params.customer,
            idempotency_key: params.idempotency_key,
        };
        json_call(env, async move {
            client.payment_methods().attach(&id, &params).await
        })
    }

    /// POST /v1/payment_intents.
    #[napi(catch_unwind)]
    pub fn payment_intents_create<'env>(
        &self,
        env: &'env Env,
        params: PaymentIntentCreateParams,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        let params = params.into();
        json_call(env, async move {
            client.payment_intents().create(&params).await
        })
    }

    /// GET /v1/payment_intents/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub fn payment_intents_retrieve<'env>(
        &self,
        env: &'env Env,
        id: String,
        expand: Option<Vec<String>>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let client = self.client.clone();
        json_call(env, async move {
            client.payment_intents().retrieve(&id, &strs(&expand)).await
        })
    }
}
