//! What every provider's request has in common: the request as a provider
//! signs it, the options only some providers take, the headers signed, and
//! the checks every request passes (method, header values, secret).
//!
//! The body is never re-serialised: callers pass the bytes they will put on
//! the wire and get back only headers, so what is signed is what is sent.

use core::fmt;
use std::borrow::Cow;

use crate::error::{Error, ErrorCode, Result};
use crate::mac::{hex_lower, sha256_concat, HmacKey, TAG_LEN};

/// The `Content-Type` sent when none is given.
pub const DEFAULT_CONTENT_TYPE: &str = "application/json";

/// The options only some providers take, by name, as the caller gave them
/// (`scheme` = `"legacy"`). Each provider reads its own and refuses the
/// others', which it would otherwise silently ignore.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderOptions(Vec<(&'static str, String)>);

impl ProviderOptions {
    /// These options with `name` set to `value` (replacing an earlier value).
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.0.retain(|(n, _)| *n != name);
        self.0.push((name, value.into()));
        self
    }

    /// The value given for `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The names of the options given, in order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.iter().map(|(n, _)| *n)
    }
}

/// One checked request as a provider's [`Scheme::sign`](crate::providers::Scheme::sign)
/// reads it. Deliberately not `Debug`: it holds the secret.
pub struct Request<'a> {
    /// The upper-case method token.
    pub method: &'a str,
    /// The absolute URL, as given.
    pub url: &'a str,
    /// The exact body bytes (empty for none).
    pub body: &'a [u8],
    /// The `Content-Type` header value.
    pub content_type: &'a str,
    /// The API key.
    pub api_key: &'a str,
    /// HMAC-SHA256 keyed with the secret.
    pub key: &'a HmacKey,
    /// The secret itself, for schemes that hash it (Veriff legacy).
    pub secret: &'a [u8],
    /// The provider-specific options.
    pub options: &'a ProviderOptions,
    /// The time to sign at, in milliseconds since the epoch (schemes with a
    /// timestamp; the host's clock when absent).
    pub now_ms: Option<f64>,
}

impl<'a> Request<'a> {
    /// This request without its key and secret: what
    /// [`Scheme::signed_message`](crate::providers::Scheme::signed_message) reads.
    pub fn unsigned(&self) -> UnsignedRequest<'a> {
        UnsignedRequest {
            method: self.method,
            url: self.url,
            body: self.body,
            content_type: self.content_type,
            api_key: Some(self.api_key),
            options: self.options,
            now_ms: self.now_ms,
        }
    }
}

/// A request as far as its signed message goes: no key, no secret, so it can
/// be shown ([`crate::explain()`]) and logged.
#[derive(Debug, Clone, Copy)]
pub struct UnsignedRequest<'a> {
    /// The method as it is signed (upper-case when it comes from a signer).
    pub method: &'a str,
    /// The absolute URL, as given.
    pub url: &'a str,
    /// The exact body bytes (empty for none).
    pub body: &'a [u8],
    /// The `Content-Type` header value.
    pub content_type: &'a str,
    /// The API key, for providers whose message holds it (FaceVerify);
    /// `None` when it is not known (explaining a Veriff or Sumsub request).
    pub api_key: Option<&'a str>,
    /// The provider-specific options.
    pub options: &'a ProviderOptions,
    /// The time to sign at (schemes with a timestamp; the host's clock when absent).
    pub now_ms: Option<f64>,
}

/// How a provider turns its signed message into the signature it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageMac {
    /// Lowercase hex HMAC-SHA256 keyed with the secret.
    HmacSha256,
    /// Lowercase hex SHA-256 of the message followed by the secret (Veriff's legacy `X-SIGNATURE`).
    Sha256WithSecret,
}

/// Exactly what a request's signature covers, in the pieces it is hashed in,
/// with the header that carries the signature and a short label for people.
/// Signing goes through it ([`Scheme::sign`](crate::providers::Scheme::sign)
/// hashes these pieces), so what is shown is what is signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedMessage<'a> {
    /// The header the signature is sent in (`X-HMAC-SIGNATURE`).
    pub header: &'static str,
    /// What the message is (`"the raw body"`, `"the canonical string …"`).
    pub label: &'static str,
    /// How the signature is computed over the message.
    pub mac: MessageMac,
    pieces: Vec<Cow<'a, [u8]>>,
}

