//! The providers kyc-sign speaks to, each in a folder of its own, and the
//! registry that names them.
//!
//! A provider is a [`Scheme`]: how it signs a request, and which bodies it
//! builds. Adding one is a folder beside these and one line in [`PROVIDERS`];
//! nothing outside this folder matches on a provider.

pub mod body_hmac;
pub mod complycube;
pub mod faceverify;
pub mod idenfy;
pub mod onfido;
pub mod persona;
pub mod standard_webhooks;
pub mod stripe;
pub mod sumsub;
pub mod timestamped;
pub mod veriff;

use core::fmt;
use core::str::FromStr;

use crate::error::{Error, ErrorCode, Result};
use crate::fields::{quote_choice, type_error};
use crate::host::Host;
use crate::json::Value;
use crate::request::{ProviderOptions, Request, SignedMessage, UnsignedRequest};
use crate::webhook::{check_json, check_secrets, HeaderLookup, WebhookOptions};

/// Every provider, in the order messages list them.
static PROVIDERS: &[&dyn Scheme] = &[
    &veriff::Veriff,
    &faceverify::FaceVerify,
    &sumsub::Sumsub,
    &onfido::ONFIDO,
    &complycube::COMPLYCUBE,
    &idenfy::IDENFY,
    &stripe::STRIPE,
    &persona::PERSONA,
    &standard_webhooks::StandardWebhooks,
];

/// What one provider means: its name, the headers it signs a request with,
/// and the bodies it builds.
pub trait Scheme: Sync {
    /// The name users pass as `provider` (`"veriff"`).
    fn name(&self) -> &'static str;

    /// The provider's name as people write it (`"Veriff"`), for messages.
    fn title(&self) -> &'static str;

    /// Refuses signing options that do not apply to this provider (another
    /// provider's option would be silently ignored otherwise).
    fn check_options(&self, options: &ProviderOptions) -> Result<()> {
        match options.names().next() {
            Some(name) => {
                Err(Error::new(ErrorCode::InvalidValue, name, format!("is not an option of {}", self.title())))
            }
            None => Ok(()),
        }
    }

    /// The `(name, value)` headers that authenticate `request`, besides
    /// `Content-Type`, computed over exactly the bytes that will be sent.
    fn sign(&self, _request: &Request<'_>, _host: &dyn Host) -> Result<Vec<(&'static str, String)>> {
        Err(self.only_webhooks("signs no requests"))
    }

