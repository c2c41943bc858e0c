//! Session bodies: exact bytes, and one accepted and one refused case per rule.

use kyc_sign::{
    build_faceverify_body, build_veriff_body, Document, Error, ErrorCode, FaceVerifySession,
    Person, Value, VeriffSession,
};

/// 2016-05-19T08:30:25.597Z, the time in the provider's example.
const EXAMPLE_MS: f64 = 1_463_646_625_597.0;
const EXAMPLE_BODY: &str = r#"{"verification":{"callback":"https://this.is.your.redirect.url","person":{"firstName":"John","lastName":"Smith"},"lang":"en","features":["selfid"],"timestamp":"2016-05-19T08:30:25.597Z"}}"#;

fn obj(entries: Vec<(&str, Value)>) -> Value {
    Value::object(entries)
}

fn strs(items: &[&str]) -> Value {
    Value::Array(items.iter().map(|&s| Value::from(s)).collect())
}

fn veriff(entries: Vec<(&str, Value)>) -> Result<String, Error> {
    build_veriff_body(&obj(entries), || EXAMPLE_MS)
}

fn faceverify(entries: Vec<(&str, Value)>) -> Result<String, Error> {
    build_faceverify_body(&obj(entries))
}

/// The body for one top-level field, without the timestamp tail.
fn veriff_field(key: &str, value: Value) -> Result<String, Error> {
    veriff(vec![
        (key, value),
        ("timestamp", "2016-05-19T08:30:25.597Z".into()),
    ])
}

fn nested(parent: &str, key: &str, value: Value) -> Result<String, Error> {
    veriff_field(parent, obj(vec![(key, value)]))
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
    assert!(
        text.starts_with(&format!("{path}: ")) || path.is_empty(),
        "{text}"
    );
    for word in words {
        assert!(text.contains(word), "{text:?} lacks {word:?}");
    }
}

#[track_caller]
fn assert_accepted(result: Result<String, Error>, contains: &str) {
    match result {
        Ok(body) => assert!(body.contains(contains), "{body} lacks {contains}"),
        Err(err) => panic!("refused: {err}"),
    }
}

// --- exact bytes -----------------------------------------------------------

fn example_entries() -> Vec<(&'static str, Value)> {
    vec![
        ("callback", "https://this.is.your.redirect.url".into()),
        (
            "person",
            obj(vec![
                ("firstName", "John".into()),
                ("lastName", "Smith".into()),
            ]),
        ),
        ("lang", "en".into()),
        ("features", strs(&["selfid"])),
        ("timestamp", "2016-05-19T08:30:25.597Z".into()),
    ]
}

#[test]
fn provider_example_is_exact_whatever_the_input_order() {
    let entries = example_entries();
    for rotation in 0..entries.len() {
        for reverse in [false, true] {
            let mut shuffled = entries.clone();
            shuffled.rotate_left(rotation);
            if reverse {
                shuffled.reverse();
                // Person keys reversed too: their order is fixed as well.
                for (key, value) in &mut shuffled {
                    if let (&mut "person", Value::Object(fields)) = (key, value) {
                        fields.reverse();
                    }
                }
            }
            assert_eq!(veriff(shuffled).as_deref(), Ok(EXAMPLE_BODY));
        }
    }
}

#[test]
fn provider_example_from_typed_structs_and_the_clock() {
    let session = VeriffSession {
        callback: Some("https://this.is.your.redirect.url".into()),
        person: Some(Person {
            first_name: Some("John".into()),
            last_name: Some("Smith".into()),
            ..Person::default()
        }),
        lang: Some("en".into()),
        features: Some(vec!["selfid".into()]),
        ..VeriffSession::default()
    };
    assert_eq!(session.to_json_at(EXAMPLE_MS).as_deref(), Ok(EXAMPLE_BODY));
    let mut input = example_entries();
    input.retain(|(key, _)| *key != "timestamp");
    assert_eq!(
        build_veriff_body(&obj(input), || EXAMPLE_MS).as_deref(),
        Ok(EXAMPLE_BODY)
    );
}

