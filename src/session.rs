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
use crate::fields::Fields;
use crate::json::JsonObject;
use crate::timestamp::{check_date, check_timestamp};
pub use crate::timestamp::iso_timestamp;
#[cfg(not(target_arch = "wasm32"))]
pub use crate::timestamp::system_now_ms;
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
    // from_value has validated it: write it without checking every rule twice.
    VeriffSession::from_value(input)?.write_json(now_ms)
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

    /// Validates and serialises the body, calling `now_ms` only when no `timestamp` is set.
    pub(crate) fn to_json_with(&self, now_ms: impl FnOnce() -> f64) -> Result<String> {
        self.validate()?;
        self.write_json(now_ms)
    }

    /// Serialises a session that has been validated.
    fn write_json(&self, now_ms: impl FnOnce() -> f64) -> Result<String> {
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
    if crate::plain_url::plain_http_url(value).is_some() {
        return Ok(());
    }
    if crate::whatwg::has_international_host(value) {
        return Err(invalid(
            ErrorCode::InvalidUrl,
            format!("internationalised hosts are not supported; write the host of {} in its xn-- form", quote(value)),
        ));
    }
    let url = crate::whatwg::parse(value).map_err(|_| bad())?;
    if matches!(url.scheme.as_str(), "http" | "https") && url.has_host {
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
