//! Verifying what Veriff signs: webhooks, and any message signed with one
//! of Veriff's two schemes.
//!
//! Comparison is constant time on the decoded 32-byte tags, and every secret
//! in a rotation list is tried (no early exit), so the time taken says
//! nothing about which bytes or which secret matched.

use subtle::{Choice, ConstantTimeEq};

use super::VeriffScheme;
use crate::error::{Error, ErrorCode, Result, REDACTED};
use crate::mac::{decode_tag_hex, TAG_LEN};
use crate::webhook::{check_json, check_secrets, signature_candidates, visible_mismatch_cause, HeaderLookup};

/// Decodes a received signature header. Surrounding spaces and tabs (HTTP's
/// optional whitespace, which proxies may leave) are ignored; otherwise it must
/// be exactly 64 hex digits in either case.
pub fn parse_signature_header(header: &str) -> Option<[u8; 32]> {
    decode_tag_hex(header.trim_matches([' ', '\t']))
}

/// Whether `signature` (hex, as received in a header) is the full tag of
/// `message` under `scheme` for any of `secrets` (key rotation). Malformed or
/// truncated signatures, and an empty list of secrets, are `false`.
pub fn verify_signature<S: AsRef<[u8]>>(message: &[u8], signature: &str, secrets: &[S], scheme: VeriffScheme) -> bool {
    let Some(provided) = parse_signature_header(signature) else {
        return false;
    };
    let mut matched = Choice::from(0);
    for secret in secrets {
        matched |= scheme.tag(message, secret.as_ref()).ct_eq(&provided);
    }
    matched.into()
}

/// Checks a Veriff webhook: `body` is the raw request body, `signatures` the
/// values of its `X-HMAC-SIGNATURE` header (several when a framework gives an
/// array). On failure the error says what most likely went wrong.
pub fn verify_webhook<S: AsRef<[u8]>>(body: &[u8], signatures: &[&str], secrets: &[S]) -> Result<()> {
    if secrets.is_empty() {
        return Err(Error::new(ErrorCode::Empty, "secrets", "needs at least one secret"));
    }
    if signatures.iter().all(|s| s.trim().is_empty()) {
        return Err(Error::new(
            ErrorCode::SignatureMissing,
            "headers",
            "no X-HMAC-SIGNATURE header: is this request from Veriff, and does your proxy forward the header?",
        ));
    }
    // Every signature is tried, and every secret for each, without an early exit.
    let candidates: Vec<&str> = signature_candidates(signatures).collect();
    let matched = candidates.iter().fold(false, |any, s| verify_signature(body, s, secrets, VeriffScheme::Hmac) | any);
    if matched {
        return Ok(());
    }
    Err(mismatch_diagnosis(body, &candidates, secrets))
}

/// What to check of a signed Veriff message besides its signature.
#[derive(Clone, Copy, Default)]
pub struct Expected<'a> {
    /// The API key `X-AUTH-CLIENT` must carry (is it for this integration?).
    pub api_key: Option<&'a str>,
    /// The integration id `vrf-integration-id` must carry.
    pub integration_id: Option<&'a str>,
    /// `Hmac` (`X-HMAC-SIGNATURE`, the default) or `Legacy` (`X-SIGNATURE`,
    /// SHA-256 of body and secret: accepted only when asked for).
    pub scheme: VeriffScheme,
}

/// Shows the API key redacted.
impl core::fmt::Debug for Expected<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Expected")
            .field("api_key", &self.api_key.map(|_| REDACTED))
            .field("integration_id", &self.integration_id)
            .field("scheme", &self.scheme)
            .finish()
    }
}

