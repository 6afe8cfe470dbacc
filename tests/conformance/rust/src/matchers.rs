//! The matchers of `expect` and `expect_error`.

use serde_json::{Map, Value};

use crate::refs::{get_path, Bindings};

/// Checks every `path: {matcher: expected}` entry against `result`.
pub fn check_all(
    matchers: &Map<String, Value>,
    result: &Value,
    bindings: &Bindings,
) -> Result<(), String> {
    for (path, matcher) in matchers {
        let matcher = matcher
            .as_object()
            .filter(|m| m.len() == 1)
            .ok_or_else(|| format!("{path}: a matcher is an object with one key, got {matcher}"))?;
        let (kind, expected) = matcher.iter().next().expect("one entry");
        let expected = bindings.resolve(expected)?;
        let actual = get_path(result, path);
        check(kind, &expected, actual).map_err(|e| format!("{path:?}: {e}"))?;
    }
    Ok(())
}

fn check(kind: &str, expected: &Value, actual: Option<&Value>) -> Result<(), String> {
    let present = actual.is_some_and(|v| !v.is_null());
    let shown = actual.map_or("(missing)".to_owned(), Value::to_string);
    let pass = match kind {
        "equals" => actual == Some(expected) || (expected.is_null() && !present),
        "prefix" => actual
            .and_then(Value::as_str)
            .zip(expected.as_str())
            .is_some_and(|(a, e)| a.starts_with(e)),
        "contains" => actual
            .and_then(Value::as_str)
            .zip(expected.as_str())
            .is_some_and(|(a, e)| a.contains(e)),
        "present" => present == expected.as_bool().ok_or("present takes true or false")?,
        "absent" => present != expected.as_bool().ok_or("absent takes true or false")?,
        "count" => {
            let want = expected.as_u64().ok_or("count takes a number")?;
            actual
                .and_then(Value::as_array)
                .is_some_and(|items| items.len() as u64 == want)
        }
        "at_least" => {
            let want = expected.as_f64().ok_or("at_least takes a number")?;
            actual.and_then(Value::as_f64).is_some_and(|a| a >= want)
        }
        other => return Err(format!("unknown matcher {other:?}")),
    };
    if pass {
        Ok(())
    } else {
        Err(format!("expected {kind} {expected}, found {shown}"))
    }
}
