//! Signature verification with arbitrary signature strings, messages,
//! secrets and webhook header lists.
//!
//! Properties:
//! - `verify_signature` never panics, and agrees with a plain oracle: the
//!   header, less surrounding spaces and tabs, is 64 characters equal (ASCII
//!   case-insensitively) to the hex signature of the message for one of the
//!   secrets under the scheme;
//! - `verify(sign(m)) == true`, upper-cased too, with surrounding spaces and
//!   tabs, wherever the signing secret sits in a rotation list;
//! - any single-character change of the signature (other than a case change),
//!   an appended, inserted or removed character, a truncation, and the other
//!   scheme's signature, are all `false`; an empty secret list is `false`;
//! - a chain of fuzz-chosen edits of the right signature verifies exactly
//!   when the oracle says so;
//! - `verify_webhook` never panics and agrees with `verify_signature`: `Ok`
//!   exactly when some header verifies (HMAC scheme); otherwise
//!   `KYC_EMPTY` for no secrets, `KYC_SIGNATURE_MISSING` when every header
//!   is blank, else `KYC_SIGNATURE_MISMATCH` or `KYC_BODY_NOT_RAW`; and no
//!   error message contains a secret.
#![no_main]

use arbitrary::Arbitrary;
use kyc_sign::{hmac_signature, legacy_signature};
use kyc_sign::{verify_signature, verify_webhook};
use kyc_sign::{ErrorCode, VeriffScheme};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    message: &'a [u8],
    secret: &'a [u8],
    /// Other secrets of the rotation list; the signing secret goes in at `slot`.
    others: Vec<&'a [u8]>,
    slot: u8,
    legacy: bool,
    /// A hostile header value, checked against the oracle.
    signature: &'a str,
    /// Edits applied to the right signature, checked against the oracle.
    edits: Vec<Edit<'a>>,
    /// Single-character mutation of the right signature.
    position: u8,
    replacement: char,
    /// Webhook headers; the right HMAC signature is added at `signed_at` when set.
    headers: Vec<&'a str>,
    signed_at: Option<u8>,
}

#[derive(Arbitrary, Debug)]
enum Edit<'a> {
    Replace(u8, char),
    Insert(u8, char),
    Remove(u8),
    Upper(u8),
    Truncate(u8),
    Wrap(&'a str, &'a str),
}

fn sign(scheme: VeriffScheme, message: &[u8], secret: &[u8]) -> String {
    match scheme {
        VeriffScheme::Hmac => hmac_signature(secret, message),
        VeriffScheme::Legacy => legacy_signature(message, secret),
    }
}

/// What `verify_signature` must answer, written plainly.
fn oracle(message: &[u8], header: &str, secrets: &[&[u8]], scheme: VeriffScheme) -> bool {
    let header = header.trim_matches([' ', '\t']);
    header.len() == 64 && secrets.iter().any(|s| header.eq_ignore_ascii_case(&sign(scheme, message, s)))
}

/// Index of the `n`th character (mod the count, or the end for an empty string).
fn char_index(s: &str, n: u8) -> usize {
    let count = s.chars().count();
    if count == 0 {
        return 0;
    }
    s.char_indices().nth(usize::from(n) % count).map_or(s.len(), |(i, _)| i)
}

fn apply(s: &mut String, edit: &Edit<'_>) {
    match *edit {
        Edit::Replace(at, c) => {
            let i = char_index(s, at);
            if let Some(old) = s[i..].chars().next() {
                s.replace_range(i..i + old.len_utf8(), c.encode_utf8(&mut [0; 4]));
            }
        }
        Edit::Insert(at, c) => {
            let i = char_index(s, at);
            s.insert(i, c);
        }
        Edit::Remove(at) => {
            let i = char_index(s, at);
            if i < s.len() {
                s.remove(i);
            }
        }
        Edit::Upper(at) => {
            let i = char_index(s, at);
            if let Some(old) = s[i..].chars().next() {
                let upper = old.to_ascii_uppercase();
                s.replace_range(i..i + old.len_utf8(), upper.encode_utf8(&mut [0; 4]));
            }
        }
        Edit::Truncate(at) => {
            let i = char_index(s, at);
            s.truncate(i);
        }
        Edit::Wrap(before, after) => {
            *s = format!("{before}{s}{after}");
        }
    }
}