/// Veriff sends its headers under two names: `x-hmac-signature` and
/// `x-auth-client` in its endpoint pages, `vrf-hmac-signature` and
/// `vrf-auth-client` elsewhere. Either name is read; both present and
/// disagreeing is refused rather than one of them silently chosen.
///
/// The values are returned as received; they are compared without HTTP's
/// optional whitespace (spaces and tabs), which proxies may add or drop.
fn either(headers: &(impl HeaderLookup + ?Sized), name: &str, other: &str) -> Result<Vec<String>> {
    let (first, second) = (headers.values(name)?, headers.values(other)?);
    let without_ows =
        |values: &[String]| -> Vec<String> { values.iter().map(|v| v.trim_matches([' ', '\t']).to_owned()).collect() };
    match (first.is_empty(), second.is_empty()) {
        (false, false) if without_ows(&first) != without_ows(&second) => Err(Error::new(
            ErrorCode::HeaderConflict,
            "headers",
            format!("{name} and {other} are both present and differ; a proxy may have added one of them"),
        )),
        (true, _) => Ok(second),
        (false, _) => Ok(first),
    }
}

/// Checks a whole signed Veriff message, a webhook or an API response:
/// `X-AUTH-CLIENT` and `vrf-integration-id` against what is expected, then
/// the signature over the raw `body` against every secret (`secrets` is one
/// secret or a rotation of at most 64), then that the body is UTF-8 JSON.
pub fn verify_signed_message<S: AsRef<[u8]>>(
    body: &[u8],
    headers: &(impl HeaderLookup + ?Sized),
    secrets: &[S],
    expected: Expected<'_>,
) -> Result<()> {
    check_secrets(secrets)?;
    if let Some(api_key) = expected.api_key {
        if !any_equal(&either(headers, "x-auth-client", "vrf-auth-client")?, api_key) {
            return Err(Error::new(
                ErrorCode::AuthClientMismatch,
                "headers",
                "X-AUTH-CLIENT is missing or is not the expected API key: is this webhook for another integration?",
            ));
        }
    }
    if let Some(integration_id) = expected.integration_id {
        if !any_equal(&headers.values("vrf-integration-id")?, integration_id) {
            return Err(Error::new(
                ErrorCode::AuthClientMismatch,
                "headers",
                "vrf-integration-id is missing or is not the expected integration: is this message for another integration?",
            ));
        }
    }
    match expected.scheme {
        VeriffScheme::Hmac => {
            let signatures = either(headers, "x-hmac-signature", "vrf-hmac-signature")?;
            if signatures.is_empty() && !headers.values("x-signature")?.is_empty() {
                return Err(Error::new(
                    ErrorCode::SignatureMismatch,
                    "headers",
                    "this message carries only X-SIGNATURE: that is a legacy signature (SHA-256 of body and \
                     secret), not an HMAC; verify it with scheme: 'legacy' if you expect Veriff's legacy scheme",
                ));
            }
            let signatures: Vec<&str> = signatures.iter().map(String::as_str).collect();
            verify_webhook(body, &signatures, secrets)?;
        }
        VeriffScheme::Legacy => verify_legacy(body, &headers.values("x-signature")?, secrets)?,
    }
    check_json(body)
}

/// Whether any of the header `values` (without surrounding whitespace) is
/// `expected`, compared in constant time and every value tried: the API key
/// is a credential, even though Veriff sends it in clear.
fn any_equal(values: &[String], expected: &str) -> bool {
    let matched =
        values.iter().fold(Choice::from(0), |any, value| any | value.trim().as_bytes().ct_eq(expected.as_bytes()));
    matched.into()
}

