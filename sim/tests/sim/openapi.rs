//! A validator for Stripe's OpenAPI object schemas, as vendored in
//! `tests/fixtures/stripe/openapi/schemas.json` (see that folder's README).
//!
//! It understands the keywords the extract keeps: `$ref`, `anyOf`, `type`, `nullable`, `enum`,
//! `properties`, `required`, `items`, `additionalProperties` and `maxLength`. It is stricter
//! than OpenAPI in two ways, both on purpose: enums are checked even where Stripe marks them
//! `x-stripeBypassValidation` (that is how a renamed value like `ui_mode: hosted` is caught),
//! and a property the schema does not list is an error unless the schema is free-form
//! (a simulator that invents fields misreads Stripe).

use std::path::PathBuf;
use std::sync::LazyLock;

use serde_json::{Map, Value};

/// Fields Stripe still returns that its GA schema no longer lists, each with the reason.
const KNOWN_UNLISTED: &[(&str, &str)] = &[
    // A legacy field ("will be removed in the future"): in Stripe's preview spec and in the
    // example payment_intent of stripe/openapi's fixtures, absent from the GA schema.
    ("payment_intent", "source"),
];

/// The vendored schemas, by name.
pub struct Schemas {
    by_name: Map<String, Value>,
}

/// The schemas of `tests/fixtures/stripe/openapi/schemas.json`, read once.
pub static SCHEMAS: LazyLock<Schemas> = LazyLock::new(Schemas::load);

/// The folder of Stripe's vendored data.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/stripe")
}

impl Schemas {
    fn load() -> Schemas {
        let path = fixtures_dir().join("openapi/schemas.json");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Value::Object(by_name) = serde_json::from_str(&text).expect("schemas.json is JSON")
        else {
            panic!("schemas.json is not an object");
        };
        Schemas { by_name }
    }

    /// The API version the schemas come from.
    pub fn version(&self) -> &str {
        self.by_name["_extract"]["info.version"]
            .as_str()
            .expect("_extract.info.version")
    }

    /// The objects the extract starts from (`tests/fixtures/stripe/openapi/extract.py`'s roots).
    pub fn roots(&self) -> impl Iterator<Item = &str> {
        self.by_name["_extract"]["roots"]
            .as_array()
            .expect("_extract.roots")
            .iter()
            .map(|root| root.as_str().expect("a root is a name"))
    }

    /// Every way `value` breaks the schema called `name` (empty when it is valid).
    pub fn errors(&self, name: &str, value: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        let schema = self
            .by_name
            .get(name)
            .unwrap_or_else(|| panic!("no schema named {name}"));
        self.walk(value, schema, name, name, &mut errors);
        errors
    }

    /// The errors of an API object, checked against the schema its `object` field names.
    pub fn object_errors(&self, value: &Value) -> Vec<String> {
        match value["object"].as_str() {
            Some(kind) if self.by_name.contains_key(kind) => self.errors(kind, value),
            Some(kind) => vec![format!("no schema for object `{kind}`")],
            None => vec!["not an API object (no `object` field)".to_string()],
        }
    }

    fn resolve<'a>(&'a self, reference: &str) -> (&'a str, &'a Value) {
        let name = reference.rsplit('/').next().expect("a $ref has a name");
        let (name, schema) = self
            .by_name
            .get_key_value(name)
            .unwrap_or_else(|| panic!("unresolved $ref {reference}"));
        (name.as_str(), schema)
    }

    fn walk(&self, value: &Value, schema: &Value, owner: &str, path: &str, out: &mut Vec<String>) {
        if let Some(reference) = schema["$ref"].as_str() {
            let (name, target) = self.resolve(reference);
            return self.walk(value, target, name, path, out);
        }
        if value.is_null() {
            if schema["nullable"] != Value::Bool(true) {
                out.push(format!("{path}: null, and the schema does not allow it"));
            }
            return;
        }
        if let Some(alternatives) = schema["anyOf"].as_array() {
            let mut closest: Option<Vec<String>> = None;
            for alternative in alternatives {
                let mut errors = Vec::new();
                self.walk(value, alternative, owner, path, &mut errors);
                if errors.is_empty() {
                    return;
                }
                if closest.as_ref().is_none_or(|c| errors.len() < c.len()) {
                    closest = Some(errors);
                }
            }
            out.push(format!("{path}: matches none of its anyOf alternatives"));
            out.extend(closest.unwrap_or_default());
            return;
        }
        if let Some(expected) = schema["type"].as_str() {
            let matches = match expected {
                "string" => value.is_string(),
                "integer" => value.is_i64() || value.is_u64(),
                "number" => value.is_number(),
                "boolean" => value.is_boolean(),
                "object" => value.is_object(),
                "array" => value.is_array(),
                other => panic!("{path}: unknown schema type {other}"),
            };
            if !matches {
                out.push(format!("{path}: expected {expected}, found {value}"));
                return;
            }
        }
        if let Some(allowed) = schema["enum"].as_array() {
            if !allowed.contains(value) {
                out.push(format!(
                    "{path}: {value} is not one of {}",
                    Value::from(allowed.clone())
                ));
            }
        }
        if let (Some(max), Some(text)) = (schema["maxLength"].as_u64(), value.as_str()) {
            if text.chars().count() as u64 > max {
                out.push(format!("{path}: longer than {max} characters"));
            }
        }
        if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
            for (i, item) in list.iter().enumerate() {
                self.walk(item, items, owner, &format!("{path}[{i}]"), out);
            }
        }
        if let Some(object) = value.as_object() {
            self.walk_object(object, schema, owner, path, out);
        }
    }

    fn walk_object(
        &self,
        object: &Map<String, Value>,
        schema: &Value,
        owner: &str,
        path: &str,
        out: &mut Vec<String>,
    ) {
        for required in schema["required"].as_array().into_iter().flatten() {
            let name = required.as_str().expect("required names are strings");
            if !object.contains_key(name) {
                out.push(format!("{path}.{name}: required, and missing"));
            }
        }
        let properties = schema["properties"].as_object();
        let additional = schema.get("additionalProperties");
        for (key, child) in object {
            let child_path = format!("{path}.{key}");
            if let Some(property) = properties.and_then(|p| p.get(key)) {
                self.walk(child, property, owner, &child_path, out);
            } else if let Some(additional @ Value::Object(_)) = additional {
                self.walk(child, additional, owner, &child_path, out);
            } else if properties.is_some_and(|p| !p.is_empty())
                && !KNOWN_UNLISTED.contains(&(owner, key.as_str()))
            {
                out.push(format!(
                    "{child_path}: not a field of `{owner}` in the schema"
                ));
            }
        }
    }
}
