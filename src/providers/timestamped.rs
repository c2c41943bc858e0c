//! The `t=<unix seconds>,v1=<hex>` scheme Stripe and Persona share: the hex
//! HMAC-SHA256 of `t` + `.` + the raw body, the timestamp within a
//! tolerance of now. Persona sends one `t=…,v1=…` set per secret during a
//! rotation, separated by spaces; Stripe one set with one `v1` per secret.

use crate::dates::unix_seconds;
use crate::error::{Error, ErrorCode, Result};
use crate::host::Host;
use crate::mac::{HmacKey, TAG_LEN};
use crate::providers::Scheme;
use crate::webhook::{
    any_hex_hmac, check_timestamp_window, mismatch, one_header, secret_path, tolerance, HeaderLookup, WebhookOptions,
};

/// A provider whose webhooks carry `header: t=…,v1=…`.
pub struct Timestamped {
    /// The name users pass as `provider`.
    pub name: &'static str,
    /// The name as people write it.
    pub title: &'static str,
    /// The signature header, lower case.
    pub header: &'static str,
    /// Whether a timestamp too far in the future is refused too (Stripe's
    /// own verifier refuses only old ones).
    pub future_too: bool,
    /// Whether only lower-case hex is a signature (Stripe's verifier
    /// compares the hex as text).
    pub lowercase_only: bool,
    /// The prefix this provider's secrets start with (Stripe's `whsec_`): a
    /// secret that is the prefix alone is `whsec_` + an unset variable, a
    /// key anyone can guess, and is refused.
    pub secret_prefix: Option<&'static str>,
}

impl Timestamped {
    fn check_not_bare_prefix(&self, secret: &[u8], path: &str) -> Result<()> {
        match self.secret_prefix {
            Some(prefix) if secret == prefix.as_bytes() => Err(Error::new(
                ErrorCode::InvalidValue,
                path,
                format!("is {prefix} with no key after it: is the variable set?"),
            )),
            _ => Ok(()),
        }
    }
}

/// One `t=…,v1=…[,v1=…]` set of a header; other keys (`v0`) are ignored.
struct Set {
    /// `t` as sent (the bytes signed) and its value; `None` unless it is 1 to 19 ASCII digits.
    timestamp: Option<(String, i64)>,
    signatures: Vec<String>,
}

/// A timestamp as the provider writes it: whole seconds in ASCII digits.
fn timestamp(text: &str) -> Option<(String, i64)> {
    let digits = !text.is_empty() && text.len() <= 19 && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok().map(|t| (text.to_owned(), t))).flatten()
}

fn parse_sets(header: &str) -> Vec<Set> {
    header
        .split([' ', '\t'])
        .filter(|set| !set.is_empty())
        .map(|set| {
            let mut parsed = Set { timestamp: None, signatures: Vec::new() };
            for pair in set.split(',') {
                match pair.split_once('=') {
                    Some(("t", t)) => parsed.timestamp = timestamp(t),
                    Some(("v1", v1)) => parsed.signatures.push(v1.to_owned()),
                    _ => {}
                }
            }
            parsed
        })
        .collect()
}

impl Scheme for Timestamped {
    fn name(&self) -> &'static str {
        self.name
    }

    fn title(&self) -> &'static str {
        self.title
    }

    fn verify_webhook(
        &self,
        body: &[u8],
        headers: &dyn HeaderLookup,
        secrets: &[&[u8]],
        options: &WebhookOptions<'_>,
        host: &dyn Host,
    ) -> Result<()> {
        options.refuse_others(self.title, &["now", "tolerance"])?;
        let tolerance_s = tolerance(options)?;
        for (index, secret) in secrets.iter().enumerate() {
            self.check_not_bare_prefix(secret, &secret_path(index, secrets.len()))?;
        }
        let header = one_header(headers, self.header)?.unwrap_or_default();
        let sets: Vec<Set> = parse_sets(&header).into_iter().filter(|s| !s.signatures.is_empty()).collect();
        if sets.is_empty() {
            let message =
                format!("no {} header with a v1 signature: is this request from {}?", self.header, self.title);
            return Err(Error::new(ErrorCode::SignatureMissing, "headers", message));
        }
        // Every set is tried with every secret, each over its own `t` as sent;
        // the message is valid when any set that matched is within the window.
        let mut matched = Vec::new();
        for set in &sets {
            let Some((t_text, t)) = &set.timestamp else { continue };
            let lowercase = |s: &&String| !self.lowercase_only || !s.bytes().any(|b| b.is_ascii_uppercase());
            let signatures: Vec<String> = set.signatures.iter().filter(lowercase).cloned().collect();
            if any_hex_hmac(&[t_text.as_bytes(), b".", body], &signatures, secrets) {
                matched.push(*t);
            }
        }
        if matched.is_empty() {
            if sets.iter().all(|s| s.timestamp.is_none()) {
                let message = format!("{} has no t=<unix seconds> for its signature", self.header);
                return Err(Error::new(ErrorCode::SignatureMismatch, "headers", message));
            }
            let all: Vec<String> = sets.into_iter().flat_map(|s| s.signatures).collect();
            return Err(mismatch(self.title, self.header, body, &all, secrets.len(), TAG_LEN));
        }
        let now_ms = options.now_ms.unwrap_or_else(|| host.now_ms());
        let windows: Vec<Result<()>> =
            matched.iter().map(|&t| check_timestamp_window(t, now_ms, tolerance_s, self.future_too)).collect();
        match windows.iter().position(Result::is_ok) {
            Some(_) => Ok(()),
            None => windows.into_iter().next().unwrap_or(Ok(())),
        }
    }

    fn sign_webhook(
        &self,
        body: &[u8],
        secret: &[u8],
        options: &WebhookOptions<'_>,
        host: &dyn Host,
    ) -> Result<Vec<(&'static str, String)>> {
        options.refuse_others(self.title, &["now"])?;
        self.check_not_bare_prefix(secret, "secret")?;
        let t = unix_seconds(options.now_ms.unwrap_or_else(|| host.now_ms()))?;
        let signature = HmacKey::new(secret).sign_pieces(&[t.as_bytes(), b".", body]);
        Ok(vec![(self.header, format!("t={t},v1={signature}"))])
    }
}
