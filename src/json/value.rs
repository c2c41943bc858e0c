//! A small, ordered, JSON-like value: what callers hand to the session-body
//! builders when they do not use the typed structs.
//!
//! The wasm binding turns a JavaScript options object into a [`Value`] without
//! losing what matters for validation: key order, `null` versus absent, and
//! the type a value really had (`Other("function")`), so messages can say
//! "expected a string, got a number".

/// An input value. Object entries keep their insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// JSON `null` (JavaScript `null`). `undefined` is never represented: it means absent.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (JavaScript numbers are doubles).
    Number(f64),
    /// A string (always valid UTF-8: the binding refuses lone surrogates first).
    String(String),
    /// Raw bytes (a JavaScript `Uint8Array`), for fields that take binary content.
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<Value>),
    /// An object, entries in insertion order.
    Object(Vec<(String, Value)>),
    /// Anything else, by the name of its type (`"function"`, `"symbol"`, `"bigint"`, `"Map"` …).
    Other(String),
}

impl Value {
    /// The name of this value's type as people say it in JavaScript, for messages.
    pub fn type_name(&self) -> &str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Bytes(_) => "a Uint8Array",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
            Value::Other(name) => name,
        }
    }

    /// Builds an object value from `(key, value)` pairs, in order.
    pub fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
        Value::Object(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
