//! The package's functions, one each: read the arguments in the order the
//! API documents them, call the core, and say what to hand back.
//!
//! Answers are bytes for the entry to read: a hex signature, a body, or for
//! signed requests and webhooks a JSON array of the method and the headers'
//! names and values.

use std::cell::Cell;
use std::rc::Rc;

use kyc_sign::json::write_json_string;
use kyc_sign::providers::veriff::webhook::verify_signature as verify_veriff_signature;
use kyc_sign::providers::{sign_webhook as sign_provider_webhook, verify_webhook as verify_provider_webhook};
use kyc_sign::webhook::{check_secrets, HeaderLookup, WebhookOptions};
use kyc_sign::{
    build_body, canonical_request_in, explain, hmac_signature, legacy_signature, Error, ErrorCode, ExplainRequest,
    Provider, ProviderOptions, Result, SignedHeaders, Signer, UrlMode, VeriffScheme,
};
use zeroize::Zeroizing;

use crate::args::{Arg, Options};
use crate::host::JS_HOST;
use crate::with_taken;

/// Positional argument `i`; `undefined` when the call had fewer.
fn arg<'b, 'a>(args: &'b [Arg<'a>], i: usize) -> &'b Arg<'a> {
    args.get(i).unwrap_or(&Arg::Undefined)
}

/// Veriff legacy `X-SIGNATURE`: hex SHA-256 of the payload bytes, then the
/// secret's. A plain object payload arrives as `JSON.stringify` of it.
pub fn generate_signature(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let payload = arg(args, 0).bytes_or("payload", "a string, a Uint8Array or a plain object")?;
    let secret = arg(args, 1).bytes("secret")?;
    Ok(legacy_signature(payload, secret).into_bytes())
}

/// Veriff `X-HMAC-SIGNATURE`: hex HMAC-SHA256(secret, payload).
pub fn generate_hmac_signature(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let payload = arg(args, 0).bytes("payload")?;
    let secret = arg(args, 1).bytes("secret")?;
    Ok(hmac_signature(secret, payload).into_bytes())
}

