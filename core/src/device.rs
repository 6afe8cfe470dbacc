//! The device guard: a secret key must never ship inside a mobile app.
//!
//! On iOS and Android builds, [`crate::ClientBuilder::build`] refuses live secret and restricted
//! keys (`sk_live_…`, `rk_live_…`). Apps should call their own backend, which holds the key; the
//! builder's base URL and the bindings' extra headers exist for that route. Test-mode keys stay
//! allowed so the simulator and Stripe test mode work from a device during development.

use crate::{ApiKey, Error, Result};

/// Where the code runs, as far as the guard cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A server or desktop: every key is allowed.
    Server,
    /// An iOS app.
    Ios,
    /// An Android app.
    Android,
}

impl Target {
    /// The target this crate was compiled for.
    pub const fn current() -> Self {
        if cfg!(target_os = "ios") {
            Target::Ios
        } else if cfg!(target_os = "android") {
            Target::Android
        } else {
            Target::Server
        }
    }
}

/// Decides whether `key` may be used on `target`. The one place the rule lives.
pub fn check_key_for_target(key: &ApiKey, target: Target) -> Result<()> {
    let device = match target {
        Target::Server => return Ok(()),
        Target::Ios => "an iOS app",
        Target::Android => "an Android app",
    };
    if key.is_live_secret() {
        return Err(Error::InvalidInput {
            param: "api_key".into(),
            message: format!(
                "a live secret key ({}) must not be used in {device}: anyone can extract it from \
                 the app. Keep secret keys on your server and route the app's calls through your \
                 backend (set base_url to it)",
                key
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_secret_keys_are_refused_on_devices_only() {
        for key in ["sk_live_abc", "rk_live_abc"] {
            let key = ApiKey::new(key);
            for target in [Target::Ios, Target::Android] {
                let error = check_key_for_target(&key, target).unwrap_err();
                assert_eq!(error.param(), Some("api_key"));
                assert!(error.message().contains("backend"), "{}", error.message());
                assert!(!error.message().contains("abc"), "the key leaked");
            }
            check_key_for_target(&key, Target::Server).unwrap();
        }
        for key in ["sk_test_abc", "rk_test_abc", "pk_live_abc"] {
            for target in [Target::Ios, Target::Android, Target::Server] {
                check_key_for_target(&ApiKey::new(key), target).unwrap();
            }
        }
        assert_eq!(Target::current(), Target::Server);
    }
}
