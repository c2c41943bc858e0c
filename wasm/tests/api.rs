//! The binding inside a real wasm engine: `wasm-pack test --node`, and the
//! same file in headless Chromium (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack
//! test --headless --chrome`). Each test writes a call's input as the JS
//! entry does (slots, then the JSON tree), calls the export with numbers,
//! and reads the answer back, so the runtime's own `URL` and `Date.now`
//! serve as the core's host. Expected values come from Node's `crypto`.
#![cfg(target_arch = "wasm32")]

use kyc_sign_wasm::{
    build_session_body, canonical_string, create_signer, generate_hmac, generate_hmac_signature, output, reserve,
    signer_free, signer_hmac, verify_signature,
};
use wasm_bindgen_test::wasm_bindgen_test;

type Export = fn(usize, u32, usize, usize, usize, usize, usize, usize, usize) -> i32;

/// Copies `input` into the input buffer at depth 0.
fn write_input(input: &[u8]) {
    let at = reserve(0, input.len());
    assert_ne!(at, 0, "the input buffer grows");
    // SAFETY: `reserve` made at least `input.len()` bytes at `at` this module's own.
    unsafe { core::ptr::copy_nonoverlapping(input.as_ptr(), at as *mut u8, input.len()) }
}

/// The export returned the answer's length, or `-1 - length` for an error.
fn answer(status: i32) -> Result<String, String> {
    let length = if status < 0 { -1 - status } else { status } as usize;
    // SAFETY: the export left `length` bytes at `output()`.
    let bytes = unsafe { core::slice::from_raw_parts(output() as *const u8, length) };
    let text = String::from_utf8(bytes.to_vec()).expect("answers are UTF-8");
    if status >= 0 {
        Ok(text)
    } else {
        Err(text)
    }
}

/// A call in the tree form: `slots`, then `[[lengths], args]`.
fn call(export: Export, slots: &[&[u8]], args: &str) -> Result<String, String> {
    let lengths: Vec<String> = slots.iter().map(|s| s.len().to_string()).collect();
    let json = format!("[[{}],{args}]", lengths.join(","));
    let total: usize = slots.iter().map(|s| s.len()).sum();
    write_input(&[slots.concat(), json.clone().into_bytes()].concat());
    answer(export(0, 0, json.len(), total, 0, 0, 0, 0, 0))
}

/// A call in the flat form: positional strings only.
fn call_flat(export: Export, strings: &[&str]) -> Result<String, String> {
    write_input(strings.concat().as_bytes());
    let mut lengths = [0usize; 6];
    for (length, s) in lengths.iter_mut().zip(strings) {
        *length = s.len();
    }
    let [l0, l1, l2, l3, l4, l5] = lengths;
    answer(export(0, 0, 0, l0, l1, l2, l3, l4, l5))
}

const FV_URL: &str = "https://start.faceverify.ai/api/v1/session";
const FV_BODY: &str = r#"{"country":"US","uniqueIdentifier":"user123"}"#;
const FV_CREDENTIAL: &str = "xxx-xxx-xxx-xxx-xxx";

#[wasm_bindgen_test]
fn faceverify_provider_example_matches_its_node_sample() {
    let args = ["POST", FV_URL, FV_BODY, "application/json", FV_CREDENTIAL, FV_CREDENTIAL];
    assert_eq!(
        call_flat(generate_hmac, &args).unwrap(),
        "b600d9e76e654cdbe731dabe5d0d61bace0981263abcc26ac98e24c0d290b1a1"
    );
}

