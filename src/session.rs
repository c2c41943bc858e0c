//! Session-creation request bodies for Veriff and FaceVerify.
//!
//! The bodies are signed byte for byte, so they are written here exactly as
//! JavaScript's `JSON.stringify` writes the same object: compact, keys in a
//! fixed order, the same string escapes. Inputs are validated first, and every
//! error names the field path it is about (`person.dateOfBirth`, `features[1]`).
//!
//! Strings are sent exactly as given: nothing is trimmed or normalised, since
//! that would change the bytes the caller expects to be signed.

use crate::error::{quote, Error, ErrorCode, Result};
use crate::value::Value;

// ---------------------------------------------------------------------------
// Typed input
// ---------------------------------------------------------------------------

/// The body of a Veriff `POST /sessions` request.
///
/// Every field is optional; absent fields are left out of the body. The
/// `timestamp` is always written: the given one, or the current time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VeriffSession {
    /// `callback`: an absolute http(s) URL the user is sent to afterwards.
    pub callback: Option<String>,
    /// `person`: data about the person being verified.
    pub person: Option<Person>,
    /// `document`: the document the person will present.
    pub document: Option<Document>,
    /// `address`: the person's address.
    pub address: Option<Address>,
    /// `vendorData`: opaque data echoed back by the provider, at most 1000 characters.
    pub vendor_data: Option<String>,
    /// `endUserId`: a UUID identifying the end user.
    pub end_user_id: Option<String>,
    /// `lang`: the UI language, such as `en` or `pt-BR`.
    pub lang: Option<String>,
    /// `features`: provider feature names, such as `selfid`.
    pub features: Option<Vec<String>>,
    /// `timestamp`: an ISO-8601 date-time; the current time when absent.
    pub timestamp: Option<String>,
}

/// `verification.person` of a Veriff session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Person {
    /// `firstName`.
    pub first_name: Option<String>,
    /// `lastName`.
    pub last_name: Option<String>,
    /// `idNumber`: a national identification number.
    pub id_number: Option<String>,
    /// `phoneNumber`.
    pub phone_number: Option<String>,
    /// `gender`: `M` or `F`.
    pub gender: Option<String>,
    /// `dateOfBirth`: a calendar date as `YYYY-MM-DD`.
    pub date_of_birth: Option<String>,
    /// `email`.
    pub email: Option<String>,
    /// `maritalStatus`: `single`, `married`, `divorced` or `widowed`.
    pub marital_status: Option<String>,
    /// `isDeceased`.
    pub is_deceased: Option<bool>,
}

/// `verification.document` of a Veriff session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// `number`: ASCII letters and digits.
    pub number: Option<String>,
    /// `type`: `PASSPORT`, `ID_CARD`, `RESIDENCE_PERMIT`, `DRIVERS_LICENSE`, `VISA` or `OTHER`.
    pub document_type: Option<String>,
    /// `country`: an upper-case ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// `idCardType`.
    pub id_card_type: Option<String>,
    /// `firstIssue`: a calendar date as `YYYY-MM-DD`.
    pub first_issue: Option<String>,
}

/// `verification.address` of a Veriff session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// `fullAddress`.
    pub full_address: Option<String>,
}

/// The body of a FaceVerify session-creation request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaceVerifySession {
    /// `country`: an upper-case ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// `uniqueIdentifier`: the caller's non-empty identifier for the user.
    pub unique_identifier: Option<String>,
}

// Output order is fixed by these lists, whatever order the input had.
const VERIFF_KEYS: &[&str] = &[
    "callback",
    "person",
    "document",
    "address",
    "vendorData",
    "endUserId",
    "lang",
    "features",
    "timestamp",
];
const PERSON_KEYS: &[&str] = &[
    "firstName",
    "lastName",
    "idNumber",
    "phoneNumber",
    "gender",
    "dateOfBirth",
    "email",
    "maritalStatus",
    "isDeceased",
];
const DOCUMENT_KEYS: &[&str] = &["number", "type", "country", "idCardType", "firstIssue"];
const ADDRESS_KEYS: &[&str] = &["fullAddress"];
const FACEVERIFY_KEYS: &[&str] = &["country", "uniqueIdentifier"];

const DOCUMENT_TYPES: &[&str] = &[
    "PASSPORT",
    "ID_CARD",
    "RESIDENCE_PERMIT",
    "DRIVERS_LICENSE",
    "VISA",
    "OTHER",
];
const MARITAL_STATUSES: &[&str] = &["single", "married", "divorced", "widowed"];
const GENDERS: &[&str] = &["M", "F"];
const VENDOR_DATA_MAX_CHARS: usize = 1000;

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/// Validates a loose Veriff input object (without `provider`) and returns its
/// body. `now_ms` (milliseconds since the epoch, like JavaScript `Date.now()`)
/// is called only when the input has no `timestamp`.
pub fn build_veriff_body(input: &Value, now_ms: impl FnOnce() -> f64) -> Result<String> {
    VeriffSession::from_value(input)?.to_json_with(now_ms)
}