#[test]
fn every_field_in_its_fixed_order() {
    let body = veriff(vec![
        ("timestamp", "2016-05-19T08:30:25.597Z".into()),
        ("features", strs(&["selfid", "other"])),
        ("lang", "pt-BR".into()),
        ("endUserId", "123e4567-e89b-12d3-a456-426614174000".into()),
        ("vendorData", "v".into()),
        ("address", obj(vec![("fullAddress", "1 Main St".into())])),
        (
            "document",
            obj(vec![
                ("firstIssue", "2015-01-31".into()),
                ("idCardType", "CE".into()),
                ("country", "EE".into()),
                ("type", "ID_CARD".into()),
                ("number", "AB123".into()),
            ]),
        ),
        (
            "person",
            obj(vec![
                ("isDeceased", false.into()),
                ("maritalStatus", "single".into()),
                ("email", "j@example.com".into()),
                ("dateOfBirth", "1990-01-31".into()),
                ("gender", "M".into()),
                ("phoneNumber", "+15551234".into()),
                ("idNumber", "38001085718".into()),
                ("lastName", "Smith".into()),
                ("firstName", "John".into()),
            ]),
        ),
        ("callback", "https://example.com/done".into()),
    ]);
    let expected = concat!(
        r#"{"verification":{"callback":"https://example.com/done","#,
        r#""person":{"firstName":"John","lastName":"Smith","idNumber":"38001085718","phoneNumber":"+15551234","#,
        r#""gender":"M","dateOfBirth":"1990-01-31","email":"j@example.com","maritalStatus":"single","isDeceased":false},"#,
        r#""document":{"number":"AB123","type":"ID_CARD","country":"EE","idCardType":"CE","firstIssue":"2015-01-31"},"#,
        r#""address":{"fullAddress":"1 Main St"},"vendorData":"v","endUserId":"123e4567-e89b-12d3-a456-426614174000","#,
        r#""lang":"pt-BR","features":["selfid","other"],"timestamp":"2016-05-19T08:30:25.597Z"}}"#,
    );
    assert_eq!(body.as_deref(), Ok(expected));
}

