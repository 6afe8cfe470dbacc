//! Parameter schemas and typed access. Stripe answers 400 `parameter_unknown` for any name it
//! does not know, so every endpoint declares what it accepts; the parts the simulator interprets
//! are typed, the rest is accepted as is.

use serde_json::{Map, Value};

use crate::errors::ApiError;

/// What a parameter may hold.
pub enum Shape {
    /// Accepted, not interpreted.
    Any,
    /// A string.
    Str,
    /// An integer written in decimal.
    Int,
    /// `true` or `false`.
    Bool,
    /// `metadata`: string values under free-form keys (or `""` to clear).
    Meta,
    /// An array (`x[]=` or `x[0]=`).
    List(&'static Shape),
    /// A hash with these fields (or `""` to clear).
    Obj(&'static [(&'static str, Shape)]),
}

/// The parameters of one endpoint.
pub type Fields = &'static [(&'static str, Shape)];

/// `expand`, accepted by every endpoint.
pub const EXPAND: (&str, Shape) = ("expand", Shape::List(&Shape::Str));

/// Checks `params` against `fields`: unknown names and badly typed values are 400s.
pub fn check(params: &Map<String, Value>, fields: Fields) -> Result<(), ApiError> {
    check_fields("", params, fields)
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}[{key}]")
    }
}

fn check_fields(path: &str, map: &Map<String, Value>, fields: Fields) -> Result<(), ApiError> {
    for (key, value) in map {
        let name = child(path, key);
        match fields.iter().find(|(known, _)| known == key) {
            Some((_, shape)) => check_value(&name, value, shape)?,
            None => return Err(ApiError::unknown_param(&name)),
        }
    }
    Ok(())
}

fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn check_value(name: &str, value: &Value, shape: &Shape) -> Result<(), ApiError> {
    let empty = value.as_str() == Some("");
    match shape {
        Shape::Any => Ok(()),
        Shape::Str => match value {
            Value::String(_) => Ok(()),
            other => {
                Err(ApiError::invalid(format!("Invalid string: {}", compact(other))).param(name))
            }
        },
        Shape::Int => match value.as_str().map(str::parse::<i64>) {
            Some(Ok(_)) => Ok(()),
            _ => Err(ApiError::invalid(format!("Invalid integer: {}", scalar(value))).param(name)),
        },
        Shape::Bool => match value.as_str() {
            Some("true" | "false") => Ok(()),
            _ => Err(ApiError::invalid(format!("Invalid boolean: {}", scalar(value))).param(name)),
        },
        Shape::Meta => match value {
            _ if empty => Ok(()),
            Value::Object(map) => {
                for (key, v) in map {
                    let item = child(name, key);
                    if key.chars().count() > 40 {
                        return Err(ApiError::invalid(format!(
                            "Metadata keys can have up to 40 characters; `{key}` is too long."
                        ))
                        .param(&item));
                    }
                    match v.as_str() {
                        Some(s) if s.chars().count() <= 500 => {}
                        Some(_) => {
                            return Err(ApiError::invalid(
                                "Metadata values can have up to 500 characters.",
                            )
                            .param(&item))
                        }
                        None => {
                            return Err(ApiError::invalid(format!(
                                "Invalid string: {}",
                                compact(v)
                            ))
                            .param(&item))
                        }
                    }
                }
                if map.len() > 50 {
                    return Err(
                        ApiError::invalid("You can have up to 50 metadata keys.").param(name)
                    );
                }
                Ok(())
            }
            _ => Err(ApiError::invalid("Invalid object").param(name)),
        },
        Shape::List(inner) => match value {
            _ if empty => Ok(()),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .try_for_each(|(i, item)| check_value(&format!("{name}[{i}]"), item, inner)),
            _ => Err(ApiError::invalid("Invalid array").param(name)),
        },
        Shape::Obj(fields) => match value {
            _ if empty => Ok(()),
            Value::Object(map) => check_fields(name, map, fields),
            _ => Err(ApiError::invalid("Invalid object").param(name)),
        },
    }
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => compact(other),
    }
}

/// A string parameter (`None` when absent or not a string).
pub fn string<'a>(params: &'a Map<String, Value>, name: &str) -> Option<&'a str> {
    params.get(name).and_then(Value::as_str)
}

/// An integer parameter, already checked by [`check`] when declared [`Shape::Int`].
pub fn int(params: &Map<String, Value>, name: &str) -> Result<Option<i64>, ApiError> {
    match params.get(name) {
        None => Ok(None),
        Some(v) => match v.as_str().map(str::parse::<i64>) {
            Some(Ok(n)) => Ok(Some(n)),
            _ => Err(ApiError::invalid(format!("Invalid integer: {}", scalar(v))).param(name)),
        },
    }
}

/// A boolean parameter.
pub fn boolean(params: &Map<String, Value>, name: &str) -> Result<Option<bool>, ApiError> {
    match params.get(name).map(|v| (v, v.as_str())) {
        None => Ok(None),
        Some((_, Some("true"))) => Ok(Some(true)),
        Some((_, Some("false"))) => Ok(Some(false)),
        Some((v, _)) => {
            Err(ApiError::invalid(format!("Invalid boolean: {}", scalar(v))).param(name))
        }
    }
}

/// `metadata` as a JSON object (empty when absent or cleared with `""`).
pub fn metadata(params: &Map<String, Value>) -> Value {
    match params.get("metadata") {
        Some(Value::Object(map)) => Value::Object(map.clone()),
        _ => Value::Object(Map::new()),
    }
}

/// `metadata` of an update merged into `current`, as Stripe merges it: a key set to `""` is
/// removed, others are set, and `metadata=""` clears them all. `None` when the update has no
/// `metadata` (nothing changes).
pub fn merge_metadata(current: &Value, params: &Map<String, Value>) -> Option<Value> {
    match params.get("metadata") {
        Some(Value::Object(changes)) => {
            let mut metadata = current.as_object().cloned().unwrap_or_default();
            for (key, value) in changes {
                if value.as_str() == Some("") {
                    metadata.remove(key);
                } else {
                    metadata.insert(key.clone(), value.clone());
                }
            }
            Some(Value::Object(metadata))
        }
        Some(Value::String(cleared)) if cleared.is_empty() => Some(Value::Object(Map::new())),
        _ => None,
    }
}

/// The `expand` list.
pub fn expand(params: &Map<String, Value>) -> Vec<String> {
    match params.get("expand") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// The value at a nested path, e.g. `["price_data", "product_data", "name"]`.
pub fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// True when `currency` is three lower-case ASCII letters (Stripe's currency codes).
pub fn is_currency(currency: &str) -> bool {
    currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_lowercase())
}

/// 400 for a malformed currency.
pub fn invalid_currency(currency: &str, param: &str) -> ApiError {
    ApiError::invalid(format!(
        "Invalid currency: {currency}. Stripe currencies are three-letter ISO codes in lowercase, e.g. usd."
    ))
    .param(param)
}

/// Parameters of a retrieve: only `expand`.
pub static EXPAND_ONLY: Fields = &[EXPAND];