/// Validates a loose FaceVerify input object (without `provider`) and returns its body.
pub fn build_faceverify_body(input: &Value) -> Result<String> {
    FaceVerifySession::from_value(input)?.to_json()
}

impl VeriffSession {
    /// Reads and validates a loose input object, such as one passed from JavaScript.
    pub fn from_value(value: &Value) -> Result<Self> {
        let fields = Fields::parse(value, VERIFF_KEYS, &[])?;
        let session = VeriffSession {
            callback: fields.string("callback")?,
            person: fields.object("person", Person::from_value)?,
            document: fields.object("document", Document::from_value)?,
            address: fields.object("address", Address::from_value)?,
            vendor_data: fields.string("vendorData")?,
            end_user_id: fields.string("endUserId")?,
            lang: fields.string("lang")?,
            features: fields.strings("features")?,
            timestamp: fields.string("timestamp")?,
        };
        session.validate()?;
        Ok(session)
    }

    /// Checks every field against the provider's rules.
    pub fn validate(&self) -> Result<()> {
        check(&self.callback, "callback", check_callback)?;
        if let Some(person) = &self.person {
            person.validate().map_err(|e| e.within("person"))?;
        }
        if let Some(document) = &self.document {
            document.validate().map_err(|e| e.within("document"))?;
        }
        check(&self.vendor_data, "vendorData", check_vendor_data)?;
        check(&self.end_user_id, "endUserId", check_uuid)?;
        check(&self.lang, "lang", check_lang)?;
        if let Some(features) = &self.features {
            check_features(features).map_err(|e| e.within("features"))?;
        }
        check(&self.timestamp, "timestamp", check_timestamp)
    }

    /// Validates and serialises the body, taking the current time as `now_ms`
    /// milliseconds since the epoch when no `timestamp` is set.
    pub fn to_json_at(&self, now_ms: f64) -> Result<String> {
        self.to_json_with(|| now_ms)
    }

    /// Validates and serialises the body, reading the system clock only when
    /// no `timestamp` is set.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn to_json(&self) -> Result<String> {
        self.to_json_with(system_now_ms)
    }

    fn to_json_with(&self, now_ms: impl FnOnce() -> f64) -> Result<String> {
        self.validate()?;
        let timestamp = match &self.timestamp {
            Some(given) => given.clone(),
            None => iso_timestamp(now_ms()).map_err(|e| e.within("timestamp"))?,
        };
        let mut out = String::with_capacity(256);
        let mut root = JsonObject::begin(&mut out);
        root.object("verification", |o| self.write_fields(o, &timestamp));
        root.end();
        Ok(out)
    }

    fn write_fields(&self, o: &mut JsonObject<'_>, timestamp: &str) {
        o.string("callback", self.callback.as_deref());
        if let Some(person) = &self.person {
            o.object("person", |p| person.write_fields(p));
        }
        if let Some(document) = &self.document {
            o.object("document", |d| document.write_fields(d));
        }
        if let Some(address) = &self.address {
            o.object("address", |a| {
                a.string("fullAddress", address.full_address.as_deref())
            });
        }
        o.string("vendorData", self.vendor_data.as_deref());
        o.string("endUserId", self.end_user_id.as_deref());
        o.string("lang", self.lang.as_deref());
        o.strings("features", self.features.as_deref());
        o.string("timestamp", Some(timestamp));
    }
}

impl Person {
    /// Reads a loose `person` object; error paths are relative to it.
    pub fn from_value(value: &Value) -> Result<Self> {
        let fields = Fields::parse(value, PERSON_KEYS, &[])?;
        Ok(Person {
            first_name: fields.string("firstName")?,
            last_name: fields.string("lastName")?,
            id_number: fields.string("idNumber")?,
            phone_number: fields.string("phoneNumber")?,
            gender: fields.string("gender")?,
            date_of_birth: fields.string("dateOfBirth")?,
            email: fields.string("email")?,
            marital_status: fields.string("maritalStatus")?,
            is_deceased: fields.boolean("isDeceased")?,
        })
    }

    fn validate(&self) -> Result<()> {
        check(&self.gender, "gender", |v| check_one_of(v, GENDERS))?;
        check(&self.date_of_birth, "dateOfBirth", check_date)?;
        check(&self.marital_status, "maritalStatus", |v| {
            check_one_of(v, MARITAL_STATUSES)
        })
    }