/// FaceVerify's canonical string from `generateHmac`'s positional arguments
/// (the provider's Node sample's) and `{ urlMode }`.
fn canonical(args: &[Arg<'_>], options_at: usize) -> Result<Vec<u8>> {
    let method = arg(args, 0).text("httpMethod")?;
    let url = arg(args, 1).text("url")?;
    let body = arg(args, 2).bytes("body")?;
    let content_type = arg(args, 3).text("contentType")?;
    let api_key = arg(args, 4).text("xAuthClient")?;
    let mode = match arg(args, options_at).optional_options("options", &["urlMode"])? {
        Some(options) => options.field("urlMode")?.parse::<UrlMode>(&options.path("urlMode"))?,
        None => None,
    };
    canonical_request_in(method, url, body, content_type, api_key, mode.unwrap_or_default(), &JS_HOST)
}

/// FaceVerify `x-hmac-signature`.
pub fn generate_hmac(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let message = canonical(args, 6)?;
    let secret = arg(args, 5).bytes("secretKey")?;
    Ok(hmac_signature(secret, &message).into_bytes())
}

/// The exact FaceVerify string that would be signed. Body bytes that are not
/// UTF-8 are shown as U+FFFD (the signature itself covers the real bytes).
pub fn canonical_string(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let message = canonical(args, 5)?;
    Ok(String::from_utf8_lossy(&message).into_owned().into_bytes())
}

/// The body `buildSessionBody` describes, byte-identical to `JSON.stringify`.
pub fn build_session_body(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let options = arg(args, 0);
    if !matches!(options, Arg::Object(_)) {
        return Err(options.wrong_type("options", "a plain object"));
    }
    Ok(build_body(options.to_value("")?, &JS_HOST)?.into_bytes())
}

const SIGN_REQUEST_KEYS: &[&str] =
    &["provider", "method", "url", "body", "apiKey", "secret", "contentType", "scheme", "urlMode", "now"];
const SIGNER_KEYS: &[&str] = &["provider", "apiKey", "secret", "scheme", "urlMode"];
const SIGNER_REQUEST_KEYS: &[&str] = &["method", "url", "body", "contentType", "now"];

/// Reads `provider`, `apiKey`, `secret`, `scheme` and `urlMode` into a signer.
fn signer_from(options: &Options<'_, '_>) -> Result<Signer> {
    let provider: Provider = options.field("provider")?.text("provider")?.parse()?;
    let api_key = options.field("apiKey")?.text("apiKey")?;
    let secret = options.field("secret")?.bytes("secret")?;
    let mut provider_options = ProviderOptions::default();
    for name in ["scheme", "urlMode"] {
        let value = options.field(name)?;
        if !value.is_undefined() {
            provider_options = provider_options.with(name, value.text(name)?);
        }
    }
    Ok(Signer::with_options(provider, api_key, secret, provider_options)?.with_host(&JS_HOST))
}

/// Signs `{ method, url, body?, contentType? }`: `METHOD`, then `name\nvalue` per header.
fn sign_with(signer: &Signer, request: &Options<'_, '_>) -> Result<Vec<u8>> {
    let method = request.field("method")?.text("method")?;
    let url = request.field("url")?.text("url")?;
    let body = request.field("body")?;
    let body = if body.is_undefined() { None } else { Some(body.bytes("body")?) };
    let content_type = request.field("contentType")?;
    let content_type = if content_type.is_undefined() { None } else { Some(content_type.text("contentType")?) };
    let now_ms = number(request, "now", "a Date or milliseconds since the epoch")?;
    Ok(header_lines(signer.sign_at(method, url, body, content_type, now_ms)?))
}

/// `["METHOD", "name", "value", …]` as JSON.
fn header_lines(signed: SignedHeaders) -> Vec<u8> {
    let mut out = String::from("[");
    write_json_string(&mut out, &signed.method);
    for (name, value) in &signed.headers {
        out.push(',');
        write_json_string(&mut out, name);
        out.push(',');
        write_json_string(&mut out, value);
    }
    out.push(']');
    out.into_bytes()
}

/// `{ method, url, headers, body }` for `fetch(r.url, r)`, as header lines.
pub fn sign_request(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let options = arg(args, 0).options("options", "", SIGN_REQUEST_KEYS)?;
    sign_with(&signer_from(&options)?, &options)
}

thread_local! {
    /// Signers by handle (their index). A handle is never reused, so a freed
    /// signer's stays freed (one word each); each is shared out (`Rc`) so no
    /// borrow is held while the core runs user code through the host.
    static SIGNERS: Cell<Vec<Option<Rc<Signer>>>> = const { Cell::new(Vec::new()) };
}

/// A reusable signer; answers its handle.
pub fn create_signer(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let signer = signer_from(&arg(args, 0).options("options", "", SIGNER_KEYS)?)?;
    let handle = with_taken(&SIGNERS, |signers| {
        signers.push(Some(Rc::new(signer)));
        signers.len() - 1
    });
    Ok(handle.to_string().into_bytes())
}

/// The handle a signer's methods pass as their first argument.
fn handle(arg: &Arg<'_>) -> Option<usize> {
    arg.text("signer").ok()?.parse().ok()
}

fn signer(arg: &Arg<'_>) -> Result<Rc<Signer>> {
    handle(arg)
        .and_then(|h| with_taken(&SIGNERS, |signers| signers.get(h).cloned().flatten()))
        .ok_or_else(|| Error::new(ErrorCode::SignerFreed, "signer", "it was freed; create another with createSigner()"))
}

/// `Signer#sign`: the same answer as `signRequest` with the signer's credentials.
pub fn signer_sign(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let signer = signer(arg(args, 0))?;
    sign_with(&signer, &arg(args, 1).options("request", "", SIGNER_REQUEST_KEYS)?)
}

/// `Signer#hmac`: hex HMAC-SHA256 of the payload with the signer's secret.
pub fn signer_hmac(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let signer = signer(arg(args, 0))?;
    Ok(signer.hmac(arg(args, 1).bytes("payload")?).into_bytes())
}

/// `Signer#free`: drops the signer (its key and secret are wiped on drop). Freeing twice is fine.
pub fn signer_free(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    if let Some(handle) = handle(arg(args, 0)) {
        // Dropped here unless a call in progress still holds it, then by that call.
        let freed = with_taken(&SIGNERS, |signers| signers.get_mut(handle).and_then(Option::take));
        drop(freed);
    }
    Ok(Vec::new())
}

const EXPLAIN_REQUEST_KEYS: &[&str] =
    &["provider", "method", "url", "body", "apiKey", "secret", "contentType", "scheme", "urlMode", "now", "signature"];

/// What a request signs (`{ header, label, message }`) and, with `secret`,
/// its `signature`; with `signature` too, `matches` and the `differences`
/// that would make it match. A body that is not UTF-8 is shown with U+FFFD.
pub fn explain_request(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let options = arg(args, 0).options("options", "", EXPLAIN_REQUEST_KEYS)?;
    let optional_text = |key: &str| -> Result<Option<&str>> {
        let value = options.field(key)?;
        if value.is_undefined() {
            Ok(None)
        } else {
            value.text(key).map(Some)
        }
    };
    let provider: Provider = options.field("provider")?.text("provider")?.parse()?;
    let mut provider_options = ProviderOptions::default();
    for name in ["scheme", "urlMode"] {
        if let Some(value) = optional_text(name)? {
            provider_options = provider_options.with(name, value);
        }
    }
    let body = options.field("body")?;
    let secret = options.field("secret")?;
    let request = ExplainRequest {
        provider,
        options: provider_options,
        method: options.field("method")?.text("method")?,
        url: options.field("url")?.text("url")?,
        body: if body.is_undefined() { None } else { Some(body.bytes("body")?) },
        content_type: optional_text("contentType")?,
        api_key: optional_text("apiKey")?,
        now_ms: number(&options, "now", "a Date or milliseconds since the epoch")?,
    };
    let secret = if secret.is_undefined() { None } else { Some(secret.bytes("secret")?) };
    let explained = explain(&request, secret, optional_text("signature")?, &JS_HOST)?;

    let mut out = String::from("{\"header\":");
    write_json_string(&mut out, explained.message.header);
    out.push_str(",\"label\":");
    write_json_string(&mut out, explained.message.label);
    out.push_str(",\"message\":");
    write_json_string(&mut out, &String::from_utf8_lossy(&explained.message.to_bytes()));
    if let Some(signature) = &explained.signature {
        out.push_str(",\"signature\":");
        write_json_string(&mut out, signature);
    }
    if let Some(matches) = explained.matches {
        out.push_str(if matches { ",\"matches\":true" } else { ",\"matches\":false" });
        out.push_str(",\"differences\":[");
        for (i, difference) in explained.differences.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_string(&mut out, difference);
        }
        out.push(']');
    }
    out.push('}');
    Ok(out.into_bytes())
}

