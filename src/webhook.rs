//! What every provider's webhooks have in common: the received headers
//! (any case, repeated), the secrets of a rotation, the options a
//! verification takes, and the two recipes most schemes are made of: a hex
//! MAC of the raw body in one header, and a timestamp within a tolerance.
//!
//! Every secret and every signature in a header is tried, without an early
//! exit, and tags are compared in constant time, so the time taken says
//! nothing about which matched.

use subtle::{Choice, ConstantTimeEq};

use crate::error::{Error, ErrorCode, Result, REDACTED};
use crate::mac::{decode_tag_hex, HmacKey, TAG_LEN};
use crate::request::check_secret_not_empty;

/// A received request's headers, looked up by name in any case: every value
/// of the header (a framework may give a repeated header as several).
pub trait HeaderLookup {
    /// The values of header `name`, compared case-insensitively.
    fn values(&self, name: &str) -> Result<Vec<String>>;
}

/// `(name, value)` pairs in a `Vec`.
impl<N: AsRef<str>, V: AsRef<str>> HeaderLookup for Vec<(N, V)> {
    fn values(&self, name: &str) -> Result<Vec<String>> {
        self.as_slice().values(name)
    }
}

/// `(name, value)` pairs, as most Rust HTTP libraries can give them.
impl<N: AsRef<str>, V: AsRef<str>> HeaderLookup for [(N, V)] {
    fn values(&self, name: &str) -> Result<Vec<String>> {
        Ok(self
            .iter()
            .filter(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref().to_owned())
            .collect())
    }
}

/// How many secrets a rotation may hold: a rotation needs a few, and a bound
/// keeps a mistaken huge list from costing a hash each.
pub const MAX_SECRETS: usize = 64;

/// A list of secrets must hold at least one and at most [`MAX_SECRETS`], and
/// none may be empty: a webhook signed under an empty key is one anyone can
/// forge, and a blank variable in a rotation must not quietly become one.
pub fn check_secrets<S: AsRef<[u8]>>(secrets: &[S]) -> Result<()> {
    match secrets.len() {
        0 => return Err(Error::new(ErrorCode::Empty, "secrets", "is an empty array; pass at least one secret")),
        n if n > MAX_SECRETS => {
            return Err(Error::new(ErrorCode::TooLong, "secrets", format!("holds {n} secrets; a rotation needs a few")))
        }
        _ => {}
    }
    for (index, secret) in secrets.iter().enumerate() {
        check_secret_not_empty(secret.as_ref(), &secret_path(index, secrets.len()))?;
    }
    Ok(())
}

/// How an error names one of `count` secrets: `secrets`, or `secrets[i]` in a rotation.
pub fn secret_path(index: usize, count: usize) -> String {
    if count == 1 {
        "secrets".to_owned()
    } else {
        format!("secrets[{index}]")
    }
}

/// The options of a webhook verification or signature, as the caller gave
/// them. Each provider reads the ones it takes and refuses the others.
#[derive(Clone, Copy, Default)]
pub struct WebhookOptions<'a> {
    /// Veriff: the API key `X-AUTH-CLIENT` must carry.
    pub api_key: Option<&'a str>,
    /// Veriff: the integration `vrf-integration-id` must name.
    pub integration_id: Option<&'a str>,
    /// Veriff: `hmac` or `legacy`.
    pub scheme: Option<&'a str>,
    /// The current time in milliseconds since the epoch (schemes with a timestamp).
    pub now_ms: Option<f64>,
    /// How far a timestamp may be from now, in seconds (schemes with a timestamp).
    pub tolerance_s: Option<f64>,
    /// The message id to sign with (schemes that sign one).
    pub id: Option<&'a str>,
    /// The algorithm to sign with, as the provider's header names it.
    pub algorithm: Option<&'a str>,
}

/// Shows the API key redacted.
impl core::fmt::Debug for WebhookOptions<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("WebhookOptions")
            .field("api_key", &self.api_key.map(|_| REDACTED))
            .field("integration_id", &self.integration_id)
            .field("scheme", &self.scheme)
            .field("now_ms", &self.now_ms)
            .field("tolerance_s", &self.tolerance_s)
            .field("id", &self.id)
            .field("algorithm", &self.algorithm)
            .finish()
    }
}