    fn write_fields(&self, o: &mut JsonObject<'_>) {
        o.string("firstName", self.first_name.as_deref());
        o.string("lastName", self.last_name.as_deref());
        o.string("idNumber", self.id_number.as_deref());
        o.string("phoneNumber", self.phone_number.as_deref());
        o.string("gender", self.gender.as_deref());
        o.string("dateOfBirth", self.date_of_birth.as_deref());
        o.string("email", self.email.as_deref());
        o.string("maritalStatus", self.marital_status.as_deref());
        o.boolean("isDeceased", self.is_deceased);
    }
}

impl Document {
    /// Reads a loose `document` object; error paths are relative to it.
    pub fn from_value(value: &Value) -> Result<Self> {
        let fields = Fields::parse(value, DOCUMENT_KEYS, &[])?;
        Ok(Document {
            number: fields.string("number")?,
            document_type: fields.string("type")?,
            country: fields.string("country")?,
            id_card_type: fields.string("idCardType")?,
            first_issue: fields.string("firstIssue")?,
        })
    }

    fn validate(&self) -> Result<()> {
        check(&self.number, "number", check_document_number)?;
        check(&self.document_type, "type", |v| {
            check_one_of(v, DOCUMENT_TYPES)
        })?;
        check(&self.country, "country", check_country)?;
        check(&self.first_issue, "firstIssue", check_date)
    }

    fn write_fields(&self, o: &mut JsonObject<'_>) {
        o.string("number", self.number.as_deref());
        o.string("type", self.document_type.as_deref());
        o.string("country", self.country.as_deref());
        o.string("idCardType", self.id_card_type.as_deref());
        o.string("firstIssue", self.first_issue.as_deref());
    }
}

impl Address {
    /// Reads a loose `address` object; error paths are relative to it.
    pub fn from_value(value: &Value) -> Result<Self> {
        let fields = Fields::parse(value, ADDRESS_KEYS, &[])?;
        Ok(Address {
            full_address: fields.string("fullAddress")?,
        })
    }
}

impl FaceVerifySession {
    /// Reads and validates a loose input object, such as one passed from JavaScript.
    pub fn from_value(value: &Value) -> Result<Self> {
        const NO_TIMESTAMP: &[(&str, &str)] = &[(
            "timestamp",
            "unknown field; FaceVerify bodies carry no timestamp",
        )];
        let fields = Fields::parse(value, FACEVERIFY_KEYS, NO_TIMESTAMP)?;
        let session = FaceVerifySession {
            country: fields.string("country")?,
            unique_identifier: fields.string("uniqueIdentifier")?,
        };
        session.validate()?;
        Ok(session)
    }

    /// Checks every field against the provider's rules.
    pub fn validate(&self) -> Result<()> {
        check(&self.country, "country", check_country)?;
        check(&self.unique_identifier, "uniqueIdentifier", check_non_empty)
    }

    /// Validates and serialises the body.
    pub fn to_json(&self) -> Result<String> {
        self.validate()?;
        let mut out = String::with_capacity(64);
        let mut root = JsonObject::begin(&mut out);
        root.string("country", self.country.as_deref());
        root.string("uniqueIdentifier", self.unique_identifier.as_deref());
        root.end();
        Ok(out)
    }
}

// ---------------------------------------------------------------------------
// Reading loose values
// ---------------------------------------------------------------------------

/// The entries of an input object whose keys have been checked against the
/// allowed list, with no `null`s and no duplicates.
struct Fields<'v> {
    entries: &'v [(String, Value)],
}

impl<'v> Fields<'v> {
    /// `explained` gives a dedicated message for keys that are known to be wrong here.
    fn parse(
        value: &'v Value,
        allowed: &[&'static str],
        explained: &[(&str, &str)],
    ) -> Result<Self> {
        let Value::Object(entries) = value else {
            return Err(type_error("", "an object", value));
        };
        for (i, (key, item)) in entries.iter().enumerate() {
            if !allowed.contains(&key.as_str()) {
                return Err(unknown_field(key, allowed, explained));
            }
            if entries.iter().take(i).any(|(k, _)| k == key) {
                return Err(Error::new(
                    ErrorCode::InvalidValue,
                    key.as_str(),
                    "duplicate field",
                ));
            }
            if matches!(item, Value::Null) {
                return Err(Error::new(
                    ErrorCode::NullField,
                    key.as_str(),
                    "null is not allowed; omit the field instead (the provider treats null and absent differently)",
                ));
            }
        }
        Ok(Fields { entries })
    }

    fn get(&self, key: &str) -> Option<&'v Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn string(&self, key: &str) -> Result<Option<String>> {
        self.get(key)
            .map(|v| as_string(v).map_err(|e| e.within(key)))
            .transpose()
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(type_error(key, "a boolean", other)),
        }
    }

    fn strings(&self, key: &str) -> Result<Option<Vec<String>>> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, item)| as_string(item).map_err(|e| e.within(&format!("[{i}]"))))
                .collect::<Result<Vec<_>>>()
                .map(Some)
                .map_err(|e| e.within(key)),
            Some(other) => Err(type_error(key, "an array of strings", other)),
        }
    }

    fn object<T>(&self, key: &str, read: impl FnOnce(&Value) -> Result<T>) -> Result<Option<T>> {
        self.get(key)
            .map(|v| read(v).map_err(|e| e.within(key)))
            .transpose()
    }
}