/// One secret, or an array of them for key rotation (the core checks how many).
fn secrets(value: &Arg<'_>, path: &str) -> Result<Vec<Zeroizing<Vec<u8>>>> {
    let secrets = value
        .one_or_many(path)?
        .into_iter()
        .map(|(item_path, item)| Ok(Zeroizing::new(item.bytes(&item_path)?.to_vec())))
        .collect::<Result<Vec<_>>>()?;
    check_secrets(&secrets)?;
    Ok(secrets)
}

/// The headers of a received request: a headers object (Node's
/// `IncomingHttpHeaders`, array values too) or a `Headers` instance.
struct Headers<'h, 'a>(&'h Arg<'a>);

impl HeaderLookup for Headers<'_, '_> {
    fn values(&self, name: &str) -> Result<Vec<String>> {
        let Arg::Object(object) = self.0 else {
            let Arg::Gettable(index) = self.0 else { return Ok(Vec::new()) };
            return Ok(crate::host::header(*index, name)?.into_iter().collect());
        };
        // A header is sent a handful of times at most: more values than that,
        // in one array or across spellings of the name, are refused rather
        // than cut short, which would hide some of them.
        let too_many = |key: &str, count: u64| {
            Error::new(
                ErrorCode::TooLong,
                format!("headers.{key}"),
                format!("brings {name} to {count} values; a header is sent a handful of times"),
            )
        };
        let mut values = Vec::new();
        let mut count = 0u64;
        for (key, value) in object.entries().filter(|(key, _)| key.eq_ignore_ascii_case(name)) {
            match value {
                Arg::Threw => {
                    return Err(Error::new(
                        ErrorCode::InvalidType,
                        format!("headers.{key}"),
                        "reading this property threw",
                    ))
                }
                Arg::TooLong(length) => return Err(too_many(key, count + length)),
                Arg::Array(items) => {
                    count += items.len() as u64;
                    values.extend(items.iter().filter_map(|item| item.text("headers").ok()));
                }
                value => {
                    count += 1;
                    values.extend(value.text("headers").ok());
                }
            }
            if count > MAX_HEADER_VALUES {
                return Err(too_many(key, count));
            }
        }
        Ok(values.into_iter().map(str::to_owned).collect())
    }
}

/// The most values one header of a headers object may hold.
const MAX_HEADER_VALUES: u64 = 64;

const VERIFY_SIGNATURE_KEYS: &[&str] = &["payload", "signature", "secrets", "scheme"];

