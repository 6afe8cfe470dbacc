//! JavaScript arguments, read exactly as given.
//!
//! napi's own conversions coerce and speak Rust: an `i64` field takes `1099.5` as 1099 and
//! `NaN` as 0, a `u32` wraps `-1` to 4294967295, and a missing string fails with "Failed to
//! convert JavaScript value `Undefined` into rust type `String`". So every argument arrives
//! here as napi's `Unknown`, its JavaScript type is checked, and a missing or mistyped value is
//! the core's `invalid_input` naming the parameter as the core spells it (`amount`,
//! `recovery.success_url`, `line_items[0][price_data][unit_amount]`). Numbers are never
//! converted here: [`JsNumberArg`] records what JavaScript gave and `offsession::validate`
//! decides. Objects are checked for unknown keys first, so a typo is named instead of ignored.

use std::time::Duration;

use napi::bindgen_prelude::{BigInt, BufferSlice, FromNapiValue, JsObjectValue, Object, Unknown};
use napi::{Env, JsValue, ValueType, JSON};
use offsession::validate::{self, NumberInput};

use crate::errors::to_napi;

/// The request options every method takes after its parameters, as stripe-node does, and
/// `signal` (an `AbortSignal`, as fetch takes it). `index.js` checks the signal and aborts the
/// call through `cancel.rs`; here it is only a known key.
pub const REQUEST_OPTIONS: [&str; 3] = ["idempotencyKey", "stripeAccount", "signal"];

/// The core's `invalid_input` error for `param`, as a napi error.
pub fn invalid(param: &str, message: impl Into<String>) -> napi::Error {
    to_napi(offsession::Error::InvalidInput {
        param: param.into(),
        message: message.into(),
    })
}

/// A JavaScript type's name for messages: `typeof`, except `null` and `array`.
fn type_name(value: Unknown<'_>) -> napi::Result<&'static str> {
    Ok(match value.get_type()? {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "boolean",
        ValueType::Number => "number",
        ValueType::String => "string",
        ValueType::Symbol => "symbol",
        ValueType::Object if value.is_array()? => "array",
        ValueType::Object | ValueType::External => "object",
        ValueType::Function => "function",
        ValueType::BigInt => "bigint",
        ValueType::Unknown => "unknown",
    })
}

/// A number argument as JavaScript passed it, before any conversion: the core's
/// [`NumberInput`] without borrowing. A `number` stays a double, a `bigint` is an integer when
/// it fits 128 bits, anything else is named by its type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum JsNumberArg {
    /// A `number`.
    Number(f64),
    /// A `bigint` that fits `i128`, exactly.
    BigInt(i128),
    /// A boolean (never a number here).
    Bool(bool),
    /// Anything else, by type name (`string`, `object`, `undefined`, a `bigint` beyond 128 bits).
    Other(&'static str),
}

impl JsNumberArg {
    /// Reads `value` without coercing it.
    pub fn read(value: Unknown<'_>) -> napi::Result<Self> {
        let kind = value.get_type()?;
        Ok(match kind {
            ValueType::Number => JsNumberArg::Number(f64::from_unknown(value)?),
            ValueType::Boolean => JsNumberArg::Bool(bool::from_unknown(value)?),
            ValueType::BigInt => match exact_i128(&BigInt::from_unknown(value)?) {
                Some(integer) => JsNumberArg::BigInt(integer),
                None => JsNumberArg::Other("bigint beyond 128 bits"),
            },
            _ => JsNumberArg::Other(type_name(value)?),
        })
    }

    /// What the core's checks take.
    pub fn input(self) -> NumberInput<'static> {
        match self {
            JsNumberArg::Number(value) => NumberInput::JsNumber(value),
            JsNumberArg::BigInt(value) => NumberInput::Integer(value),
            JsNumberArg::Bool(value) => NumberInput::Bool(value),
            JsNumberArg::Other(type_name) => NumberInput::Other(type_name),
        }
    }
}

/// A BigInt's value when it fits `i128`.
fn exact_i128(big: &BigInt) -> Option<i128> {
    let mut magnitude: u128 = 0;
    for (index, word) in big.words.iter().enumerate() {
        match index {
            0 => magnitude |= u128::from(*word),
            1 => magnitude |= u128::from(*word) << 64,
            _ if *word == 0 => {}
            _ => return None,
        }
    }
    if big.sign_bit {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    }
}