/// A string, with the error path left empty for the caller to fill in.
fn as_string(value: &Value) -> Result<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Null => Err(Error::new(
            ErrorCode::NullField,
            "",
            "expected a string, got null",
        )),
        other => Err(type_error("", "a string", other)),
    }
}

fn type_error(path: &str, expected: &str, got: &Value) -> Error {
    let code = match got {
        Value::Null => ErrorCode::NullField,
        _ => ErrorCode::InvalidType,
    };
    Error::new(
        code,
        path,
        format!("expected {expected}, got {}", got.type_name()),
    )
}

pub(crate) fn unknown_field(key: &str, allowed: &[&str], explained: &[(&str, &str)]) -> Error {
    if let Some((_, why)) = explained.iter().find(|(k, _)| *k == key) {
        return Error::new(ErrorCode::UnknownField, key, *why);
    }
    let message = match suggestion(key, allowed) {
        Some(near) => format!("unknown field; did you mean \"{near}\"?"),
        None => format!("unknown field; allowed fields are {}", allowed.join(", ")),
    };
    Error::new(ErrorCode::UnknownField, key, message)
}

/// The allowed key closest to a misspelt one: equal ignoring ASCII case, or
/// within two edits of it.
fn suggestion<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    const MAX_EDITS: usize = 2;
    allowed
        .iter()
        .filter_map(|&candidate| {
            let distance = edit_distance_ignoring_case(key, candidate, MAX_EDITS)?;
            Some((distance, candidate))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance over ASCII-lower-cased characters, or `None` when it
/// exceeds `max` (checked up front by length so huge keys cost nothing).
fn edit_distance_ignoring_case(a: &str, b: &str, max: usize) -> Option<usize> {
    if a.chars().count().abs_diff(b.chars().count()) > max {
        return None;
    }
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Row of distances from a prefix of `a` to every prefix of `b`.
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(previous.len());
        let mut left = i + 1;
        current.push(left);
        for (&cb, pair) in b.iter().zip(previous.windows(2)) {
            if let &[diagonal, up] = pair {
                left = (diagonal + usize::from(ca != cb)).min(up + 1).min(left + 1);
                current.push(left);
            }
        }
        previous = current;
    }
    previous.last().copied().filter(|&d| d <= max)
}

// ---------------------------------------------------------------------------
// Field rules
// ---------------------------------------------------------------------------

/// Runs `rule` on a present field and puts the field's name on its error.
fn check(field: &Option<String>, path: &str, rule: impl FnOnce(&str) -> Result<()>) -> Result<()> {
    match field {
        Some(value) => rule(value).map_err(|e| e.within(path)),
        None => Ok(()),
    }
}

fn invalid(code: ErrorCode, message: impl Into<String>) -> Error {
    Error::new(code, "", message)
}

fn check_callback(value: &str) -> Result<()> {
    let bad = || {
        invalid(
            ErrorCode::InvalidUrl,
            format!("expected an absolute http(s) URL, got {}", quote(value)),
        )
    };
    // The URL parser would silently drop or rewrite these, so the provider
    // would receive something other than what was checked.
    if value
        .chars()
        .any(|c| c.is_ascii_control() || c == ' ' || c == '\\')
    {
        return Err(invalid(
            ErrorCode::InvalidUrl,
            format!(
                "URL must not contain spaces, control characters or backslashes, got {}",
                quote(value)
            ),
        ));
    }
    // The parser also takes `http:host` and `http:/host`; insist on the `//` form.
    let has_prefix = |prefix: &str| {
        value
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if !(has_prefix("http://") || has_prefix("https://")) {
        return Err(bad());
    }
    let url = url::Url::parse(value).map_err(|_| bad())?;
    let has_host = url.host_str().is_some_and(|h| !h.is_empty());
    if matches!(url.scheme(), "http" | "https") && has_host {
        Ok(())
    } else {
        Err(bad())
    }
}

fn check_one_of(value: &str, allowed: &[&str]) -> Result<()> {
    if allowed.contains(&value) {
        return Ok(());
    }
    let list = allowed
        .iter()
        .map(|a| format!("\"{a}\""))
        .collect::<Vec<_>>()
        .join(", ");
    Err(invalid(
        ErrorCode::InvalidValue,
        format!("expected one of {list}, got {}", quote(value)),
    ))
}

fn check_non_empty(value: &str) -> Result<()> {
    if value.is_empty() {
        Err(invalid(ErrorCode::InvalidValue, "must not be empty"))
    } else {
        Ok(())
    }
}

fn check_document_number(value: &str) -> Result<()> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidValue,
        format!(
            "expected ASCII letters and digits only, got {}",
            quote(value)
        ),
    ))
}

