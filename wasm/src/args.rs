//! Reading a call's arguments: the one reader of JavaScript values.
//!
//! The package's JS entry (`pkg-template/api.js`) writes every string (as
//! UTF-8) and byte array of a call into the input buffer, one "slot" after
//! another, and describes everything else in a JSON tree that refers to the
//! slots by number. It decides nothing: what a value is, it says (a number,
//! a getter that threw, a lone surrogate at index 4); whether that is
//! allowed, and the message if not, is decided here and in the core.
//!
//! | JSON | JavaScript value |
//! | --- | --- |
//! | `3` | the string in slot 3 |
//! | `true`, `false`, `null`, `[…]` | themselves, an array |
//! | `{"o":[key, value, …]}` | a plain object's own properties, all enumerable; each key a slot number |
//! | `{"O":[[key, value, …], […]]}` | a plain object's enumerable own properties, then its others |
//! | `{"g":2}` | an object with a `get` method (`Headers`, `Map`), read by [`crate::host::header`] |
//! | `{"b":3}`, `{"B":3}` | the bytes of a `Uint8Array`, of an `ArrayBuffer`, in slot 3 |
//! | `{"d":ms}`, `{"D":0}` | a `Date` (`ms` null when invalid); an object that only claims to be one |
//! | `{"n":1.5}` | a finite number |
//! | `{"x":"a bigint"}`, `{"u":0}` | any other value, by what it is; `undefined` |
//! | `{"l":4}` | a string with a lone surrogate at UTF-16 index 4 |
//! | `{"t":0}`, `{"y":0}`, `{"k":0}` | reading it threw; reading an array's `length` threw; listing its keys threw |
//! | `{"r":0}`, `{"z":0}`, `{"a":n}` | a detached buffer; nested too deeply; an array of `n` items, too long to read |
//! | `{"w":0}` | a value past the [`MAX_VALUES`] a call describes |

use core::fmt;

use kyc_sign::error::join_path;
use kyc_sign::fields::unknown_field;
use kyc_sign::{Error, ErrorCode, Result, Value};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// Longest array read: far more than any field needs, and a bound on the
/// work a huge sparse array can cause (the JS entry sends only its length).
pub const MAX_ARRAY_LENGTH: u64 = 10_000;

/// Most values one call's arguments are described with, nested ones
/// included (the JS entry stops there): far more than any call needs, and a
/// bound on the work arrays of arrays can cause.
pub const MAX_VALUES: u64 = 100_000;

