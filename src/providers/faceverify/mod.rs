//! FaceVerify: `x-auth-client` and `x-hmac-signature`, the hex HMAC-SHA256
//! of `METHOD\nPATH\nQUERY\nAPIKEY\nCONTENT-TYPE\nBODY` ([`canonical`]),
//! with the URL read as the provider's Node sample reads it (`whatwg`) or as
//! its Python and PHP samples do (`raw`); and its session body ([`bodies`]).

pub mod bodies;
pub mod canonical;

use crate::error::{quote, Error, ErrorCode, Result};
use crate::host::Host;
use crate::json::Value;
use crate::providers::{BodyKind, Scheme};
use crate::request::{MessageMac, ProviderOptions, Request, SignedMessage, UnsignedRequest};
use crate::url::python::raw_path_and_query;
use crate::url::sent_path_and_query;
use canonical::request_lines;
pub use canonical::UrlMode;

/// FaceVerify, as registered in [`crate::providers`].
pub struct FaceVerify;

impl Scheme for FaceVerify {
    fn name(&self) -> &'static str {
        "faceverify"
    }

    fn title(&self) -> &'static str {
        "FaceVerify"
    }

    fn check_options(&self, options: &ProviderOptions) -> Result<()> {
        for name in options.names() {
            match name {
                "urlMode" => drop(url_mode(options)?),
                "scheme" => {
                    return Err(Error::new(
                        ErrorCode::InvalidValue,
                        name,
                        "applies to Veriff only; FaceVerify has one scheme",
                    ))
                }
                _ => return Err(Error::new(ErrorCode::InvalidValue, name, "is not an option of FaceVerify")),
            }
        }
        Ok(())
    }

    fn sign(&self, request: &Request<'_>, host: &dyn Host) -> Result<Vec<(&'static str, String)>> {
        let message = self.signed_message(&request.unsigned(), host)?;
        let signature = message.signature_with(request.key, request.secret);
        Ok(vec![("x-auth-client", request.api_key.to_owned()), (message.header, signature)])
    }

    fn signed_message<'a>(&self, request: &UnsignedRequest<'a>, host: &dyn Host) -> Result<SignedMessage<'a>> {
        let mode = url_mode(request.options)?;
        if mode == UrlMode::Raw {
            check_written_as_sent(request.url, host)?;
        }
        let Some(api_key) = request.api_key else {
            return Err(Error::new(ErrorCode::MissingField, "apiKey", "is part of what FaceVerify signs; give it"));
        };
        let lines = request_lines(request.method, request.url, mode, host)?;
        let pieces = lines.into_pieces(api_key, request.content_type, request.body).into();
        let label = "the canonical string METHOD\\nPATH\\nQUERY\\nAPIKEY\\nCONTENT-TYPE\\nBODY";
        Ok(SignedMessage::new("x-hmac-signature", label, MessageMac::HmacSha256, pieces))
    }

    fn build_body(&self, kind: BodyKind, fields: &Value, _host: &dyn Host) -> Result<String> {
        match kind {
            BodyKind::Session => bodies::build_faceverify_body(fields),
            _ => Err(Error::new(ErrorCode::InvalidValue, "kind", "FaceVerify has only session bodies; omit kind")),
        }
    }
}

/// The `urlMode` option: `whatwg` unless given.
fn url_mode(options: &ProviderOptions) -> Result<UrlMode> {
    match options.get("urlMode") {
        Some(mode) => mode.parse().map_err(|e: Error| Error::new(e.code(), "urlMode", e.reason().to_owned())),
        None => Ok(UrlMode::default()),
    }
}

/// In raw mode the signature covers the URL's text as written, but `fetch`
/// sends the URL as the WHATWG parser serialises it (`Zoë Smith` becomes
/// `Zo%C3%AB%20Smith`), and the server hashes what it receives. Refuse a URL
/// whose two forms differ instead of signing bytes that are never sent.
fn check_written_as_sent(url: &str, host: &dyn Host) -> Result<()> {
    let written = raw_path_and_query(url)?;
    let (sent_path, sent_query) = sent_path_and_query(url, host)?;
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