fn check_country(value: &str) -> Result<()> {
    if is_country(value) {
        return Ok(());
    }
    let upper = value.to_ascii_uppercase();
    let message = if is_country(&upper) {
        format!("expected an upper-case ISO 3166-1 alpha-2 code; use upper case: \"{upper}\"")
    } else {
        format!(
            "expected an ISO 3166-1 alpha-2 country code such as \"US\", got {}",
            quote(value)
        )
    };
    Err(invalid(ErrorCode::InvalidCountry, message))
}

fn is_country(code: &str) -> bool {
    COUNTRIES.binary_search(&code).is_ok()
}

fn check_date(value: &str) -> Result<()> {
    let mut rest = value.as_bytes();
    if take_date(&mut rest).is_some() && rest.is_empty() {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidDate,
        format!("expected a real date as YYYY-MM-DD, got {}", quote(value)),
    ))
}

fn check_uuid(value: &str) -> Result<()> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut groups = value.split('-');
    let well_formed = GROUPS.iter().all(|&len| {
        groups
            .next()
            .is_some_and(|g| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
    }) && groups.next().is_none();
    if well_formed {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidUuid,
        format!(
            "expected a UUID like \"123e4567-e89b-12d3-a456-426614174000\", got {}",
            quote(value)
        ),
    ))
}

fn check_vendor_data(value: &str) -> Result<()> {
    let count = value.chars().count();
    if count <= VENDOR_DATA_MAX_CHARS {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::TooLong,
        format!("must be at most {VENDOR_DATA_MAX_CHARS} characters, got {count}"),
    ))
}

/// A language tag: 2–3 lower-case letters, then optionally one region or
/// script subtag (`pt-BR`, `zh-Hant`, `es-419`).
fn check_lang(value: &str) -> Result<()> {
    let (language, subtag) = match value.split_once('-') {
        Some((language, subtag)) => (language, Some(subtag)),
        None => (value, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let subtag_ok = subtag.map_or(true, |s| {
        (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
    });
    if language_ok && subtag_ok {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidValue,
        format!(
            "expected a language tag such as \"en\" or \"pt-BR\", got {}",
            quote(value)
        ),
    ))
}

fn check_features(features: &[String]) -> Result<()> {
    for (i, feature) in features.iter().enumerate() {
        check_non_empty(feature).map_err(|e| e.within(&format!("[{i}]")))?;
    }
    Ok(())
}

fn check_timestamp(value: &str) -> Result<()> {
    let mut rest = value.as_bytes();
    if take_date_time(&mut rest).is_some() && rest.is_empty() {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidTimestamp,
        format!(
            "expected an ISO-8601 date-time such as \"2016-05-19T08:30:25.597Z\", got {}",
            quote(value)
        ),
    ))
}

// ---------------------------------------------------------------------------
// Date and time parsing
// ---------------------------------------------------------------------------
//
// Each `take_*` consumes its part from the front of `rest` and returns `None`
// when the input does not match.

fn take_byte(rest: &mut &[u8], expected: u8) -> Option<()> {
    let (&first, tail) = rest.split_first()?;
    (first == expected).then(|| *rest = tail)
}

fn take_digits(rest: &mut &[u8], count: usize) -> Option<u32> {
    let (digits, tail) = rest.split_at_checked(count)?;
    let value = digits.iter().try_fold(0u32, |acc, &b| {
        b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
    })?;
    *rest = tail;
    Some(value)
}

/// A number in `0..=max` written with exactly two digits.
fn take_two_digits(rest: &mut &[u8], max: u32) -> Option<u32> {
    take_digits(rest, 2).filter(|&v| v <= max)
}

/// `YYYY-MM-DD`, a real day of the proleptic Gregorian calendar.
fn take_date(rest: &mut &[u8]) -> Option<()> {
    let year = take_digits(rest, 4)?;
    take_byte(rest, b'-')?;
    let month = take_digits(rest, 2)?;
    take_byte(rest, b'-')?;
    let day = take_digits(rest, 2)?;
    let last_day = days_in_month(year, month)?;
    (1..=last_day).contains(&day).then_some(())
}

/// `YYYY-MM-DDTHH:MM:SS[.fffffffff](Z|±HH:MM)`.
fn take_date_time(rest: &mut &[u8]) -> Option<()> {
    take_date(rest)?;
    take_byte(rest, b'T')?;
    take_two_digits(rest, 23)?;
    take_byte(rest, b':')?;
    take_two_digits(rest, 59)?;
    take_byte(rest, b':')?;
    take_two_digits(rest, 59)?;
    if take_byte(rest, b'.').is_some() {
        take_fraction(rest)?;
    }
    take_offset(rest)
}

/// One to nine fraction-of-second digits.
fn take_fraction(rest: &mut &[u8]) -> Option<()> {
    let count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=9).contains(&count) {
        return None;
    }
    *rest = rest.get(count..)?;
    Some(())
}

