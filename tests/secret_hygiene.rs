//! No error message and no `Debug` output may contain a secret. This drives
//! every failure the signing and verification paths can report, with
//! distinctive secrets, and scans everything they print.

use kyc_sign::UrlMode;
use kyc_sign::{sign_request, verify_webhook, HmacKey, Provider, RequestParts, Signer, VeriffScheme};

const SECRETS: [&str; 3] = ["sk_live_Z9x8C7v6B5n4M3", "пароль-секрет-42", "s3cr"];

fn parts<'a>(provider: Provider, method: &'a str, url: &'a str, api_key: &'a str) -> RequestParts<'a> {
    RequestParts {
        provider,
        method,
        url,
        body: b"{}",
        api_key,
        content_type: "application/json",
        scheme: VeriffScheme::Hmac,
        url_mode: UrlMode::Whatwg,
    }
}

/// Everything these calls print: errors' Display and Debug, and the Debug of
/// every value that holds key material.
fn printed_by_failures(secret: &str) -> Vec<String> {
    let mut printed = Vec::new();
    let key = secret.as_bytes();
    let bad_requests = [
        parts(Provider::VERIFF, "GET", "https://api.veriff.me/v1/sessions", "key"),
        parts(Provider::VERIFF, "PO ST", "https://api.veriff.me/v1/sessions", "key"),
        parts(Provider::VERIFF, "POST", "not a url", "key"),
        parts(Provider::VERIFF, "POST", "https://api.veriff.me/v1/sessions", "key\n"),
        parts(Provider::FACEVERIFY, "POST", "https://h/?q=x y", "ключ"),
        parts(Provider::FACEVERIFY, "POST", "/relative", "key"),
    ];
    for request in &bad_requests {
        if let Err(e) = sign_request(request, key) {
            printed.push(e.to_string());
            printed.push(format!("{e:?}"));
        }
        printed.push(format!("{request:?}"));
    }
    let padded = format!(" {secret}\n");
    for bad_secret in [padded.as_bytes(), b""] {
        if let Err(e) = Signer::new(Provider::VERIFF, "key", bad_secret) {
            printed.push(e.to_string());
            printed.push(format!("{e:?}"));
        }
    }
    let signer = Signer::new(Provider::VERIFF, "key", key).unwrap();
    printed.push(format!("{signer:?}"));
    printed.push(format!("{:?}", HmacKey::new(key)));
    let signed = signer.sign("POST", "https://api.veriff.me/v1/sessions", b"{}", "application/json").unwrap();
    printed.push(format!("{signed:?}"));
    for (body, signature) in [(&b"{}"[..], "0".repeat(64)), (b"", String::new()), (b"[object Object]", "zz".into())] {
        if let Err(e) = verify_webhook(body, &[&signature], &[key, b"second-secret-value"]) {
            printed.push(e.to_string());
            printed.push(format!("{e:?}"));
        }
    }
    printed
}

#[test]
fn no_printed_output_contains_a_secret() {
    for secret in SECRETS {
        let printed = printed_by_failures(secret);
        assert!(printed.len() >= 15, "the scan must see the failures it is about ({} lines)", printed.len());
        for line in &printed {
            assert!(!line.contains(secret), "secret {secret:?} printed in: {line}");
            // Nor as the bytes Debug would show for a byte slice.
            assert!(!line.contains(&format!("{:?}", secret.as_bytes())), "secret bytes printed in: {line}");
        }
    }
}

/// A secret pasted into an option that takes one of a few values (the
/// provider, the scheme, the URL mode, Sumsub's algorithm, the method) is
/// described by its length, not echoed; a short value or a near miss is
/// still quoted, since that is what finds the typo.
#[test]
fn a_secret_given_as_a_choice_is_not_echoed() {
    use kyc_sign::webhook::WebhookOptions;
    let secret = "sk_live_Z9x8C7v6B5n4M3";
    let mut printed = Vec::new();
    printed.push(secret.parse::<Provider>().unwrap_err().to_string());
    printed.push(secret.parse::<VeriffScheme>().unwrap_err().to_string());
    printed.push(secret.parse::<UrlMode>().unwrap_err().to_string());
    let sumsub: Provider = "sumsub".parse().unwrap();
    let options = WebhookOptions { algorithm: Some(secret), ..Default::default() };
    printed.push(kyc_sign::providers::sign_webhook(sumsub, b"{}", b"k", &options, &|| 0.0).unwrap_err().to_string());
    let method = format!("{secret} x");
    printed.push(
        sign_request(&parts(Provider::VERIFF, &method, "https://api.veriff.me/v1/sessions", "key"), b"k")
            .unwrap_err()
            .to_string(),
    );
    for line in &printed {
        assert!(!line.contains(secret) && line.contains("a string of"), "{line}");
    }
    for (typo, shown) in [("verif", "\"verif\""), ("standard_webhooks", "\"standard_webhooks\"")] {
        let message = typo.parse::<Provider>().unwrap_err().to_string();
        assert!(message.contains(shown), "{message}");
    }
    assert!("HMAC".parse::<VeriffScheme>().unwrap_err().to_string().contains("\"HMAC\""));
}
