//! Reading JSON into the ordered [`Value`], with serde: object keys keep
//! their order (the bodies write a fixed order anyway, but messages name the
//! first offending key as the caller wrote it), `null` stays apart from
//! absent, and text that is not strict JSON (RFC 8259) is refused.

use core::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Value;

impl Value {
    /// Parses strict JSON text, keeping object keys in order; `None` for
    /// anything else, including an escaped lone surrogate.
    pub fn from_json(text: &str) -> Option<Value> {
        serde_json::from_str(text).ok()
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n as f64))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(n))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        Ok(Value::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_order_and_null_stays_null() {
        let value = Value::from_json(r#"{"b":1,"a":[true,null,"x"],"c":{"z":"\u00e9"}}"#);
        let expected = Value::object([
            ("b", Value::Number(1.0)),
            ("a", Value::Array(vec![Value::Bool(true), Value::Null, Value::from("x")])),
            ("c", Value::object([("z", Value::from("é"))])),
        ]);
        assert_eq!(value, Some(expected));
    }

    #[test]
    fn anything_but_strict_json_is_refused() {
        for text in ["", "{", "{'a':1}", "[1,]", "{\"a\":1}x", "\"\\ud800\"", "NaN", "{\"a\":undefined}"] {
            assert_eq!(Value::from_json(text), None, "{text:?}");
        }
    }
}
