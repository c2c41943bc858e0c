//! Signing a whole request: the headers each provider expects, computed over
//! exactly the bytes that will be sent.
//!
//! The body is never re-serialised here: callers pass the bytes they will put
//! on the wire and get back only headers, so what is signed is what is sent.

use core::fmt;
use core::str::FromStr;

use zeroize::Zeroizing;

use crate::canonical::{canonical_method, raw_path_and_query, request_lines, UrlMode};
use crate::error::{quote, Error, ErrorCode, Result};
use crate::plain_url::plain_http_url;
use crate::whatwg;
use crate::signing::{hex_lower, legacy_signature, HmacKey, VeriffScheme, TAG_LEN};
use crate::veriff_request::{veriff_message, VeriffMessage};

/// The KYC providers kyc-sign speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    /// Veriff: `X-AUTH-CLIENT` plus `X-HMAC-SIGNATURE` (or legacy `X-SIGNATURE`).
    Veriff,
    /// FaceVerify: `x-auth-client` plus `x-hmac-signature` over a canonical string.
    FaceVerify,
}

impl FromStr for Provider {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "veriff" => Ok(Provider::Veriff),
            "faceverify" => Ok(Provider::FaceVerify),
            other => Err(Error::new(
                ErrorCode::UnknownProvider,
                "provider",
                format!("expected \"veriff\" or \"faceverify\", got {}", quote(other)),
            )),
        }
    }
}

/// Everything about a request that goes into its signature, except the secret,
/// which is passed separately so this struct can be logged safely.
#[derive(Debug, Clone, Copy)]
pub struct RequestParts<'a> {
    /// Which provider the request is for.
    pub provider: Provider,
    /// The HTTP method; upper-cased before signing and sending.
    pub method: &'a str,
    /// The absolute URL the request goes to.
    pub url: &'a str,
    /// The exact body bytes that will be sent (empty for none).
    pub body: &'a [u8],
    /// The API key, sent as `X-AUTH-CLIENT` / `x-auth-client`.
    pub api_key: &'a str,
    /// The `Content-Type` header value.
    pub content_type: &'a str,
    /// Veriff only: which signature header to send.
    pub scheme: VeriffScheme,
    /// FaceVerify only: how PATH and QUERY are taken from the URL.
    pub url_mode: UrlMode,
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

/// Signs `parts` with `secret` and returns the headers to send with it.
pub fn sign_request(parts: &RequestParts<'_>, secret: &[u8]) -> Result<SignedHeaders> {
    Signer::new(parts.provider, parts.api_key, secret)?
        .with_scheme(parts.scheme)
        .with_url_mode(parts.url_mode)
        .sign(parts.method, parts.url, parts.body, parts.content_type)
}

/// One provider's credentials, with the HMAC key already keyed: create it once
/// per secret and sign many requests without paying for the keying each time.
#[derive(Clone)]
pub struct Signer {
    provider: Provider,
    api_key: String,
    scheme: VeriffScheme,
    url_mode: UrlMode,
    key: HmacKey,
    /// Kept only for Veriff's legacy scheme, which hashes the secret itself.
    secret: Zeroizing<Vec<u8>>,
}

impl Signer {
    /// Checks the credentials and keys HMAC-SHA256 with `secret`.
    ///
    /// An empty secret, or one with surrounding whitespace (a newline from a
    /// `.env` file, usually), is refused: it would sign, and every request
    /// would be rejected.
    pub fn new(provider: Provider, api_key: &str, secret: &[u8]) -> Result<Self> {
        check_header_value("apiKey", api_key)?;
        check_secret(secret)?;
        Ok(Signer {
            provider,
            api_key: api_key.to_owned(),
            scheme: VeriffScheme::default(),
            url_mode: UrlMode::default(),
            key: HmacKey::new(secret),
            secret: Zeroizing::new(secret.to_vec()),
        })
    }

    /// Veriff only: which signature header to send.
    pub fn with_scheme(mut self, scheme: VeriffScheme) -> Self {
        self.scheme = scheme;
        self
    }

    /// FaceVerify only: how PATH and QUERY are taken from the URL.
    pub fn with_url_mode(mut self, url_mode: UrlMode) -> Self {
        self.url_mode = url_mode;
        self
    }

    /// The provider these credentials are for.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// Hex HMAC-SHA256 of `payload` with this signer's secret.
    pub fn hmac(&self, payload: &[u8]) -> String {
        hex_lower(&self.hmac_tag(payload))
    }

    /// The raw HMAC-SHA256 tag of `payload` with this signer's secret.
    pub(crate) fn hmac_tag(&self, payload: &[u8]) -> [u8; TAG_LEN] {
        self.key.tag(payload)
    }

