//! Session bodies. The golden cases — input options, and the exact body or the
//! error (code, path, message) they must give — are data in
//! `tests/vectors/session-bodies.json`, which the JavaScript package runs too
//! (tests/js/vectors.test.mjs). What stays in code is what that file cannot
//! express: the typed structs, the clock, values JSON has no form for
//! (`Value::Other`, duplicate keys, a top-level non-object), keys the
//! JavaScript binding consumes itself (`provider`), and inputs built by
//! repetition at a length limit.
//!
//! The inputs' key order matters (the body's does not follow it), so they are
//! read with the order-keeping reader of `tests/common` rather than serde_json.

mod common;

use common::{assert_same_json, items, member, ordered, read_vectors, str_field, Vectors};
use kyc_sign::{
    build_faceverify_body, build_veriff_body, Document, Error, ErrorCode, FaceVerifySession, Person, Value,
    VeriffSession,
};
use serde_json::Value as Json;

/// Cases in `session-bodies.json`; a file that loses or gains cases fails until this changes with it.
const SESSION_CASES: usize = 106;

/// 2016-05-19T08:30:25.597Z, the time in the provider's example.
const EXAMPLE_MS: f64 = 1_463_646_625_597.0;

fn obj(entries: Vec<(&str, Value)>) -> Value {
    Value::object(entries)
}

fn veriff(entries: Vec<(&str, Value)>) -> Result<String, Error> {
    build_veriff_body(&obj(entries), || EXAMPLE_MS)
}

/// The body for one top-level field, with the provider example's timestamp.
fn veriff_field(key: &str, value: Value) -> Result<String, Error> {
    veriff(vec![(key, value), ("timestamp", "2016-05-19T08:30:25.597Z".into())])
}

#[track_caller]
fn assert_refused(result: Result<String, Error>, code: ErrorCode, path: &str, words: &[&str]) {
    let err = match result {
        Ok(body) => panic!("expected {code:?} at {path}, got body {body}"),
        Err(err) => err,
    };
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.path(), path, "{err}");
    let text = err.to_string();
    assert!(text.starts_with(&format!("{path}: ")) || path.is_empty(), "{text}");
    for word in words {
        assert!(text.contains(word), "{text:?} lacks {word:?}");
    }
}

// --- the golden cases of session-bodies.json ------------------------------------

fn session_vectors() -> (Vectors, Value) {
    let vectors = read_vectors("session-bodies.json", SESSION_CASES);
    let ordered_doc = ordered(&vectors.text);
    assert_same_json(&ordered_doc, &vectors.doc, "session-bodies.json");
    (vectors, ordered_doc)
}

/// The input of case `name`, keys in the order the file gives them.
fn ordered_input(vectors: &Vectors, ordered_doc: &Value, name: &str) -> Value {
    let index = vectors.cases().iter().position(|c| c["name"] == name).unwrap_or_else(|| panic!("no case {name:?}"));
    member(&items(member(ordered_doc, "cases"))[index], "input").clone()
}

/// What is wrong with `result` for a refusal case, if anything.
fn refusal_problems(name: &str, result: Result<String, Error>, error: &Json) -> Vec<String> {
    let spec = error.as_object().unwrap_or_else(|| panic!("{name}: error must be an object"));
    for key in spec.keys() {
        assert!(
            ["code", "path", "message", "messageContains"].contains(&key.as_str()),
            "{name}: unknown key {key:?} in error"
        );
    }
    let (code, path) = (str_field(error, "code"), str_field(error, "path"));
    let err = match result {
        Ok(body) => return vec![format!("{name}: want {code} at {path:?}, got body {body}")],
        Err(err) => err,
    };
    let text = err.to_string();
    let mut problems = Vec::new();
    if err.code().as_str() != code {
        problems.push(format!("{name}: code {}, want {code} ({text})", err.code().as_str()));
    }
    if err.path() != path {
        problems.push(format!("{name}: path {:?}, want {path:?} ({text})", err.path()));
    }
    if !path.is_empty() && !text.starts_with(&format!("{path}: ")) {
        problems.push(format!("{name}: message does not start with the path: {text:?}"));
    }
    if let Some(message) = error.get("message") {
        let message = message.as_str().unwrap_or_else(|| panic!("{name}: message must be a string"));
        if text != message {
            problems.push(format!("{name}: message {text:?}, want {message:?}"));
        }
    }
    if let Some(words) = error.get("messageContains") {
        let words = words.as_array().unwrap_or_else(|| panic!("{name}: messageContains must be an array"));
        assert!(!words.is_empty(), "{name}: an empty messageContains checks nothing");
        for word in words {
            let word = word.as_str().unwrap_or_else(|| panic!("{name}: messageContains holds strings"));
            if !text.contains(word) {
                problems.push(format!("{name}: message {text:?} lacks {word:?}"));
            }
        }
    }
    problems
}

