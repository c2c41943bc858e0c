//! The providers' documented signatures, and a few computed beside them, read
//! from `tests/vectors/providers.json` and checked with the crate's root API.
//! Every expected value there was recomputed with node:crypto and Python's
//! hmac/hashlib before it was written (see each case's `source`); the
//! JavaScript package runs the same file (tests/js/vectors.test.mjs).

mod common;

use common::{read_vectors, str_field};
use kyc_sign::{canonical_request, hmac_signature, legacy_signature, verify_signature, HmacKey, UrlMode, VeriffScheme};
use serde_json::Value as Json;

/// Cases in `providers.json`; a file that loses or gains cases fails until this changes with it.
const PROVIDER_CASES: usize = 11;

fn is_hex_tag(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Checks one Veriff case; returns what is wrong.
fn veriff_problems(case: &Json) -> Vec<String> {
    let name = str_field(case, "name");
    let (payload, secret, want) = (str_field(case, "payload"), str_field(case, "secret"), str_field(case, "signature"));
    let (scheme, got) = match str_field(case, "scheme") {
        "hmac" => (VeriffScheme::Hmac, hmac_signature(secret.as_bytes(), payload.as_bytes())),
        "legacy" => (VeriffScheme::Legacy, legacy_signature(payload.as_bytes(), secret.as_bytes())),
        other => panic!("{name}: unknown scheme {other:?}"),
    };
    let mut problems = Vec::new();
    if got != want {
        problems.push(format!("{name}: signature {got}, want {want}"));
    }
    if scheme == VeriffScheme::Hmac {
        let key = HmacKey::new(secret.as_bytes());
        if key.sign(payload.as_bytes()) != want {
            problems.push(format!("{name}: HmacKey::sign disagrees"));
        }
        if !key.verify(payload.as_bytes(), want) || !key.verify(payload.as_bytes(), &want.to_uppercase()) {
            problems.push(format!("{name}: HmacKey::verify refuses the vector"));
        }
    }
    // verify_signature accepts it under its scheme, with the secret anywhere in a rotation list ...
    let rotation = [b"an older secret".to_vec(), secret.as_bytes().to_vec()];
    if !verify_signature(payload.as_bytes(), want, &rotation, scheme) {
        problems.push(format!("{name}: verify_signature refuses the vector"));
    }
    // ... and refuses it under the other scheme, with another secret, or for another payload.
    let other_scheme = if scheme == VeriffScheme::Hmac { VeriffScheme::Legacy } else { VeriffScheme::Hmac };
    if verify_signature(payload.as_bytes(), want, &[secret.as_bytes()], other_scheme) {
        problems.push(format!("{name}: verify_signature accepts it under the other scheme"));
    }
    if verify_signature(payload.as_bytes(), want, &[b"not the secret".as_slice()], scheme) {
        problems.push(format!("{name}: verify_signature accepts another secret"));
    }
    if verify_signature(format!("{payload} ").as_bytes(), want, &[secret.as_bytes()], scheme) {
        problems.push(format!("{name}: verify_signature accepts another payload"));
    }
    // The request a case describes signs this payload: its body, or (GET/DELETE) an id in its path.
    if let Some(request) = case.get("request") {
        let url = str_field(request, "url");
        match request.get("body") {
            Some(body) => assert_eq!(body.as_str(), Some(payload), "{name}: the request body is the payload"),
            None => assert!(
                url.contains(&format!("/{payload}/")) || url.ends_with(&format!("/{payload}")),
                "{name}: the id is in the URL"
            ),
        }
        assert!(!str_field(request, "apiKey").is_empty(), "{name}: a request has an apiKey");
        assert!(!str_field(request, "method").is_empty(), "{name}: a request has a method");
    }
    problems
}

/// Checks one FaceVerify case; returns what is wrong.
fn faceverify_problems(case: &Json) -> Vec<String> {
    let name = str_field(case, "name");
    let mode = match str_field(case, "urlMode") {
        "whatwg" => UrlMode::Whatwg,
        "raw" => UrlMode::Raw,
        other => panic!("{name}: unknown urlMode {other:?}"),
    };
    let message = canonical_request(
        str_field(case, "method"),
        str_field(case, "url"),
        str_field(case, "body").as_bytes(),
        str_field(case, "contentType"),
        str_field(case, "apiKey"),
        mode,
    );
    let message = match message {
        Ok(message) => message,
        Err(e) => return vec![format!("{name}: canonical_request refused: {e}")],
    };
    let (secret, want) = (str_field(case, "secret"), str_field(case, "signature"));
    let mut problems = Vec::new();
    let got = hmac_signature(secret.as_bytes(), &message);
    if got != want {
        problems.push(format!("{name}: signature {got}, want {want}"));
    }
    if !HmacKey::new(secret.as_bytes()).verify(&message, want) {
        problems.push(format!("{name}: HmacKey::verify refuses the vector"));
    }
    problems
}

#[test]
fn provider_vectors_sign_as_documented() {
    let vectors = read_vectors("providers.json", PROVIDER_CASES);
    let (mut veriff, mut faceverify) = (0, 0);
    let mut failures = Vec::new();
    for case in vectors.cases() {
        let name = str_field(case, "name");
        assert!(is_hex_tag(str_field(case, "signature")), "{name}: signature must be 64 lowercase hex digits");
        match str_field(case, "provider") {
            "veriff" => {
                veriff += 1;
                failures.extend(veriff_problems(case));
            }
            "faceverify" => {
                faceverify += 1;
                failures.extend(faceverify_problems(case));
            }
            other => panic!("{name}: unknown provider {other:?}"),
        }
    }
    assert!(veriff > 0 && faceverify > 0, "{veriff} Veriff and {faceverify} FaceVerify cases");
    assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
}

/// `tests/vectors/veriff-endpoints.json` and the core's table are the same rows.
#[test]
fn veriff_endpoint_table_matches_the_data_file() {
    use kyc_sign::providers::veriff::endpoints::{Signs, ENDPOINTS};
    let path = format!("{}/tests/vectors/veriff-endpoints.json", env!("CARGO_MANIFEST_DIR"));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let rows: Vec<(String, String, String, bool)> = doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            assert!(c["source"].as_str().is_some_and(|s| !s.is_empty()), "{c}");
            let s = |k: &str| c[k].as_str().unwrap().to_owned();
            (s("method"), s("path"), s("signs"), c["documented"].as_bool().unwrap())
        })
        .collect();
    let table: Vec<(String, String, String, bool)> = ENDPOINTS
        .iter()
        .map(|e| {
            let signs = match e.signs {
                Signs::Body => "body".to_owned(),
                Signs::PathId(name) => name.to_owned(),
            };
            (e.method.to_owned(), e.path.to_owned(), signs, e.documented)
        })
        .collect();
    assert_eq!(rows, table);
    assert_eq!(table.len(), 25);
}

/// The README's table of Veriff endpoints lists the core's rows, in order.
#[test]
fn the_readme_lists_every_veriff_endpoint() {
    use kyc_sign::providers::veriff::endpoints::ENDPOINTS;
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let listed: Vec<(String, String)> = readme
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            match cells.as_slice() {
                ["", method, path, _, _, ""] if method.starts_with('`') && path.starts_with("`/v1/") => {
                    Some((method.trim_matches('`').to_owned(), path.trim_matches('`').to_owned()))
                }
                _ => None,
            }
        })
        .collect();
    let table: Vec<(String, String)> = ENDPOINTS.iter().map(|e| (e.method.to_owned(), e.path.to_owned())).collect();
    assert_eq!(listed, table);
}