#[wasm_bindgen_test]
fn the_runtimes_url_reads_what_is_not_plain() {
    // Dot segments and a space: the runtime's URL, not the plain-URL shortcut, reads this one.
    let url = "https://h.example/a/../api/v1/session?q=a%20b&x=~";
    let slots: [&[u8]; 5] = [b"post", url.as_bytes(), b"", b"application/json", b"key"];
    let whatwg = call(canonical_string, &slots, "[0,1,2,3,4]").unwrap();
    assert_eq!(whatwg, "POST\n/api/v1/session\nq=a+b&x=%7E\nkey\napplication/json\n");
    let slots: [&[u8]; 7] = [b"POST", url.as_bytes(), b"", b"application/json", b"key", b"urlMode", b"raw"];
    let raw = call(canonical_string, &slots, r#"[0,1,2,3,4,{"o":[5,6]}]"#).unwrap();
    assert_eq!(raw, "POST\n/a/../api/v1/session\nq=a%20b&x=~\nkey\napplication/json\n");
    let slots: [&[u8]; 5] = [b"POST", b"https://h.example:99999/", b"", b"c", b"k"];
    let refused = call(canonical_string, &slots, "[0,1,2,3,4]").unwrap_err();
    assert!(
        refused.contains(r#""code":"KYC_INVALID_URL""#) && refused.contains(r#""class":"RangeError""#),
        "{refused}"
    );
}

#[wasm_bindgen_test]
fn a_body_without_a_timestamp_takes_the_runtimes_clock() {
    let body = call(build_session_body, &[b"provider", b"veriff"], r#"[{"o":[0,1]}]"#).unwrap();
    assert!(body.starts_with(r#"{"verification":{"timestamp":"20"#), "{body}");
    let dated =
        call(build_session_body, &[b"provider", b"veriff", b"timestamp"], r#"[{"o":[0,1,2,{"d":1463646625597}]}]"#)
            .unwrap();
    assert_eq!(dated, r#"{"verification":{"timestamp":"2016-05-19T08:30:25.597Z"}}"#);
}

#[wasm_bindgen_test]
fn errors_are_coded_json_without_the_secret() {
    let error = call(generate_hmac_signature, &[b"kyc-wasm-test-secret"], r#"[{"x":"a number"},0]"#).unwrap_err();
    assert!(error.starts_with(r#"{"code":"KYC_INVALID_TYPE","path":"payload","#), "{error}");
    assert!(error.contains(r#""class":"TypeError""#) && !error.contains("kyc-wasm-test-secret"), "{error}");
    let lone = call(generate_hmac_signature, &[b"k"], r#"[{"l":3},0]"#).unwrap_err();
    assert!(lone.contains("KYC_LONE_SURROGATE") && lone.contains("index 3"), "{lone}");
    // The next call works.
    let message = "The quick brown fox jumps over the lazy dog";
    let hex = call_flat(generate_hmac_signature, &[message, "key"]).unwrap();
    assert_eq!(hex, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

#[wasm_bindgen_test]
fn a_freed_signer_says_so() {
    let handle =
        call(create_signer, &[b"provider", b"veriff", b"apiKey", b"k", b"secret", b"s"], r#"[{"o":[0,1,2,3,4,5]}]"#)
            .unwrap();
    let hmac = call_flat(signer_hmac, &[&handle, "x"]).unwrap();
    assert_eq!(hmac, "cefb105ee22996fb167ed606478d2931b87aa3ab99b4b04b68c4fc16c8b49a30");
    call_flat(signer_free, &[&handle]).unwrap();
    call_flat(signer_free, &[&handle]).unwrap();
    assert!(call_flat(signer_hmac, &[&handle, "x"]).unwrap_err().contains("KYC_SIGNER_FREED"));
}

fn read_vector_file(name: &str) -> Option<String> {
    let path = format!("{}/../../shared/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let read = js_sys::Function::new_with_args(
        "path",
        "const fs = globalThis.process?.getBuiltinModule?.('node:fs');\
         try { return fs ? fs.readFileSync(path, 'utf8') : undefined; } catch { return undefined; }",
    );
    let text = read.call1(&wasm_bindgen::JsValue::NULL, &path.as_str().into()).ok().and_then(|v| v.as_string());
    if text.is_none() {
        wasm_bindgen_test::console_log!("SKIPPED: {path} is not readable here (absent, or a browser)");
    }
    text
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap()).collect()
}

#[wasm_bindgen_test]
fn wycheproof_through_the_binding() {
    let Some(text) = read_vector_file("wycheproof/hmac_sha256_test.json") else { return };
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut cases = 0;
    for group in doc["testGroups"].as_array().unwrap() {
        for case in group["tests"].as_array().unwrap() {
            let (key, msg, tag) = (
                hex_bytes(case["key"].as_str().unwrap()),
                hex_bytes(case["msg"].as_str().unwrap()),
                case["tag"].as_str().unwrap(),
            );
            let slots: [&[u8]; 6] = [b"payload", &msg, b"signature", tag.as_bytes(), b"secrets", &key];
            let got = call(verify_signature, &slots, r#"[{"o":[0,{"b":1},2,3,4,{"b":5}]}]"#).unwrap();
            // Only full 32-byte tags are accepted: a truncated one is no match, even where Wycheproof calls it valid.
            let expected = case["result"] == "valid" && group["tagSize"] == 256;
            assert_eq!(got == "true", expected, "Wycheproof case {}", case["tcId"]);
            cases += 1;
        }
    }
    assert_eq!(cases, 174);
}