    /// Exactly what a signature of `request` covers, and the header it goes in.
    /// [`Scheme::sign`] hashes this message, so it is the one rule of what is
    /// signed; [`crate::explain()`] shows it.
    fn signed_message<'a>(&self, _request: &UnsignedRequest<'a>, _host: &dyn Host) -> Result<SignedMessage<'a>> {
        Err(self.only_webhooks("signs no requests"))
    }

    /// Whether a signed request carries a timestamp, so that `now` applies.
    fn signs_time(&self) -> bool {
        false
    }

    /// Whether a request without a body is sent with `Content-Type` anyway
    /// (Veriff's and FaceVerify's samples send it on every request).
    fn content_type_without_body(&self) -> bool {
        true
    }

    /// Builds the body of `kind` from its fields (without `provider` and `kind`).
    fn build_body(&self, _kind: BodyKind, _fields: &Value, _host: &dyn Host) -> Result<String> {
        Err(self.only_webhooks("builds no bodies"))
    }

    /// Checks that one of `secrets` signed the webhook `body` as this provider
    /// signs its webhooks, with `headers` as received.
    /// The host's clock is read only by schemes with a timestamp, and only
    /// when `options` has no `now`.
    fn verify_webhook(
        &self,
        _body: &[u8],
        _headers: &dyn HeaderLookup,
        _secrets: &[&[u8]],
        _options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<()> {
        Err(Error::new(
            ErrorCode::InvalidValue,
            "provider",
            format!("{} sends no webhooks kyc-sign knows", self.title()),
        ))
    }

    /// The headers this provider sends with a webhook of `body`, besides `content-type`.
    fn sign_webhook(
        &self,
        _body: &[u8],
        _secret: &[u8],
        _options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<Vec<(&'static str, String)>> {
        Err(Error::new(
            ErrorCode::InvalidValue,
            "provider",
            format!("{} sends no webhooks kyc-sign knows", self.title()),
        ))
    }

    /// The error of what a webhook-only provider does not do.
    #[doc(hidden)]
    fn only_webhooks(&self, what: &str) -> Error {
        Error::new(
            ErrorCode::InvalidValue,
            "provider",
            format!("kyc-sign {what} for {}: it verifies and signs {}'s webhooks", self.title(), self.title()),
        )
    }
}

/// Verifies a webhook of `provider` and that its body is UTF-8 JSON (the
/// caller then parses it): what every provider's verification shares.
pub fn verify_webhook(
    provider: Provider,
    body: &[u8],
    headers: &dyn HeaderLookup,
    secrets: &[&[u8]],
    options: &WebhookOptions<'_>,
    host: &dyn Host,
) -> Result<()> {
    check_secrets(secrets)?;
    provider.scheme().verify_webhook(body, headers, secrets, options, host)?;
    check_json(body)
}

/// The headers `provider` sends with a webhook of `body`: `content-type` first.
pub fn sign_webhook(
    provider: Provider,
    body: &[u8],
    secret: &[u8],
    options: &WebhookOptions<'_>,
    host: &dyn Host,
) -> Result<Vec<(&'static str, String)>> {
    let mut headers = vec![("content-type", "application/json".to_owned())];
    headers.extend(provider.scheme().sign_webhook(body, secret, options, host)?);
    Ok(headers)
}

/// One of the [`PROVIDERS`], by value: cheap to copy and compare.
#[derive(Clone, Copy)]
pub struct Provider(&'static dyn Scheme);

impl Provider {
    /// Veriff: `X-AUTH-CLIENT` plus `X-HMAC-SIGNATURE` (or legacy `X-SIGNATURE`).
    pub const VERIFF: Provider = Provider(&veriff::Veriff);
    /// FaceVerify: `x-auth-client` plus `x-hmac-signature` over a canonical string.
    pub const FACEVERIFY: Provider = Provider(&faceverify::FaceVerify);

    /// The name users pass as `provider`.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// How this provider signs and builds bodies.
    pub fn scheme(self) -> &'static dyn Scheme {
        self.0
    }

    /// Every provider kyc-sign knows.
    pub fn all() -> impl Iterator<Item = Provider> {
        PROVIDERS.iter().map(|scheme| Provider(*scheme))
    }

    /// The provider names as a message lists them: `"veriff" or "faceverify"`.
    pub fn names() -> String {
        let names: Vec<String> = Provider::all().map(|p| format!("\"{}\"", p.name())).collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }
}

impl PartialEq for Provider {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Provider {}

impl fmt::Debug for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Provider({:?})", self.name())
    }
}

impl FromStr for Provider {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Provider::all().find(|p| p.name() == s).ok_or_else(|| {
            let names: Vec<&str> = Provider::all().map(Provider::name).collect();
            Error::new(
                ErrorCode::UnknownProvider,
                "provider",
                format!("expected {}, got {}", Provider::names(), quote_choice(s, &names)),
            )
        })
    }
}

/// Which body of a provider's API to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BodyKind {
    /// Session creation (`POST /v1/sessions`, FaceVerify `POST /api/v1/session`).
    #[default]
    Session,
    /// Veriff session submission (`PATCH /v1/sessions/{id}`).
    Submit,
    /// Veriff media upload (`POST /v1/sessions/{id}/media`).
    Media,
}

