//! Signing a whole request with a reusable [`Signer`]: the checks every
//! request passes ([`crate::request`]), then the headers of its provider's
//! [`Scheme`](crate::providers::Scheme).

use core::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result, REDACTED};
use crate::host::Host;
#[cfg(not(feature = "native"))]
use crate::host::NO_HOST as DEFAULT_HOST;
use crate::mac::{hex_lower, HmacKey, TAG_LEN};
#[cfg(feature = "native")]
use crate::native::DEFAULT_HOST;
use crate::providers::faceverify::UrlMode;
use crate::providers::veriff::VeriffScheme;
use crate::providers::{Provider, Scheme};
use crate::request::{
    canonical_method, check_header_value, check_secret, ProviderOptions, Request, SignedHeaders, DEFAULT_CONTENT_TYPE,
};

/// Everything about a request that goes into its signature, except the secret,
/// which is passed separately. Its `Debug` shows the API key redacted.
#[derive(Clone, Copy)]
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

/// Signs `parts` with `secret` and returns the headers to send with it.
pub fn sign_request(parts: &RequestParts<'_>, secret: &[u8]) -> Result<SignedHeaders> {
    Signer::new(parts.provider, parts.api_key, secret)?.with_scheme(parts.scheme).with_url_mode(parts.url_mode).sign(
        parts.method,
        parts.url,
        parts.body,
        parts.content_type,
    )
}

/// One provider's credentials, with the HMAC key already keyed: create it once
/// per secret and sign many requests without paying for the keying each time.
#[derive(Clone)]
pub struct Signer {
    provider: Provider,
    api_key: String,
    options: ProviderOptions,
    key: HmacKey,
    /// Kept only for Veriff's legacy scheme, which hashes the secret itself.
    secret: Zeroizing<Vec<u8>>,
    host: &'static dyn Host,
}

impl Signer {
    /// Checks the credentials and keys HMAC-SHA256 with `secret`.
    ///
    /// An empty secret, or one with surrounding whitespace (a newline from a
    /// `.env` file, usually), is refused: it would sign, and every request
    /// would be rejected.
    pub fn new(provider: Provider, api_key: &str, secret: &[u8]) -> Result<Self> {
        Signer::with_options(provider, api_key, secret, ProviderOptions::default())
    }

    /// [`Signer::new`] with provider-specific options, refusing any that do
    /// not apply to `provider`.
    pub fn with_options(provider: Provider, api_key: &str, secret: &[u8], options: ProviderOptions) -> Result<Self> {
        provider.scheme().check_options(&options)?;
        check_header_value("apiKey", api_key)?;
        check_secret(secret)?;
        Ok(Signer {
            provider,
            api_key: api_key.to_owned(),
            options,
            key: HmacKey::new(secret),
            secret: Zeroizing::new(secret.to_vec()),
            host: DEFAULT_HOST,
        })
    }

    /// Veriff only: which signature header to send.
    pub fn with_scheme(mut self, scheme: VeriffScheme) -> Self {
        self.options = self.options.with("scheme", scheme.as_str());
        self
    }

    /// FaceVerify only: how PATH and QUERY are taken from the URL.
    pub fn with_url_mode(mut self, url_mode: UrlMode) -> Self {
        self.options = self.options.with("urlMode", url_mode.as_str());
        self
    }