/// A legacy `X-SIGNATURE`: hex SHA-256 of the body followed by the secret.
fn verify_legacy<S: AsRef<[u8]>>(body: &[u8], signatures: &[String], secrets: &[S]) -> Result<()> {
    if signatures.iter().all(|s| s.trim().is_empty()) {
        return Err(Error::new(
            ErrorCode::SignatureMissing,
            "headers",
            "no X-SIGNATURE header, which the legacy scheme sends",
        ));
    }
    // Every signature is tried, and every secret for each, without an early exit.
    let candidates: Vec<&str> = signature_candidates(signatures).collect();
    let matched =
        candidates.iter().fold(false, |any, s| verify_signature(body, s, secrets, VeriffScheme::Legacy) | any);
    if matched {
        return Ok(());
    }
    if candidates.iter().any(|s| verify_signature(body, s, secrets, VeriffScheme::Hmac)) {
        return Err(Error::new(
            ErrorCode::SignatureMismatch,
            "headers",
            "X-SIGNATURE holds an HMAC, not a legacy signature: verify it without scheme: 'legacy'",
        ));
    }
    Err(Error::new(
        ErrorCode::SignatureMismatch,
        "body",
        format!(
            "no X-SIGNATURE matched the payload with any of the {} secret(s). Are you passing the raw request \
             body you received?",
            secrets.len()
        ),
    ))
}