#[test]
fn faceverify_body_is_exact() {
    let body = faceverify(vec![
        ("uniqueIdentifier", "user123".into()),
        ("country", "US".into()),
    ]);
    assert_eq!(
        body.as_deref(),
        Ok(r#"{"country":"US","uniqueIdentifier":"user123"}"#)
    );
    assert_eq!(faceverify(vec![]).as_deref(), Ok("{}"));
    let typed = FaceVerifySession {
        unique_identifier: Some("user123".into()),
        ..FaceVerifySession::default()
    };
    assert_eq!(
        typed.to_json().as_deref(),
        Ok(r#"{"uniqueIdentifier":"user123"}"#)
    );
}

#[test]
fn strings_are_written_as_json_stringify_writes_them() {
    let controls: String = (0u8..0x20).map(char::from).collect();
    let misc = "q\"b\\s/ del\u{7f} ls\u{2028} ps\u{2029} astral\u{1f600}\u{1d11e} \u{e9}\u{4e2d} \u{80}\u{9f}";
    let body = veriff(vec![
        (
            "person",
            obj(vec![
                ("firstName", controls.clone().into()),
                ("lastName", misc.into()),
                ("isDeceased", false.into()),
            ]),
        ),
        ("vendorData", "</script><!--".into()),
        ("features", strs(&["a\"b", "c\\d"])),
        ("timestamp", "2016-05-19T08:30:25.597+02:00".into()),
    ]);
    // From Node 20's JSON.stringify of the same object.
    let expected = "{\"verification\":{\"person\":{\"firstName\":\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\",\"lastName\":\"q\\\"b\\\\s/ del\u{7f} ls\u{2028} ps\u{2029} astral\u{1f600}\u{1d11e} \u{e9}\u{4e2d} \u{80}\u{9f}\",\"isDeceased\":false},\"vendorData\":\"</script><!--\",\"features\":[\"a\\\"b\",\"c\\\\d\"],\"timestamp\":\"2016-05-19T08:30:25.597+02:00\"}}";
    assert_eq!(body.as_deref(), Ok(expected));

    let parsed: serde_json::Value = serde_json::from_str(expected).unwrap_or_default();
    let person = &parsed["verification"]["person"];
    assert_eq!(person["firstName"].as_str(), Some(controls.as_str()));
    assert_eq!(person["lastName"].as_str(), Some(misc));
    assert_eq!(person["isDeceased"].as_bool(), Some(false));
    assert_eq!(parsed["verification"]["features"][1].as_str(), Some("c\\d"));

    let face = faceverify(vec![
        ("country", "US".into()),
        ("uniqueIdentifier", "user\n123 \u{1f600}".into()),
    ]);
    // From Node 20's JSON.stringify.
    assert_eq!(
        face.as_deref(),
        Ok("{\"country\":\"US\",\"uniqueIdentifier\":\"user\\n123 \u{1f600}\"}")
    );
}

#[test]
fn strings_are_never_trimmed_or_normalised() {
    // "é" decomposed, and surrounding spaces: both must survive byte for byte.
    let name = " Jose\u{301} ";
    let body = nested("person", "firstName", name.into());
    assert_accepted(body, "\"firstName\":\" Jose\u{301} \"");
}

// --- shape: unknown, null, types ---------------------------------------------

#[test]
fn unknown_fields_suggest_near_misses() {
    let refused = nested("person", "firstname", "John".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "person.firstname",
        &["did you mean \"firstName\"?"],
    );
    let refused = nested("person", "lastname", "Smith".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "person.lastname",
        &["did you mean \"lastName\"?"],
    );
    let refused = nested("person", "fristName", "John".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "person.fristName",
        &["did you mean \"firstName\"?"],
    );
    let refused = veriff_field("callbak", "https://x.example".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "callbak",
        &["did you mean \"callback\"?"],
    );
    let refused = nested("document", "Type", "PASSPORT".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "document.Type",
        &["did you mean \"type\"?"],
    );
    let refused = faceverify(vec![("Country", "US".into())]);
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "Country",
        &["did you mean \"country\"?"],
    );
}

#[test]
fn unknown_fields_far_off_list_the_allowed_ones() {
    let refused = nested("person", "dob", "1990-01-01".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "person.dob",
        &["unknown field", "firstName", "dateOfBirth", "isDeceased"],
    );
    let refused = veriff_field("provider", "veriff".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "provider",
        &["callback", "vendorData", "timestamp"],
    );
    let refused = nested("address", "street", "x".into());
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "address.street",
        &["fullAddress"],
    );
}

#[test]
fn faceverify_has_no_timestamp() {
    let refused = faceverify(vec![("timestamp", "2016-05-19T08:30:25.597Z".into())]);
    assert_refused(
        refused,
        ErrorCode::UnknownField,
        "timestamp",
        &["FaceVerify bodies carry no timestamp"],
    );
}

#[test]
fn null_is_refused_with_advice_to_omit() {
    assert_refused(
        veriff_field("lang", Value::Null),
        ErrorCode::NullField,
        "lang",
        &["omit the field"],
    );
    let refused = nested("person", "email", Value::Null);
    assert_refused(
        refused,
        ErrorCode::NullField,
        "person.email",
        &["null", "omit"],
    );
    let refused = faceverify(vec![("country", Value::Null)]);
    assert_refused(refused, ErrorCode::NullField, "country", &["omit"]);
    let refused = veriff_field("features", Value::Array(vec!["a".into(), Value::Null]));
    assert_refused(refused, ErrorCode::NullField, "features[1]", &["got null"]);
}