    /// Reads URLs with `host`'s WHATWG parser (the WebAssembly binding
    /// passes the runtime's `URL`; natively the url crate is the default).
    pub fn with_host(mut self, host: &'static dyn Host) -> Self {
        self.host = host;
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
    pub fn hmac_tag(&self, payload: &[u8]) -> [u8; TAG_LEN] {
        self.key.tag(payload)
    }

    /// Signs one request: `body` is the exact bytes that will be sent (empty
    /// for none).
    pub fn sign(&self, method: &str, url: &str, body: &[u8], content_type: &str) -> Result<SignedHeaders> {
        self.sign_parts(method, url, (!body.is_empty()).then_some(body), Some(content_type))
    }

    /// Signs one request whose body and content type may be absent: a GET
    /// with a body is refused, and the content type defaults to
    /// [`DEFAULT_CONTENT_TYPE`].
    pub fn sign_parts(
        &self,
        method: &str,
        url: &str,
        body: Option<&[u8]>,
        content_type: Option<&str>,
    ) -> Result<SignedHeaders> {
        self.sign_at(method, url, body, content_type, None)
    }

    /// [`Signer::sign_parts`] at `now_ms` (milliseconds since the epoch) for
    /// providers that sign a timestamp (Sumsub); the host's clock when `None`.
    /// Refused for providers that sign none.
    pub fn sign_at(
        &self,
        method: &str,
        url: &str,
        body: Option<&[u8]>,
        content_type: Option<&str>,
        now_ms: Option<f64>,
    ) -> Result<SignedHeaders> {
        let scheme = self.provider.scheme();
        let (method, content_type) = check_request(scheme, method, body, content_type, now_ms)?;
        let request = Request {
            method: &method,
            url,
            body: body.unwrap_or_default(),
            content_type,
            api_key: &self.api_key,
            key: &self.key,
            secret: &self.secret,
            options: &self.options,
            now_ms,
        };
        let mut headers = Vec::new();
        if body.is_some_and(|b| !b.is_empty()) || scheme.content_type_without_body() {
            headers.push(("Content-Type", content_type.to_owned()));
        }
        headers.extend(scheme.sign(&request, self.host)?);
        Ok(SignedHeaders { method, headers })
    }
}

/// The checks and defaults every request passes before its provider reads
/// it: `now` only for a provider that signs a timestamp, a method token
/// (upper-cased), no body on a GET, a content type fit for a header
/// ([`DEFAULT_CONTENT_TYPE`] when absent). Returns the method and the content type.
pub(crate) fn check_request<'c>(
    scheme: &dyn Scheme,
    method: &str,
    body: Option<&[u8]>,
    content_type: Option<&'c str>,
    now_ms: Option<f64>,
) -> Result<(String, &'c str)> {
    if now_ms.is_some() && !scheme.signs_time() {
        let reason = format!("{} signs no timestamp; omit now", scheme.title());
        return Err(Error::new(ErrorCode::InvalidValue, "now", reason));
    }
    let method = canonical_method(method).map_err(|e| Error::new(e.code(), "method", e.reason().to_owned()))?;
    if body.is_some() && method == "GET" {
        return Err(Error::new(ErrorCode::InvalidValue, "body", "a GET request carries no body; omit it"));
    }
    let content_type = content_type.unwrap_or(DEFAULT_CONTENT_TYPE);
    check_header_value("contentType", content_type)?;
    Ok((method, content_type))
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("provider", &self.provider)
            .field("api_key", &REDACTED)
            .field("options", &self.options)
            .field("secret", &REDACTED)
            .finish()
    }
}

impl fmt::Debug for RequestParts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestParts")
            .field("provider", &self.provider)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &self.body)
            .field("api_key", &REDACTED)
            .field("content_type", &self.content_type)
            .field("scheme", &self.scheme)
            .field("url_mode", &self.url_mode)
            .finish()
    }
}

#[cfg(all(test, feature = "native"))]
mod tests {
    use super::*;
    use crate::mac::hmac_signature;
    use crate::providers::veriff::legacy_signature;

    const BODY: &[u8] = br#"{"verification":{"timestamp":"2016-05-19T08:30:25.597Z"}}"#;