/// `param`'s child `name`: `recovery.product_name`, or `line_items[0][quantity]` in brackets.
fn child(path: &str, name: &str, brackets: bool) -> String {
    match (path.is_empty(), brackets) {
        (true, _) => name.to_owned(),
        (false, true) => format!("{path}[{name}]"),
        (false, false) => format!("{path}.{name}"),
    }
}

/// `paymentMethod` → `payment_method`: the core's (and Stripe's) name of a JavaScript key.
fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// One argument or field: its value (`None`: `undefined`) and the parameter name its errors
/// carry.
pub struct Arg<'env> {
    value: Option<Unknown<'env>>,
    param: String,
    /// Children of an array element are named in brackets, as Stripe's form fields are.
    brackets: bool,
}

impl<'env> Arg<'env> {
    /// `value`, named `param` in errors.
    pub fn new(value: Unknown<'env>, param: impl Into<String>) -> napi::Result<Self> {
        let value = match value.get_type()? {
            ValueType::Undefined => None,
            _ => Some(value),
        };
        Ok(Self {
            value,
            param: param.into(),
            brackets: false,
        })
    }

    fn absent(param: String, brackets: bool) -> Self {
        Self {
            value: None,
            param,
            brackets,
        }
    }

    /// Left out (`undefined`). `null` is a value, refused wherever it is not one.
    pub fn is_undefined(&self) -> bool {
        self.value.is_none()
    }

    /// The value and its type, or `None` when it is `undefined`.
    fn typed(&self) -> napi::Result<Option<(Unknown<'env>, ValueType)>> {
        self.value
            .map(|value| Ok((value, value.get_type()?)))
            .transpose()
    }

