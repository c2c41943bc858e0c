//! The JavaScript API exercised inside a real wasm engine: `wasm-pack test
//! --node`, and the same file in headless Chromium with
//! `WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`.
//! Expected hex values come from Node's `crypto.createHmac` / `createHash`.
#![cfg(target_arch = "wasm32")]

use js_sys::{JsString, Reflect, Uint8Array};
use kyc_sign_wasm::{
    build_session_body, canonical_string, generate_hmac, generate_hmac_signature, generate_signature,
    sign_request_js,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const FV_BODY: &str = r#"{"country":"US","uniqueIdentifier":"user123"}"#;
const FV_URL: &str = "https://start.faceverify.ai/api/v1/session";
const FV_CREDENTIAL: &str = "xxx-xxx-xxx-xxx-xxx";

fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}

/// The `code` of a thrown error, after checking it is the expected JS class.
fn code_of(error: JsValue, class: &str) -> String {
    let name = Reflect::get(&error, &s("name")).unwrap().as_string().unwrap();
    assert_eq!(name, class, "{error:?}");
    assert!(error.is_instance_of::<js_sys::Error>());
    Reflect::get(&error, &s("code")).unwrap().as_string().unwrap()
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in entries {
        Reflect::set(&o, &s(k), v).unwrap();
    }
    o.into()
}

#[wasm_bindgen_test]
fn faceverify_provider_example_matches_its_node_sample() {
    let hex = generate_hmac(s("POST"), s(FV_URL), s(FV_BODY), s("application/json"), s(FV_CREDENTIAL), s(FV_CREDENTIAL), JsValue::UNDEFINED)
        .unwrap();
    assert_eq!(hex, "b600d9e76e654cdbe731dabe5d0d61bace0981263abcc26ac98e24c0d290b1a1");
}

#[wasm_bindgen_test]
fn query_modes_differ_as_documented() {
    let url = s("https://h.example/api/v1/session?q=a%20b&x=~");
    let whatwg = canonical_string(s("post"), url.clone(), s(""), s("application/json"), s("key"), JsValue::NULL).unwrap();
    assert_eq!(whatwg, "POST\n/api/v1/session\nq=a+b&x=%7E\nkey\napplication/json\n");
    let raw_mode = object(&[("urlMode", s("raw"))]);
    let raw = canonical_string(s("POST"), url.clone(), s(""), s("application/json"), s("key"), raw_mode.clone()).unwrap();
    assert_eq!(raw, "POST\n/api/v1/session\nq=a%20b&x=~\nkey\napplication/json\n");
    let signed = generate_hmac(s("POST"), url, s(""), s("application/json"), s("key"), s("s"), raw_mode).unwrap();
    assert_eq!(signed, "8e7035d85f3c43ce41e6a0af27e499242293c02e7c86bfb3dd413d0e0a95e18b");
}