    fn parts(
        provider: Provider,
        method: &'static str,
        url: &'static str,
        body: &'static [u8],
    ) -> RequestParts<'static> {
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
        let signed =
            sign_request(&parts(Provider::VERIFF, "post", "https://api.veriff.me/v1/sessions", BODY), b"s3cret")
                .unwrap();
        assert_eq!(signed.method, "POST");
        assert_eq!(signed.get("x-auth-client"), Some("api-key"));
        assert_eq!(signed.get("X-HMAC-SIGNATURE"), Some(hmac_signature(b"s3cret", BODY).as_str()));
        assert_eq!(signed.get("content-type"), Some("application/json"));
    }

    #[test]
    fn veriff_legacy_uses_x_signature() {
        let mut p = parts(Provider::VERIFF, "POST", "https://api.veriff.me/v1/sessions", BODY);
        p.scheme = VeriffScheme::Legacy;
        let signed = sign_request(&p, b"s3cret").unwrap();
        assert_eq!(signed.get("X-SIGNATURE"), Some(legacy_signature(BODY, b"s3cret").as_str()));
        assert_eq!(signed.get("X-HMAC-SIGNATURE"), None);
    }

    #[test]
    fn veriff_get_signs_the_session_id() {
        let p = parts(Provider::VERIFF, "GET", "https://api.veriff.me/v1/sessions/f04bdb47/decision", b"");
        let signed = sign_request(&p, b"k").unwrap();
        assert!(HmacKey::new(b"k").verify(b"f04bdb47", signed.get("X-HMAC-SIGNATURE").unwrap()));
    }

    #[test]
    fn faceverify_signs_the_canonical_string() {
        let body = br#"{"country":"US","uniqueIdentifier":"user123"}"#;
        let signed = sign_request(
            &parts(Provider::FACEVERIFY, "POST", "https://start.faceverify.ai/api/v1/session", body),
            b"k",
        )
        .unwrap();
        let expected =
            "POST\n/api/v1/session\n\napi-key\napplication/json\n{\"country\":\"US\",\"uniqueIdentifier\":\"user123\"}";
        assert_eq!(signed.get("x-hmac-signature"), Some(hmac_signature(b"k", expected.as_bytes()).as_str()));
    }

    #[test]
    fn bad_header_values_are_refused_by_name() {
        let mut p = parts(Provider::VERIFF, "POST", "https://api.veriff.me/v1/sessions", BODY);
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
            let err = sign_request(&parts(Provider::VERIFF, "POST", url, BODY), b"k").unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidUrl, "url"), "{url}");
        }
    }

    #[test]
    fn secrets_that_would_never_verify_are_refused() {
        let p = parts(Provider::VERIFF, "POST", "https://api.veriff.me/v1/sessions", BODY);
        for secret in [&b""[..], b"secret\n", b" secret"] {
            let err = sign_request(&p, secret).unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "secret"));
        }
    }

    #[test]
    fn a_reused_signer_signs_like_the_one_shot_function() {
        let signer = Signer::new(Provider::FACEVERIFY, "api-key", b"k").unwrap();
        let url = "https://start.faceverify.ai/api/v1/session?a=1";
        let p = parts(Provider::FACEVERIFY, "POST", "https://start.faceverify.ai/api/v1/session?a=1", BODY);
        for _ in 0..3 {
            assert_eq!(signer.sign("POST", url, BODY, "application/json"), sign_request(&p, b"k"));
        }
        assert_eq!(signer.hmac(BODY), hmac_signature(b"k", BODY));
        let debug = format!("{signer:?}");
        assert!(debug.contains("[redacted]") && !debug.contains("b\"k\"") && !debug.contains("api-key"), "{debug}");
    }

    #[test]
    fn debug_output_shows_no_api_key() {
        let key = "sbx:app-token-7Qz";
        let request = parts(Provider::FACEVERIFY, "POST", "https://start.faceverify.ai/api/v1/session", BODY);
        let request = RequestParts { api_key: key, ..request };
        let webhook = crate::webhook::WebhookOptions { api_key: Some(key), ..Default::default() };
        let expected = crate::providers::veriff::webhook::Expected { api_key: Some(key), ..Default::default() };
        let explain = crate::ExplainRequest {
            provider: Provider::FACEVERIFY,
            options: Default::default(),
            method: "GET",
            url: "https://start.faceverify.ai/",
            body: None,
            content_type: None,
            api_key: Some(key),
            now_ms: None,
        };
        for debug in [format!("{request:?}"), format!("{webhook:?}"), format!("{expected:?}"), format!("{explain:?}")] {
            assert!(debug.contains("[redacted]") && !debug.contains("app-token"), "{debug}");
        }
    }

    #[test]
    fn raw_mode_refuses_urls_that_fetch_would_rewrite() {
        let mut p = parts(Provider::FACEVERIFY, "POST", "https://h/api/v1/session?name=Zo%C3%AB%20Smith&t=a~b", BODY);
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
        let signed =
            sign_request(&parts(Provider::VERIFF, "POST", "https://api.veriff.me/v1/sessions", BODY), b"k").unwrap();
        let sig = signed.get("X-HMAC-SIGNATURE").unwrap().to_owned();
        assert!(!format!("{signed:?}").contains(&sig));
    }
}
