//! Panics inside a call, for the language bindings. A bug in the core must reach Python, Node,
//! Swift or Kotlin as an error (`api_error`, "internal error in offsession: …"), never as an
//! abort of the host process or a call that never ends. Each binding catches the panic where it
//! runs the call; this module is the part they share: a future adapter that catches a panic
//! while polling, and the panic's message.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Wraps `future` so that a panic while polling it completes the future with [`Panicked`]
/// instead of unwinding into the executor.
pub fn catch_unwind<F: Future>(future: F) -> CatchUnwind<F> {
    CatchUnwind {
        inner: Box::pin(future),
    }
}

/// The future returned by [`catch_unwind`].
pub struct CatchUnwind<F> {
    inner: Pin<Box<F>>,
}

impl<F> fmt::Debug for CatchUnwind<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CatchUnwind")
    }
}

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Panicked>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.inner.as_mut();
        // The future is never polled again after a panic, so a broken invariant inside it
        // cannot be observed: asserting unwind safety is sound.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(value)) => Poll::Ready(Ok(value)),
            Err(payload) => Poll::Ready(Err(Panicked::from_payload(payload))),
        }
    }
}

/// A panic caught inside the core. Its `Display` is the message every binding shows:
/// `internal error in offsession: <the panic's message>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panicked {
    detail: String,
}

impl Panicked {
    /// From the payload `std::panic::catch_unwind` (or a tokio `JoinError`) gives: the message
    /// of `panic!`, or "unknown panic" for a payload that is not text.
    pub fn from_payload(payload: Box<dyn Any + Send>) -> Self {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Panicked { detail }
    }

    /// The panic's own message, without the prefix.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for Panicked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "internal error in offsession: {}", self.detail)
    }
}

impl std::error::Error for Panicked {}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
        let mut future = std::pin::pin!(future);
        future
            .as_mut()
            .poll(&mut Context::from_waker(std::task::Waker::noop()))
    }

    #[test]
    fn a_panic_while_polling_completes_the_future_with_its_message() {
        let outcome = poll_once(catch_unwind(async {
            if std::hint::black_box(true) {
                panic!("broken invariant {}", 7);
            }
            1
        }));
        let Poll::Ready(Err(panicked)) = outcome else {
            panic!("expected a caught panic, got {outcome:?}");
        };
        assert_eq!(panicked.detail(), "broken invariant 7");
        assert_eq!(
            panicked.to_string(),
            "internal error in offsession: broken invariant 7"
        );
    }

    #[test]
    fn values_and_pending_pass_through() {
        assert_eq!(poll_once(catch_unwind(async { 5 })), Poll::Ready(Ok(5)));
        assert_eq!(
            poll_once(catch_unwind(std::future::pending::<u8>())),
            Poll::Pending
        );
    }

    #[test]
    fn a_payload_that_is_not_text_is_an_unknown_panic() {
        assert_eq!(
            Panicked::from_payload(Box::new(42_u32)).detail(),
            "unknown panic"
        );
        assert_eq!(
            Panicked::from_payload(Box::new("static text")).detail(),
            "static text"
        );
    }
}
