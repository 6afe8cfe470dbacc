//! `$name.path.0.field` references to earlier results.

use std::collections::HashMap;

use serde_json::{Map, Value};

/// Results bound by `as`, plus `sim` (the simulator's URL).
pub struct Bindings {
    values: HashMap<String, Value>,
}

impl Bindings {
    pub fn new(sim_url: &str) -> Self {
        let mut values = HashMap::new();
        values.insert("sim".to_owned(), serde_json::json!({ "url": sim_url }));
        Self { values }
    }

    pub fn bind(&mut self, name: &str, value: Value) {
        self.values.insert(name.to_owned(), value);
    }

    /// Replaces every `$reference` string inside `value`.
    pub fn resolve(&self, value: &Value) -> Result<Value, String> {
        Ok(match value {
            Value::String(text) if text.starts_with('$') => self.lookup(&text[1..])?,
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|item| self.resolve(item))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.resolve(v)?)))
                    .collect::<Result<Map<_, _>, String>>()?,
            ),
            other => other.clone(),
        })
    }

    fn lookup(&self, reference: &str) -> Result<Value, String> {
        let (name, path) = reference.split_once('.').unwrap_or((reference, ""));
        let root = self
            .values
            .get(name)
            .ok_or_else(|| format!("${reference}: nothing is bound to {name:?}"))?;
        get_path(root, path)
            .cloned()
            .ok_or_else(|| format!("${reference}: no value at {path:?}"))
    }
}

/// The value at a dotted path (`a.b.0.c`); the empty path is the value itself.
pub fn get_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.')
        .try_fold(value, |current, segment| match current {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
}