/// One argument, borrowing its strings and bytes from the input buffer.
pub enum Arg<'a> {
    /// A well-formed string's UTF-8 bytes (checked as UTF-8 only when read as text).
    Text(&'a [u8]),
    Bytes(&'a [u8]),
    /// An `ArrayBuffer`'s bytes.
    Buffer(&'a [u8]),
    Null,
    Undefined,
    Bool(bool),
    /// A finite number.
    Number(f64),
    Array(Vec<Arg<'a>>),
    Object(Object<'a>),
    /// An object read with its `get(name)`, by its number in the call.
    Gettable(u32),
    /// A `Date`'s time value (`None`: an invalid date); `Err` for an object that only claims to be one.
    Date(core::result::Result<Option<f64>, ()>),
    /// Anything else, as people name it: "a number", "a function" …
    Other(String),
    LoneSurrogate(u64),
    Threw,
    LengthThrew,
    KeysThrew,
    Detached,
    TooDeep,
    /// Past the [`MAX_VALUES`] a call describes.
    TooMany,
    TooLong(u64),
}

/// A plain object's own properties, in their order.
pub struct Object<'a> {
    enumerable: Vec<(&'a str, Arg<'a>)>,
    hidden: Vec<(&'a str, Arg<'a>)>,
}

/// JSON as the tree uses it. Its visitor takes every JSON value itself:
/// serde's default answers to an unexpected one print the value, and
/// printing an f64 would add ~40 KB of float formatting to the module.
enum Json {
    Null,
    Bool(bool),
    Number(i64),
    Float(f64),
    Text(String),
    Array(Vec<Json>),
    /// `{"t": value}`: every object of the tree has one key, one letter.
    Tagged(u8, Box<Json>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> core::result::Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an argument tree")
    }
    fn visit_unit<E>(self) -> core::result::Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, b: bool) -> core::result::Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> core::result::Result<Json, E> {
        Ok(Json::Number(n))
    }
    fn visit_u64<E>(self, n: u64) -> core::result::Result<Json, E> {
        // Numbers from 2^63 up are still numbers (a huge `now`, say): read them as
        // floats so the argument they belong to reports them, by name.
        Ok(i64::try_from(n).map_or(Json::Float(n as f64), Json::Number))
    }
    fn visit_f64<E>(self, n: f64) -> core::result::Result<Json, E> {
        Ok(Json::Float(n))
    }
    fn visit_str<E>(self, s: &str) -> core::result::Result<Json, E> {
        Ok(Json::Text(s.to_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> core::result::Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> core::result::Result<Json, A::Error> {
        let tag = map.next_key_seed(Tag)?.ok_or_else(|| de::Error::custom("an empty object"))?;
        let value = map.next_value()?;
        match map.next_key_seed(Tag)? {
            Some(_) => Err(de::Error::custom("an object of more than one key")),
            None => Ok(Json::Tagged(tag, Box::new(value))),
        }
    }
}

/// The one-letter key of a tree object, read without allocating.
struct Tag;

impl<'de> de::DeserializeSeed<'de> for Tag {
    type Value = u8;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> core::result::Result<u8, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Tag {
    type Value = u8;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a one-letter tag")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> core::result::Result<u8, E> {
        match s.as_bytes() {
            [tag] => Ok(*tag),
            _ => Err(E::custom("a tag is one letter")),
        }
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> core::result::Result<u8, E> {
        Err(E::custom("a tag is one letter"))
    }
}

/// Reads the tree `[lengths, [argument, …]]` at `input[slots_len..][..json_len]`,
/// whose slots fill `input[..slots_len]`. `None` only for input the JS entry
/// never writes (a broken invariant, not a user's mistake).
pub fn decode_tree(input: &[u8], slots_len: usize, json_len: usize) -> Option<Vec<Arg<'_>>> {
    let (mut rest, json) = input.split_at_checked(slots_len)?;
    let Json::Array(parts) = serde_json::from_slice(json.get(..json_len)?).ok()? else { return None };
    let [Json::Array(lengths), Json::Array(args)] = <[Json; 2]>::try_from(parts).ok()? else { return None };
    let mut slots = Vec::with_capacity(lengths.len());
    for length in lengths {
        let Json::Number(length) = length else { return None };
        let (slot, after) = rest.split_at_checked(usize::try_from(length).ok()?)?;
        slots.push(slot);
        rest = after;
    }
    args.into_iter().map(|arg| node(arg, &slots)).collect()
}

fn node<'a>(json: Json, slots: &[&'a [u8]]) -> Option<Arg<'a>> {
    let slot = |n: i64| usize::try_from(n).ok().and_then(|i| slots.get(i).copied());
    let count = |json: Json| match json {
        Json::Number(n) => u64::try_from(n).ok(),
        _ => None,
    };
    // `[key, value, …]`, each key a slot.
    let entries = |json: Json| match json {
        Json::Array(items) => {
            let mut items = items.into_iter();
            let mut entries = Vec::with_capacity(items.len() / 2);
            while let (Some(Json::Number(key)), Some(value)) = (items.next(), items.next()) {
                entries.push((core::str::from_utf8(slot(key)?).ok()?, node(value, slots)?));
            }
            Some(entries)
        }
        _ => None,
    };
    Some(match json {
        Json::Number(n) => Arg::Text(slot(n)?),
        Json::Bool(b) => Arg::Bool(b),
        Json::Null => Arg::Null,
        Json::Text(_) | Json::Float(_) => return None,
        Json::Array(items) => Arg::Array(items.into_iter().map(|item| node(item, slots)).collect::<Option<_>>()?),
        Json::Tagged(tag, value) => match (tag, *value) {
            (b'o', value) => Arg::Object(Object { enumerable: entries(value)?, hidden: Vec::new() }),
            (b'O', Json::Array(both)) => {
                let [enumerable, hidden] = <[Json; 2]>::try_from(both).ok()?;
                Arg::Object(Object { enumerable: entries(enumerable)?, hidden: entries(hidden)? })
            }
            (b'g', value) => Arg::Gettable(u32::try_from(count(value)?).ok()?),
            (b'n', Json::Number(n)) => Arg::Number(n as f64),
            (b'n', Json::Float(n)) if n.is_finite() => Arg::Number(n),
            (b'b', value) => Arg::Bytes(slot(i64::try_from(count(value)?).ok()?)?),
            (b'B', value) => Arg::Buffer(slot(i64::try_from(count(value)?).ok()?)?),
            (b'd', Json::Number(ms)) => Arg::Date(Ok(Some(ms as f64))),
            (b'd', _) => Arg::Date(Ok(None)),
            (b'D', _) => Arg::Date(Err(())),
            (b'x', Json::Text(name)) => Arg::Other(name),
            (b'l', value) => Arg::LoneSurrogate(count(value)?),
            (b'a', value) => Arg::TooLong(count(value)?),
            (b'u', _) => Arg::Undefined,
            (b't', _) => Arg::Threw,
            (b'y', _) => Arg::LengthThrew,
            (b'k', _) => Arg::KeysThrew,
            (b'r', _) => Arg::Detached,
            (b'z', _) => Arg::TooDeep,
            (b'w', _) => Arg::TooMany,
            _ => return None,
        },
    })
}

/// Positional string or byte arguments, no tree: `kinds` bit `i` set means
/// slot `i` is a `Uint8Array`.
pub fn decode_flat<'a>(input: &'a [u8], lengths: &[usize], kinds: u32) -> Option<Vec<Arg<'a>>> {
    let mut rest = input;
    lengths
        .iter()
        .enumerate()
        .map(|(i, &len)| {
            let (slot, after) = rest.split_at_checked(len)?;
            rest = after;
            Some(if kinds >> i & 1 == 1 { Arg::Bytes(slot) } else { Arg::Text(slot) })
        })
        .collect()
}