fn take_offset(rest: &mut &[u8]) -> Option<()> {
    if take_byte(rest, b'Z').is_some() {
        return Some(());
    }
    take_byte(rest, b'+').or_else(|| take_byte(rest, b'-'))?;
    take_two_digits(rest, 23)?;
    take_byte(rest, b':')?;
    take_two_digits(rest, 59)?;
    Some(())
}

fn is_leap_year(year: u32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// `None` for a month outside 1–12.
fn days_in_month(year: u32, month: u32) -> Option<u32> {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if is_leap_year(year) => Some(29),
        2 => Some(28),
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Clock and ISO formatting
// ---------------------------------------------------------------------------

/// The furthest a JavaScript `Date` reaches from the epoch, in milliseconds.
const MAX_DATE_MS: f64 = 8.64e15;
const MS_PER_DAY: i64 = 86_400_000;

/// The current time in milliseconds since the epoch, like JavaScript `Date.now()`.
#[cfg(not(target_arch = "wasm32"))]
pub fn system_now_ms() -> f64 {
    use std::time::{SystemTime, UNIX_EPOCH};
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_millis() as f64,
        // A clock set before 1970: round down, as `Date.now()` would.
        Err(before) => -(before.duration().as_micros().div_ceil(1000) as f64),
    }
}

/// Formats milliseconds since the epoch exactly as JavaScript
/// `new Date(ms).toISOString()` does, e.g. `2016-05-19T08:30:25.597Z`, with
/// `+YYYYYY`/`-YYYYYY` years outside 0–9999. Fractions of a millisecond are
/// truncated toward zero, as `Date` does; values that are not finite or lie
/// beyond ±8.64e15 are refused with an `InvalidTimestamp` error whose path
/// is empty, for the caller to fill in.
pub fn iso_timestamp(ms: f64) -> Result<String> {
    if !ms.is_finite() || ms.abs() > MAX_DATE_MS {
        return Err(Error::new(
            ErrorCode::InvalidTimestamp,
            "",
            format!("the time {ms} ms is outside the range of a JavaScript Date (±8.64e15 ms)"),
        ));
    }
    // Exact: the range check bounds the value well inside ±2^53.
    let ms = ms.trunc() as i64;
    let (year, month, day) = civil_from_days(ms.div_euclid(MS_PER_DAY));
    let in_day = ms.rem_euclid(MS_PER_DAY);
    let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
    let (second, milli) = (in_day / 1000 % 60, in_day % 1000);
    Ok(format!(
        "{}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z",
        format_year(year)
    ))
}

fn format_year(year: i64) -> String {
    match year {
        0..=9999 => format!("{year:04}"),
        _ if year < 0 => format!("-{:06}", year.unsigned_abs()),
        _ => format!("+{year:06}"),
    }
}

/// Year, month (1–12) and day (1–31) of a day count from 1970-01-01, after
/// Howard Hinnant's `civil_from_days`; exact for any `Date` value.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

// ---------------------------------------------------------------------------
// JSON writing
// ---------------------------------------------------------------------------

/// Writes one JSON object compactly, as `JSON.stringify` does.
struct JsonObject<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    fn begin(out: &'a mut String) -> Self {
        out.push('{');
        JsonObject { out, empty: true }
    }

    fn end(self) {
        self.out.push('}');
    }

    /// Writes `"key":` (after a comma when needed) and returns the buffer for the value.
    fn key(&mut self, key: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_json_string(self.out, key);
        self.out.push(':');
        self.out
    }

    fn string(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            write_json_string(self.key(key), value);
        }
    }

    fn boolean(&mut self, key: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.key(key).push_str(if value { "true" } else { "false" });
        }
    }

    fn strings(&mut self, key: &str, values: Option<&[String]>) {
        let Some(values) = values else { return };
        let out = self.key(key);
        out.push('[');
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            write_json_string(out, value);
        }
        out.push(']');
    }

    fn object(&mut self, key: &str, fill: impl FnOnce(&mut JsonObject<'_>)) {
        let mut inner = JsonObject::begin(self.key(key));
        fill(&mut inner);
        inner.end();
    }
}