/// Whether `signature` is the full Veriff signature of `payload` for any of
/// `secrets`: `true` or `false`. A malformed signature is `false`, never an error.
pub fn verify_signature(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let options = arg(args, 0).options("options", "", VERIFY_SIGNATURE_KEYS)?;
    let payload = options.field("payload")?.raw_body("payload")?;
    let secrets = secrets(options.field("secrets")?, "secrets")?;
    let scheme = options.field("scheme")?.parse::<VeriffScheme>("scheme")?.unwrap_or_default();
    let signature = options.field("signature")?.text("signature").unwrap_or_default();
    let verified = verify_veriff_signature(payload, signature, &secrets, scheme);
    Ok(if verified { b"true".to_vec() } else { b"false".to_vec() })
}

const VERIFY_WEBHOOK_KEYS: &[&str] =
    &["provider", "headers", "body", "secrets", "apiKey", "integrationId", "scheme", "now", "tolerance"];
const VERIFY_RESPONSE_KEYS: &[&str] = &["provider", "headers", "body", "secrets", "apiKey", "integrationId"];
const SIGN_WEBHOOK_KEYS: &[&str] = &["provider", "body", "secret", "apiKey", "now", "id", "algorithm"];

/// `provider`, Veriff when omitted.
fn provider_of(options: &Options<'_, '_>) -> Result<Provider> {
    let provider = options.field("provider")?;
    if provider.is_undefined() {
        return Ok(Provider::VERIFF);
    }
    provider.text("provider")?.parse()
}

/// An optional number; `now` may be a `Date` too.
fn number(options: &Options<'_, '_>, key: &str, expected: &str) -> Result<Option<f64>> {
    match options.field(key)? {
        Arg::Undefined => Ok(None),
        Arg::Number(n) => Ok(Some(*n)),
        Arg::Date(Ok(Some(ms))) if key == "now" => Ok(Some(*ms)),
        other => Err(other.wrong_type(key, expected)),
    }
}

/// The webhook options given (each provider refuses those it does not take).
fn webhook_options<'o>(options: &Options<'o, '_>) -> Result<WebhookOptions<'o>> {
    let text = |key: &str| -> Result<Option<&'o str>> {
        let value = options.field(key)?;
        if value.is_undefined() {
            Ok(None)
        } else {
            value.text(key).map(Some)
        }
    };
    Ok(WebhookOptions {
        api_key: text("apiKey")?,
        integration_id: text("integrationId")?,
        scheme: text("scheme")?,
        now_ms: number(options, "now", "a Date or milliseconds since the epoch")?,
        tolerance_s: number(options, "tolerance", "a number of seconds")?,
        id: text("id")?,
        algorithm: text("algorithm")?,
    })
}

/// Verifies a signed webhook of any provider; the entry then parses the body
/// it passed, which the core has checked is UTF-8 JSON.
pub fn verify_webhook(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    verify_message(arg(args, 0).options("options", "", VERIFY_WEBHOOK_KEYS)?, false).map(|()| Vec::new())
}

/// Verifies a Veriff API response as [`verify_webhook`] verifies a webhook.
pub fn verify_response(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    verify_message(arg(args, 0).options("options", "", VERIFY_RESPONSE_KEYS)?, true).map(|()| Vec::new())
}

fn verify_message(options: Options<'_, '_>, response: bool) -> Result<()> {
    let provider = provider_of(&options)?;
    if response && provider != Provider::VERIFF {
        let message = format!("verifies Veriff's signed responses; {} signs none kyc-sign knows", provider.name());
        return Err(Error::new(ErrorCode::InvalidValue, "provider", message));
    }
    let headers = options.field("headers")?;
    if !matches!(headers, Arg::Object(_) | Arg::Gettable(_)) {
        return Err(headers.wrong_type("headers", "a Headers instance or a headers object"));
    }
    let body = options.field("body")?.raw_body("body")?;
    let secrets = secrets(options.field("secrets")?, "secrets")?;
    let secrets: Vec<&[u8]> = secrets.iter().map(|s| s.as_slice()).collect();
    let given = webhook_options(&options)?;
    verify_provider_webhook(provider, body, &Headers(headers), &secrets, &given, &JS_HOST)
}

/// The headers a provider would send with `body`, for testing webhook routes.
pub fn sign_webhook(args: &[Arg<'_>]) -> Result<Vec<u8>> {
    let options = arg(args, 0).options("options", "", SIGN_WEBHOOK_KEYS)?;
    let provider = provider_of(&options)?;
    let body = options.field("body")?.raw_body("body")?;
    let secret = options.field("secret")?.bytes("secret")?;
    let headers = sign_provider_webhook(provider, body, secret, &webhook_options(&options)?, &JS_HOST)?;
    Ok(header_lines(SignedHeaders { method: String::new(), headers }))
}