impl WebhookOptions<'_> {
    /// Refuses every option that is given but not among `taken`, naming the provider.
    pub fn refuse_others(&self, provider: &str, taken: &[&str]) -> Result<()> {
        let given = [
            ("apiKey", self.api_key.is_some()),
            ("integrationId", self.integration_id.is_some()),
            ("scheme", self.scheme.is_some()),
            ("now", self.now_ms.is_some()),
            ("tolerance", self.tolerance_s.is_some()),
            ("id", self.id.is_some()),
            ("algorithm", self.algorithm.is_some()),
        ];
        match given.iter().find(|(name, is_given)| *is_given && !taken.contains(name)) {
            Some((name, _)) => {
                Err(Error::new(ErrorCode::InvalidValue, *name, format!("does not apply to {provider} webhooks")))
            }
            None => Ok(()),
        }
    }
}

/// Whether any of `signatures` (hex, either case, spaces and tabs around
/// ignored) is the HMAC-SHA256 of `message` under any of `secrets`.
///
/// A value may hold several signatures joined by commas (see [`signature_candidates`]).
pub fn any_hex_hmac<S: AsRef<[u8]>>(message: &[&[u8]], signatures: &[String], secrets: &[S]) -> bool {
    let provided: Vec<[u8; TAG_LEN]> =
        signature_candidates(signatures).filter_map(|s| decode_tag_hex(s.trim_matches([' ', '\t']))).collect();
    let mut matched = Choice::from(0);
    for secret in secrets {
        let tag = HmacKey::new(secret.as_ref()).tag_pieces(message);
        for candidate in &provided {
            matched |= tag.ct_eq(candidate);
        }
    }
    matched.into()
}

/// Each signature the values of a header carry: a repeated header reaches
/// us as several values, or (through Node and `Headers`) as one value joined
/// by commas. A hex signature holds no comma of its own, so every piece is a
/// candidate.
pub fn signature_candidates<S: AsRef<str>>(values: &[S]) -> impl Iterator<Item = &str> {
    values.iter().flat_map(|value| value.as_ref().split(','))
}

/// The simplest scheme: one header holding the hex HMAC-SHA256 of the raw
/// body. `SignatureMissing` without the header, `SignatureMismatch` (saying
/// why when it can tell) when no secret signed this body.
pub fn verify_body_hmac_header<S: AsRef<[u8]>>(
    provider: &str,
    header: &str,
    body: &[u8],
    headers: &(impl HeaderLookup + ?Sized),
    secrets: &[S],
) -> Result<()> {
    check_secrets(secrets)?;
    let signatures = headers.values(header)?;
    if signatures.iter().all(|s| s.trim().is_empty()) {
        return Err(Error::new(
            ErrorCode::SignatureMissing,
            "headers",
            format!("no {header} header: is this request from {provider}, and does your proxy forward the header?"),
        ));
    }
    if any_hex_hmac(&[body], &signatures, secrets) {
        return Ok(());
    }
    Err(mismatch(provider, header, body, &signatures, secrets.len(), TAG_LEN))
}

/// The causes of a mismatch that the body or the header's shape shows, before
/// any secret is blamed: a parsed object turned into a string, an empty body,
/// a `candidate` that is not `2 * tag_len` hex digits (spaces and tabs around
/// ignored) in `header`.
pub fn visible_mismatch_cause<'s>(
    header: &str,
    body: &[u8],
    candidates: impl IntoIterator<Item = &'s str>,
    tag_len: usize,
) -> Option<Error> {
    if body.starts_with(b"[object ") {
        return Some(Error::new(
            ErrorCode::BodyNotRaw,
            "body",
            "is the text \"[object …]\": a parsed object was turned into a string. \
             Pass the raw request body exactly as received (a string or a Buffer)",
        ));
    }
    if body.is_empty() {
        return Some(Error::new(
            ErrorCode::SignatureMismatch,
            "body",
            "is empty, so no signature can match: was the request stream already read by a body parser?",
        ));
    }
    let is_hex_tag = |s: &str| {
        let s = s.trim_matches([' ', '\t']);
        s.len() == 2 * tag_len && s.bytes().all(|b| b.is_ascii_hexdigit())
    };
    let bad = candidates.into_iter().find(|s| !is_hex_tag(s))?;
    let length = bad.trim_matches([' ', '\t']).chars().count();
    Some(Error::new(
        ErrorCode::SignatureMismatch,
        "headers",
        format!("{header} must be {} hex digits, got {length} characters", 2 * tag_len),
    ))
}

