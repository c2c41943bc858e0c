//! Shared by the integration tests that read `tests/vectors/`: loading a
//! vectors file (checking the shape every one has), and a JSON reader that
//! keeps object keys in the order they are written.
//!
//! serde_json (a dependency without its `preserve_order` feature) reads
//! objects into sorted maps, which loses the order a caller gave the keys of a
//! session-body input. [`ordered`] reads the same text into [`kyc_sign::Value`]
//! with the order kept; [`assert_same_json`] checks what it read against
//! serde_json's reading of the same text, so the reader needs no trust.

// Each test crate that includes this module uses a part of it.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::PathBuf;

use kyc_sign::Value;
use serde_json::Value as Json;

/// A vectors file: its text and serde_json's reading of it.
pub struct Vectors {
    pub file: String,
    pub text: String,
    pub doc: Json,
}

impl Vectors {
    /// The cases, in file order.
    pub fn cases(&self) -> &[Json] {
        self.doc["cases"].as_array().map(Vec::as_slice).unwrap_or_default()
    }

    /// The case called `name`; panics when there is none.
    pub fn case(&self, name: &str) -> &Json {
        self.cases()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{}: no case named {name:?}", self.file))
    }
}

/// Reads `tests/vectors/{file}` and checks its shape: a top-level
/// `description` and `source`, exactly `expected_cases` cases, each with a
/// unique non-empty `name` and a non-empty `source`.
pub fn read_vectors(file: &str, expected_cases: usize) -> Vectors {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let doc: Json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{file}: not JSON: {e}"));
    for key in ["description", "source"] {
        let value = doc[key].as_str().unwrap_or_default();
        assert!(!value.trim().is_empty(), "{file}: needs a top-level {key:?}");
    }
    let cases = doc["cases"].as_array().unwrap_or_else(|| panic!("{file}: \"cases\" must be an array"));
    assert_eq!(cases.len(), expected_cases, "{file}: case count (update the count with the file, on purpose)");
    let mut names = HashSet::new();
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"].as_str().unwrap_or_default();
        assert!(!name.is_empty(), "{file}: case #{i} has no name");
        assert!(names.insert(name), "{file}: case name {name:?} is used twice");
        let source = case["source"].as_str().unwrap_or_default();
        assert!(!source.trim().is_empty(), "{file}: case {name:?} has no source");
    }
    Vectors { file: file.to_owned(), text, doc }
}

/// A string field of a case; panics naming the case when it is not a string.
pub fn str_field<'a>(case: &'a Json, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| panic!("case {}: {key:?} must be a string", case["name"]))
}

// ---------------------------------------------------------------- order-keeping reader

/// Reads JSON text into a [`Value`], object keys in written order. Panics,
/// with the byte offset, on anything but one well-formed JSON value.
pub fn ordered(text: &str) -> Value {
    let mut reader = Reader { text, pos: 0 };
    let value = reader.value();
    reader.space();
    assert_eq!(reader.pos, text.len(), "JSON: trailing text at byte {}", reader.pos);
    value
}

/// The member `key` of an object value.
pub fn member<'a>(value: &'a Value, key: &str) -> &'a Value {
    match value {
        Value::Object(entries) => {
            entries.iter().find(|(k, _)| k == key).map(|(_, v)| v).unwrap_or_else(|| panic!("no member {key:?}"))
        }
        other => panic!("expected an object holding {key:?}, got {other:?}"),
    }
}

/// The items of an array value.
pub fn items(value: &Value) -> &[Value] {
    match value {
        Value::Array(items) => items,
        other => panic!("expected an array, got {other:?}"),
    }
}

