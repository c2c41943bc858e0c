//! Sumsub request signing through the public Rust API: the string to sign
//! of Sumsub's documentation ("Authentication"), which publishes no secret
//! or signature, so the expected value is HMAC-SHA256 of that exact string.

use kyc_sign::mac::hmac_signature;
use kyc_sign::{Provider, Signer};

#[test]
fn signs_the_documented_string() {
    let url = "https://api.sumsub.com/resources/accessTokens?userId=cfd20712-24a2-4c7d-9ab0-146f3c142335\
               &levelName=basic-kyc-level&ttlInSecs=600";
    let provider: Provider = "sumsub".parse().unwrap();
    let signer = Signer::new(provider, "app-token", b"secret-key").unwrap();
    let signed = signer.sign_at("post", url, None, None, Some(1_607_551_635_000.0)).unwrap();
    let expected = hmac_signature(
        b"secret-key",
        b"1607551635POST/resources/accessTokens?userId=cfd20712-24a2-4c7d-9ab0-146f3c142335\
          &levelName=basic-kyc-level&ttlInSecs=600",
    );
    assert_eq!(signed.get("X-App-Access-Sig"), Some(expected.as_str()));
    assert_eq!(signed.get("X-App-Access-Ts"), Some("1607551635"));
    assert_eq!(signed.get("X-App-Token"), Some("app-token"));
    assert_eq!(signed.get("Content-Type"), None, "no body, no Content-Type");
}

#[test]
fn an_empty_trailing_query_is_refused() {
    let provider: Provider = "sumsub".parse().unwrap();
    let signer = Signer::new(provider, "app-token", b"secret-key").unwrap();
    let err = signer.sign_at("GET", "https://api.sumsub.com/resources/x?", None, None, Some(0.0)).unwrap_err();
    assert_eq!(err.code(), kyc_sign::ErrorCode::InvalidUrl);
}
