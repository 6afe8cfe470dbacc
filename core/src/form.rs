//! `application/x-www-form-urlencoded` encoding the way Stripe reads it.
//!
//! Nested keys use brackets and arrays are indexed: `line_items[0][price_data][currency]=usd`,
//! `expand[0]=setup_intent`, `metadata[order]=42`. `None` is omitted, booleans are
//! `true`/`false`. Brackets stay literal in keys (Stripe and its docs write them so); every other
//! byte outside RFC 3986's unreserved set is percent-encoded, in keys and values alike.

use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

/// Why a value could not be form-encoded (only possible for shapes Stripe has no use for).
#[derive(Debug)]
pub struct FormError(String);

impl Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: Display>(msg: T) -> Self {
        FormError(msg.to_string())
    }
}

/// Encodes a struct or map as a form body.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, FormError> {
    let mut form = Form::default();
    value.serialize(ValueSerializer { form: &mut form })?;
    Ok(form.out)
}

/// Appends `key=value` pairs to an existing body (used for `expand[i]`).
pub fn append_pair(body: &mut String, key: &str, value: &str) {
    if !body.is_empty() {
        body.push('&');
    }
    encode_key(key, body);
    body.push('=');
    encode_value(value, body);
}

#[derive(Default)]
struct Form {
    out: String,
    /// The key of the value being written, e.g. `line_items[0][price_data]`.
    key: String,
}

impl Form {
    fn pair(&mut self, value: &str) -> Result<(), FormError> {
        if self.key.is_empty() {
            return Err(FormError(
                "a form body must be a struct or map at the top level".into(),
            ));
        }
        append_pair(&mut self.out, &self.key, value);
        Ok(())
    }

    /// Runs `write` with `segment` appended to the current key, then restores the key.
    fn nested(
        &mut self,
        segment: &dyn Display,
        write: impl FnOnce(&mut Form) -> Result<(), FormError>,
    ) -> Result<(), FormError> {
        use std::fmt::Write;
        let len = self.key.len();
        let _ = if len == 0 {
            write!(self.key, "{segment}")
        } else {
            write!(self.key, "[{segment}]")
        };
        let result = write(self);
        self.key.truncate(len);
        result
    }
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn push_escaped(b: u8, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(HEX[usize::from(b >> 4)] as char);
    out.push(HEX[usize::from(b & 0xF)] as char);
}

fn encode_value(value: &str, out: &mut String) {
    for &b in value.as_bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else {
            push_escaped(b, out);
        }
    }
}

fn encode_key(key: &str, out: &mut String) {
    for &b in key.as_bytes() {
        if is_unreserved(b) || b == b'[' || b == b']' {
            out.push(b as char);
        } else {
            push_escaped(b, out);
        }
    }
}

struct ValueSerializer<'a> {
    form: &'a mut Form,
}

/// Serializes struct fields, map entries and sequence items under the current key.
struct Compound<'a> {
    form: &'a mut Form,
    index: usize,
    pending_key: Option<String>,
}

impl<'a> ser::Serializer for ValueSerializer<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Impossible<(), FormError>;

    fn serialize_bool(self, v: bool) -> Result<(), FormError> {
        self.form.pair(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), FormError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), FormError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), FormError> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), FormError> {
        self.form.pair(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<(), FormError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), FormError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), FormError> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), FormError> {
        self.form.pair(&v.to_string())
    }
    fn serialize_f32(self, v: f32) -> Result<(), FormError> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<(), FormError> {
        if v.is_finite() {
            self.form.pair(&v.to_string())
        } else {
            Err(FormError(format!(
                "{}: {v} cannot be sent to Stripe",
                self.form.key
            )))
        }
    }
    fn serialize_char(self, v: char) -> Result<(), FormError> {
        self.form.pair(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), FormError> {
        self.form.pair(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), FormError> {
        Err(FormError(format!(
            "{}: raw bytes cannot be form-encoded",
            self.form.key
        )))
    }
    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), FormError> {
        self.form.pair(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        self.form
            .nested(&variant, |form| value.serialize(ValueSerializer { form }))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, FormError> {
        Ok(Compound::new(self.form))
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, FormError> {
        Ok(Compound::new(self.form))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, FormError> {
        Ok(Compound::new(self.form))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(FormError(format!(
            "{name}: tuple variants are not supported"
        )))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, FormError> {
        Ok(Compound::new(self.form))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, FormError> {
        Ok(Compound::new(self.form))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(FormError(format!(
            "{name}: struct variants are not supported"
        )))
    }
}

impl<'a> Compound<'a> {
    fn new(form: &'a mut Form) -> Self {
        Self {
            form,
            index: 0,
            pending_key: None,
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let index = self.index;
        self.index += 1;
        self.form
            .nested(&index, |form| value.serialize(ValueSerializer { form }))
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        self.item(value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        self.form
            .nested(&key, |form| value.serialize(ValueSerializer { form }))
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        let key = key.serialize(KeySerializer)?;
        if key.contains(['[', ']']) {
            // `metadata[a][b]` would reach Stripe as a nested parameter, not the key `a][b`.
            return Err(FormError(format!(
                "the key {key:?} contains a bracket, which would change the parameter's nesting"
            )));
        }
        self.pending_key = Some(key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self
            .pending_key
            .take()
            .ok_or_else(|| FormError("map value without a key".into()))?;
        self.form
            .nested(&key, |form| value.serialize(ValueSerializer { form }))
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// Map keys must be strings (or numbers, written as strings).
struct KeySerializer;

macro_rules! key_via_to_string {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<String, FormError> {
            Ok(v.to_string())
        })*
    };
}

impl ser::Serializer for KeySerializer {
    type Ok = String;
    type Error = FormError;
    type SerializeSeq = Impossible<String, FormError>;
    type SerializeTuple = Impossible<String, FormError>;
    type SerializeTupleStruct = Impossible<String, FormError>;
    type SerializeTupleVariant = Impossible<String, FormError>;
    type SerializeMap = Impossible<String, FormError>;
    type SerializeStruct = Impossible<String, FormError>;
    type SerializeStructVariant = Impossible<String, FormError>;

    key_via_to_string!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_char: char, serialize_str: &str
    );

    fn serialize_f32(self, _: f32) -> Result<String, FormError> {
        Err(key_error())
    }
    fn serialize_f64(self, _: f64) -> Result<String, FormError> {
        Err(key_error())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<String, FormError> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<String, FormError> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, FormError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, FormError> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, FormError> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, FormError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, FormError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, FormError> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, FormError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, FormError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, FormError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, FormError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        Err(key_error())
    }
}

fn key_error() -> FormError {
    FormError("map keys must be strings or integers".into())
}