#[test]
fn wrong_types_say_what_was_expected_and_got() {
    let refused = veriff_field("callback", Value::Number(1.0));
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "callback",
        &["expected a string, got a number"],
    );
    let refused = veriff_field("person", "John".into());
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "person",
        &["expected an object, got a string"],
    );
    let refused = veriff_field("features", "selfid".into());
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "features",
        &["expected an array of strings, got a string"],
    );
    let refused = veriff_field(
        "features",
        Value::Array(vec!["a".into(), Value::Number(2.0)]),
    );
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "features[1]",
        &["expected a string, got a number"],
    );
    let refused = veriff_field("vendorData", Value::Other("function".into()));
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "vendorData",
        &["got function"],
    );
    let refused = faceverify(vec![("uniqueIdentifier", Value::Bool(true))]);
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "uniqueIdentifier",
        &["expected a string, got a boolean"],
    );
    let refused = build_veriff_body(&Value::Array(vec![]), || EXAMPLE_MS);
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "",
        &["expected an object, got an array"],
    );
    let refused = build_faceverify_body(&Value::from("US"));
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "",
        &["expected an object, got a string"],
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let refused = veriff(vec![("lang", "en".into()), ("lang", "de".into())]);
    assert_refused(refused, ErrorCode::InvalidValue, "lang", &["duplicate"]);
}

// --- field rules ---------------------------------------------------------------

#[test]
fn callback_is_an_absolute_http_url() {
    for ok in [
        "https://this.is.your.redirect.url",
        "http://localhost:3000/cb?x=1#y",
        "HTTPS://Example.com",
    ] {
        assert_accepted(
            veriff_field("callback", ok.into()),
            &format!("\"callback\":\"{ok}\""),
        );
    }
    for bad in [
        "ftp://example.com",
        "/relative/path",
        "https://",
        "https:example.com",
        "mailto:a@b.c",
        "",
    ] {
        let refused = veriff_field("callback", bad.into());
        assert_refused(
            refused,
            ErrorCode::InvalidUrl,
            "callback",
            &["absolute http(s) URL"],
        );
    }
    for bad in [
        " https://example.com",
        "https://example.com/a b",
        "https://example.com\\x",
        "https://ex\tample.com",
    ] {
        let refused = veriff_field("callback", bad.into());
        assert_refused(
            refused,
            ErrorCode::InvalidUrl,
            "callback",
            &["spaces, control characters or backslashes"],
        );
    }
}

#[test]
fn document_country_is_upper_case_alpha_2() {
    assert_accepted(
        nested("document", "country", "EE".into()),
        r#""country":"EE""#,
    );
    let refused = nested("document", "country", "us".into());
    assert_refused(
        refused,
        ErrorCode::InvalidCountry,
        "document.country",
        &["use upper case: \"US\""],
    );
    for bad in ["XX", "USA", "UK", ""] {
        let refused = nested("document", "country", bad.into());
        assert_refused(
            refused,
            ErrorCode::InvalidCountry,
            "document.country",
            &["ISO 3166-1 alpha-2"],
        );
    }
}

#[test]
fn faceverify_country_is_upper_case_alpha_2() {
    assert_accepted(
        faceverify(vec![("country", "SS".into())]),
        r#""country":"SS""#,
    );
    let refused = faceverify(vec![("country", "gb".into())]);
    assert_refused(
        refused,
        ErrorCode::InvalidCountry,
        "country",
        &["use upper case: \"GB\""],
    );
    let refused = faceverify(vec![("country", "EU".into())]);
    assert_refused(refused, ErrorCode::InvalidCountry, "country", &["\"EU\""]);
}

