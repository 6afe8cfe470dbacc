//! Small shared types: metadata and forward-compatible string enums.

use std::collections::BTreeMap;

/// `metadata`: string keys to string values, sent as `metadata[key]=value` in key order.
pub type Metadata = BTreeMap<String, String>;

/// Fields of an object that this SDK version does not model, kept so nothing Stripe sends is
/// lost: a new Stripe field never breaks decoding and survives re-serialisation.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// Declares a string enum that keeps values it does not know (`Unknown("new_status")`), so a new
/// Stripe status never breaks decoding.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this SDK version does not know yet, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The value as Stripe spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $value, )+
                    $name::Unknown(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => $name::$variant, )+
                    other => $name::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok($name::from(value.as_ref()))
            }
        }

        impl $crate::params::json::FromJson for $name {
            fn from_json(
                value: serde_json::Value,
                at: &$crate::params::json::At<'_>,
            ) -> Result<Self, $crate::params::json::Refusal> {
                match value {
                    serde_json::Value::String(text) => Ok($name::from(text.as_str())),
                    other => Err(at.wrong_type(&other, "a string")),
                }
            }
        }
    };
}

pub(crate) use string_enum;
