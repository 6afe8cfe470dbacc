//! `Idempotency-Key` as Stripe implements it: scoped per API key; a result is saved once the
//! endpoint started executing (2xx and 402), never for parameter errors; a key reused with other
//! parameters is a 400, a key whose first request is still running is a 409.

use bytes::Bytes;
use serde_json::Value;

use crate::errors::ApiError;
use crate::state::State;

/// Longest key Stripe accepts.
const MAX_KEY_LEN: usize = 255;

/// What identifies "the same request".
#[derive(Clone, PartialEq, Debug)]
pub struct Fingerprint {
    /// HTTP method.
    pub method: String,
    /// Path without query.
    pub path: String,
    /// Decoded parameters (so equal parameters in another order still match).
    pub params: Value,
}

/// A key's state.
pub enum IdempotencyRecord {
    /// The first request with this key is still executing.
    InFlight(Fingerprint),
    /// Its saved result.
    Done {
        /// The request it was first used with.
        fingerprint: Fingerprint,
        /// Saved status.
        status: u16,
        /// Saved body, replayed byte for byte.
        body: Bytes,
        /// `Request-Id` of the original request.
        request_id: String,
    },
}

/// What to do with an incoming request that carries a key.
pub enum Begin {
    /// First use: execute it (the key is now in flight).
    Execute,
    /// Send the saved result again.
    Replay {
        /// Saved status.
        status: u16,
        /// Saved body.
        body: Bytes,
        /// `Request-Id` of the original request.
        original_request: String,
    },
    /// Refuse (400 different parameters, 409 still in flight).
    Reject(ApiError),
}

/// Looks the key up and, on first use, marks it in flight.
pub fn begin(state: &mut State, api_key: &str, key: &str, fingerprint: Fingerprint) -> Begin {
    if key.len() > MAX_KEY_LEN {
        return Begin::Reject(
            ApiError::invalid(format!(
                "Invalid Idempotency-Key: it must be at most {MAX_KEY_LEN} characters long."
            ))
            .param("Idempotency-Key"),
        );
    }
    let scope = (api_key.to_string(), key.to_string());
    match state.idempotency.get(&scope) {
        None => {
            state
                .idempotency
                .insert(scope, IdempotencyRecord::InFlight(fingerprint));
            Begin::Execute
        }
        Some(IdempotencyRecord::InFlight(_)) => Begin::Reject(ApiError::idempotency(
            409,
            format!(
                "There is currently another in-progress request using this Idempotency Key (that probably means you submitted twice, and the other request is still going through): {key}. Please try again later."
            ),
        )),
        Some(IdempotencyRecord::Done {
            fingerprint: first,
            status,
            body,
            request_id,
        }) => {
            if *first == fingerprint {
                Begin::Replay {
                    status: *status,
                    body: body.clone(),
                    original_request: request_id.clone(),
                }
            } else {
                Begin::Reject(ApiError::idempotency(
                    400,
                    format!(
                        "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."
                    ),
                ))
            }
        }
    }
}

/// Saves the result (`Some`) or releases the key for reuse (`None`).
pub fn finish(state: &mut State, api_key: &str, key: &str, saved: Option<(u16, Bytes, String)>) {
    let scope = (api_key.to_string(), key.to_string());
    let Some(IdempotencyRecord::InFlight(fingerprint)) = state.idempotency.remove(&scope) else {
        // A reset happened meanwhile: nothing to complete.
        return;
    };
    if let Some((status, body, request_id)) = saved {
        state.idempotency.insert(
            scope,
            IdempotencyRecord::Done {
                fingerprint,
                status,
                body,
                request_id,
            },
        );
    }
}

/// True when Stripe would save this status: the endpoint ran (success, or a card error).
pub fn is_saved(status: u16) -> bool {
    (200..300).contains(&status) || status == 402
}