#[test]
fn dates_are_real_calendar_dates() {
    assert_accepted(
        nested("person", "dateOfBirth", "2000-02-29".into()),
        "2000-02-29",
    );
    assert_accepted(
        nested("document", "firstIssue", "2024-02-29".into()),
        "2024-02-29",
    );
    let refused = nested("person", "dateOfBirth", "1990-13-01".into());
    let expected = "person.dateOfBirth: expected a real date as YYYY-MM-DD, got \"1990-13-01\"";
    assert_eq!(
        refused
            .as_ref()
            .map_err(ToString::to_string)
            .err()
            .as_deref(),
        Some(expected)
    );
    assert_refused(
        refused,
        ErrorCode::InvalidDate,
        "person.dateOfBirth",
        &["YYYY-MM-DD"],
    );
    for bad in ["1900-02-29", "2023-04-31", "31/01/1990", "1990-1-1"] {
        let refused = nested("document", "firstIssue", bad.into());
        assert_refused(
            refused,
            ErrorCode::InvalidDate,
            "document.firstIssue",
            &["real date", bad],
        );
    }
}

#[test]
fn end_user_id_is_a_uuid() {
    for ok in [
        "123e4567-e89b-12d3-a456-426614174000",
        "123E4567-E89B-12D3-A456-426614174000",
    ] {
        assert_accepted(veriff_field("endUserId", ok.into()), ok);
    }
    for bad in [
        "not-a-uuid",
        "{123e4567-e89b-12d3-a456-426614174000}",
        "123e4567e89b12d3a456426614174000",
        "",
    ] {
        let refused = veriff_field("endUserId", bad.into());
        assert_refused(refused, ErrorCode::InvalidUuid, "endUserId", &["UUID"]);
    }
}

#[test]
fn vendor_data_is_at_most_1000_code_points() {
    // 1000 astral characters are 4000 bytes and 2000 UTF-16 units, but 1000 code points.
    let emoji = "\u{1f600}".repeat(1000);
    assert_accepted(veriff_field("vendorData", emoji.as_str().into()), &emoji);
    let refused = veriff_field("vendorData", "a".repeat(1001).into());
    assert_refused(
        refused,
        ErrorCode::TooLong,
        "vendorData",
        &["at most 1000 characters", "got 1001"],
    );
}

