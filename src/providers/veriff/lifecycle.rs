//! Bodies for the Veriff requests that follow session creation: submitting a
//! session (`PATCH /v1/sessions/{id}`) and uploading media
//! (`POST /v1/sessions/{id}/media`). Written like every other body here:
//! validated first, then serialised exactly as `JSON.stringify` would.

use crate::dates::{check_timestamp, iso_timestamp};
use crate::error::{quote, Error, ErrorCode, Result};
use crate::fields::{check_non_empty, type_error, Fields};
use crate::host::Host;
use crate::json::{JsonObject, Value};

const SUBMIT_KEYS: &[&str] = &["frontState", "timestamp"];

/// `{"verification":{"status":"submitted"}}`: marks a session as ready for
/// review, as Veriff's API reference documents it. `frontState` and
/// `timestamp`, which Veriff's own integration demo sends
/// (`{"verification":{"frontState":"done","status":"submitted","timestamp":…}}`),
/// are written when given, in that order.
pub fn build_submit_body(input: &Value) -> Result<String> {
    let fields = Fields::parse(input, SUBMIT_KEYS, &[])?;
    let front_state = fields.string("frontState")?;
    if let Some(state) = &front_state {
        check_non_empty(state).map_err(|e| e.within("frontState"))?;
    }
    let timestamp = fields.string("timestamp")?;
    if let Some(timestamp) = &timestamp {
        check_timestamp(timestamp).map_err(|e| e.within("timestamp"))?;
    }
    let mut out = String::with_capacity(96);
    let mut root = JsonObject::begin(&mut out);
    root.object("verification", |v| {
        v.string("frontState", front_state.as_deref());
        v.string("status", Some("submitted"));
        v.string("timestamp", timestamp.as_deref());
    });
    root.end();
    Ok(out)
}

const MEDIA_KEYS: &[&str] = &["context", "content", "timestamp"];

/// `{"image":{"context":…,"content":…,"timestamp":…}}` for a media upload.
///
/// `content` is base64 text (optionally a `data:<type>;base64,` URI, as
/// Veriff's examples send) kept as given, or bytes that are encoded as
/// standard base64 here. The host's clock is read only when no `timestamp` is given.
pub fn build_media_body(input: &Value, host: &dyn Host) -> Result<String> {
    let fields = Fields::parse(input, MEDIA_KEYS, &[])?;
    let context = fields.string("context")?.ok_or_else(|| {
        Error::new(ErrorCode::MissingField, "context", "is required, e.g. \"document-front\" or \"face\"")
    })?;
    check_context(&context).map_err(|e| e.within("context"))?;
    let content = match fields.get("content") {
        None => return Err(Error::new(ErrorCode::MissingField, "content", "is required: base64 text or bytes")),
        Some(Value::Bytes(bytes)) => base64_encode(bytes),
        Some(Value::String(text)) => {
            check_base64_content(text).map_err(|e| e.within("content"))?;
            text.clone()
        }
        Some(other) => return Err(type_error("content", "base64 text or a Uint8Array", other)),
    };
    let timestamp = match fields.string("timestamp")? {
        Some(given) => {
            check_timestamp(&given).map_err(|e| e.within("timestamp"))?;
            given
        }
        None => iso_timestamp(host.now_ms()).map_err(|e| e.within("timestamp"))?,
    };
    let mut out = String::with_capacity(content.len() + 96);
    let mut root = JsonObject::begin(&mut out);
    root.object("image", |image| {
        image.string("context", Some(&context));
        image.string("content", Some(&content));
        image.string("timestamp", Some(&timestamp));
    });
    root.end();
    Ok(out)
}

/// Veriff's media contexts are lower-case words joined by hyphens (`document-front`).
fn check_context(context: &str) -> Result<()> {
    let well_formed = !context.is_empty()
        && context
            .split('-')
            .all(|word| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    if well_formed {
        Ok(())
    } else {
        Err(Error::new(
            ErrorCode::InvalidValue,
            "",
            format!("expected a media context such as \"document-front\" or \"face\", got {}", quote(context)),
        ))
    }
}

/// Accepts standard padded base64, optionally behind a `data:…;base64,` prefix.
fn check_base64_content(text: &str) -> Result<()> {
    let payload = match text.strip_prefix("data:") {
        // Split at the `,` ending `;base64,` (media types hold no comma):
        // a byte search, as `str` searches add formatting code to the module.
        Some(uri) => match uri.split_once(',').filter(|(media_type, _)| media_type.ends_with(";base64")) {
            Some((_media_type, payload)) => payload,
            None => {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    "",
                    "a data: URI must be base64 (\"data:image/jpeg;base64,…\")",
                ))
            }
        },
        None => text,
    };
    match base64_error(payload.as_bytes()) {
        None => Ok(()),
        Some(why) => Err(Error::new(ErrorCode::InvalidValue, "", format!("is not valid base64: {why}"))),
    }
}