fuzz_target!(|input: Input<'_>| {
    let scheme = if input.legacy { VeriffScheme::Legacy } else { VeriffScheme::Hmac };
    let other_scheme = if input.legacy { VeriffScheme::Hmac } else { VeriffScheme::Legacy };
    let message = input.message;
    let mut secrets: Vec<&[u8]> = input.others.clone();
    secrets.insert(usize::from(input.slot) % (secrets.len() + 1), input.secret);
    let only: &[&[u8]] = &[input.secret];
    let none: &[&[u8]] = &[];

    // Hostile header: never panics, agrees with the oracle.
    for list in [&secrets[..], only, none] {
        assert_eq!(
            verify_signature(message, input.signature, list, scheme),
            oracle(message, input.signature, list, scheme),
            "header {:?}",
            input.signature
        );
    }

    // The right signature verifies, in any case, with HTTP whitespace, anywhere in the rotation.
    let good = sign(scheme, message, input.secret);
    assert_eq!(good.len(), 64);
    assert!(good.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)), "{good}");
    for header in [good.clone(), good.to_uppercase(), format!(" \t{good} "), format!("{}\t", good.to_uppercase())] {
        assert!(verify_signature(message, &header, &secrets, scheme), "{header:?}");
        assert!(verify_signature(message, &header, only, scheme), "{header:?}");
    }
    assert!(!verify_signature(message, &good, none, scheme), "an empty secret list verified");

    // The other scheme's signature is not this scheme's.
    let other = sign(other_scheme, message, input.secret);
    assert!(!verify_signature(message, &other, only, scheme), "{other_scheme:?} tag passed as {scheme:?}");

    // Single-character changes.
    let i = usize::from(input.position) % good.len();
    let original = char::from(good.as_bytes()[i]);
    let mut replaced = good.clone();
    replaced.replace_range(i..=i, input.replacement.encode_utf8(&mut [0; 4]));
    assert_eq!(
        verify_signature(message, &replaced, only, scheme),
        input.replacement.eq_ignore_ascii_case(&original),
        "signature with character {i} replaced by {:?}: {replaced:?}",
        input.replacement
    );
    // A different digit, always.
    let mut flipped = good.clone().into_bytes();
    flipped[i] = if flipped[i] == b'0' { b'1' } else { b'0' };
    let flipped = String::from_utf8(flipped).unwrap_or_default();
    assert!(!verify_signature(message, &flipped, only, scheme), "flipped {i}: {flipped:?}");
    let mut appended = good.clone();
    appended.push(input.replacement);
    let mut inserted = good.clone();
    inserted.insert(i, input.replacement);
    let mut removed = good.clone();
    removed.remove(i);
    for header in [appended, inserted, removed] {
        // Spaces and tabs at either end are HTTP whitespace, legitimately ignored.
        let whitespace_only_change = header.trim_matches([' ', '\t']) == good;
        assert_eq!(verify_signature(message, &header, only, scheme), whitespace_only_change, "{header:?}");
    }
    for cut in [0, 1, 32, 63] {
        assert!(!verify_signature(message, &good[..cut], only, scheme), "truncated to {cut}");
    }
    assert!(!verify_signature(message, &format!("sha256={good}"), only, scheme));

    // A chain of edits: exactly the oracle's answer.
    let mut edited = good.clone();
    for edit in &input.edits {
        apply(&mut edited, edit);
    }
    assert_eq!(
        verify_signature(message, &edited, &secrets, scheme),
        oracle(message, &edited, &secrets, scheme),
        "edited signature {edited:?} after {:?}",
        input.edits
    );

    // A fixed secret the fuzzer never chooses never shows in any message.
    const CANARY: &str = "kyc-fuzz-canary-secret-9f3c1e";
    if let Err(e) = verify_webhook(message, &input.headers, &[CANARY]) {
        assert!(!format!("{e} {e:?}").contains(CANARY), "error message holds the secret: {e:?}");
    }

    // Webhooks: agree with verify_signature (HMAC scheme).
    let hmac = hmac_signature(input.secret, message);
    let mut headers: Vec<&str> = input.headers.clone();
    if let Some(at) = input.signed_at {
        headers.insert(usize::from(at) % (headers.len() + 1), &hmac);
    }
    for list in [&secrets[..], none] {
        let result = verify_webhook(message, &headers, list);
        let any_verifies = headers.iter().any(|h| verify_signature(message, h, list, VeriffScheme::Hmac));
        match &result {
            Ok(()) => assert!(any_verifies, "webhook accepted but no header verifies: {headers:?}"),
            Err(e) => {
                assert!(!any_verifies, "webhook refused ({e:?}) though a header verifies: {headers:?}");
                let want: &[ErrorCode] = if list.is_empty() {
                    &[ErrorCode::Empty]
                } else if headers.iter().all(|h| h.trim().is_empty()) {
                    &[ErrorCode::SignatureMissing]
                } else {
                    &[ErrorCode::SignatureMismatch, ErrorCode::BodyNotRaw]
                };
                assert!(want.contains(&e.code()), "webhook error {e:?}, wanted one of {want:?}");
                assert!(e.code().as_str().starts_with("KYC_"));
                // No secret in the message: a secret found in it must also be
                // found in the message for as many stand-in secrets (that is,
                // be part of the fixed wording, which the fuzzer can learn).
                let text = format!("{e} {e:?}");
                let stand_ins: Vec<Vec<u8>> =
                    (0..list.len()).map(|i| format!("\u{1}stand-in secret {i}\u{1}").into_bytes()).collect();
                let baseline = match verify_webhook(message, &headers, &stand_ins) {
                    Ok(()) => String::new(),
                    Err(e) => format!("{e} {e:?}"),
                };
                for secret in list {
                    if let Ok(secret) = std::str::from_utf8(secret) {
                        if secret.len() >= 8 {
                            assert!(
                                !text.contains(secret) || baseline.contains(secret),
                                "error message holds the secret {secret:?}: {text}"
                            );
                        }
                    }
                }
            }
        }
        if input.signed_at.is_some() && !list.is_empty() {
            assert_eq!(result, Ok(()), "webhook with the right signature among {headers:?}");
        }
    }
});
