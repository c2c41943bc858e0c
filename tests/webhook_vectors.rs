//! Every case of `tests/vectors/webhooks.json` through the core: the
//! official vectors of Onfido, Standard Webhooks and ComplyCube, and cases
//! computed from the other providers' documented recipes.

use kyc_sign::providers::verify_webhook;
use kyc_sign::webhook::WebhookOptions;
use kyc_sign::Provider;

#[test]
fn every_webhook_vector() {
    let path = format!("{}/tests/vectors/webhooks.json", env!("CARGO_MANIFEST_DIR"));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 46);
    let mut failures = Vec::new();
    for case in cases {
        let provider: Provider = case["provider"].as_str().unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = case["headers"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
            .collect();
        let options = WebhookOptions { now_ms: case["now"].as_f64().map(|s| s * 1000.0), ..WebhookOptions::default() };
        let secret = case["secret"].as_str().unwrap().as_bytes();
        let outcome =
            verify_webhook(provider, case["body"].as_str().unwrap().as_bytes(), &headers, &[secret], &options, &|| 0.0);
        let valid = case["expected"] == "valid";
        if outcome.is_ok() != valid {
            failures.push(format!("{}: expected {}, got {outcome:?}", case["name"], case["expected"]));
        }
    }
    assert!(failures.is_empty(), "{} of {}:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
