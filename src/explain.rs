//! Showing what a request signs, and saying why a signature does not match.
//!
//! [`explain`] runs a request through the checks of [`Signer`](crate::Signer)
//! and its provider's [`Scheme::signed_message`], the very message signing
//! hashes. Given a signature and the secret, it says whether they match and,
//! when they do not, which of the usual differences would make them match:
//! the method's case, the other URL mode or Veriff scheme, a newline at the
//! end of the body, a body re-serialised as compact JSON, another content
//! type, the query left out, whitespace around the secret. Each is tried by
//! signing the changed request, never by guessing.

use crate::error::{quote, Error, ErrorCode, Result, REDACTED};
use crate::host::Host;
use crate::mac::{decode_tag_hex, hex_lower, tags_equal, TAG_LEN};
use crate::providers::{Provider, Scheme};
use crate::request::{check_header_value, check_secret_not_empty, ProviderOptions, SignedMessage, UnsignedRequest};
use crate::signer::check_request;
use zeroize::Zeroizing;

/// A request to explain: what [`Signer::sign_at`](crate::Signer::sign_at)
/// takes, with the API key optional (only FaceVerify's message holds it).
#[derive(Clone)]
pub struct ExplainRequest<'a> {
    /// Which provider the request is for.
    pub provider: Provider,
    /// The provider-specific options (`urlMode`, `scheme`).
    pub options: ProviderOptions,
    /// The HTTP method, as given (it is upper-cased as signing does).
    pub method: &'a str,
    /// The absolute URL.
    pub url: &'a str,
    /// The exact body bytes; `None` for none.
    pub body: Option<&'a [u8]>,
    /// The `Content-Type`; the default when `None`.
    pub content_type: Option<&'a str>,
    /// The API key, which FaceVerify signs.
    pub api_key: Option<&'a str>,
    /// The time signed at, in milliseconds (Sumsub); the host's clock when `None`.
    pub now_ms: Option<f64>,
}

/// Shows the API key redacted.
impl core::fmt::Debug for ExplainRequest<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ExplainRequest")
            .field("provider", &self.provider)
            .field("options", &self.options)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &self.body)
            .field("content_type", &self.content_type)
            .field("api_key", &self.api_key.map(|_| REDACTED))
            .field("now_ms", &self.now_ms)
            .finish()
    }
}

/// What a request signs and, with a secret, its signature and the diagnosis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Exactly the bytes signed, the header they go in and what they are.
    pub message: SignedMessage<'static>,
    /// The signature of the message with the secret, when one was given.
    pub signature: Option<String>,
    /// Whether the signature given matches, when one was given.
    pub matches: Option<bool>,
    /// When it does not: each single change that would make it match, in words.
    pub differences: Vec<String>,
}

/// The options whose other values are tried when a signature does not match.
const OPTION_VALUES: &[(&str, &[&str])] = &[("urlMode", &["whatwg", "raw"]), ("scheme", &["hmac", "legacy"])];

/// Explains `request`: the message it signs; with `secret`, its signature;
/// with `signature` too, whether that matches and, if not, what differs.
pub fn explain(
    request: &ExplainRequest<'_>,
    secret: Option<&[u8]>,
    signature: Option<&str>,
    host: &dyn Host,
) -> Result<Explanation> {
    let scheme = request.provider.scheme();
    scheme.check_options(&request.options)?;
    if let Some(api_key) = request.api_key {
        check_header_value("apiKey", api_key)?;
    }
    let (method, content_type) =
        check_request(scheme, request.method, request.body, request.content_type, request.now_ms)?;
    // One reading of the clock, so that every variant signs the same second.
    let now_ms = match request.now_ms {
        None if scheme.signs_time() => Some(host.now_ms()),
        given => given,
    };
    let base = UnsignedRequest {
        method: &method,
        url: request.url,
        body: request.body.unwrap_or_default(),
        content_type,
        api_key: request.api_key,
        options: &request.options,
        now_ms,
    };
    let message = scheme.signed_message(&base, host)?.into_owned();
    let given = match signature {
        Some(text) => Some(decode_signature(text)?),
        None => None,
    };
    let Some(secret) = secret else {
        if given.is_some() {
            return Err(Error::new(ErrorCode::MissingField, "secret", "is needed to check a signature"));
        }
        return Ok(Explanation { message, signature: None, matches: None, differences: Vec::new() });
    };
    check_secret_not_empty(secret, "secret")?;
    let tag = message.tag(secret);
    let Some(given) = given else {
        return Ok(Explanation { message, signature: Some(hex_lower(&tag)), matches: None, differences: Vec::new() });
    };
    let matches = tags_equal(&tag, &given);
    let differences = if matches { Vec::new() } else { differences(scheme, &base, secret, &given, host) };
    Ok(Explanation { message, signature: Some(hex_lower(&tag)), matches: Some(matches), differences })
}