    /// Signs one request: `body` is the exact bytes that will be sent.
    pub fn sign(&self, method: &str, url: &str, body: &[u8], content_type: &str) -> Result<SignedHeaders> {
        let method = canonical_method(method).map_err(|e| Error::new(e.code(), "method", e.reason().to_owned()))?;
        check_header_value("contentType", content_type)?;
        let (auth_name, signature_name, signature) = match self.provider {
            Provider::Veriff => {
                let path = http_url_path(url)?;
                let path_id;
                let message = match veriff_message(&method, &path)? {
                    VeriffMessage::Body => body,
                    VeriffMessage::PathId(id) => {
                        path_id = id;
                        path_id.as_bytes()
                    }
                };
                match self.scheme {
                    VeriffScheme::Hmac => ("X-AUTH-CLIENT", "X-HMAC-SIGNATURE", self.key.sign(message)),
                    VeriffScheme::Legacy => ("X-AUTH-CLIENT", "X-SIGNATURE", legacy_signature(message, &self.secret)),
                }
            }
            Provider::FaceVerify => {
                if self.url_mode == UrlMode::Raw {
                    check_written_as_sent(url)?;
                }
                let lines = request_lines(&method, url, self.url_mode)?;
                ("x-auth-client", "x-hmac-signature", self.key.sign_pieces(&lines.pieces(&self.api_key, content_type, body)))
            }
        };
        Ok(SignedHeaders {
            method,
            headers: vec![
                ("Content-Type", content_type.to_owned()),
                (auth_name, self.api_key.clone()),
                (signature_name, signature),
            ],
        })
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("provider", &self.provider)
            .field("api_key", &self.api_key)
            .field("scheme", &self.scheme)
            .field("url_mode", &self.url_mode)
            .field("secret", &"[redacted]")
            .finish()
    }
}

/// In raw mode the signature covers the URL's text as written, but `fetch`
/// sends the URL as the WHATWG parser serialises it (`Zoë Smith` becomes
/// `Zo%C3%AB%20Smith`), and the server hashes what it receives. Refuse a URL
/// whose two forms differ instead of signing bytes that are never sent.
fn check_written_as_sent(url: &str) -> Result<()> {
    let written = raw_path_and_query(url)?;
    let (sent_path, sent_query) = match plain_http_url(url) {
        Some(plain) => (plain.path.to_owned(), plain.query.to_owned()),
        None => {
            let sent = whatwg::parse(url)?;
            (sent.path, sent.query)
        }
    };
    if written.path == sent_path && written.query == sent_query {
        return Ok(());
    }
    let sent = if sent_query.is_empty() { sent_path } else { format!("{sent_path}?{sent_query}") };
    Err(Error::new(
        ErrorCode::InvalidUrl,
        "url",
        format!(
            "in raw mode the path and query are signed as written, but fetch sends them as {}; \
             write the URL that way (percent-encoded) so the signed bytes are the bytes sent",
            quote(&sent)
        ),
    ))
}