/// Says why a webhook signature most likely failed, most specific cause first.
fn mismatch_diagnosis<S: AsRef<[u8]>>(body: &[u8], signatures: &[&str], secrets: &[S]) -> Error {
    if let Some(cause) = visible_mismatch_cause("X-HMAC-SIGNATURE", body, signatures.iter().copied(), TAG_LEN) {
        return cause;
    }
    if signatures.iter().any(|s| verify_signature(body, s, secrets, VeriffScheme::Legacy)) {
        return Error::new(
            ErrorCode::SignatureMismatch,
            "headers",
            "the signature is a legacy X-SIGNATURE value (SHA-256 of body and secret), not an HMAC",
        );
    }
    let count = secrets.len();
    Error::new(
        ErrorCode::SignatureMismatch,
        "body",
        format!(
            "no signature matched the payload with any of the {count} secret(s). Are you passing the raw request \
             body you received? Parsing and re-serialising JSON changes its bytes. Is the secret the one of the \
             integration that sent this webhook?"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::super::legacy_signature;
    use super::*;
    use crate::mac::hmac_signature;

    const BODY: &[u8] = br#"{"id":"f04bdb47","status":"approved"}"#;

    #[test]
    fn every_secret_in_a_rotation_is_tried() {
        let sig = hmac_signature(b"new", BODY);
        assert!(verify_signature(BODY, &sig, &[b"old".as_slice(), b"new"], VeriffScheme::Hmac));
        assert!(verify_signature(BODY, &sig, &[b"new".as_slice(), b"old"], VeriffScheme::Hmac));
        assert!(!verify_signature(BODY, &sig, &[b"old".as_slice(), b"older"], VeriffScheme::Hmac));
        assert!(!verify_signature::<&[u8]>(BODY, &sig, &[], VeriffScheme::Hmac));
    }

    #[test]
    fn header_whitespace_and_case() {
        let sig = hmac_signature(b"k", BODY);
        for header in [format!(" {sig}\t"), sig.to_uppercase(), sig.clone()] {
            assert!(verify_signature(BODY, &header, &[b"k"], VeriffScheme::Hmac), "{header:?}");
        }
        for header in [format!("{sig}\n"), format!("sha256={sig}"), sig[..32].to_owned(), String::new()] {
            assert!(!verify_signature(BODY, &header, &[b"k"], VeriffScheme::Hmac), "{header:?}");
        }
    }

    #[test]
    fn legacy_scheme_verifies_legacy_signatures_only() {
        let legacy = legacy_signature(BODY, b"k");
        assert!(verify_signature(BODY, &legacy, &[b"k"], VeriffScheme::Legacy));
        assert!(!verify_signature(BODY, &legacy, &[b"k"], VeriffScheme::Hmac));
    }

    #[test]
    fn tamper_matrix_over_a_300_byte_body() {
        let body: Vec<u8> = (0..300u32).map(|i| b'a' + (i % 26) as u8).collect();
        let sig = hmac_signature(b"k", &body);
        for i in 0..body.len() {
            let mut tampered = body.clone();
            tampered[i] ^= 0x01;
            assert!(!verify_signature(&tampered, &sig, &[b"k"], VeriffScheme::Hmac), "body byte {i}");
        }
        for i in 0..sig.len() {
            let mut tampered = sig.clone().into_bytes();
            tampered[i] = if tampered[i] == b'0' { b'1' } else { b'0' };
            let tampered = String::from_utf8(tampered).unwrap();
            assert!(!verify_signature(&body, &tampered, &[b"k"], VeriffScheme::Hmac), "signature char {i}");
        }
    }

    #[test]
    fn webhook_diagnoses_the_usual_mistakes() {
        let sig = hmac_signature(b"k", BODY);
        assert_eq!(verify_webhook(BODY, &[&sig], &[b"k"]), Ok(()));
        assert_eq!(verify_webhook(BODY, &["", &sig], &[b"k"]), Ok(()));
        // A repeated header joined by a Headers object: every signature in it is tried.
        let wrong = hmac_signature(b"other", BODY);
        assert_eq!(verify_webhook(BODY, &[&format!("{wrong}, {sig}")], &[b"k"]), Ok(()));
        assert_eq!(verify_webhook(BODY, &[&format!("{sig},{wrong}")], &[b"k"]), Ok(()));
        let code = |body: &[u8], sigs: &[&str]| verify_webhook(body, sigs, &[b"k"]).unwrap_err().code();
        assert_eq!(code(BODY, &[]), ErrorCode::SignatureMissing);
        assert_eq!(code(BODY, &[" "]), ErrorCode::SignatureMissing);
        assert_eq!(code(b"[object Object]", &[&sig]), ErrorCode::BodyNotRaw);
        assert_eq!(code(br#"{"id": "f04bdb47", "status": "approved"}"#, &[&sig]), ErrorCode::SignatureMismatch);
        let legacy = legacy_signature(BODY, b"k");
        let err = verify_webhook(BODY, &[&legacy], &[b"k"]).unwrap_err();
        assert!(err.reason().contains("legacy"), "{err}");
        let err = verify_webhook(BODY, &["abc"], &[b"k"]).unwrap_err();
        assert!(err.reason().contains("got 3 characters"), "{err}");
        let err = verify_webhook(BODY, &[&sig], &[b"wrong"]).unwrap_err();
        assert!(err.reason().contains("raw request body"), "{err}");
        assert!(!err.to_string().contains("wrong"));
        assert_eq!(verify_webhook::<&[u8]>(BODY, &[&sig], &[]).unwrap_err().code(), ErrorCode::Empty);
    }
}

#[cfg(test)]
mod either_name_tests {
    use super::*;
    use crate::mac::hmac_signature;

    const BODY: &[u8] = br#"{"a":1}"#;

    fn verify(headers: &[(&str, String)]) -> Result<()> {
        verify_signed_message(BODY, headers, &[b"k"], Expected::default())
    }

    #[test]
    fn either_name_verifies_and_a_disagreement_is_refused() {
        let sig = hmac_signature(b"k", BODY);
        assert_eq!(verify(&[("vrf-hmac-signature", sig.clone())]), Ok(()));
        assert_eq!(verify(&[("X-HMAC-SIGNATURE", sig.clone()), ("vrf-hmac-signature", format!("{sig}\t"))]), Ok(()));
        let conflict = verify(&[("x-hmac-signature", sig.clone()), ("vrf-hmac-signature", "0".repeat(64))]);
        assert_eq!(conflict.map_err(|e| e.code()), Err(ErrorCode::HeaderConflict));
        // Only HTTP's optional whitespace is ignored: a newline is part of the value, and no match.
        let newline = verify(&[("vrf-hmac-signature", format!("{sig}\n"))]);
        assert_eq!(newline.map_err(|e| e.code()), Err(ErrorCode::SignatureMismatch));
    }
}
