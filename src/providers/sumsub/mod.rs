//! Sumsub: requests carry `X-App-Token`, `X-App-Access-Ts` (whole seconds)
//! and `X-App-Access-Sig`, the lowercase hex HMAC-SHA256 of the timestamp,
//! the upper-case method, the path and query as sent and the body bytes
//! (Sumsub's API reference, "Authentication"). Webhooks carry
//! `X-Payload-Digest`, the hex HMAC of the raw body with the hash that
//! `X-Payload-Digest-Alg` names, SHA-256 when it is absent (Sumsub's
//! "Webhooks: verify webhook sender").

use std::borrow::Cow;

use subtle::{Choice, ConstantTimeEq};

use crate::dates::unix_seconds;
use crate::error::{Error, ErrorCode, Result};
use crate::host::Host;
use crate::mac::{decode_hex, hex_lower, MacHash};
use crate::providers::Scheme;
use crate::request::{MessageMac, Request, SignedMessage, UnsignedRequest};
use crate::url::sent_request_target;
use crate::webhook::{mismatch, one_header, signature_candidates, HeaderLookup, WebhookOptions};

/// Sumsub, as registered in [`crate::providers`].
pub struct Sumsub;

const DIGEST_HEADER: &str = "x-payload-digest";
const ALGORITHM_HEADER: &str = "x-payload-digest-alg";

/// The algorithms `X-Payload-Digest-Alg` names, as Sumsub spells them.
const ALGORITHMS: [(&str, MacHash); 3] =
    [("HMAC_SHA1_HEX", MacHash::Sha1), ("HMAC_SHA256_HEX", MacHash::Sha256), ("HMAC_SHA512_HEX", MacHash::Sha512)];

/// The hash an algorithm name stands for; `field` names where it was read.
fn algorithm(name: Option<&str>, field: &str) -> Result<(&'static str, MacHash)> {
    let name = name.unwrap_or("HMAC_SHA256_HEX");
    ALGORITHMS.iter().copied().find(|(known, _)| *known == name).ok_or_else(|| {
        Error::new(
            ErrorCode::UnsupportedAlgorithm,
            field,
            format!(
                "{}is {}; Sumsub signs with HMAC_SHA1_HEX, HMAC_SHA256_HEX or HMAC_SHA512_HEX",
                if field == "headers" { "X-Payload-Digest-Alg " } else { "" },
                crate::fields::quote_choice(name, &ALGORITHMS.map(|(known, _)| known))
            ),
        )
    })
}

impl Scheme for Sumsub {
    fn name(&self) -> &'static str {
        "sumsub"
    }

    fn title(&self) -> &'static str {
        "Sumsub"
    }

    fn signs_time(&self) -> bool {
        true
    }

    fn content_type_without_body(&self) -> bool {
        false
    }

    fn sign(&self, request: &Request<'_>, host: &dyn Host) -> Result<Vec<(&'static str, String)>> {
        // The clock is read once: the header and the message carry the same second.
        let now_ms = request.now_ms.unwrap_or_else(|| host.now_ms());
        let message = self.signed_message(&UnsignedRequest { now_ms: Some(now_ms), ..request.unsigned() }, host)?;
        Ok(vec![
            ("X-App-Token", request.api_key.to_owned()),
            ("X-App-Access-Ts", unix_seconds(now_ms)?),
            (message.header, message.signature_with(request.key, request.secret)),
        ])
    }

    fn signed_message<'a>(&self, request: &UnsignedRequest<'a>, host: &dyn Host) -> Result<SignedMessage<'a>> {
        let timestamp = unix_seconds(request.now_ms.unwrap_or_else(|| host.now_ms()))?;
        let target = sent_request_target(request.url, host)?;
        let pieces = vec![
            Cow::Owned(timestamp.into_bytes()),
            Cow::Borrowed(request.method.as_bytes()),
            Cow::Owned(target.into_bytes()),
            Cow::Borrowed(request.body),
        ];
        let label = "the string-to-sign: X-App-Access-Ts + METHOD + path and query as sent + body";
        Ok(SignedMessage::new("X-App-Access-Sig", label, MessageMac::HmacSha256, pieces))
    }

    fn verify_webhook(
        &self,
        body: &[u8],
        headers: &dyn HeaderLookup,
        secrets: &[&[u8]],
        options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<()> {
        options.refuse_others(self.title(), &[])?;
        let (_, hash) = algorithm(one_header(headers, ALGORITHM_HEADER)?.as_deref(), "headers")?;
        let digests = headers.values(DIGEST_HEADER)?;
        if digests.iter().all(|d| d.trim().is_empty()) {
            return Err(Error::new(
                ErrorCode::SignatureMissing,
                "headers",
                "no X-Payload-Digest header: is this request from Sumsub, and does your proxy forward the header?",
            ));
        }
        let provided: Vec<Vec<u8>> = signature_candidates(&digests)
            .filter_map(|d| decode_hex(d.trim_matches([' ', '\t']), hash.tag_len()))
            .collect();
        let mut matched = Choice::from(0);
        for secret in secrets {
            let tag = hash.tag(secret, body);
            for candidate in &provided {
                matched |= tag.as_slice().ct_eq(candidate.as_slice());
            }
        }
        if bool::from(matched) {
            return Ok(());
        }
        Err(mismatch(self.title(), "X-Payload-Digest", body, &digests, secrets.len(), hash.tag_len()))
    }

    fn sign_webhook(
        &self,
        body: &[u8],
        secret: &[u8],
        options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<Vec<(&'static str, String)>> {
        options.refuse_others(self.title(), &["algorithm"])?;
        let (name, hash) = algorithm(options.algorithm, "algorithm")?;
        Ok(vec![(DIGEST_HEADER, hex_lower(&hash.tag(secret, body))), (ALGORITHM_HEADER, name.to_owned())])
    }
}

#[cfg(all(test, feature = "native"))]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_algorithm_is_refused_by_name() {
        let headers = [("X-Payload-Digest", "00"), ("X-Payload-Digest-Alg", "HMAC_MD5_HEX")];
        let err = Sumsub.verify_webhook(b"{}", &headers.to_vec(), &[b"k"], &WebhookOptions::default(), &|| 0.0);
        assert_eq!(err.unwrap_err().code(), ErrorCode::UnsupportedAlgorithm);
    }
}