#[test]
fn golden_bodies_and_refusals() {
    let (vectors, ordered_doc) = session_vectors();
    let ordered_cases = items(member(&ordered_doc, "cases"));
    let (mut bodies, mut refusals) = (0, 0);
    let mut failures = Vec::new();
    for (case, ordered_case) in vectors.cases().iter().zip(ordered_cases) {
        let name = str_field(case, "name");
        let provider = str_field(case, "provider");
        let input = member(ordered_case, "input");
        assert!(matches!(input, Value::Object(_)), "{name}: input must be an object");
        let result = match provider {
            "veriff" => {
                // JavaScript reads the clock when no timestamp is given: every Veriff case gives one.
                assert!(case["input"].get("timestamp").is_some(), "{name}: a Veriff case must give its timestamp");
                build_veriff_body(input, || EXAMPLE_MS)
            }
            "faceverify" => build_faceverify_body(input),
            other => panic!("{name}: unknown provider {other:?}"),
        };
        match (case.get("body"), case.get("error")) {
            (Some(body), None) => {
                bodies += 1;
                let body = body.as_str().unwrap_or_else(|| panic!("{name}: body must be a string"));
                if result.as_deref() != Ok(body) {
                    failures.push(format!("{name}: got {result:?}\n  want Ok({body:?})"));
                }
                // The expectation itself: the body holds exactly the input's fields (in any order).
                let parsed: Json =
                    serde_json::from_str(body).unwrap_or_else(|e| panic!("{name}: body is not JSON: {e}"));
                let fields = if provider == "veriff" {
                    serde_json::json!({ "verification": case["input"] })
                } else {
                    case["input"].clone()
                };
                assert_eq!(parsed, fields, "{name}: the expected body does not hold the input's fields");
            }
            (None, Some(error)) => {
                refusals += 1;
                failures.extend(refusal_problems(name, result, error));
            }
            _ => panic!("{name}: a case holds exactly one of body and error"),
        }
    }
    assert!(bodies > 0 && refusals > 0, "{bodies} bodies, {refusals} refusals");
    assert!(failures.is_empty(), "{} failing:\n{}", failures.len(), failures.join("\n"));
}

// --- exact bytes, beyond the file ---------------------------------------------------

#[test]
fn provider_example_is_exact_whatever_the_input_order() {
    let (vectors, ordered_doc) = session_vectors();
    let want = str_field(vectors.case("veriff_provider_example"), "body");
    let Value::Object(entries) = ordered_input(&vectors, &ordered_doc, "veriff_provider_example") else {
        panic!("the example's input is an object")
    };
    assert_eq!(entries.len(), 5);
    // The file's reversed case is this input written backwards: the reader kept the written order.
    let Value::Object(reversed) = ordered_input(&vectors, &ordered_doc, "veriff_provider_example_reversed_input")
    else {
        panic!("the reversed example's input is an object")
    };
    let keys = |entries: &[(String, Value)]| entries.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    let mut backwards = keys(&entries);
    backwards.reverse();
    assert_eq!(keys(&reversed), backwards);
    assert_eq!(keys(&entries), ["callback", "person", "lang", "features", "timestamp"]);
    for rotation in 0..entries.len() {
        for reverse in [false, true] {
            let mut shuffled = entries.clone();
            shuffled.rotate_left(rotation);
            if reverse {
                shuffled.reverse();
                // Person keys reversed too: their order is fixed as well.
                for (key, value) in &mut shuffled {
                    if let ("person", Value::Object(fields)) = (key.as_str(), value) {
                        fields.reverse();
                    }
                }
            }
            let body = build_veriff_body(&Value::Object(shuffled), || EXAMPLE_MS);
            assert_eq!(body.as_deref(), Ok(want), "rotation {rotation}, reversed {reverse}");
        }
    }
}

