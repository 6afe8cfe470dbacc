//! [`Clearable`]: an update's parameter that can be set, or cleared with Stripe's empty string.

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};

/// A parameter of an update call (`UpdateCustomer`, `UpdateSetupIntent`) that can be set to a
/// value or cleared.
///
/// Stripe clears a field when it is posted as the empty string (`address=`, `metadata=`), which
/// its API description writes as an alternative `enum: [""]`. As a field this is
/// `Option<Clearable<T>>`: `None` leaves the field as it is (nothing is sent), `Some(Set(value))`
/// sets it, `Some(Clear)` clears it.
///
/// `Clear` serialises as `""` and `""` deserialises as `Clear`; anything else must be a valid
/// `T`. Deserialising reads the value as a whole first (through `deserialize_any`), so a `T`
/// such as `i64` keeps its strictness: `true` and `12.5` are refused, not coerced.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Clearable<T> {
    /// Set the field to this value.
    Set(T),
    /// Clear the field (sent as the empty string).
    Clear,
}

impl<T> Clearable<T> {
    /// The value when set, `None` when cleared.
    pub fn as_set(&self) -> Option<&T> {
        match self {
            Clearable::Set(value) => Some(value),
            Clearable::Clear => None,
        }
    }

    /// Whether this clears the field.
    pub fn is_clear(&self) -> bool {
        matches!(self, Clearable::Clear)
    }
}

impl<T> From<T> for Clearable<T> {
    fn from(value: T) -> Self {
        Clearable::Set(value)
    }
}

impl<T: Serialize> Serialize for Clearable<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Clearable::Set(value) => value.serialize(s),
            Clearable::Clear => s.serialize_str(""),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Clearable<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Buffered as a JSON value, which keeps what the input was (a boolean stays a boolean, a
        // float a float), then read as `T` from there.
        let value = serde_json::Value::deserialize(d)?;
        if value.as_str() == Some("") {
            return Ok(Clearable::Clear);
        }
        T::deserialize(value)
            .map(Clearable::Set)
            .map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    use super::Clearable;
    use crate::Metadata;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Update {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<Clearable<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        amount: Option<Clearable<i64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        metadata: Option<Clearable<Metadata>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<Clearable<Address>>,
    }

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Address {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        city: Option<String>,
        #[serde(
            default,
            deserialize_with = "crate::params::strict::opt_i64",
            skip_serializing_if = "Option::is_none"
        )]
        floor: Option<i64>,
    }

    #[test]
    fn clear_is_the_empty_string_and_none_is_nothing() {
        let update = Update {
            name: Some(Clearable::Clear),
            amount: Some(Clearable::Set(5)),
            metadata: Some(Clearable::Clear),
            address: None,
        };
        assert_eq!(
            crate::form::to_string(&update).unwrap(),
            "name=&amount=5&metadata="
        );
        assert_eq!(
            serde_json::to_value(&update).unwrap(),
            json!({"name": "", "amount": 5, "metadata": ""})
        );
        assert_eq!(crate::form::to_string(&Update::default()).unwrap(), "");
    }

    #[test]
    fn set_values_serialise_as_the_value() {
        let update = Update {
            name: Some("Jenny".to_owned().into()),
            metadata: Some(Clearable::Set(Metadata::from([(
                "order".to_owned(),
                "42".to_owned(),
            )]))),
            address: Some(Clearable::Set(Address {
                city: Some("Paris".into()),
                floor: Some(3),
            })),
            ..Update::default()
        };
        assert_eq!(
            crate::form::to_string(&update).unwrap(),
            "name=Jenny&metadata[order]=42&address[city]=Paris&address[floor]=3"
        );
    }

    #[test]
    fn the_empty_string_deserialises_as_clear() {
        let update: Update =
            serde_json::from_str(r#"{"name": "", "amount": "", "metadata": "", "address": ""}"#)
                .unwrap();
        assert_eq!(update.name, Some(Clearable::Clear));
        assert_eq!(update.amount, Some(Clearable::Clear));
        assert_eq!(update.metadata, Some(Clearable::Clear));
        assert_eq!(update.address, Some(Clearable::Clear));
        assert!(update.address.unwrap().is_clear());
    }

    #[test]
    fn values_deserialise_as_set_and_null_as_none() {
        let update = Update::deserialize(json!({
            "name": "Jenny",
            "amount": 1099,
            "metadata": {"order": "42"},
            "address": {"city": "Paris", "floor": 3},
        }))
        .unwrap();
        assert_eq!(
            update.name.as_ref().and_then(Clearable::as_set).unwrap(),
            "Jenny"
        );
        assert_eq!(update.amount, Some(Clearable::Set(1099)));
        assert_eq!(
            update.metadata,
            Some(Clearable::Set(Metadata::from([(
                "order".into(),
                "42".into()
            )])))
        );
        assert_eq!(
            update.address,
            Some(Clearable::Set(Address {
                city: Some("Paris".into()),
                floor: Some(3),
            }))
        );
        let update: Update = serde_json::from_str(r#"{"name": null}"#).unwrap();
        assert_eq!(update, Update::default());
    }

    #[test]
    fn strictness_holds_inside() {
        for (input, expected) in [
            (
                json!({"amount": true}),
                "invalid type: boolean `true`, expected i64",
            ),
            (
                json!({"amount": 1099.5}),
                "invalid type: floating point `1099.5`, expected i64",
            ),
            (
                json!({"amount": 1099.0}),
                "invalid type: floating point `1099.0`, expected i64",
            ),
            (
                json!({"amount": "1099"}),
                "invalid type: string \"1099\", expected i64",
            ),
            (
                json!({"amount": " "}),
                "invalid type: string \" \", expected i64",
            ),
            (
                json!({"name": 5}),
                "invalid type: integer `5`, expected a string",
            ),
            (json!({"address": {"floor": true}}), "expected an integer"),
            (
                json!({"address": {"town": "Paris"}}),
                "unknown field `town`",
            ),
            (
                json!({"metadata": {"order": 42}}),
                "invalid type: integer `42`, expected a string",
            ),
        ] {
            let error = Update::deserialize(input.clone()).unwrap_err().to_string();
            assert!(error.contains(expected), "{input}: {error}");
        }
        let error = serde_json::from_str::<Update>(r#"{"amount": true}"#).unwrap_err();
        assert!(error.to_string().contains("expected i64"), "{error}");
    }
}
