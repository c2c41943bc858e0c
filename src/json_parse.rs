//! Reading JSON text into a [`Value`], keeping key order. The package's fast
//! path hands `buildSessionBody` options over as `JSON.stringify` output, one
//! string instead of a walk across the JS boundary per field.
//!
//! Strict RFC 8259: anything else, and any escaped lone surrogate (which
//! `JSON.stringify` writes for one), is an error, on which the caller falls
//! back to reading the JS object field by field for a precise message.

use crate::value::Value;

/// Deeper nesting than any body needs is refused, so input cannot exhaust the stack.
const MAX_DEPTH: usize = 16;

/// Why JSON text was refused (the fast path only needs to know that it was).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct JsonError;

type Parsed<T> = core::result::Result<T, JsonError>;

/// Parses one JSON value that fills `text` (surrounding whitespace allowed).
pub(crate) fn parse_json(text: &str) -> Parsed<Value> {
    parse::<true>(text)
}

/// [`parse_json`] that refuses numbers. The package's fast path sends only
/// options without numbers (they take the checked path, which reads JS
/// doubles directly), and leaving decimal-to-double conversion out of the
/// wasm module saves ~12 KB.
#[cfg(any(target_arch = "wasm32", test))]
pub(crate) fn parse_json_without_numbers(text: &str) -> Parsed<Value> {
    parse::<false>(text)
}

fn parse<const NUMBERS: bool>(text: &str) -> Parsed<Value> {
    let mut parser = Parser::<NUMBERS> { text, bytes: text.as_bytes(), at: 0 };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at == parser.bytes.len() {
        Ok(value)
    } else {
        Err(JsonError)
    }
}

struct Parser<'a, const NUMBERS: bool> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<const NUMBERS: bool> Parser<'_, NUMBERS> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Parsed<u8> {
        let byte = self.peek().ok_or(JsonError)?;
        self.at += 1;
        Ok(byte)
    }

    fn expect(&mut self, byte: u8) -> Parsed<()> {
        if self.next()? == byte {
            Ok(())
        } else {
            Err(JsonError)
        }
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Parsed<Value> {
        let end = self.at.checked_add(word.len()).ok_or(JsonError)?;
        if self.bytes.get(self.at..end) == Some(word) {
            self.at = end;
            Ok(value)
        } else {
            Err(JsonError)
        }
    }

    fn value(&mut self, depth: usize) -> Parsed<Value> {
        if depth > MAX_DEPTH {
            return Err(JsonError);
        }
        self.skip_whitespace();
        match self.peek().ok_or(JsonError)? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Value::String),
            b't' => self.literal(b"true", Value::Bool(true)),
            b'f' => self.literal(b"false", Value::Bool(false)),
            b'n' => self.literal(b"null", Value::Null),
            _ => self.number(),
        }
    }

    fn object(&mut self, depth: usize) -> Parsed<Value> {
        self.expect(b'{')?;
        // Body objects have up to a dozen fields: one allocation, not three.
        let mut entries = Vec::with_capacity(8);
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(entries));
        }
        loop {
            self.skip_whitespace();
            let key = self.string()?;
            self.skip_whitespace();
            self.expect(b':')?;
            entries.push((key, self.value(depth + 1)?));
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b'}' => return Ok(Value::Object(entries)),
                _ => return Err(JsonError),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Parsed<Value> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.next()? {
                b',' => continue,
                b']' => return Ok(Value::Array(items)),
                _ => return Err(JsonError),
            }
        }
    }

    fn number(&mut self) -> Parsed<Value> {
        if !NUMBERS {
            return Err(JsonError);
        }
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return Err(JsonError),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        let text = self.bytes.get(start..self.at).and_then(|b| core::str::from_utf8(b).ok()).ok_or(JsonError)?;
        text.parse().map(Value::Number).map_err(|_| JsonError)
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Parsed<()> {
        let start = self.at;
        self.digits();
        if self.at > start {
            Ok(())
        } else {
            Err(JsonError)
        }
    }

    fn string(&mut self) -> Parsed<String> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character
            // in one go; it ends at an ASCII byte, so on a character boundary.
            let rest = self.bytes.get(self.at..).ok_or(JsonError)?;
            let run_len = rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).ok_or(JsonError)?;
            out.push_str(self.text.get(self.at..self.at + run_len).ok_or(JsonError)?);
            self.at += run_len;
            match self.next()? {
                b'"' => return Ok(out),
                b'\\' => out.push(self.escape()?),
                _ => return Err(JsonError), // a raw control character
            }
        }
    }

    fn escape(&mut self) -> Parsed<char> {
        Ok(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{08}',
            b'f' => '\u{0c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4()?;
                match first {
                    0xD800..=0xDBFF => {
                        self.expect(b'\\')?;
                        self.expect(b'u')?;
                        let second = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(JsonError);
                        }
                        let scalar = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        char::from_u32(scalar).ok_or(JsonError)?
                    }
                    // A lone surrogate: the checked path reports it with its index.
                    0xDC00..=0xDFFF => return Err(JsonError),
                    _ => char::from_u32(first).ok_or(JsonError)?,
                }
            }
            _ => return Err(JsonError),
        })
    }

    fn hex4(&mut self) -> Parsed<u32> {
        let mut value = 0;
        for _ in 0..4 {
            let digit = char::from(self.next()?).to_digit(16).ok_or(JsonError)?;
            value = value * 16 + digit;
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    #[test]
    fn objects_keep_key_order() {
        let parsed = parse_json(r#"{"b":1,"a":[true,false,null],"c":{"d":"e"}}"#).unwrap();
        assert_eq!(
            parsed,
            Value::object([
                ("b", Value::Number(1.0)),
                ("a", Value::Array(vec![Value::Bool(true), Value::Bool(false), Value::Null])),
                ("c", Value::object([("d", s("e"))])),
            ])
        );
        assert_eq!(parse_json(" {} ").unwrap(), Value::Object(vec![]));
        assert_eq!(parse_json("[]").unwrap(), Value::Array(vec![]));
    }

    #[test]
    fn string_escapes_as_json_stringify_writes_them() {
        // JSON.stringify("\"\\/\b\f\n\r\t\u0001é😀") in Node.
        let text = r#""\"\\/\b\f\n\r\t\u0001é😀\ud83d\ude00""#;
        assert_eq!(parse_json(text).unwrap(), s("\"\\/\u{8}\u{c}\n\r\t\u{1}é😀😀"));
    }

    #[test]
    fn lone_surrogates_and_malformed_text_are_refused() {
        for bad in [
            r#""\ud800""#, r#""\udc00""#, r#""\ud800\u0041""#, "\"\u{1}\"", r#"{"a":1,}"#, "[1,]", "01", "1.", "-",
            "1e", "tru", "{\"a\" 1}", "\"open", "{}{}", "", "NaN", "'a'",
        ] {
            assert_eq!(parse_json(bad), Err(JsonError), "{bad:?}");
        }
        let deep = "[".repeat(40) + &"]".repeat(40);
        assert_eq!(parse_json(&deep), Err(JsonError));
    }

    #[test]
    fn numbers() {
        for (text, value) in [("0", 0.0), ("-1.5e3", -1500.0), ("12.25", 12.25), ("1E-2", 0.01)] {
            assert_eq!(parse_json(text).unwrap(), Value::Number(value), "{text}");
            assert_eq!(parse_json_without_numbers(&format!("[{text}]")), Err(JsonError), "{text}");
        }
        let text = r#"{"a":[true,null,"1"],"b":{"c":"2e3"}}"#;
        assert_eq!(parse_json_without_numbers(text), parse_json(text));
    }
}