#[test]
fn provider_example_from_typed_structs_and_the_clock() {
    let (vectors, ordered_doc) = session_vectors();
    let want = str_field(vectors.case("veriff_provider_example"), "body");
    let session = VeriffSession {
        callback: Some("https://this.is.your.redirect.url".into()),
        person: Some(Person { first_name: Some("John".into()), last_name: Some("Smith".into()), ..Person::default() }),
        lang: Some("en".into()),
        features: Some(vec!["selfid".into()]),
        ..VeriffSession::default()
    };
    assert_eq!(session.to_json_at(EXAMPLE_MS).as_deref(), Ok(want));
    // The example without its timestamp: the clock gives the same instant.
    let Value::Object(mut input) = ordered_input(&vectors, &ordered_doc, "veriff_provider_example") else {
        panic!("the example's input is an object")
    };
    let before = input.len();
    input.retain(|(key, _)| key != "timestamp");
    assert_eq!(input.len(), before - 1);
    assert_eq!(build_veriff_body(&Value::Object(input), || EXAMPLE_MS).as_deref(), Ok(want));
}

#[test]
fn faceverify_typed_struct_writes_only_what_is_set() {
    let typed = FaceVerifySession { unique_identifier: Some("user123".into()), ..FaceVerifySession::default() };
    assert_eq!(typed.to_json().as_deref(), Ok(r#"{"uniqueIdentifier":"user123"}"#));
}

// --- what JSON cannot express, or JavaScript cannot pass ---------------------------

#[test]
fn provider_is_not_a_body_field() {
    // The JavaScript binding takes `provider` itself; the core refuses it as a body field.
    let refused = veriff_field("provider", "veriff".into());
    assert_refused(refused, ErrorCode::UnknownField, "provider", &["callback", "vendorData", "timestamp"]);
}

#[test]
fn values_json_cannot_hold_say_what_they_got() {
    let refused = veriff_field("vendorData", Value::Other("function".into()));
    assert_refused(refused, ErrorCode::InvalidType, "vendorData", &["got function"]);
    let refused = build_veriff_body(&Value::Array(vec![]), || EXAMPLE_MS);
    assert_refused(refused, ErrorCode::InvalidType, "", &["expected an object, got an array"]);
    let refused = build_faceverify_body(&Value::from("US"));
    assert_refused(refused, ErrorCode::InvalidType, "", &["expected an object, got a string"]);
}

#[test]
fn duplicate_keys_are_refused() {
    let refused = veriff(vec![("lang", "en".into()), ("lang", "de".into())]);
    assert_refused(refused, ErrorCode::InvalidValue, "lang", &["duplicate"]);
}

#[test]
fn vendor_data_is_at_most_1000_code_points() {
    // 1000 astral characters are 4000 bytes and 2000 UTF-16 units, but 1000 code points.
    let emoji = "\u{1f600}".repeat(1000);
    let body = veriff_field("vendorData", emoji.as_str().into());
    assert_eq!(
        body.as_deref(),
        Ok(format!(r#"{{"verification":{{"vendorData":"{emoji}","timestamp":"2016-05-19T08:30:25.597Z"}}}}"#).as_str())
    );
    let refused = veriff_field("vendorData", "a".repeat(1001).into());
    assert_refused(refused, ErrorCode::TooLong, "vendorData", &["at most 1000 characters", "got 1001"]);
}

#[test]
fn the_clock_must_give_a_date_javascript_can_hold() {
    let refused = build_veriff_body(&obj(vec![]), || f64::NAN);
    assert_refused(refused, ErrorCode::InvalidTimestamp, "timestamp", &["NaN"]);
    let refused = build_veriff_body(&obj(vec![]), || 8.64e15 + 1.0);
    assert_refused(refused, ErrorCode::InvalidTimestamp, "timestamp", &["8.64e15"]);
    assert_eq!(
        build_veriff_body(&obj(vec![]), || 253_402_300_800_000.0).as_deref(),
        Ok(r#"{"verification":{"timestamp":"+010000-01-01T00:00:00.000Z"}}"#)
    );
}

#[test]
fn typed_structs_are_validated_too() {
    let session = VeriffSession {
        document: Some(Document { country: Some("us".into()), ..Document::default() }),
        ..VeriffSession::default()
    };
    assert_refused(session.to_json_at(EXAMPLE_MS), ErrorCode::InvalidCountry, "document.country", &["\"US\""]);
    let session = VeriffSession { features: Some(vec![String::new()]), ..VeriffSession::default() };
    assert_refused(session.validate().map(|()| String::new()), ErrorCode::InvalidValue, "features[0]", &["empty"]);
}

/// Every body kyc-sign builds answers an unknown field by naming what it
/// takes (the submit body once said "allowed fields are " and nothing: its
/// list was empty, and no test asked every body for its message).
#[test]
fn every_body_names_its_fields_when_one_is_unknown() {
    for provider in kyc_sign::Provider::all() {
        for kind in ["session", "submit", "media"] {
            let options = Value::object([
                ("provider", Value::from(provider.name())),
                ("kind", kind.into()),
                ("zzzz", "x".into()),
            ]);
            let Err(err) = kyc_sign::build_body(options, &|| EXAMPLE_MS) else {
                panic!("{} {kind}: accepted zzzz", provider.name())
            };
            if err.code() != ErrorCode::UnknownField {
                // A kind this provider has not, or a provider with no bodies at all.
                assert!(matches!(err.path(), "kind" | "provider"), "{} {kind}: {err}", provider.name());
                continue;
            }
            let reason = err.reason();
            let listed = reason.strip_prefix("unknown field; allowed fields are ").map(str::trim);
            assert!(
                listed.map_or(reason.contains("takes no fields"), |fields| !fields.is_empty()),
                "{} {kind}: {reason}",
                provider.name()
            );
        }
    }
}

#[test]
fn proof_of_address_and_consents_as_veriff_documents_them() {
    let body = veriff(vec![
        ("consents", Value::Array(vec![obj(vec![("approved", Value::Bool(true)), ("type", "ine".into())])])),
        (
            "proofOfAddress",
            obj(vec![("acceptableTypes", Value::Array(vec![obj(vec![("name", "BANK_STATEMENT".into())])]))]),
        ),
        ("vendorData", "user-1".into()),
        ("timestamp", "2016-05-19T08:30:25.597Z".into()),
    ])
    .unwrap();
    assert_eq!(
        body,
        r#"{"verification":{"proofOfAddress":{"acceptableTypes":[{"name":"BANK_STATEMENT"}]},"vendorData":"user-1","consents":[{"type":"ine","approved":true}],"timestamp":"2016-05-19T08:30:25.597Z"}}"#
    );
    let refused = |entries| veriff(entries).unwrap_err();
    let err = refused(vec![(
        "consents",
        Value::Array(vec![obj(vec![("type", "gdpr".into()), ("approved", Value::Bool(true))])]),
    )]);
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "consents[0].type"));
    let err = refused(vec![("consents", Value::Array(vec![obj(vec![("type", "ine".into())])]))]);
    assert_eq!((err.code(), err.path()), (ErrorCode::MissingField, "consents[0].approved"));
    let err = refused(vec![(
        "proofOfAddress",
        obj(vec![("acceptableTypes", Value::Array(vec![obj(vec![("name", "PAYSLIP".into())])]))]),
    )]);
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "proofOfAddress.acceptableTypes[0].name"));
    let err = refused(vec![("proofOfAddress", obj(vec![("acceptableTypes", Value::Array(vec![]))]))]);
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidValue, "proofOfAddress.acceptableTypes"));
    let err = refused(vec![("consents", "ine".into())]);
    assert_eq!((err.code(), err.path()), (ErrorCode::InvalidType, "consents"));
}