/// Why `text` is not standard padded base64, or `None` when it is.
fn base64_error(text: &[u8]) -> Option<String> {
    if text.is_empty() {
        return Some("it is empty".into());
    }
    if text.len() % 4 != 0 {
        return Some(format!("its length {} is not a multiple of 4", text.len()));
    }
    let padding = text.iter().rev().take_while(|&&b| b == b'=').count();
    if padding > 2 {
        return Some("it ends in more than two '='".into());
    }
    let data = text.get(..text.len() - padding).unwrap_or_default();
    if let Some(at) = data.iter().position(|&b| base64_value(b).is_none()) {
        return Some(format!("character {at} is not in the base64 alphabet (A–Z, a–z, 0–9, +, /)"));
    }
    // The bits after the last full byte must be zero for a canonical encoding.
    let last = data.last().and_then(|&b| base64_value(b)).unwrap_or(0);
    let unused_bits_mask = match padding {
        1 => 0b0000_0011,
        2 => 0b0000_1111,
        _ => 0,
    };
    (last & unused_bits_mask != 0).then(|| "its last character has bits set past the end of the data".into())
}

fn base64_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64_encode(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let symbol = |index: u32| char::from(ALPHABET.get((index & 63) as usize).copied().unwrap_or(b'='));
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let group = (b(0) << 16) | (b(1) << 8) | b(2);
        out.push(symbol(group >> 18));
        out.push(symbol(group >> 12));
        out.push(if chunk.len() > 1 { symbol(group >> 6) } else { '=' });
        out.push(if chunk.len() > 2 { symbol(group) } else { '=' });
    }
    out
}

#[cfg(all(test, feature = "native"))]
mod tests {
    use super::*;

    const AT: f64 = 1_463_646_625_597.0; // 2016-05-19T08:30:25.597Z

    fn media(entries: Vec<(&str, Value)>) -> Result<String> {
        build_media_body(&Value::object(entries), &|| AT)
    }

    #[test]
    fn submit_body_is_exact_and_takes_no_fields() {
        assert_eq!(
            build_submit_body(&Value::object::<&str>([])).unwrap(),
            r#"{"verification":{"status":"submitted"}}"#
        );
        let err = build_submit_body(&Value::object([("status", Value::from("approved"))])).unwrap_err();
        assert_eq!(err.code(), ErrorCode::UnknownField);
    }

    #[test]
    fn media_body_from_text_and_from_bytes() {
        let from_text = media(vec![("content", "aGVsbG8=".into()), ("context", "document-front".into())]).unwrap();
        assert_eq!(
            from_text,
            r#"{"image":{"context":"document-front","content":"aGVsbG8=","timestamp":"2016-05-19T08:30:25.597Z"}}"#
        );
        let from_bytes =
            media(vec![("context", "document-front".into()), ("content", Value::Bytes(b"hello".to_vec()))]).unwrap();
        assert_eq!(from_bytes, from_text);
        let data_uri = media(vec![
            ("context", "face".into()),
            ("content", "data:image/png;base64,iVBORw0KGgo=".into()),
            ("timestamp", "2020-01-01T00:00:00Z".into()),
        ])
        .unwrap();
        assert!(data_uri.contains(r#""content":"data:image/png;base64,iVBORw0KGgo=""#), "{data_uri}");
        assert!(data_uri.ends_with(r#""timestamp":"2020-01-01T00:00:00Z"}}"#));
    }

    #[test]
    fn base64_encoding_matches_rfc_4648_test_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            if !encoded.is_empty() {
                assert_eq!(base64_error(encoded.as_bytes()), None, "{encoded}");
            }
        }
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_error(base64_encode(&all).as_bytes()), None);
    }

    #[test]
    fn malformed_media_is_refused_with_the_field_path() {
        let bad_content =
            ["", "aGVsbG8", "aGVsbG8=\n", "aGV sbG8=", "aGVsbG9=", "a===", "data:image/png,aGVsbG8=", "aGVsbG8_"];
        for content in bad_content {
            let err = media(vec![("context", "face".into()), ("content", content.into())]).unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "content"), "{content:?}");
        }
        let err = media(vec![("content", "aGVsbG8=".into())]).unwrap_err();
        assert_eq!((err.code(), err.path()), (ErrorCode::MissingField, "context"));
        let err = media(vec![("context", "Document Front".into()), ("content", "aGVsbG8=".into())]).unwrap_err();
        assert_eq!(err.path(), "context");
        let err = media(vec![("context", "face".into()), ("content", Value::Number(1.0))]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidType);
        let err =
            media(vec![("context", "face".into()), ("content", "aGVsbG8=".into()), ("timestamp", "yesterday".into())])
                .unwrap_err();
        assert_eq!((err.code(), err.path()), (ErrorCode::InvalidTimestamp, "timestamp"));
    }
}