/// A received signature: 64 hex digits, either case, spaces around ignored.
fn decode_signature(text: &str) -> Result<[u8; TAG_LEN]> {
    let trimmed = text.trim();
    decode_tag_hex(trimmed).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidValue,
            "signature",
            format!("expected 64 hex digits, got {} characters", trimmed.chars().count()),
        )
    })
}

/// Each single change to `base` or `secret` whose signature is `given`.
fn differences(
    scheme: &dyn Scheme,
    base: &UnsignedRequest<'_>,
    secret: &[u8],
    given: &[u8; TAG_LEN],
    host: &dyn Host,
) -> Vec<String> {
    let signs = |request: &UnsignedRequest<'_>, secret: &[u8]| {
        scheme.signed_message(request, host).is_ok_and(|m| tags_equal(&m.tag(secret), given))
    };
    let mut found = Vec::new();

    let lower = base.method.to_ascii_lowercase();
    if signs(&UnsignedRequest { method: &lower, ..*base }, secret) {
        found.push(format!(
            "the method in lower case ({}): kyc-sign signs and sends it upper-case ({}), as fetch does",
            quote(&lower),
            quote(base.method)
        ));
    }

    for (name, values) in OPTION_VALUES {
        let Some(current) = current_value(scheme, base.options, name, values) else { continue };
        for value in values.iter().filter(|v| **v != current) {
            let options = base.options.clone().with(name, *value);
            if scheme.check_options(&options).is_ok() && signs(&UnsignedRequest { options: &options, ..*base }, secret)
            {
                found.push(format!("{name} {} instead of {}", quote(value), quote(current)));
            }
        }
    }

    let body = base.body;
    for (ending, shown) in [(&b"\r\n"[..], "\\r\\n"), (b"\n", "\\n")] {
        if let Some(without) = body.strip_suffix(ending) {
            if signs(&UnsignedRequest { body: without, ..*base }, secret) {
                found.push(format!(
                    "the body without its final newline ({shown}): the other side signed the bytes before it \
                     (a file saved by an editor, or echo, adds one)"
                ));
            }
            break;
        }
    }
    if !body.is_empty() {
        for (ending, shown) in [(&b"\n"[..], "\\n"), (b"\r\n", "\\r\\n")] {
            let with = [body, ending].concat();
            if signs(&UnsignedRequest { body: &with, ..*base }, secret) {
                found.push(format!(
                    "the body with a final newline ({shown}) added: the other side signed one more line end"
                ));
            }
        }
    }
    if let Some(compact) = compact_json(body) {
        if signs(&UnsignedRequest { body: &compact, ..*base }, secret) {
            found.push(
                "the body as compact JSON (JSON.stringify(JSON.parse(body))): the signature was computed over a \
                 parsed and re-serialised body, not the raw bytes sent"
                    .to_owned(),
            );
        }
    }

    for content_type in other_content_types(base.content_type) {
        if signs(&UnsignedRequest { content_type: &content_type, ..*base }, secret) {
            found.push(format!("the content type {} instead of {}", quote(&content_type), quote(base.content_type)));
        }
    }

    if let Some((without_query, _)) = base.url.split_once('?') {
        if signs(&UnsignedRequest { url: without_query, ..*base }, secret) {
            found.push("the URL without its query string: the other side signed the path alone".to_owned());
        }
    }

    for (changed, what) in secret_variants(secret) {
        if signs(base, &changed) {
            found.push(what.to_owned());
        }
    }
    found
}

/// The value of option `name` in effect, when the provider takes it.
fn current_value(
    scheme: &dyn Scheme,
    options: &ProviderOptions,
    name: &'static str,
    values: &[&'static str],
) -> Option<&'static str> {
    let current = match options.get(name) {
        Some(given) => values.iter().find(|v| **v == given)?,
        None => values.first()?,
    };
    scheme.check_options(&options.clone().with(name, *current)).ok()?;
    Some(current)
}

/// The content types a sender commonly writes for the same body.
fn other_content_types(content_type: &str) -> Vec<String> {
    let bare = content_type.split(';').next().unwrap_or_default().trim();
    let mut others = vec![bare.to_owned(), format!("{bare}; charset=utf-8"), format!("{bare};charset=UTF-8")];
    others.retain(|c| c != content_type && !c.is_empty());
    others.dedup();
    others
}