/// Writes a JSON string literal with `JSON.stringify`'s escapes: the short
/// forms where JSON has them, `\u00xx` (lower-case hex) for other control
/// characters, and everything else, `/`, DEL and U+2028/U+2029 included, as is.
fn write_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{00}'..='\u{1f}' => {
                let byte = c as u8;
                out.push_str("\\u00");
                for nibble in [byte >> 4, byte & 0xf] {
                    out.extend(HEX.get(usize::from(nibble)).map(|&h| char::from(h)));
                }
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

// ---------------------------------------------------------------------------
// ISO 3166-1 alpha-2
// ---------------------------------------------------------------------------

/// The 249 officially assigned ISO 3166-1 alpha-2 codes, sorted for binary search.
#[rustfmt::skip]
const COUNTRIES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",

];

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> String {
        let mut out = String::new();
        write_json_string(&mut out, s);
        out
    }

    #[test]
    fn control_characters_escape_like_json_stringify() {
        let all: String = (0u8..0x20).map(char::from).collect();
        // From Node 20: JSON.stringify(String.fromCharCode(0, 1, …, 0x1f)).
        let expected = r#""\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f""#;
        assert_eq!(json(&all), expected);
    }

    #[test]
    fn other_characters_stay_literal_like_json_stringify() {
        let input = "q\"b\\s/ del\u{7f} ls\u{2028} ps\u{2029} astral\u{1f600}\u{1d11e} \u{e9}\u{4e2d} \u{80}\u{9f}";
        // From Node 20: JSON.stringify of the same string (non-ASCII re-spelt as \u{..} here).
        let expected = "\"q\\\"b\\\\s/ del\u{7f} ls\u{2028} ps\u{2029} astral\u{1f600}\u{1d11e} \u{e9}\u{4e2d} \u{80}\u{9f}\"";
        assert_eq!(json(input), expected);
        assert_eq!(json(""), "\"\"");
    }

    #[test]
    fn iso_timestamps_match_to_iso_string() {
        // From Node 20: new Date(ms).toISOString().
        let cases: &[(f64, &str)] = &[
            (0.0, "1970-01-01T00:00:00.000Z"),
            (-0.0, "1970-01-01T00:00:00.000Z"),
            (1.0, "1970-01-01T00:00:00.001Z"),
            (-1.0, "1969-12-31T23:59:59.999Z"),
            (1.7, "1970-01-01T00:00:00.001Z"),
            (-1.7, "1969-12-31T23:59:59.999Z"),
            (1_463_646_625_597.0, "2016-05-19T08:30:25.597Z"),
            (1_709_164_800_000.0, "2024-02-29T00:00:00.000Z"),
            (1_709_251_199_999.0, "2024-02-29T23:59:59.999Z"),
            (951_782_400_000.0, "2000-02-29T00:00:00.000Z"),
            (-2_208_988_800_000.0, "1900-01-01T00:00:00.000Z"),
            (4_102_444_800_000.0, "2100-01-01T00:00:00.000Z"),
            (-62_135_596_800_000.0, "0001-01-01T00:00:00.000Z"),
            (-62_167_219_200_000.0, "0000-01-01T00:00:00.000Z"),
            (-62_167_219_200_001.0, "-000001-12-31T23:59:59.999Z"),
            (-62_198_755_200_001.0, "-000002-12-31T23:59:59.999Z"),
            (-377_705_116_800_000.0, "-009999-01-01T00:00:00.000Z"),
            (-377_705_116_800_001.0, "-010000-12-31T23:59:59.999Z"),
            (253_402_300_799_999.0, "9999-12-31T23:59:59.999Z"),
            (253_402_300_800_000.0, "+010000-01-01T00:00:00.000Z"),
            (8.64e15, "+275760-09-13T00:00:00.000Z"),
            (8.64e15 - 1.0, "+275760-09-12T23:59:59.999Z"),
            (-8.64e15, "-271821-04-20T00:00:00.000Z"),
            (-8.64e15 + 1.0, "-271821-04-20T00:00:00.001Z"),
        ];
        for &(ms, expected) in cases {
            assert_eq!(iso_timestamp(ms).as_deref(), Ok(expected), "ms = {ms}");
        }
    }

    #[test]
    fn iso_timestamps_refuse_what_date_cannot_hold() {
        for ms in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            8.64e15 + 1.0,
            -8.64e15 - 1.0,
            1e300,
        ] {
            let err = iso_timestamp(ms).err();
            assert_eq!(
                err.as_ref().map(Error::code),
                Some(ErrorCode::InvalidTimestamp),
                "ms = {ms}"
            );
            assert!(err.is_some_and(|e| e.reason().contains("8.64e15")));
        }
    }

    #[test]
    fn civil_from_days_round_trips_over_four_centuries() {
        // Walk day by day across leap-year rules, checking each date is the next one.
        let mut expected = (1899, 12, 31);
        for days in -25_567..146_097 - 25_567 {
            let (y, m, d) = expected;
            let next_day =
                days_in_month(u32::try_from(y).unwrap_or(0), u32::try_from(m).unwrap_or(0))
                    .map_or(0, i64::from);
            expected = if d < next_day {
                (y, m, d + 1)
            } else if m < 12 {
                (y, m + 1, 1)
            } else {
                (y + 1, 1, 1)
            };
            assert_eq!(civil_from_days(days), expected, "days = {days}");
        }
    }

    #[test]
    fn country_table_is_sorted_complete_and_upper_case() {
        assert_eq!(COUNTRIES.len(), 249);
        assert!(COUNTRIES.windows(2).all(|w| matches!(w, [a, b] if a < b)));
        assert!(COUNTRIES
            .iter()
            .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for code in ["US", "GB", "DE", "AX", "BQ", "CW", "SS", "SX", "XK"] {
            assert_eq!(is_country(code), code != "XK", "{code}");
        }
        // Reserved or withdrawn, not officially assigned.
        for code in ["UK", "EU", "AN", "YU", "ZZ", "us", ""] {
            assert!(!is_country(code), "{code}");
        }
    }

    #[test]
    fn edit_distance() {
        assert_eq!(
            edit_distance_ignoring_case("firstname", "firstName", 2),
            Some(0)
        );
        assert_eq!(
            edit_distance_ignoring_case("fistName", "firstName", 2),
            Some(1)
        );
        assert_eq!(edit_distance_ignoring_case("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_ignoring_case("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_ignoring_case("dob", "dateOfBirth", 2), None);
        assert_eq!(edit_distance_ignoring_case("", "ab", 2), Some(2));
    }

    #[test]
    fn dates() {
        for ok in ["2024-02-29", "2000-02-29", "1990-12-31", "0001-01-01"] {
            assert!(check_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2023-02-29",
            "1900-02-29",
            "1990-13-01",
            "1990-00-10",
            "1990-01-00",
            "1990-04-31",
            "1990-1-01",
            "90-01-01",
            "1990-01-01 ",
            "1990/01/01",
            "１990-01-01",
            "",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timestamps() {
        for ok in [
            "2016-05-19T08:30:25.597Z",
            "2016-05-19T08:30:25Z",
            "2016-05-19T08:30:25.1Z",
            "2016-05-19T08:30:25.123456789Z",
            "2016-05-19T08:30:25.597+02:00",
            "2016-05-19T23:59:59-05:30",
        ] {
            assert!(check_timestamp(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2016-05-19",
            "2016-05-19T08:30Z",
            "2016-05-19T08:30:25.Z",
            "2016-05-19T08:30:25.1234567890Z",
            "2016-05-19T24:00:00Z",
            "2016-05-19T08:60:00Z",
            "2016-05-19T08:30:60Z",
            "2016-02-30T08:30:25Z",
            "2016-05-19 08:30:25Z",
            "2016-05-19t08:30:25z",
            "2016-05-19T08:30:25",
            "2016-05-19T08:30:25+0200",
            "2016-05-19T08:30:25+24:00",
            "2016-05-19T08:30:25.597Z ",
            "+010000-01-01T00:00:00.000Z",
        ] {
            assert!(check_timestamp(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_clock_is_read_only_when_needed() {
        let read = core::cell::Cell::new(0);
        let clock = || {
            read.set(read.get() + 1);
            1_463_646_625_597.0
        };
        let expected = r#"{"verification":{"timestamp":"2016-05-19T08:30:25.597Z"}}"#;
        let given = VeriffSession {
            timestamp: Some("2016-05-19T08:30:25.597Z".into()),
            ..Default::default()
        };
        assert_eq!(given.to_json_with(clock).as_deref(), Ok(expected));
        assert_eq!(read.get(), 0);
        assert_eq!(
            VeriffSession::default().to_json_with(clock).as_deref(),
            Ok(expected)
        );
        assert_eq!(read.get(), 1);
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn system_clock_is_near_now() {
        let body = VeriffSession::default().to_json();
        let year_2024_ms = 1_704_067_200_000.0;
        assert!(system_now_ms() > year_2024_ms);
        assert!(body.is_ok_and(|b| b.starts_with(r#"{"verification":{"timestamp":"20"#)));
    }
}