#[test]
fn gender_is_m_or_f() {
    assert_accepted(nested("person", "gender", "F".into()), r#""gender":"F""#);
    for bad in ["m", "X", ""] {
        let refused = nested("person", "gender", bad.into());
        assert_refused(
            refused,
            ErrorCode::InvalidValue,
            "person.gender",
            &["\"M\", \"F\""],
        );
    }
}

#[test]
fn document_number_is_ascii_alphanumeric() {
    assert_accepted(nested("document", "number", "AB123456".into()), "AB123456");
    for bad in ["", "AB-123", "AB 123", "ÄB1"] {
        let refused = nested("document", "number", bad.into());
        assert_refused(
            refused,
            ErrorCode::InvalidValue,
            "document.number",
            &["ASCII letters and digits"],
        );
    }
}

#[test]
fn document_type_is_one_of_the_provider_list() {
    for ok in [
        "PASSPORT",
        "ID_CARD",
        "RESIDENCE_PERMIT",
        "DRIVERS_LICENSE",
        "VISA",
        "OTHER",
    ] {
        assert_accepted(
            nested("document", "type", ok.into()),
            &format!("\"type\":\"{ok}\""),
        );
    }
    let refused = nested("document", "type", "passport".into());
    assert_refused(
        refused,
        ErrorCode::InvalidValue,
        "document.type",
        &["expected one of", "\"PASSPORT\""],
    );
}

#[test]
fn marital_status_is_one_of_the_provider_list() {
    assert_accepted(
        nested("person", "maritalStatus", "widowed".into()),
        "widowed",
    );
    let refused = nested("person", "maritalStatus", "Single".into());
    assert_refused(
        refused,
        ErrorCode::InvalidValue,
        "person.maritalStatus",
        &["\"single\"", "\"Single\""],
    );
}

#[test]
fn lang_is_a_short_language_tag() {
    for ok in ["en", "fil", "pt-BR", "zh-Hant", "es-419"] {
        assert_accepted(
            veriff_field("lang", ok.into()),
            &format!("\"lang\":\"{ok}\""),
        );
    }
    for bad in ["EN", "e", "english", "en_US", "en-", "en-US-x", "-BR", ""] {
        let refused = veriff_field("lang", bad.into());
        assert_refused(refused, ErrorCode::InvalidValue, "lang", &["language tag"]);
    }
}

#[test]
fn features_are_non_empty_strings() {
    assert_accepted(
        veriff_field("features", strs(&["selfid", "x"])),
        r#""features":["selfid","x"]"#,
    );
    assert_accepted(veriff_field("features", strs(&[])), r#""features":[]"#);
    let refused = veriff_field("features", strs(&["selfid", ""]));
    assert_refused(
        refused,
        ErrorCode::InvalidValue,
        "features[1]",
        &["must not be empty"],
    );
}

#[test]
fn is_deceased_is_a_boolean() {
    assert_accepted(
        nested("person", "isDeceased", true.into()),
        r#""isDeceased":true"#,
    );
    let refused = nested("person", "isDeceased", "false".into());
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "person.isDeceased",
        &["expected a boolean, got a string"],
    );
}

#[test]
fn timestamp_is_iso_8601_and_kept_as_given() {
    let given = "2016-05-19T10:30:25.597123+02:00";
    assert_eq!(
        veriff(vec![("timestamp", given.into())]).as_deref(),
        Ok(r#"{"verification":{"timestamp":"2016-05-19T10:30:25.597123+02:00"}}"#)
    );
    for bad in [
        "yesterday",
        "2016-05-19",
        "2016-05-19T08:30:25.597",
        "2016-13-19T08:30:25Z",
    ] {
        let refused = veriff(vec![("timestamp", bad.into())]);
        assert_refused(
            refused,
            ErrorCode::InvalidTimestamp,
            "timestamp",
            &["ISO-8601", bad],
        );
    }
    let refused = veriff(vec![("timestamp", Value::Number(EXAMPLE_MS))]);
    assert_refused(
        refused,
        ErrorCode::InvalidType,
        "timestamp",
        &["expected a string, got a number"],
    );
}

#[test]
fn the_clock_must_give_a_date_javascript_can_hold() {
    let refused = build_veriff_body(&obj(vec![]), || f64::NAN);
    assert_refused(refused, ErrorCode::InvalidTimestamp, "timestamp", &["NaN"]);
    let refused = build_veriff_body(&obj(vec![]), || 8.64e15 + 1.0);
    assert_refused(
        refused,
        ErrorCode::InvalidTimestamp,
        "timestamp",
        &["8.64e15"],
    );
    assert_eq!(
        build_veriff_body(&obj(vec![]), || 253_402_300_800_000.0).as_deref(),
        Ok(r#"{"verification":{"timestamp":"+010000-01-01T00:00:00.000Z"}}"#)
    );
}

#[test]
fn unique_identifier_is_a_non_empty_string() {
    assert_accepted(
        faceverify(vec![("uniqueIdentifier", "u".into())]),
        r#""uniqueIdentifier":"u""#,
    );
    let refused = faceverify(vec![("uniqueIdentifier", "".into())]);
    assert_refused(
        refused,
        ErrorCode::InvalidValue,
        "uniqueIdentifier",
        &["must not be empty"],
    );
}

#[test]
fn typed_structs_are_validated_too() {
    let session = VeriffSession {
        document: Some(Document {
            country: Some("us".into()),
            ..Document::default()
        }),
        ..VeriffSession::default()
    };
    assert_refused(
        session.to_json_at(EXAMPLE_MS),
        ErrorCode::InvalidCountry,
        "document.country",
        &["\"US\""],
    );
    let session = VeriffSession {
        features: Some(vec![String::new()]),
        ..VeriffSession::default()
    };
    assert_refused(
        session.validate().map(|()| String::new()),
        ErrorCode::InvalidValue,
        "features[0]",
        &["empty"],
    );
}
