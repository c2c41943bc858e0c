//! Hex decoding of received tags.
//!
//! Properties:
//! - `decode_tag_hex(s)` is `Some` exactly when `s` is 64 ASCII hex digits,
//!   and then holds the bytes an independent decoder reads, and
//!   `hex_lower` of it is `s.to_lowercase()`;
//! - `parse_signature_header(s)` is `decode_tag_hex` of `s` less surrounding
//!   spaces and tabs;
//! - `hex_lower` of any bytes is two lower-case digits per byte, and every
//!   32-byte tag round-trips through `hex_lower` (and its upper case) and
//!   `decode_tag_hex`.
#![no_main]

use kyc_sign::mac::{decode_tag_hex, hex_lower};
use kyc_sign::providers::veriff::webhook::parse_signature_header;
use libfuzzer_sys::fuzz_target;

fn check(s: &str) {
    let is_tag_hex = s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit());
    match decode_tag_hex(s) {
        Some(tag) => {
            assert!(is_tag_hex, "decoded something that is not 64 hex digits: {s:?}");
            assert_eq!(hex_lower(&tag), s.to_lowercase(), "{s:?}");
            let independent: Vec<u8> = (0..32)
                .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap_or_else(|e| panic!("{s:?}: {e}")))
                .collect();
            assert_eq!(tag.to_vec(), independent, "{s:?}");
        }
        None => assert!(!is_tag_hex, "refused 64 hex digits: {s:?}"),
    }
    assert_eq!(parse_signature_header(s), decode_tag_hex(s.trim_matches([' ', '\t'])), "{s:?}");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        check(s);
    }
    // Every 64-byte window, read as text: most fuzz inputs have the right
    // length only there.
    if data.len() >= 64 {
        check(&String::from_utf8_lossy(&data[..64]));
        check(&String::from_utf8_lossy(&data[data.len() - 64..]));
    }

    let hex = hex_lower(data);
    assert_eq!(hex.len(), 2 * data.len());
    let manual: String = data.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, manual);
    for chunk in data.chunks_exact(32) {
        let lower = hex_lower(chunk);
        assert_eq!(decode_tag_hex(&lower).map(|t| t.to_vec()), Some(chunk.to_vec()));
        assert_eq!(decode_tag_hex(&lower.to_uppercase()).map(|t| t.to_vec()), Some(chunk.to_vec()));
    }
});