impl<'a> Arg<'a> {
    /// How the value's type reads in a message: "a number", "null", "an array"…
    pub fn describe(&self) -> &str {
        match self {
            Arg::Text(_) | Arg::LoneSurrogate(_) => "a string",
            Arg::Bytes(_) | Arg::Detached => "a Uint8Array",
            Arg::Null => "null",
            Arg::Undefined => "undefined",
            Arg::Bool(_) => "a boolean",
            Arg::Number(_) => "a number",
            Arg::Array(_) | Arg::TooLong(_) | Arg::LengthThrew => "an array",
            Arg::Other(name) => name,
            _ => "an object",
        }
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Arg::Undefined)
    }

    /// A value of the wrong type, or the error reading it already was.
    pub fn wrong_type(&self, path: &str, expected: &str) -> Error {
        if let Some(error) = self.unreadable(path) {
            return error;
        }
        if self.is_undefined() {
            let message = format!("is required ({expected}); is it missing, or an unset environment variable?");
            return Error::new(ErrorCode::MissingField, path, message);
        }
        Error::new(ErrorCode::InvalidType, path, format!("expected {expected}, got {}", self.describe()))
    }

    /// The error of a value that could not be read at all, whatever was expected.
    fn unreadable(&self, path: &str) -> Option<Error> {
        Some(match self {
            Arg::Threw => Error::new(ErrorCode::InvalidType, path, "reading this property threw"),
            Arg::KeysThrew => Error::new(ErrorCode::InvalidType, path, "listing its keys threw"),
            Arg::TooDeep => Error::new(ErrorCode::InvalidValue, path, "nested too deeply (is the object circular?)"),
            Arg::TooMany => {
                let message = format!("is past the {MAX_VALUES} values, nested ones included, that a call reads");
                Error::new(ErrorCode::TooLong, path, message)
            }
            _ => return None,
        })
    }

    /// A string, as UTF-8 text.
    pub fn text(&self, path: &str) -> Result<&'a str> {
        match self {
            Arg::Text(bytes) => core::str::from_utf8(bytes)
                .map_err(|_| Error::new(ErrorCode::InvalidType, path, "is not well-formed text")),
            Arg::LoneSurrogate(index) => Err(lone_surrogate(path, *index)),
            other => Err(other.wrong_type(path, "a string")),
        }
    }

    /// A string (as its UTF-8 bytes) or a `Uint8Array` (as its bytes).
    pub fn bytes(&self, path: &str) -> Result<&'a [u8]> {
        self.bytes_or(path, "a string or a Uint8Array")
    }

    /// [`Arg::bytes`] with the expected type named as the caller's API says it.
    pub fn bytes_or(&self, path: &str, expected: &str) -> Result<&'a [u8]> {
        match self {
            Arg::Text(bytes) | Arg::Bytes(bytes) => Ok(bytes),
            Arg::LoneSurrogate(index) => Err(lone_surrogate(path, *index)),
            Arg::Detached => Err(Error::new(ErrorCode::InvalidValue, path, "cannot be read (is its buffer detached?)")),
            other => Err(other.wrong_type(path, expected)),
        }
    }

    /// The raw bytes of a received body. A parsed object is refused with the
    /// reason: re-serialising it would not give back the bytes that were signed.
    pub fn raw_body(&self, path: &str) -> Result<&'a [u8]> {
        match self {
            Arg::Buffer(bytes) => Ok(bytes),
            Arg::Object(_) | Arg::Array(_) | Arg::TooLong(_) => Err(Error::new(
                ErrorCode::BodyNotRaw,
                path,
                format!(
                    "expected the raw request body (a string, Buffer or Uint8Array), got {}. It looks already parsed \
                     by a JSON body parser; re-serialising changes its bytes, so the signature cannot be checked. \
                     Read the body raw for this route (e.g. express.raw({{ type: 'application/json' }}))",
                    self.describe()
                ),
            )),
            other => other.bytes(path),
        }
    }

    /// A plain object (an error about `path` otherwise) whose enumerable
    /// keys are all in `allowed`; its fields' paths start with `prefix`
    /// (`""` for an options object that is the whole argument list).
    pub fn options<'o>(&'o self, path: &str, prefix: &'o str, allowed: &[&str]) -> Result<Options<'o, 'a>> {
        match self {
            Arg::Object(object) => {
                if let Some((unknown, _)) = object.enumerable.iter().find(|(k, _)| !allowed.contains(k)) {
                    return Err(unknown_field(unknown, allowed, &[]).within(prefix));
                }
                Ok(Options { object, prefix })
            }
            other => Err(other.wrong_type(path, "a plain object")),
        }
    }

    /// [`Arg::options`], where `undefined` and `null` mean "no options".
    pub fn optional_options<'o>(&'o self, path: &'o str, allowed: &[&str]) -> Result<Option<Options<'o, 'a>>> {
        match self {
            Arg::Undefined | Arg::Null => Ok(None),
            other => other.options(path, path, allowed).map(Some),
        }
    }

    /// An optional string option parsed with `FromStr` (its error re-rooted at `path`).
    pub fn parse<T: core::str::FromStr<Err = Error>>(&self, path: &str) -> Result<Option<T>> {
        if self.is_undefined() {
            return Ok(None);
        }
        let text = self.text(path)?;
        text.parse::<T>().map(Some).map_err(|e| Error::new(e.code(), path, e.reason().to_owned()))
    }

    /// One or several: a non-array as a list of itself, an array's items
    /// (an item whose getter threw is an error about it).
    pub fn one_or_many(&self, path: &str) -> Result<Vec<(String, &Self)>> {
        match self {
            Arg::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let item_path = join_path(path, &format!("[{i}]"));
                    item.element(&item_path).map(|item| (item_path, item))
                })
                .collect(),
            Arg::TooLong(length) => {
                let message = format!("has {length} items; at most {MAX_ARRAY_LENGTH} are read");
                Err(Error::new(ErrorCode::TooLong, path, message))
            }
            single => Ok(vec![(path.to_owned(), single)]),
        }
    }

    /// The core's ordered [`Value`], for loose inputs such as session bodies:
    /// `undefined` properties are skipped (as `JSON.stringify` skips them)
    /// and a `Date` is a timestamp under the key `timestamp` only.
    pub fn to_value(&self, path: &str) -> Result<Value> {
        if let Some(error) = self.unreadable(path) {
            return Err(error);
        }
        Ok(match self {
            Arg::Null => Value::Null,
            Arg::Bool(b) => Value::Bool(*b),
            Arg::Number(n) => Value::Number(*n),
            Arg::Text(_) | Arg::LoneSurrogate(_) => Value::String(self.text(path)?.to_owned()),
            Arg::Bytes(_) | Arg::Detached => Value::Bytes(self.bytes(path)?.to_vec()),
            Arg::Date(time) if path == "timestamp" => {
                let time = time.map_err(|()| Error::new(ErrorCode::InvalidTimestamp, path, "expected a Date"))?;
                Value::String(kyc_sign::iso_timestamp(time.unwrap_or(f64::NAN)).map_err(|e| e.within(path))?)
            }
            Arg::LengthThrew => {
                return Err(Error::new(
                    ErrorCode::InvalidType,
                    join_path(path, "length"),
                    "reading this property threw",
                ))
            }
            Arg::Array(_) | Arg::TooLong(_) => Value::Array(
                self.one_or_many(path)?
                    .into_iter()
                    .map(|(item_path, item)| item.to_value(&item_path))
                    .collect::<Result<_>>()?,
            ),
            Arg::Object(object) => {
                let mut entries = Vec::with_capacity(object.enumerable.len());
                for (key, item) in &object.enumerable {
                    let item_path = join_path(path, key);
                    match item {
                        Arg::Undefined => {}
                        item => entries.push(((*key).to_owned(), item.to_value(&item_path)?)),
                    }
                }
                Value::Object(entries)
            }
            other => Value::Other(other.describe().to_owned()),
        })
    }

    /// An array element: one whose getter threw says so as an element.
    fn element(&self, path: &str) -> Result<&Self> {
        match self {
            Arg::Threw => Err(Error::new(ErrorCode::InvalidType, path, "reading this element threw")),
            item => Ok(item),
        }
    }
}

