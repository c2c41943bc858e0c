//! Standard Webhooks (standardwebhooks.com, used by Svix and others):
//! `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64>
//! [v1,<base64> …]`, the base64 HMAC-SHA256 of `id.timestamp.body` keyed
//! with the base64 decoding of the secret after `whsec_`. The timestamp must
//! be within the tolerance (300 s by default) either way, as the reference
//! libraries check it.

use base64ct::{Base64, Encoding};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::dates::unix_seconds;
use crate::error::{Error, ErrorCode, Result};
use crate::host::Host;
use crate::mac::{HmacKey, TAG_LEN};
use crate::providers::Scheme;
use crate::webhook::{check_timestamp_window, one_header, secret_path, tolerance, HeaderLookup, WebhookOptions};

/// Standard Webhooks, as registered in [`crate::providers`].
pub struct StandardWebhooks;

/// The HMAC key of a `whsec_…` secret: the base64 after the prefix. A key
/// that decodes to nothing or to zero bytes only (`whsec_` + an unset
/// variable) is refused: HMAC pads a key with zeros, so it is the empty key,
/// one anyone can sign with. The decoded key is the secret itself: it is
/// wiped when dropped, as every other copy of a secret is.
fn key(secret: &[u8], path: &str) -> Result<Zeroizing<Vec<u8>>> {
    let text = core::str::from_utf8(secret).ok();
    let encoded = text.map(|t| t.strip_prefix("whsec_").unwrap_or(t));
    let key = encoded.and_then(|e| Base64::decode_vec(e).ok()).map(Zeroizing::new).ok_or_else(|| {
        Error::new(ErrorCode::InvalidValue, path, "is not a Standard Webhooks secret: whsec_ followed by base64")
    })?;
    if key.iter().all(|&b| b == 0) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            path,
            "holds no key after whsec_ (empty, or zero bytes only): is the variable set?",
        ));
    }
    Ok(key)
}

fn signed_content<'a>(id: &'a str, timestamp: &'a str, body: &'a [u8]) -> [&'a [u8]; 5] {
    [id.as_bytes(), b".", timestamp.as_bytes(), b".", body]
}

impl Scheme for StandardWebhooks {
    fn name(&self) -> &'static str {
        "standard-webhooks"
    }

    fn title(&self) -> &'static str {
        "Standard Webhooks"
    }

    fn verify_webhook(
        &self,
        body: &[u8],
        headers: &dyn HeaderLookup,
        secrets: &[&[u8]],
        options: &WebhookOptions<'_>,
        host: &dyn Host,
    ) -> Result<()> {
        options.refuse_others(self.title(), &["now", "tolerance"])?;
        let tolerance_s = tolerance(options)?;
        let keys = secrets
            .iter()
            .enumerate()
            .map(|(i, secret)| key(secret, &secret_path(i, secrets.len())))
            .collect::<Result<Vec<_>>>()?;
        let (Some(id), Some(timestamp), Some(signature)) = (
            one_header(headers, "webhook-id")?,
            one_header(headers, "webhook-timestamp")?,
            one_header(headers, "webhook-signature")?,
        ) else {
            let message = "a Standard Webhooks message needs webhook-id, webhook-timestamp and webhook-signature";
            return Err(Error::new(ErrorCode::SignatureMissing, "headers", message));
        };
        let provided: Vec<[u8; TAG_LEN]> = signature
            .split(' ')
            .filter_map(|entry| entry.strip_prefix("v1,"))
            .filter_map(|b64| Base64::decode_vec(b64).ok())
            .filter_map(|tag| <[u8; TAG_LEN]>::try_from(tag).ok())
            .collect();
        if !signature.split(' ').any(|entry| entry.starts_with("v1,")) {
            return Err(Error::new(ErrorCode::SignatureMissing, "headers", "webhook-signature holds no v1 signature"));
        }
        let timestamp_s: i64 = timestamp.parse().map_err(|_| {
            Error::new(
                ErrorCode::SignatureMismatch,
                "headers",
                "webhook-timestamp is not whole seconds since the epoch",
            )
        })?;
        let mut matched = Choice::from(0);
        for key in &keys {
            let tag = HmacKey::new(key).tag_pieces(&signed_content(&id, &timestamp, body));
            for candidate in &provided {
                matched |= tag.ct_eq(candidate);
            }
        }
        if !bool::from(matched) {
            return Err(Error::new(
                ErrorCode::SignatureMismatch,
                "body",
                format!(
                    "no v1 signature matched id.timestamp.body with any of the {} secret(s). Are you passing the raw \
                     request body you received, and the headers as sent?",
                    keys.len()
                ),
            ));
        }
        check_timestamp_window(timestamp_s, options.now_ms.unwrap_or_else(|| host.now_ms()), tolerance_s, true)
    }

    fn sign_webhook(
        &self,
        body: &[u8],
        secret: &[u8],
        options: &WebhookOptions<'_>,
        host: &dyn Host,
    ) -> Result<Vec<(&'static str, String)>> {
        options.refuse_others(self.title(), &["now", "id"])?;
        let key = key(secret, "secret")?;
        let timestamp = unix_seconds(options.now_ms.unwrap_or_else(|| host.now_ms()))?;
        // Without an id, one derived from the body: the same message gets the same id.
        let id = match options.id {
            Some(id) => {
                // Sent as a header value: not empty, ASCII, no control character.
                crate::request::check_header_value("id", id)?;
                id.to_owned()
            }
            None => {
                let digest = crate::mac::hex_lower(&crate::mac::sha256_concat(body, b""));
                format!("msg_{}", digest.get(..24).unwrap_or(&digest))
            }
        };
        let tag = HmacKey::new(&key).tag_pieces(&signed_content(&id, &timestamp, body));
        Ok(vec![
            ("webhook-id", id),
            ("webhook-timestamp", timestamp),
            ("webhook-signature", format!("v1,{}", Base64::encode_string(&tag))),
        ])
    }
}
