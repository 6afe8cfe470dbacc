//! The device rule, exported so Swift and Kotlin can test it for both mobile targets from any
//! host: a live secret key must never ship inside an app. The rule itself is the core's
//! (`offsession::device`); `Client(config)` applies it for the target the library was built for.

/// Where the code runs, as far as the key rule cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum DeviceTarget {
    /// A server or desktop: every key is allowed.
    Server,
    /// An iOS app: live secret keys are refused.
    Ios,
    /// An Android app: live secret keys are refused.
    Android,
}

impl From<DeviceTarget> for offsession::device::Target {
    fn from(target: DeviceTarget) -> Self {
        match target {
            DeviceTarget::Server => Self::Server,
            DeviceTarget::Ios => Self::Ios,
            DeviceTarget::Android => Self::Android,
        }
    }
}

impl From<offsession::device::Target> for DeviceTarget {
    fn from(target: offsession::device::Target) -> Self {
        match target {
            offsession::device::Target::Server => Self::Server,
            offsession::device::Target::Ios => Self::Ios,
            offsession::device::Target::Android => Self::Android,
        }
    }
}

/// Runs the core's rule: throws `InvalidInput` (param `api_key`) when `api_key` is a live
/// secret or restricted key (`sk_live_…`, `rk_live_…`) and `target` is iOS or Android. The
/// message tells the developer to keep the key on their server and route the app's calls
/// through their backend; it never contains the key.
#[uniffi::export]
pub fn check_key_for_target(
    api_key: String,
    target: DeviceTarget,
) -> Result<(), crate::OffsessionError> {
    offsession::device::check_key_for_target(&offsession::ApiKey::new(api_key), target.into())?;
    Ok(())
}

/// The target this library was compiled for (`Server` on Linux, macOS and the JVM).
#[uniffi::export]
pub fn current_device_target() -> DeviceTarget {
    offsession::device::Target::current().into()
}