/// Why no signature matched, most specific cause first; never a secret.
/// `tag_len` is the length in bytes of the MAC the header carries in hex.
pub fn mismatch(
    provider: &str,
    header: &str,
    body: &[u8],
    signatures: &[String],
    secrets: usize,
    tag_len: usize,
) -> Error {
    if let Some(cause) = visible_mismatch_cause(header, body, signature_candidates(signatures), tag_len) {
        return cause;
    }
    Error::new(
        ErrorCode::SignatureMismatch,
        "body",
        format!(
            "no signature matched the payload with any of the {secrets} secret(s). Are you passing the raw request \
             body you received? Parsing and re-serialising JSON changes its bytes. Is the secret the one of the \
             {provider} webhook that sent this?"
        ),
    )
}

/// The single value of a header that must be sent once.
pub fn one_header(headers: &(impl HeaderLookup + ?Sized), name: &str) -> Result<Option<String>> {
    let values = headers.values(name)?;
    match values.as_slice() {
        [] => Ok(None),
        [value] => Ok(Some(value.trim_matches([' ', '\t']).to_owned())),
        _ => Err(Error::new(
            ErrorCode::InvalidValue,
            "headers",
            format!("{name} was sent {} times; it is sent once", values.len()),
        )),
    }
}

/// The default tolerance of schemes with a timestamp, in seconds.
pub const DEFAULT_TOLERANCE_S: f64 = 300.0;

/// Refuses a timestamp (whole seconds since the epoch) older than
/// `tolerance_s` before `now_ms`, or, when `future_too`, newer than it after,
/// saying by how much and which way.
pub fn check_timestamp_window(timestamp_s: i64, now_ms: f64, tolerance_s: f64, future_too: bool) -> Result<()> {
    let now_s = crate::dates::unix_seconds_value(now_ms)? as f64;
    let difference = now_s - timestamp_s as f64;
    if difference <= tolerance_s && (!future_too || -difference <= tolerance_s) {
        return Ok(());
    }
    let (by, which) = if difference > 0.0 { (difference, "old") } else { (-difference, "in the future") };
    Err(Error::new(
        ErrorCode::TimestampOutOfTolerance,
        "headers",
        format!(
            "the signed timestamp is {} s {which}, beyond the tolerance of {} s: a replayed message, or a clock that is off?",
            whole(by),
            whole(tolerance_s)
        ),
    ))
}

/// A whole number of seconds for a message, without float formatting.
fn whole(seconds: f64) -> String {
    if seconds >= 9.2e18 {
        "more than 9.2e18".to_owned()
    } else {
        (seconds as i64).to_string()
    }
}

/// Reads a tolerance option: a finite number of seconds, at least 0.
pub fn tolerance(options: &WebhookOptions<'_>) -> Result<f64> {
    match options.tolerance_s {
        None => Ok(DEFAULT_TOLERANCE_S),
        Some(t) if t.is_finite() && t >= 0.0 => Ok(t),
        Some(_) => {
            Err(Error::new(ErrorCode::InvalidValue, "tolerance", "must be a finite number of seconds, at least 0"))
        }
    }
}

/// A verified body must be UTF-8 JSON: the caller parses it next.
pub fn check_json(body: &[u8]) -> Result<()> {
    let text = core::str::from_utf8(body).map_err(|_| {
        Error::new(ErrorCode::InvalidJson, "body", "the signature is valid but the body is not UTF-8 JSON")
    })?;
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) => Ok(()),
        Err(_) => Err(Error::new(ErrorCode::InvalidJson, "body", "the signature is valid but the body is not JSON")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_secret_is_refused_alone_or_in_a_rotation() {
        let alone = check_secrets(&[b"".as_slice()]).unwrap_err();
        assert_eq!((alone.code(), alone.path()), (ErrorCode::InvalidValue, "secrets"));
        let rotation = check_secrets(&[b"old".as_slice(), b"".as_slice()]).unwrap_err();
        assert_eq!((rotation.code(), rotation.path()), (ErrorCode::InvalidValue, "secrets[1]"));
        assert!(check_secrets(&[b"old".as_slice(), b"new".as_slice()]).is_ok());
    }
}
