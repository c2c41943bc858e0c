//! RFC 4231 and Project Wycheproof HMAC-SHA256 vectors, read from
//! `../shared/vectors` beside the repository. Skipped, saying so, when absent.

use std::path::PathBuf;

use kyc_sign::{verify_signature, HmacKey, VeriffScheme};
use serde_json::Value;

fn vectors_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED: {} is absent, so the RFC 4231 and Wycheproof vectors were not run", dir.display());
        None
    }
}

fn read_json(path: PathBuf) -> Value {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

fn hex(s: &Value) -> Vec<u8> {
    let s = s.as_str().unwrap();
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
}

#[test]
fn rfc4231_cases_1_to_7() {
    let Some(dir) = vectors_dir() else { return };
    let doc = read_json(dir.join("rfc4231_hmac_sha256.json"));
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 7);
    for case in cases {
        let key = HmacKey::new(&hex(&case["key"]));
        let expected = case["hmacSha256"].as_str().unwrap();
        let tag = key.sign(&hex(&case["data"]));
        match case["truncatedToBits"].as_u64() {
            // Case 5 lists only a 128-bit prefix: compare that, and make sure a
            // verifier that needs the full tag refuses the truncated one.
            Some(bits) => {
                assert_eq!(&tag[..bits as usize / 4], expected, "case {}", case["case"]);
                assert!(!key.verify(&hex(&case["data"]), expected));
                assert!(!verify_signature(&hex(&case["data"]), expected, &[hex(&case["key"])], VeriffScheme::Hmac));
            }
            None => {
                assert_eq!(tag, expected, "case {}", case["case"]);
                assert!(key.verify(&hex(&case["data"]), expected));
                assert!(verify_signature(&hex(&case["data"]), expected, &[hex(&case["key"])], VeriffScheme::Hmac));
            }
        }
    }
}

#[test]
fn wycheproof_hmac_sha256() {
    let Some(dir) = vectors_dir() else { return };
    let doc = read_json(dir.join("wycheproof/hmac_sha256_test.json"));
    let (mut valid, mut invalid) = (0, 0);
    for group in doc["testGroups"].as_array().unwrap() {
        let tag_bits = group["tagSize"].as_u64().unwrap() as usize;
        for test in group["tests"].as_array().unwrap() {
            let id = &test["tcId"];
            let key = HmacKey::new(&hex(&test["key"]));
            let msg = hex(&test["msg"]);
            let tag_hex = test["tag"].as_str().unwrap();
            let computed = key.sign(&msg);
            let accepted = key.verify(&msg, tag_hex);
            // The rotation-aware verifier must agree with the single-key one.
            let rotated = [b"not the key".to_vec(), hex(&test["key"])];
            assert_eq!(verify_signature(&msg, tag_hex, &rotated, VeriffScheme::Hmac), accepted, "tcId {id}");
            match test["result"].as_str().unwrap() {
                "valid" => {
                    valid += 1;
                    assert_eq!(&computed[..tag_bits / 4], tag_hex, "tcId {id}");
                    // Only full-length tags verify: a truncated tag is never accepted.
                    assert_eq!(accepted, tag_bits == 256, "tcId {id}");
                }
                _ => {
                    invalid += 1;
                    assert!(!accepted, "tcId {id} must be rejected");
                }
            }
        }
    }
    assert_eq!(valid + invalid, doc["numberOfTests"].as_u64().unwrap() as usize);
    eprintln!("wycheproof: {valid} valid cases computed, {invalid} invalid cases rejected");
}