/// The secret as it is often mangled: a line end or a space kept around it,
/// or, when it has such whitespace itself, without it. Each variant is a copy
/// of the secret, so each is wiped when dropped, as the signer's copy is.
fn secret_variants(secret: &[u8]) -> Vec<(Zeroizing<Vec<u8>>, &'static str)> {
    // `concat` allocates its exact length once: no reallocation leaves an unwiped copy behind.
    let variant = |parts: &[&[u8]]| Zeroizing::new(parts.concat());
    let mut variants = vec![
        (variant(&[secret, b"\n"]), "the secret with a newline (\\n) after it: the other side read it from a file or .env line without trimming"),
        (variant(&[secret, b"\r\n"]), "the secret with \\r\\n after it: the other side read it from a file with Windows line ends"),
        (variant(&[secret, b" "]), "the secret with a space after it"),
        (variant(&[b" ", secret]), "the secret with a space before it"),
    ];
    let trimmed = secret.trim_ascii();
    if trimmed.len() != secret.len() && !trimmed.is_empty() {
        variants.push((
            Zeroizing::new(trimmed.to_vec()),
            "the secret without the whitespace around it: the one you gave has some (a newline from a file, usually)",
        ));
    }
    variants
}

/// `body` without the whitespace between JSON tokens, when it is JSON and has some.
fn compact_json(body: &[u8]) -> Option<Vec<u8>> {
    serde_json::from_slice::<serde::de::IgnoredAny>(body).ok()?;
    let mut out = Vec::with_capacity(body.len());
    let (mut in_string, mut escaped) = (false, false);
    for &b in body {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            in_string = b == b'"';
            out.push(b);
        }
    }
    (out.len() != body.len()).then_some(out)
}

#[cfg(all(test, feature = "native"))]
mod tests {
    use super::*;
    use crate::mac::hmac_signature;