#[wasm_bindgen_test]
fn veriff_signatures_take_strings_and_bytes() {
    let expected = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
    let message = "The quick brown fox jumps over the lazy dog";
    assert_eq!(generate_hmac_signature(s(message), s("key")).unwrap(), expected);
    let bytes: JsValue = Uint8Array::from(message.as_bytes()).into();
    let key: JsValue = Uint8Array::from(&b"key"[..]).into();
    assert_eq!(generate_hmac_signature(bytes, key).unwrap(), expected);
    assert_eq!(
        generate_signature(s(r#"{"a":1}"#), s("secret")).unwrap(),
        "95c28504456d6b33d318930a54f904d648bc8aa88448003ecc99a03838c99c5d"
    );
    // A plain object is JSON.stringify'd first, as Veriff's own sample does.
    let payload = object(&[("a", JsValue::from_f64(1.0))]);
    assert_eq!(generate_signature(payload, s("secret")).unwrap(), "95c28504456d6b33d318930a54f904d648bc8aa88448003ecc99a03838c99c5d");
}

#[wasm_bindgen_test]
fn veriff_provider_example_body_is_exact() {
    let person = object(&[("lastName", s("Smith")), ("firstName", s("John"))]);
    let features: JsValue = js_sys::Array::of1(&s("selfid")).into();
    let options = object(&[
        ("provider", s("veriff")),
        ("timestamp", s("2016-05-19T08:30:25.597Z")),
        ("features", features),
        ("lang", s("en")),
        ("person", person),
        ("callback", s("https://this.is.your.redirect.url")),
    ]);
    assert_eq!(
        build_session_body(options).unwrap(),
        r#"{"verification":{"callback":"https://this.is.your.redirect.url","person":{"firstName":"John","lastName":"Smith"},"lang":"en","features":["selfid"],"timestamp":"2016-05-19T08:30:25.597Z"}}"#
    );
}

#[wasm_bindgen_test]
fn sign_request_returns_the_body_it_signed() {
    let body = s(FV_BODY);
    let options = object(&[
        ("provider", s("faceverify")),
        ("method", s("post")),
        ("url", s(FV_URL)),
        ("body", body.clone()),
        ("apiKey", s(FV_CREDENTIAL)),
        ("secret", s(FV_CREDENTIAL)),
    ]);
    let request = sign_request_js(options).unwrap();
    assert_eq!(Reflect::get(&request, &s("method")).unwrap(), s("POST"));
    assert_eq!(Reflect::get(&request, &s("body")).unwrap(), body);
    let headers = Reflect::get(&request, &s("headers")).unwrap();
    assert_eq!(
        Reflect::get(&headers, &s("x-hmac-signature")).unwrap(),
        s("b600d9e76e654cdbe731dabe5d0d61bace0981263abcc26ac98e24c0d290b1a1")
    );
}

#[wasm_bindgen_test]
fn veriff_get_signs_the_session_id() {
    let options = object(&[
        ("provider", s("veriff")),
        ("method", s("GET")),
        ("url", s("https://api.veriff.me/v1/sessions/f04bdb47-d3be-4b28-b028-a652feb060b5/decision")),
        ("apiKey", s("key")),
        ("secret", s("k")),
    ]);
    let request = sign_request_js(options).unwrap();
    let headers = Reflect::get(&request, &s("headers")).unwrap();
    assert_eq!(
        Reflect::get(&headers, &s("X-HMAC-SIGNATURE")).unwrap(),
        s("308a74a7be7af75d9caf739302dd730692ce2b4ac791fe8fa40e05ef3d10ebb0")
    );
    assert!(Reflect::get(&request, &s("body")).unwrap().is_undefined());
}

#[wasm_bindgen_test]
fn wrong_types_are_type_errors_with_codes() {
    let e = generate_hmac_signature(JsValue::from_f64(1.0), s("k")).unwrap_err();
    assert_eq!(code_of(e, "TypeError"), "KYC_INVALID_TYPE");
    // undefined where a value is required reads as missing (an unset env variable, usually).
    let e = generate_hmac_signature(s("m"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(code_of(e, "TypeError"), "KYC_MISSING_FIELD");
    let e = build_session_body(JsValue::NULL).unwrap_err();
    assert_eq!(code_of(e, "TypeError"), "KYC_INVALID_TYPE");
    let e = sign_request_js(s("veriff")).unwrap_err();
    assert_eq!(code_of(e, "TypeError"), "KYC_INVALID_TYPE");
}

#[wasm_bindgen_test]
fn lone_surrogates_are_range_errors_naming_the_argument() {
    let lone: JsValue = JsString::from_char_code(&[0x61, 0xD800, 0x62]).into();
    let e = generate_hmac_signature(lone, s("k")).unwrap_err();
    assert_eq!(Reflect::get(&e, &s("path")).unwrap(), s("payload"));
    let message = Reflect::get(&e, &s("message")).unwrap().as_string().unwrap();
    assert!(message.contains("index 1"), "{message}");
    assert_eq!(code_of(e, "RangeError"), "KYC_LONE_SURROGATE");
    // A real U+FFFD is not a lone surrogate and signs normally.
    assert!(generate_hmac_signature(s("a\u{FFFD}b"), s("k")).is_ok());
}

#[wasm_bindgen_test]
fn errors_never_contain_the_secret_and_the_next_call_works() {
    let secret = "sk_live_DO_NOT_LEAK_4242";
    let bad = object(&[
        ("provider", s("veriff")),
        ("method", s("GET")),
        ("url", s("https://api.veriff.me/v1/sessions")),
        ("apiKey", s("key")),
        ("secret", s(secret)),
    ]);
    let e = sign_request_js(bad).unwrap_err();
    let message = Reflect::get(&e, &s("message")).unwrap().as_string().unwrap();
    assert!(!message.contains(secret));
    assert_eq!(code_of(e, "RangeError"), "KYC_UNSIGNABLE_REQUEST");
    faceverify_provider_example_matches_its_node_sample();
}

/// Reads a file of `../shared/vectors` through Node's `fs`; `None` in a
/// browser, or when the folder is absent (the test then says it skipped).
fn read_vector_file(name: &str) -> Option<String> {
    let path = format!("{}/../../shared/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let read = js_sys::Function::new_with_args(
        "path",
        "const fs = globalThis.process?.getBuiltinModule?.('node:fs');\
         try { return fs ? fs.readFileSync(path, 'utf8') : undefined; } catch { return undefined; }",
    );
    let text = read.call1(&JsValue::NULL, &s(&path)).ok().and_then(|v| v.as_string());
    if text.is_none() {
        wasm_bindgen_test::console_log!("SKIPPED: {path} is not readable here (absent, or a browser)");
    }
    text
}

fn hex_bytes(hex: &str) -> JsValue {
    let bytes: Vec<u8> = (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect();
    Uint8Array::from(bytes.as_slice()).into()
}

fn verify(payload: JsValue, signature: &str, secrets: JsValue) -> bool {
    let options = object(&[("payload", payload), ("signature", s(signature)), ("secrets", secrets)]);
    kyc_sign_wasm::verify_signature_js(options).unwrap()
}

#[wasm_bindgen_test]
fn wycheproof_and_rfc4231_through_the_binding() {
    let Some(wycheproof) = read_vector_file("wycheproof/hmac_sha256_test.json") else { return };
    let doc: serde_json::Value = serde_json::from_str(&wycheproof).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for group in doc["testGroups"].as_array().unwrap() {
        let full = group["tagSize"].as_u64() == Some(256);
        for case in group["tests"].as_array().unwrap() {
            let ok = verify(hex_bytes(case["msg"].as_str().unwrap()), case["tag"].as_str().unwrap(), hex_bytes(case["key"].as_str().unwrap()));
            if case["result"] == "valid" && full {
                assert!(ok, "tcId {}", case["tcId"]);
                valid += 1;
            } else {
                assert!(!ok, "tcId {}", case["tcId"]);
                invalid += 1;
            }
        }
    }
    assert_eq!(valid + invalid, 174);
    let Some(rfc) = read_vector_file("rfc4231_hmac_sha256.json") else { return };
    let doc: serde_json::Value = serde_json::from_str(&rfc).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let ok = verify(hex_bytes(case["data"].as_str().unwrap()), case["hmacSha256"].as_str().unwrap(), hex_bytes(case["key"].as_str().unwrap()));
        assert_eq!(ok, case["truncatedToBits"].is_null(), "case {}", case["case"]);
    }
}

#[wasm_bindgen_test]
fn webhooks_verify_from_plain_header_objects_and_refuse_parsed_bodies() {
    let body = r#"{"status":"success","verification":{"id":"f04bdb47","code":9001}}"#;
    let headers = kyc_sign_wasm::sign_webhook_js(object(&[("body", s(body)), ("secret", s("whsec"))])).unwrap();
    let parsed = kyc_sign_wasm::verify_webhook_js(object(&[
        ("headers", headers.clone()),
        ("body", s(body)),
        ("secrets", js_sys::Array::of2(&s("old"), &s("whsec")).into()),
    ]))
    .unwrap();
    let verification = Reflect::get(&parsed, &s("verification")).unwrap();
    assert_eq!(Reflect::get(&verification, &s("code")).unwrap(), JsValue::from_f64(9001.0));
    let e = kyc_sign_wasm::verify_webhook_js(object(&[("headers", headers), ("body", parsed), ("secrets", s("whsec"))]))
        .unwrap_err();
    assert_eq!(code_of(e, "TypeError"), "KYC_BODY_NOT_RAW");
}