    /// The value when it is a plain object (not an array).
    fn plain_object(&self) -> napi::Result<Option<Object<'env>>> {
        match self.typed()? {
            Some((value, ValueType::Object)) if !value.is_array()? => {
                Object::from_unknown(value).map(Some)
            }
            _ => Ok(None),
        }
    }

    /// The error for a value that is not `expected`.
    fn wrong(&self, expected: &str) -> napi::Error {
        match self.value {
            None => invalid(&self.param, format!("is required: {expected}")),
            Some(value) => match type_name(value) {
                Ok(found) => invalid(
                    &self.param,
                    format!("must be {expected}, got a value of type {found}"),
                ),
                Err(error) => error,
            },
        }
    }

    /// A required string.
    pub fn string(self) -> napi::Result<String> {
        self.string_described("a string")
    }

    /// A required string; `expected` says what it is when it is missing or mistyped.
    pub fn string_described(self, expected: &str) -> napi::Result<String> {
        match self.typed()? {
            Some((value, ValueType::String)) => String::from_unknown(value),
            _ => Err(self.wrong(expected)),
        }
    }

    /// An optional string (`undefined` when absent).
    pub fn opt_string(self) -> napi::Result<Option<String>> {
        if self.is_undefined() {
            return Ok(None);
        }
        self.string().map(Some)
    }

    /// An optional boolean.
    pub fn opt_bool(self) -> napi::Result<Option<bool>> {
        match self.typed()? {
            None => Ok(None),
            Some((value, ValueType::Boolean)) => bool::from_unknown(value).map(Some),
            Some(_) => Err(self.wrong("a boolean (true or false)")),
        }
    }

    /// The number as JavaScript gave it (a missing one is `Missing`: "is required").
    pub fn number(&self) -> napi::Result<NumberInput<'static>> {
        Ok(match self.value {
            None => NumberInput::Missing,
            Some(value) => JsNumberArg::read(value)?.input(),
        })
    }

    /// A required integer (`validate::integer`).
    pub fn integer(self) -> napi::Result<i64> {
        validate::integer(&self.param, self.number()?).map_err(to_napi)
    }

    /// An optional integer.
    pub fn opt_integer(self) -> napi::Result<Option<i64>> {
        if self.is_undefined() {
            return Ok(None);
        }
        self.integer().map(Some)
    }

    /// An optional count (`validate::count`).
    pub fn opt_count(self) -> napi::Result<Option<u32>> {
        if self.is_undefined() {
            return Ok(None);
        }
        validate::count(&self.param, self.number()?)
            .map(Some)
            .map_err(to_napi)
    }

    /// An optional number of milliseconds (`validate::duration`).
    pub fn opt_millis(self) -> napi::Result<Option<Duration>> {
        if self.is_undefined() {
            return Ok(None);
        }
        validate::duration(&self.param, self.number()?, Duration::from_millis(1))
            .map(Some)
            .map_err(to_napi)
    }

    /// A required plain object whose keys are all in `known`; its fields are named under
    /// this one (`recovery.success_url`).
    pub fn object(self, known: &[&str]) -> napi::Result<Fields<'env>> {
        let Some(object) = self.plain_object()? else {
            return Err(self.wrong("an object"));
        };
        Fields::new(Some(object), self.param, self.brackets, known)
    }

    /// An optional plain object (`undefined` when absent).
    pub fn opt_object(self, known: &[&str]) -> napi::Result<Option<Fields<'env>>> {
        if self.is_undefined() {
            return Ok(None);
        }
        self.object(known).map(Some)
    }

    /// A positional argument object (the parameters, the request options): its fields are
    /// named alone (`amount`, not `params.amount`). Unless `required`, `undefined` and `null`
    /// stand for an empty object, as placeholders before a later argument.
    pub fn argument(self, known: &[&str], required: bool) -> napi::Result<Fields<'env>> {
        let nullish = match self.typed()? {
            None | Some((_, ValueType::Null)) => true,
            Some(_) => false,
        };
        if nullish && !required {
            return Fields::new(None, String::new(), false, known);
        }
        let Some(object) = self.plain_object()? else {
            return Err(self.wrong("an object"));
        };
        Fields::new(Some(object), String::new(), false, known)
    }

    /// An optional array; each element is named `param[i]`, its fields in brackets.
    pub fn opt_array(self) -> napi::Result<Option<Vec<Arg<'env>>>> {
        let array = match self.typed()? {
            None => return Ok(None),
            Some((value, ValueType::Object)) if value.is_array()? => Object::from_unknown(value)?,
            Some(_) => return Err(self.wrong("an array")),
        };
        let length = array.get_array_length()?;
        let mut items = Vec::with_capacity(length as usize);
        for index in 0..length {
            let mut item = Arg::new(
                array.get_element::<Unknown>(index)?,
                format!("{}[{index}]", self.param),
            )?;
            item.brackets = true;
            items.push(item);
        }
        Ok(Some(items))
    }

    /// An optional array of strings (`expand`).
    pub fn opt_string_list(self) -> napi::Result<Option<Vec<String>>> {
        let Some(items) = self.opt_array()? else {
            return Ok(None);
        };
        items
            .into_iter()
            .map(Arg::string)
            .collect::<napi::Result<Vec<_>>>()
            .map(Some)
    }

    /// An optional object of string values (`metadata`, `headers`), entries named
    /// `param[key]`, in the object's key order.
    pub fn opt_string_map(self) -> napi::Result<Option<Vec<(String, String)>>> {
        if self.is_undefined() {
            return Ok(None);
        }
        let Some(object) = self.plain_object()? else {
            return Err(self.wrong("an object of string values"));
        };
        let mut entries = Vec::new();
        for key in Object::keys(&object)? {
            let value = Arg::new(
                object.get_named_property_unchecked::<Unknown>(&key)?,
                format!("{}[{key}]", self.param),
            )?
            .string()?;
            entries.push((key, value));
        }
        Ok(Some(entries))
    }

    /// `metadata`: the core's ordered map (empty when absent).
    pub fn metadata(self) -> napi::Result<offsession::Metadata> {
        Ok(self
            .opt_string_map()?
            .unwrap_or_default()
            .into_iter()
            .collect())
    }

    /// Raw bytes: a `Buffer` (or `Uint8Array`) or a string, never a parsed object.
    pub fn bytes(self, expected: &str) -> napi::Result<Vec<u8>> {
        match self.typed()? {
            Some((value, ValueType::String)) => Ok(String::from_unknown(value)?.into_bytes()),
            Some((value, ValueType::Object)) if value.is_buffer()? => {
                Ok(BufferSlice::from_unknown(value)?.to_vec())
            }
            _ => Err(self.wrong(expected)),
        }
    }

    /// A plain object as JSON text, through the engine's own `JSON.stringify`.
    pub fn json(self, env: &Env, expected: &str) -> napi::Result<String> {
        let Some(object) = self.plain_object()? else {
            return Err(self.wrong(expected));
        };
        env.get_global()?
            .get_named_property_unchecked::<JSON>("JSON")?
            .stringify(object)
    }
}

/// The fields of a plain object, each named under the object's path.
pub struct Fields<'env> {
    /// `None`: no object was given, every field is `undefined`.
    object: Option<Object<'env>>,
    path: String,
    brackets: bool,
}

