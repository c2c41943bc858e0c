//! FaceVerify canonical-request golden tests, read from `tests/vectors/`:
//!
//! - `faceverify-urls.json`: URLs with the PATH and QUERY each URL mode must
//!   give, produced by the real implementations (Node v20.20.2 `new URL`,
//!   Python 3.11.7 `urlparse`; see the file's and each case's `source`);
//! - `faceverify-canonical.json`: whole canonical strings, from the provider's
//!   own Node and Python samples, and the methods that are refused.
//!
//! The JavaScript package runs the same files (tests/js/vectors.test.mjs).
//! What stays here is what JSON cannot carry (a body that is not UTF-8) and
//! the API checks that are not golden cases.

mod common;

use common::{read_vectors, str_field};
use kyc_sign::{
    canonical_method, canonical_path_and_query, canonical_request, canonical_request_string, ErrorCode, PathAndQuery,
    UrlMode,
};
use serde_json::Value as Json;

/// Cases in `faceverify-urls.json`; a file that loses or gains cases fails until this changes with it.
const URL_CASES: usize = 62;
/// Cases in `faceverify-canonical.json`.
const CANONICAL_CASES: usize = 31;

/// What one mode must produce for a URL.
#[derive(Debug)]
enum Expect {
    /// `(PATH, QUERY)`.
    Ok(String, String),
    /// `KYC_INVALID_URL` about `url`.
    Err,
}

fn url_mode(name: &str) -> UrlMode {
    match name {
        "whatwg" => UrlMode::Whatwg,
        "raw" => UrlMode::Raw,
        other => panic!("unknown urlMode {other:?}"),
    }
}

/// A case's expectation for `mode`: `{"path", "query"}` or `{"error": "KYC_INVALID_URL"}`, nothing else.
fn expectation(case: &Json, mode: &str) -> Expect {
    let name = &case["name"];
    let expect = case[mode].as_object().unwrap_or_else(|| panic!("{name}: {mode:?} must be an object"));
    let mut keys: Vec<&str> = expect.keys().map(String::as_str).collect();
    keys.sort_unstable();
    match keys.as_slice() {
        ["path", "query"] => {
            Expect::Ok(str_field(&case[mode], "path").to_owned(), str_field(&case[mode], "query").to_owned())
        }
        ["error"] => {
            assert_eq!(expect["error"], "KYC_INVALID_URL", "{name}: the only URL error is KYC_INVALID_URL");
            Expect::Err
        }
        _ => panic!("{name}: {mode:?} must hold path and query, or error; it holds {keys:?}"),
    }
}

fn check(case: &Json, mode: UrlMode, expect: &Expect) -> Option<String> {
    let name = str_field(case, "name");
    let got = canonical_path_and_query(str_field(case, "url"), mode);
    match (expect, got) {
        (Expect::Ok(path, query), Ok(got)) => {
            let want = PathAndQuery { path: path.clone(), query: query.clone() };
            (got != want).then(|| format!("{name} [{mode}]: want {want:?}, got {got:?}"))
        }
        (Expect::Err, Err(e)) => {
            let right_error = e.code() == ErrorCode::InvalidUrl && e.path() == "url";
            (!right_error).then(|| format!("{name} [{mode}]: wrong error {e:?}"))
        }
        (Expect::Ok(..), Err(e)) => Some(format!("{name} [{mode}]: want a value, got {e:?}")),
        (Expect::Err, Ok(got)) => Some(format!("{name} [{mode}]: want an error, got {got:?}")),
    }
}

