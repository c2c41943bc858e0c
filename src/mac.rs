//! The MACs and hashes every provider's signature is made of: HMAC-SHA256
//! with a reusable keyed state, SHA-256, lowercase hex, and constant-time
//! decoding and comparison of received tags.
//!
//! Everything here takes bytes: strings are hashed as their UTF-8 bytes, as given.

use core::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256, Sha512};
use subtle::ConstantTimeEq;

/// Length of a SHA-256 digest and of a full HMAC-SHA256 tag, in bytes.
pub const TAG_LEN: usize = 32;

/// Length of a tag written as hex.
pub const TAG_HEX_LEN: usize = TAG_LEN * 2;

type HmacSha256 = Hmac<Sha256>;

/// SHA-256 of `first` followed by `second`, fed to the hash in turn so no
/// buffer ever holds the two joined (the second is often a secret).
pub fn sha256_concat(first: &[u8], second: &[u8]) -> [u8; TAG_LEN] {
    Sha256::new().chain_update(first).chain_update(second).finalize().into()
}

/// Lowercase hex HMAC-SHA256(secret, message): Veriff `X-HMAC-SIGNATURE`, and
/// FaceVerify's signature when `message` is its canonical string.
pub fn hmac_signature(secret: &[u8], message: &[u8]) -> String {
    HmacKey::new(secret).sign(message)
}

/// An HMAC-SHA256 key with its inner and outer pads already absorbed.
///
/// Keying costs two SHA-256 compressions; signing a 260-byte Veriff body costs
/// six more. Keep one `HmacKey` per secret and reuse it to skip the keying.
#[derive(Clone)]
pub struct HmacKey {
    keyed: HmacSha256,
}

impl HmacKey {
    /// Keys HMAC-SHA256 with `secret`; any length is accepted (longer than a
    /// block is hashed first, as RFC 2104 says).
    pub fn new(secret: &[u8]) -> Self {
        // `new_from_slice` only fails for MACs with fixed key sizes; HMAC takes any.
        let keyed = match HmacSha256::new_from_slice(secret) {
            Ok(mac) => mac,
            Err(_) => HmacSha256::new(&Default::default()),
        };
        HmacKey { keyed }
    }

    /// The raw 32-byte tag of `message`.
    pub fn tag(&self, message: &[u8]) -> [u8; TAG_LEN] {
        self.tag_pieces(&[message])
    }

    /// The tag of the concatenation of `pieces`, without building it.
    pub fn tag_pieces(&self, pieces: &[&[u8]]) -> [u8; TAG_LEN] {
        let mut mac = self.keyed.clone();
        for piece in pieces {
            mac.update(piece);
        }
        mac.finalize().into_bytes().into()
    }

    /// The tag of `message` in lowercase hex.
    pub fn sign(&self, message: &[u8]) -> String {
        tag_hex(&self.tag(message)).iter().copied().map(char::from).collect()
    }

    /// [`HmacKey::sign`] of the concatenation of `pieces`, without building it.
    pub fn sign_pieces(&self, pieces: &[&[u8]]) -> String {
        hex_lower(&self.tag_pieces(pieces))
    }

    /// Whether `signature_hex` is the full tag of `message`, in upper- or
    /// lower-case hex. Compares in constant time; anything that is not exactly
    /// 64 hex digits is `false` (truncated tags are never accepted).
    pub fn verify(&self, message: &[u8], signature_hex: &str) -> bool {
        let Some(provided) = decode_tag_hex(signature_hex) else {
            return false;
        };
        tags_equal(&self.tag(message), &provided)
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey([redacted])")
    }
}

/// How much stack [`scrub_stack`] overwrites: more than the deepest keying
/// call chain uses (about 1.5 KiB in the wasm build, measured).
const STACK_SCRUB_BYTES: usize = 4096;

/// Overwrites the stack below the caller's frame with zeros.
///
/// Keying HMAC copies the secret into stack temporaries that outlive the call
/// (in wasm, the stack is ordinary linear memory that JS can read). Call this
/// after a secret-handling call returns, from the frame that called it.
#[inline(never)]
pub fn scrub_stack() {
    let area = [0u8; STACK_SCRUB_BYTES];
    core::hint::black_box(&area);
}

/// Constant-time equality of two full tags.
pub fn tags_equal(a: &[u8; TAG_LEN], b: &[u8; TAG_LEN]) -> bool {
    a.ct_eq(b).into()
}

/// Decodes exactly 64 hex digits (either case) into a tag; `None` otherwise.
///
/// base16ct decodes without branching on the digits, so a rejected header
/// says nothing about the expected tag through timing.
pub fn decode_tag_hex(hex: &str) -> Option<[u8; TAG_LEN]> {
    let mut tag = [0u8; TAG_LEN];
    match base16ct::mixed::decode(hex.as_bytes(), &mut tag) {
        Ok(decoded) if decoded.len() == TAG_LEN => Some(tag),
        _ => None,
    }
}