/// Asserts that `ours` (from [`ordered`]) holds what serde_json read: the same
/// values, the same keys (none twice), numbers equal as f64.
pub fn assert_same_json(ours: &Value, theirs: &Json, at: &str) {
    match (ours, theirs) {
        (Value::Null, Json::Null) => {}
        (Value::Bool(a), Json::Bool(b)) => assert_eq!(a, b, "{at}"),
        (Value::Number(a), Json::Number(b)) => assert_eq!(Some(*a), b.as_f64(), "{at}"),
        (Value::String(a), Json::String(b)) => assert_eq!(a, b, "{at}"),
        (Value::Array(a), Json::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: array length");
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same_json(x, y, &format!("{at}[{i}]"));
            }
        }
        (Value::Object(a), Json::Object(b)) => {
            assert_eq!(a.len(), b.len(), "{at}: object size (a key written twice?)");
            for (key, x) in a {
                let y = b.get(key).unwrap_or_else(|| panic!("{at}: serde_json has no {key:?}"));
                assert_same_json(x, y, &format!("{at}.{key}"));
            }
        }
        _ => panic!("{at}: read {ours:?}, serde_json read {theirs:?}"),
    }
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl Reader<'_> {
    fn fail(&self, what: &str) -> ! {
        panic!("JSON: {what} at byte {}", self.pos)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) {
        if self.peek() != Some(byte) {
            self.fail(&format!("expected {:?}", char::from(byte)));
        }
        self.pos += 1;
    }

    fn literal(&mut self, word: &str, value: Value) -> Value {
        if !self.text[self.pos..].starts_with(word) {
            self.fail("unexpected text");
        }
        self.pos += word.len();
        value
    }

    fn value(&mut self) -> Value {
        self.space();
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => Value::String(self.string()),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.fail("expected a value"),
        }
    }

    fn object(&mut self) -> Value {
        self.expect(b'{');
        let mut entries = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Value::Object(entries);
        }
        loop {
            self.space();
            let key = self.string();
            self.space();
            self.expect(b':');
            entries.push((key, self.value()));
            self.space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Value::Object(entries);
                }
                _ => self.fail("expected ',' or '}'"),
            }
        }
    }

    fn array(&mut self) -> Value {
        self.expect(b'[');
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Value::Array(items);
        }
        loop {
            items.push(self.value());
            self.space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Value::Array(items);
                }
                _ => self.fail("expected ',' or ']'"),
            }
        }
    }

    fn number(&mut self) -> Value {
        let start = self.pos;
        while matches!(self.peek(), Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            self.pos += 1;
        }
        let digits = &self.text[start..self.pos];
        // serde_json's reading of the same text is compared by assert_same_json.
        digits.parse::<f64>().map(Value::Number).unwrap_or_else(|_| self.fail("bad number"))
    }

    fn hex4(&mut self) -> u32 {
        let digits = self.text.get(self.pos..self.pos + 4).unwrap_or_else(|| self.fail("short \\u escape"));
        self.pos += 4;
        u32::from_str_radix(digits, 16).unwrap_or_else(|_| self.fail("bad \\u escape"))
    }

    fn string(&mut self) -> String {
        self.expect(b'"');
        let mut out = String::new();
        loop {
            let Some(ch) = self.text[self.pos..].chars().next() else { self.fail("unterminated string") };
            self.pos += ch.len_utf8();
            match ch {
                '"' => return out,
                '\\' => {
                    let escape = self.peek().unwrap_or_else(|| self.fail("unterminated escape"));
                    self.pos += 1;
                    let decoded = match escape {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let unit = self.hex4();
                            let scalar = if (0xd800..0xdc00).contains(&unit) {
                                if !self.text[self.pos..].starts_with("\\u") {
                                    self.fail("lone high surrogate");
                                }
                                self.pos += 2;
                                let low = self.hex4();
                                if !(0xdc00..0xe000).contains(&low) {
                                    self.fail("high surrogate without its low half");
                                }
                                0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00)
                            } else {
                                unit
                            };
                            char::from_u32(scalar).unwrap_or_else(|| self.fail("lone surrogate"))
                        }
                        _ => self.fail("unknown escape"),
                    };
                    out.push(decoded);
                }
                c if u32::from(c) < 0x20 => self.fail("control character in a string"),
                c => out.push(c),
            }
        }
    }
}
