//! What Stripe's response said about itself, kept on every object a call returns, as the
//! official SDKs keep it (`last_response` in stripe-python, `lastResponse` in stripe-node): the
//! `Request-Id` to quote to Stripe support, and whether the answer was a replay of an earlier
//! request with the same idempotency key (a re-run that charged nothing new).

/// The response behind an object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResponseMeta {
    /// The HTTP status (200 for every object a call returns).
    pub http_status: u16,
    /// The `Request-Id` header.
    pub request_id: Option<String>,
    /// `Idempotent-Replayed: true`: Stripe answered with the stored result of an earlier
    /// request that had the same idempotency key; nothing was created or charged again.
    pub idempotent_replayed: bool,
    /// The `Idempotency-Key` the request was sent with (POSTs only).
    pub idempotency_key: Option<String>,
}

/// An object a call can return: decoded from the body, then given its response's metadata.
pub(crate) trait FromResponse: serde::de::DeserializeOwned {
    /// Records the response that brought this object.
    fn set_last_response(&mut self, meta: ResponseMeta);
}

/// Implements [`FromResponse`] for objects with a `last_response` field.
macro_rules! from_response {
    ($($kind:ty),+ $(,)?) => {
        $(impl crate::response::FromResponse for $kind {
            fn set_last_response(&mut self, meta: crate::response::ResponseMeta) {
                self.last_response = Some(meta);
            }
        })+
    };
}

pub(crate) use from_response;
