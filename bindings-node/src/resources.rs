//! The resource calls: each reads its arguments (`input.rs`, `params.rs`) and starts the core
//! call; its promise resolves to the object as JSON with its `lastResponse` (`response.rs`).
//! Every method takes stripe-node's request options last (`{ idempotencyKey, stripeAccount,
//! signal }`); reads take no key. Each is one request: an `AbortSignal` cancels it
//! (`CallKind::Resource`).

use std::future::Future;

use napi::bindgen_prelude::{PromiseRaw, Unknown};
use napi::Env;
use napi_derive::napi;
use offsession::cancel::CallKind;

use crate::client::NativeClient;
use crate::errors::json_call;
use crate::input::{with_options, Arg};
use crate::params;
use crate::response::{HasResponse, Returned};

fn strs(expand: &[String]) -> Vec<&str> {
    expand.iter().map(String::as_str).collect()
}

/// Starts a resource call: one request, cancellable; its object crosses with its response.
fn resource<'env, T, F>(env: &'env Env, call: F) -> napi::Result<PromiseRaw<'env, String>>
where
    T: HasResponse + Send + 'static,
    F: Future<Output = offsession::Result<T>> + Send + 'static,
{
    json_call(
        env,
        CallKind::Resource,
        async move { call.await.map(Returned) },
    )
}

/// An object id argument (`id`); the core checks its form.
fn id(value: Unknown<'_>) -> napi::Result<String> {
    Arg::new(value, "id")?.string()
}

#[napi]
impl NativeClient {
    /// POST /v1/customers.
    #[napi(catch_unwind)]
    pub fn customers_create<'env>(
        &self,
        env: &'env Env,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let mut params = params::create_customer(params)?;
        let (mut options, client) = with_options(&self.client, options, true)?;
        params.idempotency_key = options.key(params.idempotency_key)?;
        resource(env, async move { client.customers().create(&params).await })
    }

    /// GET /v1/customers/{id}.
    #[napi(catch_unwind)]
    pub fn customers_retrieve<'env>(
        &self,
        env: &'env Env,
        id: Unknown<'env>,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let id = self::id(id)?;
        Arg::new(params, "params")?.argument(&[], false)?;
        let (_, client) = with_options(&self.client, options, false)?;
        resource(env, async move { client.customers().retrieve(&id).await })
    }

    /// POST /v1/checkout/sessions.
    #[napi(catch_unwind)]
    pub fn checkout_sessions_create<'env>(
        &self,
        env: &'env Env,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let mut params = params::create_checkout_session(params)?;
        let (mut options, client) = with_options(&self.client, options, true)?;
        params.idempotency_key = options.key(params.idempotency_key)?;
        resource(env, async move {
            client.checkout_sessions().create(&params).await
        })
    }

    /// GET /v1/checkout/sessions/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub fn checkout_sessions_retrieve<'env>(
        &self,
        env: &'env Env,
        id: Unknown<'env>,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let id = self::id(id)?;
        let expand = params::expand(params)?;
        let (_, client) = with_options(&self.client, options, false)?;
        resource(env, async move {
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
        id: Unknown<'env>,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let id = self::id(id)?;
        let expand = params::expand(params)?;
        let (_, client) = with_options(&self.client, options, false)?;
        resource(env, async move {
            client.setup_intents().retrieve(&id, &strs(&expand)).await
        })
    }

    /// GET /v1/payment_methods/{id}.
    #[napi(catch_unwind)]
    pub fn payment_methods_retrieve<'env>(
        &self,
        env: &'env Env,
        id: Unknown<'env>,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let id = self::id(id)?;
        Arg::new(params, "params")?.argument(&[], false)?;
        let (_, client) = with_options(&self.client, options, false)?;
        resource(
            env,
            async move { client.payment_methods().retrieve(&id).await },
        )
    }

    /// POST /v1/payment_methods/{id}/attach.
    #[napi(catch_unwind)]
    pub fn payment_methods_attach<'env>(
        &self,
        env: &'env Env,
        id: Unknown<'env>,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let id = self::id(id)?;
        let mut params = params::attach_payment_method(params)?;
        let (mut options, client) = with_options(&self.client, options, true)?;
        params.idempotency_key = options.key(params.idempotency_key)?;
        resource(env, async move {
            client.payment_methods().attach(&id, &params).await
        })
    }

    /// POST /v1/payment_intents.
    #[napi(catch_unwind)]
    pub fn payment_intents_create<'env>(
        &self,
        env: &'env Env,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let mut params = params::create_payment_intent(params)?;
        let (mut options, client) = with_options(&self.client, options, true)?;
        params.idempotency_key = options.key(params.idempotency_key)?;
        resource(env, async move {
            client.payment_intents().create(&params).await
        })
    }

    /// POST /v1/payment_intents/{id}/cancel: `{ cancellationReason }`.
    #[napi(catch_unwind)]
    pub fn payment_intents_cancel<'env>(
        &self,
        env: &'env Env,
        id: Unknown<'env>,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let id = self::id(id)?;
        let mut params = params::cancel_payment_intent(params)?;
        let (mut options, client) = with_options(&self.client, options, true)?;
        params.idempotency_key = options.key(params.idempotency_key)?;
        resource(env, async move {
            client.payment_intents().cancel(&id, &params).await
        })
    }

    /// GET /v1/payment_intents/{id}, with `expand`.
    #[napi(catch_unwind)]
    pub fn payment_intents_retrieve<'env>(
        &self,
        env: &'env Env,
        id: Unknown<'env>,
        params: Unknown<'env>,
        options: Unknown<'env>,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let id = self::id(id)?;
        let expand = params::expand(params)?;
        let (_, client) = with_options(&self.client, options, false)?;
        resource(env, async move {
            client.payment_intents().retrieve(&id, &strs(&expand)).await
        })
    }
}
