//! What every provider's request has in common: the request as a provider
//! signs it, the options only some providers take, the headers signed, and
//! the checks every request passes (method, header values, secret).
//!
//! The body is never re-serialised: callers pass the bytes they will put on
//! the wire and get back only headers, so what is signed is what is sent.

use core::fmt;

use crate::error::{quote, Error, ErrorCode, Result};
use crate::mac::HmacKey;

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
            format!("expected an HTTP method token, got {}", quote(method)),
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
    if secret.is_empty() {
        return Err(Error::new(ErrorCode::InvalidValue, "secret", "is empty (is the environment variable set?)"));
    }
    if secret.first().is_some_and(u8::is_ascii_whitespace) || secret.last().is_some_and(u8::is_ascii_whitespace) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            "secret",
            "has leading or trailing whitespace, often a newline from a .env file; trim it",
        ));
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
