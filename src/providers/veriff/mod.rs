//! Veriff: `X-AUTH-CLIENT` and `X-HMAC-SIGNATURE` (hex HMAC-SHA256 of the
//! body, or of the id in the path for GET and DELETE), or the legacy
//! `X-SIGNATURE` (hex SHA-256 of the message followed by the secret).
//!
//! - [`message`]: which bytes each request signs;
//! - [`bodies`] and [`lifecycle`]: the session, submit and media bodies;
//! - [`webhook`]: verifying what Veriff signs.

pub mod bodies;
pub mod endpoints;
pub mod lifecycle;
pub mod message;
pub mod webhook;

use core::str::FromStr;
use std::borrow::Cow;

use crate::error::{Error, ErrorCode, Result};
use crate::fields::quote_choice;
use crate::host::Host;
use crate::json::Value;
use crate::mac::{hex_lower, sha256_concat, HmacKey, TAG_LEN};
use crate::providers::{BodyKind, Scheme};
use crate::request::{MessageMac, ProviderOptions, Request, SignedMessage, UnsignedRequest};
use crate::url::http_url_path;
use crate::webhook::{HeaderLookup, WebhookOptions};
use message::{veriff_message, VeriffMessage};
use webhook::{verify_signed_message, Expected};

/// Veriff, as registered in [`crate::providers`].
pub struct Veriff;

impl Scheme for Veriff {
    fn name(&self) -> &'static str {
        "veriff"
    }

    fn title(&self) -> &'static str {
        "Veriff"
    }

    fn check_options(&self, options: &ProviderOptions) -> Result<()> {
        for name in options.names() {
            match name {
                "scheme" => drop(scheme(options)?),
                "urlMode" => {
                    return Err(Error::new(
                        ErrorCode::InvalidValue,
                        name,
                        "applies to FaceVerify only; Veriff signs no URL",
                    ))
                }
                _ => return Err(Error::new(ErrorCode::InvalidValue, name, "is not an option of Veriff")),
            }
        }
        Ok(())
    }

    fn sign(&self, request: &Request<'_>, host: &dyn Host) -> Result<Vec<(&'static str, String)>> {
        let message = self.signed_message(&request.unsigned(), host)?;
        let signature = message.signature_with(request.key, request.secret);
        Ok(vec![("X-AUTH-CLIENT", request.api_key.to_owned()), (message.header, signature)])
    }

    fn signed_message<'a>(&self, request: &UnsignedRequest<'a>, host: &dyn Host) -> Result<SignedMessage<'a>> {
        let path = http_url_path(request.url, host)?;
        let (label, message) = match veriff_message(request.method, &path)? {
            VeriffMessage::Body => ("the raw body", Cow::Borrowed(request.body)),
            VeriffMessage::PathId(id) => ("the id in the path", Cow::Owned(id.into_bytes())),
        };
        let (header, mac) = match scheme(request.options)? {
            VeriffScheme::Hmac => ("X-HMAC-SIGNATURE", MessageMac::HmacSha256),
            VeriffScheme::Legacy => ("X-SIGNATURE", MessageMac::Sha256WithSecret),
        };
        Ok(SignedMessage::new(header, label, mac, vec![message]))
    }

    fn build_body(&self, kind: BodyKind, fields: &Value, host: &dyn Host) -> Result<String> {
        match kind {
            BodyKind::Session => bodies::build_veriff_body_in(fields, host),
            BodyKind::Submit => lifecycle::build_submit_body(fields),
            BodyKind::Media => lifecycle::build_media_body(fields, host),
        }
    }

    fn verify_webhook(
        &self,
        body: &[u8],
        headers: &dyn HeaderLookup,
        secrets: &[&[u8]],
        options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<()> {
        options.refuse_others("Veriff", &["apiKey", "integrationId", "scheme"])?;
        let scheme = options.scheme.map_or(Ok(VeriffScheme::default()), str::parse)?;
        let expected = Expected { api_key: options.api_key, integration_id: options.integration_id, scheme };
        verify_signed_message(body, headers, secrets, expected)
    }

    fn sign_webhook(
        &self,
        body: &[u8],
        secret: &[u8],
        options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<Vec<(&'static str, String)>> {
        options.refuse_others("Veriff", &["apiKey"])?;
        let mut headers = Vec::new();
        if let Some(api_key) = options.api_key {
            headers.push(("x-auth-client", api_key.to_owned()));
        }
        headers.push(("x-hmac-signature", HmacKey::new(secret).sign(body)));
        Ok(headers)
    }
}

/// The `scheme` option: `hmac` unless given.
fn scheme(options: &ProviderOptions) -> Result<VeriffScheme> {
    options.get("scheme").map_or(Ok(VeriffScheme::default()), str::parse)
}

/// Which of Veriff's two signature headers to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum VeriffScheme {
    /// `X-HMAC-SIGNATURE`: hex HMAC-SHA256(secret, message). Veriff's current scheme.
    #[default]
    Hmac,
    /// `X-SIGNATURE`: hex SHA-256(message ‖ secret). Veriff's older scheme.
    Legacy,
}

impl FromStr for VeriffScheme {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "hmac" => Ok(VeriffScheme::Hmac),
            "legacy" => Ok(VeriffScheme::Legacy),
            other => Err(Error::new(
                ErrorCode::InvalidValue,
                "scheme",
                format!("expected \"hmac\" or \"legacy\", got {}", quote_choice(other, &["hmac", "legacy"])),
            )),
        }
    }
}

impl VeriffScheme {
    /// The option string that selects this scheme (`"hmac"` or `"legacy"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            VeriffScheme::Hmac => "hmac",
            VeriffScheme::Legacy => "legacy",
        }
    }

    /// The 32-byte tag of `message` under this scheme.
    pub fn tag(self, message: &[u8], secret: &[u8]) -> [u8; TAG_LEN] {
        match self {
            VeriffScheme::Hmac => HmacKey::new(secret).tag(message),
            VeriffScheme::Legacy => sha256_concat(message, secret),
        }
    }
}

/// Veriff legacy `X-SIGNATURE`: lowercase hex SHA-256 of the body bytes followed
/// by the secret bytes. The two are fed to the hash in turn, so no buffer ever
/// holds a copy of the secret.
pub fn legacy_signature(body: &[u8], secret: &[u8]) -> String {
    hex_lower(&VeriffScheme::Legacy.tag(body, secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_signature_matches_the_providers_recipe() {
        // From `printf '%s' '{"a":1}secret' | sha256sum`.
        assert_eq!(
            legacy_signature(br#"{"a":1}"#, b"secret"),
            "95c28504456d6b33d318930a54f904d648bc8aa88448003ecc99a03838c99c5d"
        );
    }
}