impl<'a> Object<'a> {
    /// The value of own property `key`, enumerable or not; `Undefined` when absent.
    fn get(&self, key: &str) -> &Arg<'a> {
        self.enumerable.iter().chain(&self.hidden).find(|(k, _)| *k == key).map_or(&Arg::Undefined, |(_, value)| value)
    }

    /// The enumerable own properties, in order.
    pub fn entries(&self) -> impl Iterator<Item = &(&'a str, Arg<'a>)> {
        self.enumerable.iter()
    }
}

/// An options object whose keys were checked, and the path its fields are named under.
pub struct Options<'o, 'a> {
    object: &'o Object<'a>,
    prefix: &'o str,
}

impl<'o, 'a> Options<'o, 'a> {
    /// The option `key` (`Undefined` when absent); a getter that threw is the error about it.
    pub fn field(&self, key: &str) -> Result<&'o Arg<'a>> {
        match self.object.get(key) {
            Arg::Threw => Err(Error::new(ErrorCode::InvalidType, self.path(key), "reading this property threw")),
            value => Ok(value),
        }
    }

    /// The path of the option `key`, for messages.
    pub fn path(&self, key: &str) -> String {
        join_path(self.prefix, key)
    }
}

fn lone_surrogate(path: &str, index: u64) -> Error {
    let message = format!(
        "lone UTF-16 surrogate at index {index} cannot be encoded as UTF-8 (was a string cut in the middle of an emoji?)"
    );
    Error::new(ErrorCode::LoneSurrogate, path, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_refers_to_its_slots() {
        let json = br#"[[4,3,0,7,1,6],[0,{"O":[[3,1,4,{"b":2}],[5,{"u":0}]]},{"x":"a number"},[true,null]]]"#;
        let input = [b"POSTrawurlModexhidden".as_slice(), json].concat();
        let args = decode_tree(&input, 21, json.len()).expect("a well-formed tree");
        assert_eq!(args.len(), 4);
        assert_eq!(args[0].text("method").unwrap(), "POST");
        let options = args[1].options("options", "options", &["urlMode", "x"]).unwrap();
        assert_eq!(options.field("urlMode").unwrap().text("urlMode").unwrap(), "raw");
        assert_eq!(options.field("x").unwrap().bytes("x").unwrap(), b"");
        assert!(options.field("hidden").unwrap().is_undefined());
        assert_eq!(args[2].describe(), "a number");
        assert!(matches!(args[3], Arg::Array(ref items) if items.len() == 2));
    }

    #[test]
    fn a_tree_the_entry_never_writes_is_refused() {
        let broken: [&[u8]; 13] = [
            br#"[[9],[0]]"#,
            br#"[[0],[1]]"#,
            br#"[[0],[1.5]]"#,
            br#"[[0],[-1]]"#,
            br#"[[0],[{"?":0}]]"#,
            br#"[[0],[{"u":0,"t":0}]]"#,
            br#"[[0],[{"n":"1"}]]"#,
            br#"[[0],[{"O":[[]]}]]"#,
            br#"[[0],["text"]]"#,
            br#"[[0],[0],[]]"#,
            br#"[[0]]"#,
            br#"[[0],[0]] x"#,
            b"{",
        ];
        for json in broken {
            let input = [b"ab".as_slice(), json].concat();
            assert!(decode_tree(&input, 2, json.len()).is_none(), "{}", String::from_utf8_lossy(json));
        }
    }
}
