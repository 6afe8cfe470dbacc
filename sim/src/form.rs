//! `application/x-www-form-urlencoded` with Rack-style bracket nesting, as Stripe reads it:
//! `line_items[0][price_data][currency]=usd`, `metadata[k]=v`, `expand[]=x`, `expand[0]=x`.
//!
//! Leaves stay strings (Stripe coerces types per parameter, so does each endpoint here).
//! Objects whose keys are all integers become arrays ordered by index, except under `metadata`,
//! whose keys are free-form.

use serde_json::{Map, Value};

/// Deepest bracket nesting accepted (Stripe's own parameters nest at most five levels).
const MAX_DEPTH: usize = 10;

enum Seg<'a> {
    /// `[]`: append to an array.
    Push,
    /// `[name]` or `[0]`.
    Key(&'a str),
}

/// Parses a form body or query string into nested JSON. The error is a message for a 400.
pub fn parse(input: &[u8]) -> Result<Map<String, Value>, String> {
    let mut root = Map::new();
    for (key, value) in form_urlencoded::parse(input) {
        if key.is_empty() {
            if value.is_empty() {
                continue;
            }
            return Err(format!("Invalid parameter name: ''={value}"));
        }
        let (base, segs) = split_key(&key)?;
        let slot = root.entry(base.to_string()).or_insert(Value::Null);
        put(slot, &segs, value.into_owned(), &key)?;
    }
    Ok(root
        .into_iter()
        .map(|(k, v)| {
            let meta = k == "metadata";
            (k, finalize(v, meta))
        })
        .collect())
}

fn split_key(key: &str) -> Result<(&str, Vec<Seg<'_>>), String> {
    let invalid = || format!("Invalid parameter name: {key}");
    let (base, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if base.is_empty() || base.contains(']') {
        return Err(invalid());
    }
    let mut segs = Vec::new();
    while !rest.is_empty() {
        if !rest.starts_with('[') {
            return Err(invalid());
        }
        let close = rest.find(']').ok_or_else(invalid)?;
        let inner = &rest[1..close];
        if inner.contains('[') {
            return Err(invalid());
        }
        segs.push(if inner.is_empty() {
            Seg::Push
        } else {
            Seg::Key(inner)
        });
        if segs.len() > MAX_DEPTH {
            return Err(format!("Parameter nested too deeply: {key}"));
        }
        rest = &rest[close + 1..];
    }
    Ok((base, segs))
}

fn conflict(key: &str) -> String {
    format!("Invalid parameters: `{key}` conflicts with another parameter of the same name used as a different type")
}

fn put(slot: &mut Value, segs: &[Seg<'_>], value: String, key: &str) -> Result<(), String> {
    let Some((first, rest)) = segs.split_first() else {
        return match slot {
            // A repeated scalar keeps the last value, as Rack does.
            Value::Null | Value::String(_) => {
                *slot = Value::String(value);
                Ok(())
            }
            _ => Err(conflict(key)),
        };
    };
    match first {
        Seg::Key(name) => {
            if slot.is_null() {
                *slot = Value::Object(Map::new());
            }
            let Value::Object(map) = slot else {
                return Err(conflict(key));
            };
            let child = map.entry((*name).to_string()).or_insert(Value::Null);
            put(child, rest, value, key)
        }
        Seg::Push => {
            if slot.is_null() {
                *slot = Value::Array(Vec::new());
            }
            let Value::Array(items) = slot else {
                return Err(conflict(key));
            };
            if rest.is_empty() {
                items.push(Value::String(value));
                return Ok(());
            }
            // Rack fills the last element until it already has this path, then starts a new one.
            let reuse = matches!(items.last(), Some(Value::Object(m)) if !has_path(m, rest));
            if !reuse {
                items.push(Value::Null);
            }
            match items.last_mut() {
                Some(last) => put(last, rest, value, key),
                None => Err(conflict(key)),
            }
        }
    }
}

fn has_path(map: &Map<String, Value>, segs: &[Seg<'_>]) -> bool {
    match segs.split_first() {
        Some((Seg::Key(name), rest)) => match map.get(*name) {
            None => false,
            Some(Value::Object(inner)) if !rest.is_empty() => has_path(inner, rest),
            Some(_) => true,
        },
        _ => false,
    }
}

fn finalize(value: Value, in_metadata: bool) -> Value {
    match value {
        Value::Object(map) => {
            let indexed = !in_metadata
                && !map.is_empty()
                && map
                    .keys()
                    .all(|k| k.len() <= 18 && k.bytes().all(|b| b.is_ascii_digit()));
            if indexed {
                let mut items: Vec<(u64, Value)> = map
                    .into_iter()
                    .map(|(k, v)| (k.parse().unwrap_or(u64::MAX), finalize(v, false)))
                    .collect();
                items.sort_by_key(|(index, _)| *index);
                Value::Array(items.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(
                    map.into_iter()
                        .map(|(k, v)| {
                            let meta = k == "metadata";
                            (k, finalize(v, meta))
                        })
                        .collect(),
                )
            }
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| finalize(v, false)).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::{json, Value};

    fn parsed(input: &str) -> Value {
        Value::Object(parse(input.as_bytes()).expect("valid form"))
    }

    #[test]
    fn nests_brackets_and_indexes() {
        let v = parsed(
            "mode=payment&line_items[0][price_data][product_data][name]=T-shirt\
             &line_items[0][quantity]=2&line_items[1][quantity]=1&metadata[0]=zero&metadata[k]=a+b%20c",
        );
        assert_eq!(
            v,
            json!({
                "mode": "payment",
                "line_items": [
                    {"price_data": {"product_data": {"name": "T-shirt"}}, "quantity": "2"},
                    {"quantity": "1"}
                ],
                "metadata": {"0": "zero", "k": "a b c"}
            })
        );
    }

    #[test]
    fn both_array_spellings() {
        assert_eq!(
            parsed("expand[]=a&expand[]=b.c"),
            json!({"expand": ["a", "b.c"]})
        );
        assert_eq!(
            parsed("expand[0]=a&expand[1]=b"),
            json!({"expand": ["a", "b"]})
        );
        assert_eq!(
            parsed("x[][a]=1&x[][b]=2&x[][a]=3"),
            json!({"x": [{"a": "1", "b": "2"}, {"a": "3"}]})
        );
    }

    #[test]
    fn rejects_malformed_names_and_conflicts() {
        for bad in [
            "a[b=1",
            "[a]=1",
            "a]b=1",
            "a[b]c=1",
            "a=1&a[b]=2",
            "a[b]=2&a=1",
            "a[]=1&a[b]=2",
        ] {
            assert!(parse(bad.as_bytes()).is_err(), "{bad} should be rejected");
        }
        assert!(parse(b"").expect("empty is fine").is_empty());
        assert!(parse(b"&&a=1&")
            .expect("stray separators")
            .contains_key("a"));
    }
}
