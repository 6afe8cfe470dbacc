//! Numbers as they arrive from another language, checked before they become amounts, counts
//! or durations. A binding never converts a number itself: it says what the language gave
//! ([`NumberInput`]) and these checks decide, so every language refuses the same values with
//! the same message, and nothing is rounded, truncated, wrapped or coerced.

use std::time::Duration;

use crate::error::{Error, Result};

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_JS_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A number as the caller's language passed it, before any conversion.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NumberInput<'a> {
    /// A value of an integer type (Python `int`, JavaScript `BigInt`), exact.
    Integer(i128),
    /// A JavaScript `number`: a double, the language's only number type. It counts as an
    /// integer only when it is integral, finite and within ±(2^53 − 1).
    JsNumber(f64),
    /// A float of a language that also has integers (Python `float`): never an integer.
    Float(f64),
    /// A boolean (Python's `True` is an `int`; it is still refused).
    Bool(bool),
    /// Anything else, by its type's name in the caller's language (`str`, `string`, `object`).
    Other(&'a str),
    /// Nothing was given for a parameter that needs a value (`undefined`, `None`).
    Missing,
}

impl NumberInput<'_> {
    /// The value for an error message, without echoing text the caller passed.
    fn describe(&self) -> String {
        match self {
            NumberInput::Integer(value) => value.to_string(),
            NumberInput::JsNumber(value) | NumberInput::Float(value) => describe_float(*value),
            NumberInput::Bool(value) => format!("the boolean {value}"),
            NumberInput::Other(type_name) => format!(
                "a value of type {type_name} (text is never read as a number: convert it, and check the result, first)"
            ),
            NumberInput::Missing => "nothing".into(),
        }
    }
}

fn describe_float(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        format!("{value:?}")
    }
}

/// An integer in `min ..= max`; anything else (a fraction, NaN, ±Infinity, an unsafe
/// JavaScript integer, a boolean, a string, a float of a language with integers, a value out
/// of range) is an `invalid_input` error naming `param`.
pub fn integer_in(param: &str, input: NumberInput<'_>, min: i64, max: i64) -> Result<i64> {
    let exact: Option<i128> = match input {
        NumberInput::Integer(value) => Some(value),
        NumberInput::JsNumber(value)
            if value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE_JS_INTEGER =>
        {
            // Exact: an integral double within 2^53 converts without loss.
            Some(value as i128)
        }
        _ => None,
    };
    if input == NumberInput::Missing {
        return Err(Error::invalid_input(param, "is required"));
    }
    let Some(value) = exact else {
        let why = match input {
            NumberInput::JsNumber(value) if value.is_finite() && value.fract() == 0.0 => {
                " (beyond Number.MAX_SAFE_INTEGER, so not exact)"
            }
            NumberInput::Float(_) => " (a float, even a whole one, is not sent as an integer)",
            _ => "",
        };
        return Err(Error::invalid_input(
            param,
            format!("must be an integer, got {}{why}", input.describe()),
        ));
    };
    if value < i128::from(min) || value > i128::from(max) {
        let message = if (min, max) == (i64::MIN, i64::MAX) {
            format!("{value} does not fit in 64 bits")
        } else {
            format!("must be an integer from {min} to {max}, got {value}")
        };
        return Err(Error::invalid_input(param, message));
    }
    Ok(value as i64)
}

/// An integer in the range of `i64`.
pub fn integer(param: &str, input: NumberInput<'_>) -> Result<i64> {
    integer_in(param, input, i64::MIN, i64::MAX)
}

/// A non-negative integer that fits `u32` (counts such as `max_retries`).
pub fn count(param: &str, input: NumberInput<'_>) -> Result<u32> {
    integer_in(param, input, 0, i64::from(u32::MAX)).map(|value| value as u32)
}