/// Refuses secrets that would sign but never verify.
fn check_secret(secret: &[u8]) -> Result<()> {
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

/// The path of an absolute http(s) URL, as the WHATWG URL parser (and so
/// `fetch`) will send it.
fn http_url_path(url: &str) -> Result<String> {
    if let Some(plain) = plain_http_url(url) {
        return Ok(plain.path.to_owned());
    }
    let parsed = whatwg::parse(url)?;
    if !matches!(parsed.scheme.as_str(), "http" | "https") {
        return Err(Error::new(
            ErrorCode::InvalidUrl,
            "url",
            format!("expected an http or https URL, got {}", quote(url)),
        ));
    }
    Ok(parsed.path)
}

/// Header values cannot hold control characters: `fetch` would throw, or a
/// proxy would split the header. Refuse them before signing.
fn check_header_value(name: &str, value: &str) -> Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::hmac_signature;

    const BODY: &[u8] = br#"{"verification":{"timestamp":"2016-05-19T08:30:25.597Z"}}"#;

    fn parts(provider: Provider, method: &'static str, url: &'static str, body: &'static [u8]) -> RequestParts<'static> {
        RequestParts {
            provider,
            method,
            url,
            body,
            api_key: "api-key",
            content_type: "application/json",
            scheme: VeriffScheme::Hmac,
            url_mode: UrlMode::Whatwg,
        }
    }

    #[test]
    fn veriff_post_signs_the_body_bytes() {
        let signed = sign_request(&parts(Provider::Veriff, "post", "https://api.veriff.me/v1/sessions", BODY), b"s3cret").unwrap();
        assert_eq!(signed.method, "POST");
        assert_eq!(signed.get("x-auth-client"), Some("api-key"));
        assert_eq!(signed.get("X-HMAC-SIGNATURE"), Some(hmac_signature(b"s3cret", BODY).as_str()));
        assert_eq!(signed.get("content-type"), Some("application/json"));
    }

    #[test]
    fn veriff_legacy_uses_x_signature() {
        let mut p = parts(Provider::Veriff, "POST", "https://api.veriff.me/v1/sessions", BODY);
        p.scheme = VeriffScheme::Legacy;
        let signed = sign_request(&p, b"s3cret").unwrap();
        assert_eq!(signed.get("X-SIGNATURE"), Some(legacy_signature(BODY, b"s3cret").as_str()));
        assert_eq!(signed.get("X-HMAC-SIGNATURE"), None);
    }

    #[test]
    fn veriff_get_signs_the_session_id() {
        let p = parts(Provider::Veriff, "GET", "https://api.veriff.me/v1/sessions/f04bdb47/decision", b"");
        let signed = sign_request(&p, b"k").unwrap();
        assert!(HmacKey::new(b"k").verify(b"f04bdb47", signed.get("X-HMAC-SIGNATURE").unwrap()));
    }

    #[test]
    fn faceverify_signs_the_canonical_string() {
        let body = br#"{"country":"US","uniqueIdentifier":"user123"}"#;
        let signed =
            sign_request(&parts(Provider::FaceVerify, "POST", "https://start.faceverify.ai/api/v1/session", body), b"k")
                .unwrap();
        let expected = "POST\n/api/v1/session\n\napi-key\napplication/json\n{\"country\":\"US\",\"uniqueIdentifier\":\"user123\"}";
        assert_eq!(signed.get("x-hmac-signature"), Some(hmac_signature(b"k", expected.as_bytes()).as_str()));
    }

    #[test]
    fn bad_header_values_are_refused_by_name() {
        let mut p = parts(Provider::Veriff, "POST", "https://api.veriff.me/v1/sessions", BODY);
        p.api_key = "key\n";
        assert_eq!(sign_request(&p, b"k").unwrap_err().path(), "apiKey");
        p.api_key = " key";
        assert_eq!(sign_request(&p, b"k").unwrap_err().path(), "apiKey");
        p.api_key = "";
        assert_eq!(sign_request(&p, b"k").unwrap_err().code(), ErrorCode::InvalidValue);
        p.api_key = "clé";
        assert_eq!(sign_request(&p, b"k").unwrap_err().path(), "apiKey");
        p.api_key = "key";
        p.content_type = "application/json; charset=ü";
        assert_eq!(sign_request(&p, b"k").unwrap_err().path(), "contentType");
        p.content_type = "application/json";
        p.method = "PO ST";
        assert_eq!(sign_request(&p, b"k").unwrap_err().path(), "method");
    }

    #[test]
    fn veriff_needs_an_absolute_http_url() {
        for url in ["/v1/sessions", "ftp://x/v1/sessions", "not a url"] {
            let err = sign_request(&parts(Provider::Veriff, "POST", url, BODY), b"k").unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidUrl, "url"), "{url}");
        }
    }

    #[test]
    fn secrets_that_would_never_verify_are_refused() {
        let p = parts(Provider::Veriff, "POST", "https://api.veriff.me/v1/sessions", BODY);
        for secret in [&b""[..], b"secret\n", b" secret"] {
            let err = sign_request(&p, secret).unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "secret"));
        }
    }

    #[test]
    fn a_reused_signer_signs_like_the_one_shot_function() {
        let signer = Signer::new(Provider::FaceVerify, "api-key", b"k").unwrap();
        let url = "https://start.faceverify.ai/api/v1/session?a=1";
        let p = parts(Provider::FaceVerify, "POST", "https://start.faceverify.ai/api/v1/session?a=1", BODY);
        for _ in 0..3 {
            assert_eq!(signer.sign("POST", url, BODY, "application/json"), sign_request(&p, b"k"));
        }
        assert_eq!(signer.hmac(BODY), hmac_signature(b"k", BODY));
        let debug = format!("{signer:?}");
        assert!(debug.contains("[redacted]") && !debug.contains("b\"k\""), "{debug}");
    }

    #[test]
    fn raw_mode_refuses_urls_that_fetch_would_rewrite() {
        let mut p = parts(Provider::FaceVerify, "POST", "https://h/api/v1/session?name=Zo%C3%AB%20Smith&t=a~b", BODY);
        p.url_mode = UrlMode::Raw;
        assert!(sign_request(&p, b"k").is_ok());
        for url in ["https://h/api/v1/session?name=Zoë Smith", "https://h/a b", "https://h/a;b", "https://h/a/../b"] {
            p.url = url;
            let err = sign_request(&p, b"k").unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidUrl, "url"), "{url}");
            assert!(err.reason().contains("fetch sends them as"), "{err}");
        }
    }

    #[test]
    fn debug_output_holds_no_signature() {
        let signed = sign_request(&parts(Provider::Veriff, "POST", "https://api.veriff.me/v1/sessions", BODY), b"k").unwrap();
        let sig = signed.get("X-HMAC-SIGNATURE").unwrap().to_owned();
        assert!(!format!("{signed:?}").contains(&sig));
    }
}
