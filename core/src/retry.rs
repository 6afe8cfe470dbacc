//! When and how long to wait before sending a failed request again.

use std::time::Duration;

/// The first retry waits at least this long.
pub const INITIAL_DELAY: Duration = Duration::from_millis(500);
/// No retry waits longer than this.
pub const MAX_DELAY: Duration = Duration::from_secs(5);

/// The wait before retry number `retry` (1 for the first retry), given `jitter` in `[0, 1)`.
///
/// `min(0.5 s × 2^(retry-1), 5 s)`, scaled by a random factor in `[0.5, 1)` so that clients
/// failing together do not retry together, and never below 0.5 s.
pub fn backoff_delay(retry: u32, jitter: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(16);
    let base = INITIAL_DELAY
        .saturating_mul(1u32 << exponent)
        .min(MAX_DELAY);
    let jitter = jitter.clamp(0.0, 1.0);
    base.mul_f64(0.5 * (1.0 + jitter)).max(INITIAL_DELAY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_and_stay_within_bounds() {
        for retry in 1..=20 {
            for step in 0..=10 {
                let delay = backoff_delay(retry, f64::from(step) / 10.0);
                assert!(
                    delay >= INITIAL_DELAY,
                    "retry {retry}: {delay:?} below 0.5 s"
                );
                assert!(delay <= MAX_DELAY, "retry {retry}: {delay:?} above 5 s");
            }
        }
        assert_eq!(backoff_delay(1, 0.0), Duration::from_millis(500));
        assert_eq!(backoff_delay(2, 0.999_999).as_millis(), 999);
        assert_eq!(backoff_delay(3, 0.0), Duration::from_secs(1));
        assert_eq!(backoff_delay(5, 1.0), Duration::from_secs(5));
    }
}
