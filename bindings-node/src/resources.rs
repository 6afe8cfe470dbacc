//! The resource calls, stripe-node's methods, each one request to the core: its parameters
//! (JSON from `index.js`) become the core's generated type (`convert.rs`), its options the
//! core's `RequestOptions`, and its promise resolves to the object with its `lastResponse`
//! (`response.rs`). An `AbortSignal` cancels it (`CallKind::Resource`). Also: a raw request to
//! any endpoint, and the pages of a list for `for await` (the core's `Paginator`).

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use napi::bindgen_prelude::PromiseRaw;
use napi::Env;
use napi_derive::napi;
use offsession::cancel::CallKind;
use offsession::params::{
    AttachPaymentMethod, CancelPaymentIntent, CreateCheckoutSession, CreateCustomer,
    CreatePaymentIntent, DetachPaymentMethod, ExpireCheckoutSession, ListCustomerPaymentMethods,
    RetrieveCheckoutSession, RetrieveCustomer, RetrievePaymentIntent, RetrievePaymentMethod,
    RetrieveSetupIntent, UpdateCustomer, UpdateSetupIntent,
};
use offsession::{Paginator, PaymentMethod};

use crate::client::NativeClient;
use crate::convert;
use crate::errors::{json_call, to_napi};
use crate::response::{HasResponse, Returned};

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

#[napi]
impl NativeClient {
    /// One resource call by its JavaScript name (`customers.create`): `id` is the object's id in
    /// the path (none for a create); `params` and `options` are JSON from `index.js`.
    #[napi(catch_unwind)]
    pub fn call<'env>(
        &self,
        env: &'env Env,
        method: String,
        id: Option<String>,
        params: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (mut options, mut expand) = convert::options(&options)?;
        let id = id.unwrap_or_default();
        let client = self.client.clone();
        // A call with a body of the core's type `$kind`, built by `$request` from the client
        // `$c` and the parameters `$p`.
        macro_rules! body {
            ($kind:ty, |$c:ident, $p:ident| $request:expr) => {{
                let $p: $kind = convert::params(&params, &mut expand)?;
                resource(env, async move {
                    let $c = &client;
                    $request.options(options).expand(expand).await
                })
            }};
        }
        // A call whose parameters the core does not take as a type (`$kind` checks them).
        macro_rules! query {
            ($kind:ty, |$c:ident| $request:expr) => {{
                convert::query::<$kind>(&params, &mut expand, &mut options)?;
                resource(env, async move {
                    let $c = &client;
                    $request.options(options).expand(expand).await
                })
            }};
        }
        match method.as_str() {
            "customers.create" => body!(CreateCustomer, |c, p| c.customers().create(&p)),
            "customers.retrieve" => query!(RetrieveCustomer, |c| c.customers().retrieve(&id)),
            "customers.update" => body!(UpdateCustomer, |c, p| c.customers().update(&id, &p)),
            "customers.listPaymentMethods" => body!(ListCustomerPaymentMethods, |c, p| c
                .customers()
                .list_payment_methods(&id, &p)),
            "checkoutSessions.create" => {
                body!(CreateCheckoutSession, |c, p| c.checkout_sessions().create(&p))
            }
            "checkoutSessions.retrieve" => {
                query!(RetrieveCheckoutSession, |c| c.checkout_sessions().retrieve(&id))
            }
            "checkoutSessions.expire" => {
                query!(ExpireCheckoutSession, |c| c.checkout_sessions().expire(&id))
            }
            "setupIntents.retrieve" => {
                query!(RetrieveSetupIntent, |c| c.setup_intents().retrieve(&id))
            }
            "setupIntents.update" => {
                body!(UpdateSetupIntent, |c, p| c.setup_intents().update(&id, &p))
            }
            "paymentMethods.retrieve" => {
                query!(RetrievePaymentMethod, |c| c.payment_methods().retrieve(&id))
            }
            "paymentMethods.attach" => {
                body!(AttachPaymentMethod, |c, p| c.payment_methods().attach(&id, &p))
            }
            "paymentMethods.detach" => {
                query!(DetachPaymentMethod, |c| c.payment_methods().detach(&id))
            }
            "paymentIntents.create" => {
                body!(CreatePaymentIntent, |c, p| c.payment_intents().create(&p))
            }
            "paymentIntents.retrieve" => {
                query!(RetrievePaymentIntent, |c| c.payment_intents().retrieve(&id))
            }
            "paymentIntents.cancel" => {
                body!(CancelPaymentIntent, |c, p| c.payment_intents().cancel(&id, &p))
            }
            other => Err(napi::Error::from_reason(format!(
                "offsession: no resource call {other:?} (index.js and the add-on disagree; reinstall the package)"
            ))),
        }
    }

    /// A request to any endpoint (`POST /v1/refunds`), with the client's retries, keys and
    /// errors; resolves to the decoded JSON with its `lastResponse`.
    #[napi(catch_unwind)]
    pub fn raw_request<'env>(
        &self,
        env: &'env Env,
        method: String,
        path: String,
        params: String,
        options: String,
    ) -> napi::Result<PromiseRaw<'env, String>> {
        let (options, expand) = convert::options(&options)?;
        let params = convert::object(&params)?;
        let client = self.client.clone();
        resource(env, async move {
            let request = client.raw_request(&method, &path, params);
            request.options(options).expand(expand).await
        })
    }

    /// Every payment method of customer `id`, a page at a time, for `for await`: the first
    /// page's `params`, the same `options` for every page.
    #[napi(catch_unwind)]
    pub fn payment_method_pages(
        &self,
        id: String,
        params: String,
        options: String,
    ) -> napi::Result<NativePages> {
        let (mut options, mut expand) = convert::options(&options)?;
        let params: ListCustomerPaymentMethods = convert::params(&params, &mut expand)?;
        // The paginator takes no expansions: they go in its query as Stripe's `expand[]`.
        if !expand.is_empty() {
            options.extra_params.insert("expand".into(), expand.into());
        }
        let pages = self
            .client
            .customers()
            .payment_methods(&id, &params, options)
            .map_err(to_napi)?;
        Ok(NativePages {
            pages: Arc::new(Mutex::new(Some(pages))),
        })
    }
}

/// The core's `Paginator` behind a `for await` loop. It is moved into each page's call and put
/// back when the page has arrived; a page asked for while one is on its way, or after an
/// aborted one, is refused.
#[napi]
pub struct NativePages {
    pages: Arc<Mutex<Option<Paginator<PaymentMethod>>>>,
}

#[napi]
impl NativePages {
    /// The next page's objects and whether it was the last: `[[…], done]` as JSON.
    #[napi(catch_unwind)]
    pub fn next_page<'env>(&self, env: &'env Env) -> napi::Result<PromiseRaw<'env, String>> {
        let slot = Arc::clone(&self.pages);
        let taken = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        let Some(mut pages) = taken else {
            return Err(to_napi(offsession::Error::InvalidInput {
                param: "pages".into(),
                message: "a page is already on its way, or an earlier page was aborted: walk a list with one loop at a time, and list again after an abort".into(),
            }));
        };
        json_call(env, CallKind::Resource, async move {
            let page = pages.next_page().await;
            let done = pages.is_done();
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(pages);
            page.map(|objects| (objects, done))
        })
    }
}
