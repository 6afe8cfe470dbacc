//! `lastResponse`: every object a call returns keeps the response it came in (the core's
//! `last_response`, which is not part of Stripe's JSON), exposed as stripe-node exposes it.
//!
//! An object crosses to `index.js` as a pair, `[<Stripe's JSON>, [statusCode, requestId,
//! idempotentReplayed, idempotencyKey] | null]`, written in one pass by serde and parsed with
//! the rest of the result by the one `JSON.parse` a call already costs. Arrays keep the added
//! text short (about 65 bytes; JSON.parse's cost grows with its input) on the hot path of every
//! resource call. `index.js` (`returned`) builds stripe-node's `{ statusCode, requestId,
//! idempotentReplayed, idempotencyKey }` from it and defines it as the object's non-enumerable
//! `lastResponse`, so `JSON.stringify(object)` stays Stripe's JSON.

use offsession::{
    CheckoutSession, Customer, List, PaymentIntent, PaymentMethod, RawResponse, ResponseMeta,
    SetupIntent,
};
use serde::ser::SerializeTuple;
use serde::{Serialize, Serializer};

/// What a call can return: Stripe's JSON and the response that brought it (`None` when it came
/// inside another object: an expansion, a webhook event, an error body).
pub trait HasResponse {
    /// Stripe's JSON.
    type Object: Serialize + ?Sized;
    /// The object and its response.
    fn parts(&self) -> (&Self::Object, Option<&ResponseMeta>);
}

macro_rules! has_response {
    ($($kind:ty),+) => {
        $(impl HasResponse for $kind {
            type Object = Self;
            fn parts(&self) -> (&Self, Option<&ResponseMeta>) {
                (self, self.last_response.as_ref())
            }
        })+
    };
}

has_response!(
    Customer,
    CheckoutSession,
    SetupIntent,
    PaymentMethod,
    PaymentIntent,
    List<PaymentMethod>
);

/// A raw request's answer: the decoded body.
impl HasResponse for RawResponse {
    type Object = serde_json::Value;
    fn parts(&self) -> (&serde_json::Value, Option<&ResponseMeta>) {
        (&self.body, self.last_response.as_ref())
    }
}

impl<T: HasResponse> HasResponse for &T {
    type Object = T::Object;
    fn parts(&self) -> (&T::Object, Option<&ResponseMeta>) {
        (**self).parts()
    }
}

impl<T: HasResponse> HasResponse for Box<T> {
    type Object = T::Object;
    fn parts(&self) -> (&T::Object, Option<&ResponseMeta>) {
        (**self).parts()
    }
}

/// `object` as it crosses to `index.js`: `[object, lastResponse]`.
pub struct Returned<T>(pub T);

impl<T: HasResponse> Serialize for Returned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (object, meta) = self.0.parts();
        let mut pair = serializer.serialize_tuple(2)?;
        pair.serialize_element(object)?;
        pair.serialize_element(&meta.map(LastResponse))?;
        pair.end()
    }
}

/// stripe-node's `lastResponse`, in its order: `[statusCode, requestId, idempotentReplayed,
/// idempotencyKey]` (`idempotencyKey` null for a GET).
struct LastResponse<'a>(&'a ResponseMeta);

impl Serialize for LastResponse<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let meta = self.0;
        let mut fields = serializer.serialize_tuple(4)?;
        fields.serialize_element(&meta.http_status)?;
        fields.serialize_element(&meta.request_id)?;
        fields.serialize_element(&meta.idempotent_replayed)?;
        fields.serialize_element(&meta.idempotency_key)?;
        fields.end()
    }
}