impl<'a> SignedMessage<'a> {
    /// The message made of `pieces`, hashed one after another.
    pub fn new(header: &'static str, label: &'static str, mac: MessageMac, pieces: Vec<Cow<'a, [u8]>>) -> Self {
        SignedMessage { header, label, mac, pieces }
    }

    /// The message's bytes, joined.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.pieces.concat()
    }

    /// The same message, owning its bytes.
    pub fn into_owned(self) -> SignedMessage<'static> {
        let pieces = self.pieces.into_iter().map(|p| Cow::Owned(p.into_owned())).collect();
        SignedMessage { pieces, ..self }
    }

    /// The raw tag of this message: `key` is HMAC keyed with `secret`
    /// (a [`Signer`](crate::Signer) keys it once).
    pub fn tag_with(&self, key: &HmacKey, secret: &[u8]) -> [u8; TAG_LEN] {
        match self.mac {
            MessageMac::HmacSha256 => {
                let pieces: Vec<&[u8]> = self.pieces.iter().map(AsRef::as_ref).collect();
                key.tag_pieces(&pieces)
            }
            MessageMac::Sha256WithSecret => match self.pieces.as_slice() {
                [only] => sha256_concat(only, secret),
                _ => sha256_concat(&self.to_bytes(), secret),
            },
        }
    }

    /// The raw tag of this message with `secret`.
    pub fn tag(&self, secret: &[u8]) -> [u8; TAG_LEN] {
        self.tag_with(&HmacKey::new(secret), secret)
    }

    /// The signature as it is sent: the tag in lowercase hex.
    pub fn signature_with(&self, key: &HmacKey, secret: &[u8]) -> String {
        hex_lower(&self.tag_with(key, secret))
    }
}

/// The method and headers of a signed request, in the order they are listed.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// The upper-cased method to send.
    pub method: String,
    /// `(name, value)` pairs, spelled as the provider's documents spell them.
    pub headers: Vec<(&'static str, String)>,
}

impl SignedHeaders {
    /// The value of the header named `name` (compared case-insensitively).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for SignedHeaders {
    // Signatures are not secrets, but they are credentials for one request: keep them out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("SignedHeaders").field("method", &self.method).field("headers", &names).finish()
    }
}

/// The METHOD as it goes on the wire: ASCII upper-cased; anything that is
/// not an RFC 9110 token is refused (about `httpMethod`, the argument of
/// FaceVerify's `generateHmac`; [`Signer`] names it `method`).
pub fn canonical_method(method: &str) -> Result<String> {
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(Error::new(
            ErrorCode::InvalidMethod,
            "httpMethod",
            format!(
                "expected an HTTP method token, got {}",
                crate::fields::quote_choice(method, &["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
            ),
        ));
    }
    Ok(method.to_ascii_uppercase())
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Refuses secrets that would sign but never verify.
pub fn check_secret(secret: &[u8]) -> Result<()> {
    check_secret_not_empty(secret, "secret")?;
    if secret.first().is_some_and(u8::is_ascii_whitespace) || secret.last().is_some_and(u8::is_ascii_whitespace) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "secret",
            "has leading or trailing whitespace, often a newline from a .env file; trim it",
        ));
    }
    Ok(())
}

/// An empty secret is a configuration mistake (an unset or blank variable),
/// never a key: an HMAC under an empty key is one anyone can compute, so
/// signing or verifying with it is refused.
pub fn check_secret_not_empty(secret: &[u8], path: &str) -> Result<()> {
    if secret.is_empty() {
        return Err(Error::new(ErrorCode::InvalidValue, path, "is empty (is the environment variable set?)"));
    }
    Ok(())
}

/// Header values cannot hold control characters: `fetch` would throw, or a
/// proxy would split the header. Refuse them before signing.
pub fn check_header_value(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(Error::new(ErrorCode::InvalidValue, name, "is empty"));
    }
    if let Some(index) = value.chars().position(|c| c.is_control()) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            name,
            format!("contains a control character at index {index}; header values cannot hold one"),
        ));
    }
    // fetch sends header values as Latin-1 bytes (and refuses anything above
    // U+00FF), while signatures hash UTF-8: only ASCII is the same in both.
    if let Some(index) = value.chars().position(|c| !c.is_ascii()) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            name,
            format!("contains a non-ASCII character at index {index}; header values must be ASCII"),
        ));
    }
    if value.trim() != value {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            name,
            "has leading or trailing whitespace, which HTTP strips from header values, so the signature would not match",
        ));
    }
    Ok(())
}