impl<'env> Fields<'env> {
    /// The object's fields, after refusing any key that is not in `known`.
    fn new(
        object: Option<Object<'env>>,
        path: String,
        brackets: bool,
        known: &[&str],
    ) -> napi::Result<Self> {
        let fields = Self {
            object,
            path,
            brackets,
        };
        if let Some(object) = &fields.object {
            for key in Object::keys(object)? {
                if !known.contains(&key.as_str()) {
                    return Err(fields.unknown(&key, known));
                }
            }
        }
        Ok(fields)
    }

    fn unknown(&self, key: &str, known: &[&str]) -> napi::Error {
        let hint = match key {
            "stripeAccount" | "signal" => format!(
                "; request options ({}) go in the argument after the parameters",
                REQUEST_OPTIONS.join(", ")
            ),
            "idempotencyKey" if self.path.is_empty() => {
                "; this call takes no idempotency key: its requests are reads, or carry keys derived from the objects it completes, so calling it again is already safe".to_owned()
            }
            "idempotencyKey" => "; give the key once, as the call's own idempotencyKey".to_owned(),
            _ => String::new(),
        };
        let expected = if known.is_empty() {
            "this takes none".to_owned()
        } else {
            format!("expected one of {}", known.join(", "))
        };
        invalid(
            &child(&self.path, key, self.brackets),
            format!("unknown parameter {key} ({expected}){hint}"),
        )
    }

    /// The field JavaScript calls `key` (camelCase), named in errors as the core names it.
    pub fn get(&self, key: &str) -> napi::Result<Arg<'env>> {
        let param = child(&self.path, &snake(key), self.brackets);
        let Some(object) = &self.object else {
            return Ok(Arg::absent(param, self.brackets));
        };
        let mut arg = Arg::new(object.get_named_property_unchecked::<Unknown>(key)?, param)?;
        arg.brackets = self.brackets;
        Ok(arg)
    }
}

/// The request options after a method's parameters, as stripe-node takes them:
/// `{ idempotencyKey, stripeAccount }` (and `signal`, which `index.js` handles).
#[derive(Default)]
pub struct RequestOptions {
    idempotency_key: Option<String>,
    stripe_account: Option<String>,
}

impl RequestOptions {
    /// Reads the options argument (`undefined` or `null`: none). `takes_key` is false for
    /// calls that send no POST of their own, which have no key to use.
    pub fn read(value: Unknown<'_>, takes_key: bool) -> napi::Result<Self> {
        let fields = Arg::new(value, "options")?.argument(&REQUEST_OPTIONS, false)?;
        let key = fields.get("idempotencyKey")?;
        if !takes_key && !key.is_undefined() {
            return Err(invalid(
                "idempotency_key",
                "is not taken by this call: its requests are reads, or carry keys derived from the objects it completes, so calling it again is already safe",
            ));
        }
        Ok(Self {
            idempotency_key: key.opt_string()?,
            stripe_account: fields.get("stripeAccount")?.opt_string()?,
        })
    }

    /// The call's idempotency key: the one in the parameters or the one in the options. Both
    /// may be given only when they are the same key.
    pub fn key(&mut self, in_params: Option<String>) -> napi::Result<Option<String>> {
        match (in_params, self.idempotency_key.take()) {
            (Some(a), Some(b)) if a != b => Err(invalid(
                "idempotency_key",
                "was given twice with different values, in the parameters and in the request options; pass one key per call",
            )),
            (Some(key), _) | (None, Some(key)) => Ok(Some(key)),
            (None, None) => Ok(None),
        }
    }

    /// The client to call with: `client`, or a handle acting for `stripeAccount` (the
    /// `Stripe-Account` header; it replaces the client's own setting for this call).
    pub fn client(&self, client: &offsession::Client) -> napi::Result<offsession::Client> {
        match &self.stripe_account {
            None => Ok(client.clone()),
            Some(account) => client.with_stripe_account(account).map_err(to_napi),
        }
    }
}

/// The outcome of a call's arguments: `options` read (for calls that take a key, the caller
/// merges it with [`RequestOptions::key`]) and the client to call with.
pub fn with_options(
    client: &offsession::Client,
    options: Unknown<'_>,
    takes_key: bool,
) -> napi::Result<(RequestOptions, offsession::Client)> {
    let options = RequestOptions::read(options, takes_key)?;
    let client = options.client(client)?;
    Ok((options, client))
}