/// Lowercase hex of `bytes`.
pub fn hex_lower(bytes: &[u8]) -> String {
    let mut out = vec![0u8; bytes.len() * 2];
    match base16ct::lower::encode_str(bytes, &mut out) {
        Ok(hex) => hex.to_owned(),
        Err(_) => String::new(), // the buffer is exactly twice the input: unreachable
    }
}

/// A tag's 64 lowercase hex digits, as bytes (no allocation).
pub fn tag_hex(tag: &[u8; TAG_LEN]) -> [u8; TAG_HEX_LEN] {
    let mut out = [0u8; TAG_HEX_LEN];
    // The buffer is exactly twice the tag: encoding cannot fail.
    let _ = base16ct::lower::encode(tag, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_concat_hashes_the_two_joined() {
        // From `printf '%s' '{"a":1}secret' | sha256sum`.
        assert_eq!(
            hex_lower(&sha256_concat(br#"{"a":1}"#, b"secret")),
            "95c28504456d6b33d318930a54f904d648bc8aa88448003ecc99a03838c99c5d"
        );
    }

    #[test]
    fn hmac_of_the_empty_key_and_message() {
        // RFC-independent anchor, from `python3 -c "import hmac,hashlib;print(hmac.new(b'',b'',hashlib.sha256).hexdigest())"`.
        assert_eq!(hmac_signature(b"", b""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    }

    #[test]
    fn verify_accepts_either_case_and_rejects_everything_else() {
        let key = HmacKey::new(b"key");
        let tag = key.sign(b"message");
        assert!(key.verify(b"message", &tag));
        assert!(key.verify(b"message", &tag.to_uppercase()));
        assert!(!key.verify(b"messagE", &tag));
        assert!(!key.verify(b"message", &tag[..32]));
        assert!(!key.verify(b"message", &format!("{tag}0")));
        assert!(!key.verify(b"message", &format!(" {}", &tag[1..])));
        assert!(!key.verify(b"message", &tag.replace(|c: char| c.is_ascii_digit(), "g")));
    }

    #[test]
    fn hex_round_trips_every_byte() {
        let all: Vec<u8> = (0..=255u8).collect();
        for chunk in all.chunks(TAG_LEN) {
            let mut tag = [0u8; TAG_LEN];
            tag.copy_from_slice(chunk);
            assert_eq!(decode_tag_hex(&hex_lower(&tag)), Some(tag));
            assert_eq!(decode_tag_hex(&hex_lower(&tag).to_uppercase()), Some(tag));
        }
    }

    #[test]
    fn only_64_hex_digits_decode() {
        let tag = [0xabu8; TAG_LEN];
        assert_eq!(decode_tag_hex(&"aB".repeat(TAG_LEN)), Some(tag));
        for bad in [
            "ab".repeat(TAG_LEN - 1),
            "ab".repeat(TAG_LEN + 1),
            format!("{}g", "a".repeat(63)),
            format!(" {}", "a".repeat(63)),
        ] {
            assert_eq!(decode_tag_hex(&bad), None, "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_the_key() {
        assert_eq!(format!("{:?}", HmacKey::new(b"hunter2")), "HmacKey([redacted])");
    }
}

/// The hash of an HMAC other than the SHA-256 every scheme defaults to:
/// Sumsub's webhooks name SHA-1, SHA-256 or SHA-512 in a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MacHash {
    /// HMAC-SHA1 (20-byte tags).
    Sha1,
    /// HMAC-SHA256 (32-byte tags).
    Sha256,
    /// HMAC-SHA512 (64-byte tags).
    Sha512,
}

impl MacHash {
    /// The length of this HMAC's tag in bytes.
    pub fn tag_len(self) -> usize {
        match self {
            MacHash::Sha1 => 20,
            MacHash::Sha256 => TAG_LEN,
            MacHash::Sha512 => 64,
        }
    }

    /// The HMAC of `message` keyed with `secret`.
    pub fn tag(self, secret: &[u8], message: &[u8]) -> Vec<u8> {
        fn tag_with<M: Mac + KeyInit>(secret: &[u8], message: &[u8]) -> Vec<u8> {
            // HMAC takes keys of any length: new_from_slice does not fail for it.
            match <M as KeyInit>::new_from_slice(secret) {
                Ok(mac) => mac.chain_update(message).finalize().into_bytes().to_vec(),
                Err(_) => Vec::new(),
            }
        }
        match self {
            MacHash::Sha1 => tag_with::<Hmac<sha1::Sha1>>(secret, message),
            MacHash::Sha256 => HmacKey::new(secret).tag(message).to_vec(),
            MacHash::Sha512 => tag_with::<Hmac<Sha512>>(secret, message),
        }
    }
}

/// Decodes exactly `len` bytes of hex (either case); `None` otherwise.
pub fn decode_hex(hex: &str, len: usize) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; len];
    match base16ct::mixed::decode(hex.as_bytes(), &mut bytes) {
        Ok(decoded) if decoded.len() == len => Some(bytes),
        _ => None,
    }
}