/// A length of time given as a number of `unit`s (seconds in Python, milliseconds in
/// JavaScript): finite and greater than zero; a fraction is allowed, a boolean is not.
pub fn duration(param: &str, input: NumberInput<'_>, unit: Duration) -> Result<Duration> {
    let (value, unit_name) = (
        match input {
            NumberInput::Integer(value) => value as f64,
            NumberInput::JsNumber(value) | NumberInput::Float(value) => value,
            NumberInput::Bool(_) | NumberInput::Other(_) | NumberInput::Missing => f64::NAN,
        },
        if unit == Duration::from_millis(1) {
            "milliseconds"
        } else {
            "seconds"
        },
    );
    if value.is_finite() && value > 0.0 {
        if let Ok(duration) = Duration::try_from_secs_f64(value * unit.as_secs_f64()) {
            if !duration.is_zero() {
                return Ok(duration);
            }
        }
    }
    Err(Error::invalid_input(
        param,
        format!(
            "must be a positive number of {unit_name}, got {}",
            input.describe()
        ),
    ))
}

/// A webhook tolerance in whole seconds: a non-negative integer. It bounds replay, so it is
/// never wrapped or clamped: `-1` is refused, not read as "forever".
pub fn tolerance_seconds(param: &str, input: NumberInput<'_>) -> Result<Duration> {
    integer_in(param, input, 0, i64::from(u32::MAX)).map(|secs| Duration::from_secs(secs as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_numbers_are_integers_only_when_exact() {
        assert_eq!(
            integer("amount", NumberInput::JsNumber(1099.0)).unwrap(),
            1099
        );
        for bad in [
            1099.5,
            0.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            9_007_199_254_740_992.0,
            1e21,
        ] {
            let error = integer("amount", NumberInput::JsNumber(bad)).unwrap_err();
            assert_eq!(error.param(), Some("amount"), "{bad}");
            assert_eq!(error.kind().as_str(), "invalid_input");
        }
    }

    #[test]
    fn booleans_strings_and_python_floats_are_refused() {
        for bad in [
            NumberInput::Bool(true),
            NumberInput::Bool(false),
            NumberInput::Other("str"),
            NumberInput::Float(1099.0),
        ] {
            let error = integer("amount", bad).unwrap_err();
            assert!(error.message().contains("must be an integer"), "{error}");
        }
        assert!(integer("amount", NumberInput::Bool(true))
            .unwrap_err()
            .message()
            .contains("boolean"));
    }

    #[test]
    fn a_missing_number_is_required_and_text_gets_a_hint() {
        let error = integer("amount", NumberInput::Missing).unwrap_err();
        assert_eq!(error.message(), "amount: is required");
        let error = integer("amount", NumberInput::Other("string")).unwrap_err();
        assert!(error.message().contains("convert it"), "{error}");
    }

    #[test]
    fn ranges_are_checked_without_wrapping() {
        assert!(count("max_retries", NumberInput::JsNumber(-1.0)).is_err());
        assert!(count("max_retries", NumberInput::Integer(1 << 40)).is_err());
        assert_eq!(count("max_retries", NumberInput::Integer(3)).unwrap(), 3);
        assert!(tolerance_seconds("tolerance", NumberInput::JsNumber(-1.0)).is_err());
        assert!(integer("amount", NumberInput::Integer(i128::from(i64::MAX) + 1)).is_err());
        assert_eq!(
            tolerance_seconds("tolerance", NumberInput::Integer(0)).unwrap(),
            Duration::ZERO
        );
    }

    #[test]
    fn durations_are_positive_and_finite() {
        let ms = Duration::from_millis(1);
        assert_eq!(
            duration("timeout", NumberInput::JsNumber(1500.0), ms).unwrap(),
            Duration::from_millis(1500)
        );
        assert_eq!(
            duration("timeout", NumberInput::Float(0.25), Duration::from_secs(1)).unwrap(),
            Duration::from_millis(250)
        );
        for bad in [
            NumberInput::JsNumber(0.0),
            NumberInput::JsNumber(-5.0),
            NumberInput::JsNumber(f64::NAN),
            NumberInput::JsNumber(f64::INFINITY),
            NumberInput::JsNumber(1e-300),
            NumberInput::Bool(true),
            NumberInput::Other("string"),
        ] {
            assert!(duration("timeout", bad, ms).is_err(), "{bad:?}");
        }
    }
}