    fn host() -> &'static dyn Host {
        crate::native::DEFAULT_HOST
    }

    fn request<'a>(provider: Provider, method: &'a str, url: &'a str, body: Option<&'a [u8]>) -> ExplainRequest<'a> {
        ExplainRequest {
            provider,
            options: ProviderOptions::default(),
            method,
            url,
            body,
            content_type: None,
            api_key: Some("key"),
            now_ms: None,
        }
    }

    const FV_URL: &str = "https://start.faceverify.ai/api/v1/session?name=Zo%C3%AB+Smith&tag=~x";

    #[test]
    fn the_message_is_the_one_signing_hashes() {
        let body = br#"{"country":"US"}"#;
        let explained =
            explain(&request(Provider::FACEVERIFY, "post", FV_URL, Some(body)), None, None, host()).unwrap();
        let expected =
            "POST\n/api/v1/session\nname=Zo%C3%AB+Smith&tag=%7Ex\nkey\napplication/json\n{\"country\":\"US\"}";
        assert_eq!(explained.message.to_bytes(), expected.as_bytes());
        assert_eq!(explained.message.header, "x-hmac-signature");
        let signed = crate::Signer::new(Provider::FACEVERIFY, "key", b"s").unwrap();
        let headers = signed.sign("POST", FV_URL, body, "application/json").unwrap();
        let with_secret = explain(&request(Provider::FACEVERIFY, "POST", FV_URL, Some(body)), Some(b"s"), None, host());
        assert_eq!(with_secret.unwrap().signature.as_deref(), headers.get("x-hmac-signature"));
    }

    #[test]
    fn veriff_signs_the_id_of_a_get() {
        let url = "https://stationapi.veriff.com/v1/sessions/f04bdb47/decision";
        let explained = explain(&request(Provider::VERIFF, "GET", url, None), None, None, host()).unwrap();
        assert_eq!(
            (explained.message.to_bytes(), explained.message.label),
            (b"f04bdb47".to_vec(), "the id in the path")
        );
    }

    #[test]
    fn faceverify_needs_the_api_key() {
        let mut r = request(Provider::FACEVERIFY, "POST", FV_URL, None);
        r.api_key = None;
        let err = explain(&r, None, None, host()).unwrap_err();
        assert_eq!((err.code(), err.path()), (ErrorCode::MissingField, "apiKey"));
    }

    fn diagnose(r: &ExplainRequest<'_>, secret: &[u8], signature: &str) -> Result<Explanation> {
        explain(r, Some(secret), Some(signature), host())
    }

    #[test]
    fn a_matching_signature_matches() {
        let r = request(Provider::VERIFF, "POST", "https://stationapi.veriff.com/v1/sessions", Some(b"{}"));
        let e = diagnose(&r, b"s", &hmac_signature(b"s", b"{}").to_uppercase()).unwrap();
        assert_eq!((e.matches, e.differences.len()), (Some(true), 0));
    }

    #[test]
    fn each_usual_difference_is_named() {
        let body = b"{\"a\": 1}\n";
        let fv = |method, url, body, ct: &str, secret: &[u8]| {
            let message = format!("{method}\n{url}\nkey\n{ct}\n{body}");
            hmac_signature(secret, message.as_bytes())
        };
        let r = request(Provider::FACEVERIFY, "POST", FV_URL, Some(body));
        let cases = [
            (
                fv("post", "/api/v1/session\nname=Zo%C3%AB+Smith&tag=%7Ex", "{\"a\": 1}\n", "application/json", b"s"),
                "lower case",
            ),
            (
                fv("POST", "/api/v1/session\nname=Zo%C3%AB+Smith&tag=~x", "{\"a\": 1}\n", "application/json", b"s"),
                "urlMode \"raw\"",
            ),
            (
                fv("POST", "/api/v1/session\nname=Zo%C3%AB+Smith&tag=%7Ex", "{\"a\": 1}", "application/json", b"s"),
                "final newline",
            ),
            (
                fv("POST", "/api/v1/session\nname=Zo%C3%AB+Smith&tag=%7Ex", "{\"a\":1}", "application/json", b"s"),
                "compact JSON",
            ),
            (
                fv(
                    "POST",
                    "/api/v1/session\nname=Zo%C3%AB+Smith&tag=%7Ex",
                    "{\"a\": 1}\n",
                    "application/json; charset=utf-8",
                    b"s",
                ),
                "content type",
            ),
            (fv("POST", "/api/v1/session\n", "{\"a\": 1}\n", "application/json", b"s"), "without its query"),
            (
                fv("POST", "/api/v1/session\nname=Zo%C3%AB+Smith&tag=%7Ex", "{\"a\": 1}\n", "application/json", b"s\n"),
                "newline (\\n) after it",
            ),
        ];
        for (signature, expected) in cases {
            let e = diagnose(&r, b"s", &signature).unwrap();
            assert_eq!(e.matches, Some(false), "{expected}");
            assert!(e.differences.iter().any(|d| d.contains(expected)), "{expected}: {:?}", e.differences);
        }
        let unrelated = diagnose(&r, b"s", &"ab".repeat(32)).unwrap();
        assert_eq!((unrelated.matches, unrelated.differences.len()), (Some(false), 0));
    }

    #[test]
    fn veriff_legacy_and_a_padded_secret_are_recognised() {
        let r = request(Provider::VERIFF, "POST", "https://stationapi.veriff.com/v1/sessions", Some(b"{}"));
        let e = diagnose(&r, b"s", &crate::legacy_signature(b"{}", b"s")).unwrap();
        assert_eq!(e.differences, ["scheme \"legacy\" instead of \"hmac\""]);
        let e = diagnose(&r, b"s\n", &hmac_signature(b"s", b"{}")).unwrap();
        assert!(e.differences.iter().any(|d| d.contains("without the whitespace")), "{:?}", e.differences);
    }

    #[test]
    fn sumsub_variants_sign_the_same_second() {
        let mut r = request(
            "sumsub".parse().unwrap(),
            "POST",
            "https://api.sumsub.com/resources/applicants?levelName=basic",
            Some(b"{}"),
        );
        r.now_ms = Some(1_796_126_400_000.0);
        let e = explain(&r, None, None, host()).unwrap();
        assert_eq!(e.message.to_bytes(), b"1796126400POST/resources/applicants?levelName=basic{}");
        let signature = hmac_signature(b"s", b"1796126400POST/resources/applicants{}");
        assert_eq!(diagnose(&r, b"s", &signature).unwrap().differences.len(), 1);
    }

    #[test]
    fn a_malformed_signature_or_no_secret_is_refused() {
        let r = request(Provider::VERIFF, "POST", "https://stationapi.veriff.com/v1/sessions", Some(b"{}"));
        let err = explain(&r, Some(b"s"), Some("abc"), host()).unwrap_err();
        assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "signature"));
        let err = explain(&r, None, Some(&"ab".repeat(32)), host()).unwrap_err();
        assert_eq!((err.code(), err.path()), (ErrorCode::MissingField, "secret"));
    }

    #[test]
    fn the_secret_variants_are_wiped_when_dropped() {
        // Each variant is a copy of the secret: it must be a `Zeroizing`, as the signer's copy is.
        let variants: Vec<(Zeroizing<Vec<u8>>, &str)> = secret_variants(b" s3cret\n");
        let bytes: Vec<&[u8]> = variants.iter().map(|(v, _)| v.as_slice()).collect();
        assert_eq!(bytes, [&b" s3cret\n\n"[..], b" s3cret\n\r\n", b" s3cret\n ", b"  s3cret\n", b"s3cret"]);
    }

    #[test]
    fn compact_json_keeps_strings() {
        assert_eq!(compact_json(b"{ \"a b\" : \"c \\\" d\" }\n").unwrap(), b"{\"a b\":\"c \\\" d\"}");
        assert_eq!(compact_json(b"{\"a\":1}"), None);
        assert_eq!(compact_json(b"not json"), None);
    }
}