/// Builds the body described by `options`: `provider` (required), `kind`
/// (`session` by default, `submit` or `media` for Veriff) and that body's
/// fields. The host's clock is read only when a timestamped body has no
/// `timestamp`.
pub fn build_body(options: Value, host: &dyn Host) -> Result<String> {
    let Value::Object(mut entries) = options else {
        let message = format!("expected a plain object, got {}", options.type_name());
        return Err(Error::new(ErrorCode::InvalidType, "options", message));
    };
    let mut provider = None;
    let mut kind = None;
    for (key, value) in &entries {
        let selector = match key.as_str() {
            "provider" => &mut provider,
            "kind" => &mut kind,
            _ => continue,
        };
        // Only the loose Value API can repeat a key (JS objects cannot): refuse it as every field does.
        if selector.replace(value).is_some() {
            return Err(Error::new(ErrorCode::InvalidValue, key.as_str(), "duplicate field"));
        }
    }
    let provider: Provider = match provider {
        Some(Value::String(name)) => name.parse()?,
        Some(other) => return Err(type_error("provider", &Provider::names(), other)),
        None => {
            return Err(Error::new(ErrorCode::MissingField, "provider", format!("is required: {}", Provider::names())))
        }
    };
    let kind = match kind {
        None => BodyKind::Session,
        Some(Value::String(name)) => parse_kind(name)?,
        Some(other) => return Err(type_error("kind", "\"session\", \"submit\" or \"media\"", other)),
    };
    entries.retain(|(key, _)| key != "provider" && key != "kind");
    provider.scheme().build_body(kind, &Value::Object(entries), host)
}

fn parse_kind(name: &str) -> Result<BodyKind> {
    match name {
        "session" => Ok(BodyKind::Session),
        "submit" => Ok(BodyKind::Submit),
        "media" => Ok(BodyKind::Media),
        other => Err(Error::new(
            ErrorCode::InvalidValue,
            "kind",
            format!(
                "expected \"session\", \"submit\" or \"media\", got {}",
                quote_choice(other, &["session", "submit", "media"])
            ),
        )),
    }
}

#[cfg(test)]
#[cfg(feature = "native")]
mod tests {
    use super::*;

    fn build(entries: Vec<(&str, Value)>) -> Result<String> {
        build_body(Value::object(entries), &|| 0.0)
    }

    #[test]
    fn provider_and_kind_pick_the_builder() {
        assert_eq!(
            build(vec![("provider", "veriff".into())]).unwrap(),
            r#"{"verification":{"timestamp":"1970-01-01T00:00:00.000Z"}}"#
        );
        assert_eq!(
            build(vec![("kind", "submit".into()), ("provider", "veriff".into())]).unwrap(),
            r#"{"verification":{"status":"submitted"}}"#
        );
        assert_eq!(
            build(vec![("provider", "faceverify".into()), ("country", "US".into())]).unwrap(),
            r#"{"country":"US"}"#
        );
    }

    #[test]
    fn the_clock_is_not_read_when_a_timestamp_is_given() {
        let options = Value::object([("provider", "veriff".into()), ("timestamp", "2016-05-19T08:30:25.597Z".into())]);
        let body = build_body(options, &|| -> f64 { panic!("the clock was read") });
        assert_eq!(body.unwrap(), r#"{"verification":{"timestamp":"2016-05-19T08:30:25.597Z"}}"#);
    }

    #[test]
    fn repeated_selectors_are_refused() {
        for key in ["provider", "kind"] {
            let options = Value::object([("provider", "veriff".into()), ("kind", "submit".into()), (key, "x".into())]);
            let err = build_body(options, &|| 0.0).unwrap_err();
            assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, key));
        }
    }

    #[test]
    fn missing_or_wrong_selectors_name_themselves() {
        let path = |entries| build(entries).unwrap_err().path().to_owned();
        assert_eq!(path(vec![]), "provider");
        assert_eq!(path(vec![("provider", Value::Number(1.0))]), "provider");
        assert_eq!(path(vec![("provider", "veriff".into()), ("kind", "patch".into())]), "kind");
        assert_eq!(path(vec![("provider", "faceverify".into()), ("kind", "media".into())]), "kind");
        assert_eq!(build(vec![("provider", "acme".into())]).unwrap_err().code(), ErrorCode::UnknownProvider);
        // A provider kyc-sign knows for its webhooks only builds no body, and says so.
        let err = build(vec![("provider", "onfido".into())]).unwrap_err();
        assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "provider"));
        assert!(err.reason().contains("webhooks"), "{err}");
    }
}