#[test]
fn url_table_matches_node_and_python() {
    let vectors = read_vectors("faceverify-urls.json", URL_CASES);
    let failures: Vec<String> = vectors
        .cases()
        .iter()
        .flat_map(|case| {
            [
                check(case, UrlMode::Whatwg, &expectation(case, "whatwg")),
                check(case, UrlMode::Raw, &expectation(case, "raw")),
            ]
        })
        .flatten()
        .collect();
    assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn canonical_strings_match_the_provider_samples() {
    let vectors = read_vectors("faceverify-canonical.json", CANONICAL_CASES);
    let mut failures = Vec::new();
    for case in vectors.cases() {
        let name = str_field(case, "name");
        let (method, url, body) = (str_field(case, "method"), str_field(case, "url"), str_field(case, "body"));
        let (content_type, api_key) = (str_field(case, "contentType"), str_field(case, "apiKey"));
        let mode = url_mode(str_field(case, "urlMode"));
        let bytes = canonical_request(method, url, body.as_bytes(), content_type, api_key, mode);
        let text = canonical_request_string(method, url, body, content_type, api_key, mode);
        match (case.get("canonical"), case.get("error")) {
            (Some(want), None) => {
                let want = want.as_str().unwrap_or_else(|| panic!("{name}: canonical must be a string"));
                if bytes.as_deref() != Ok(want.as_bytes()) {
                    failures.push(format!(
                        "{name}: canonical_request gave {:?}, want {want:?}",
                        bytes.map(|b| String::from_utf8_lossy(&b).into_owned())
                    ));
                }
                if text.as_deref() != Ok(want) {
                    failures.push(format!("{name}: canonical_request_string gave {text:?}, want {want:?}"));
                }
                // The first line is the method as canonical_method writes it.
                let first_line = want.split('\n').next().unwrap_or_default();
                if canonical_method(method).as_deref() != Ok(first_line) {
                    failures.push(format!("{name}: canonical_method({method:?}) is not {first_line:?}"));
                }
            }
            (None, Some(error)) => {
                let (code, path) = (str_field(error, "code"), str_field(error, "path"));
                for (what, result) in
                    [("canonical_request", bytes.map(|_| ())), ("canonical_request_string", text.map(|_| ()))]
                {
                    match result {
                        Err(e) if e.code().as_str() == code && e.path() == path => {}
                        other => failures.push(format!("{name}: {what} gave {other:?}, want {code} at {path:?}")),
                    }
                }
                if code == "KYC_INVALID_METHOD" {
                    match canonical_method(method) {
                        Err(e) if e.code() == ErrorCode::InvalidMethod && e.path() == path => {}
                        other => failures.push(format!("{name}: canonical_method({method:?}) gave {other:?}")),
                    }
                }
            }
            _ => panic!("{name}: a case holds exactly one of canonical and error"),
        }
    }
    assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn url_errors_quote_the_url() {
    let e = canonical_path_and_query("https://[::1", UrlMode::Whatwg).unwrap_err();
    assert!(e.reason().contains("\"https://[::1\""), "{e}");
    let e = canonical_path_and_query("https://[::1", UrlMode::Raw).unwrap_err();
    assert!(e.reason().contains("\"https://[::1\""), "{e}");
    assert!(e.to_string().starts_with("url: "), "{e}");
}

const API_KEY: &str = "xxx-xxx-xxx-xxx-xxx";

// A body that is not UTF-8: JSON text cannot hold it, so this case stays in code.
#[test]
fn query_and_binary_body_go_in_as_documented() {
    let url = "https://start.faceverify.ai/api/v1/session/abc?b=2&a=1 x";
    let body = [0xFF, 0x00, b'\n', 0xC3];
    let whatwg = canonical_request("DELETE", url, &body, "", API_KEY, UrlMode::Whatwg).unwrap();
    let mut want = b"DELETE\n/api/v1/session/abc\nb=2&a=1+x\nxxx-xxx-xxx-xxx-xxx\n\n".to_vec();
    want.extend_from_slice(&body);
    assert_eq!(whatwg, want);
    let raw = canonical_request("DELETE", url, &body, "", API_KEY, UrlMode::Raw).unwrap();
    let mut want = b"DELETE\n/api/v1/session/abc\nb=2&a=1 x\nxxx-xxx-xxx-xxx-xxx\n\n".to_vec();
    want.extend_from_slice(&body);
    assert_eq!(raw, want);
}

#[test]
fn url_mode_parses_exactly_two_names() {
    assert_eq!(UrlMode::default(), UrlMode::Whatwg);
    assert_eq!("whatwg".parse::<UrlMode>().unwrap(), UrlMode::Whatwg);
    assert_eq!("raw".parse::<UrlMode>().unwrap(), UrlMode::Raw);
    for mode in [UrlMode::Whatwg, UrlMode::Raw] {
        assert_eq!(mode.as_str().parse::<UrlMode>().unwrap(), mode);
    }
    for bad in ["", "WHATWG", "Raw", " raw", "node", "python"] {
        let e = bad.parse::<UrlMode>().unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidValue, "{bad:?}");
        assert_eq!(e.path(), "options.urlMode", "{bad:?}");
    }
}
