//! The body of Veriff's `POST /v1/sessions`.
//!
//! The bodies are signed byte for byte, so they are written here exactly as
//! JavaScript's `JSON.stringify` writes the same object: compact, keys in a
//! fixed order, the same string escapes. Inputs are validated first, and every
//! error names the field path it is about (`person.dateOfBirth`, `features[1]`).
//!
//! Strings are sent exactly as given: nothing is trimmed or normalised, since
//! that would change the bytes the caller expects to be signed.

use crate::dates::{check_date, check_timestamp, iso_timestamp};
use crate::error::{quote, Error, ErrorCode, Result};
use crate::fields::{check, check_country, check_non_empty, check_one_of, invalid, Fields};
use crate::host::Host;
use crate::json::{JsonObject, Value};
#[cfg(feature = "native")]
use crate::native::DEFAULT_HOST;
use crate::url::{plain::plain_http_url, whatwg};

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
    /// `proofOfAddress`: the documents accepted as proof of address (when enabled for the integration).
    pub proof_of_address: Option<ProofOfAddress>,
    /// `vendorData`: opaque data echoed back by the provider, at most 1000 characters.
    pub vendor_data: Option<String>,
    /// `endUserId`: a UUID identifying the end user.
    pub end_user_id: Option<String>,
    /// `consents`: the end user's consents some features need (`ine`, `bipa`, `aadhaar`).
    pub consents: Option<Vec<Consent>>,
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

/// `verification.proofOfAddress` of a Veriff session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProofOfAddress {
    /// `acceptableTypes[].name`: the document types accepted (`BANK_STATEMENT`, `ELECTRICITY_BILL`, …).
    pub acceptable_types: Vec<String>,
}

/// One of `verification.consents` of a Veriff session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Consent {
    /// `type`: `ine`, `bipa` or `aadhaar`.
    pub consent_type: String,
    /// `approved`: whether the end user consented.
    pub approved: bool,
}

// Output order is fixed by these lists, whatever order the input had.
const VERIFF_KEYS: &[&str] = &[
    "callback",
    "person",
    "document",
    "address",
    "proofOfAddress",
    "vendorData",
    "endUserId",
    "consents",
    "lang",
    "features",
    "timestamp",
];
const PROOF_OF_ADDRESS_KEYS: &[&str] = &["acceptableTypes"];
const CONSENT_KEYS: &[&str] = &["type", "approved"];
/// `consents[].type`, as Veriff's reference lists them.
const CONSENT_TYPES: &[&str] = &["ine", "bipa", "aadhaar"];
/// `proofOfAddress.acceptableTypes[].name`: Veriff's supported proof-of-address document types.
const PROOF_OF_ADDRESS_TYPES: &[&str] = &[
    "BANK_STATEMENT",
    "CAR_INSURANCE_POLICY",
    "CERTIFICATE_OF_NON-TAXATION",
    "CERTIFICATE_OF_RESIDENCE",
    "COUNCIL_OR_HOUSING_ASSOCIATION_DOCUMENTATION",
    "CREDIT_CARD_BILL",
    "ELECTORAL_REGISTER_ENTRY",
    "ELECTRICITY_BILL",
    "GAS_BILL",
    "GOVERNMENT_ISSUED_LETTER",
    "HEALTH_INSURANCE_CARD",
    "HOME_INSURANCE_POLICY",
    "INSURANCE_BILL",
    "INSURANCE_LETTER",
    "LANDLORD_LETTER",
    "LEASE_AGREEMENT",
    "LEASE_BILL",
    "LOAN_STATEMENT",
    "MOBILE_BILL",
    "MORTGAGE_STATEMENT",
    "OFFICIAL_CORRESPONDENCE",
    "PENSION_STATEMENT",
    "PHONE_BILL",
    "PROOF_OF_BANK_ACCOUNT",
    "PROOF_OF_HOUSING_TAX",
    "RENT_BILL",
    "RENT_RECEIPT",
    "RENTAL_AGREEMENT",
    "RENTAL_CONTRACT",
    "RESIDENCE_PERMIT",
    "RESIDENCE_REGISTRATION",
    "SOCIAL_INSURANCE_DOCUMENT",
    "SOLICITORS_LETTER",
    "TAX_ASSESSMENT",
    "TAX_BILL",
    "TAX_DOCUMENT",
    "VEHICLE_REGISTRATION",
    "WATER_BILL",
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

const DOCUMENT_TYPES: &[&str] = &["PASSPORT", "ID_CARD", "RESIDENCE_PERMIT", "DRIVERS_LICENSE", "VISA", "OTHER"];
const MARITAL_STATUSES: &[&str] = &["single", "married", "divorced", "widowed"];
const GENDERS: &[&str] = &["M", "F"];
const VENDOR_DATA_MAX_CHARS: usize = 1000;

// ---------------------------------------------------------------------------
// Public entry points
// ---------------------------------------------------------------------------

/// Validates a loose Veriff input object (without `provider`) and returns its
/// body. The host's clock (a closure `|| ms` natively) is read only when the
/// input has no `timestamp`.
pub fn build_veriff_body(input: &Value, host: impl Host) -> Result<String> {
    build_veriff_body_in(input, &host)
}

/// [`build_veriff_body`] with a borrowed host.
pub fn build_veriff_body_in(input: &Value, host: &dyn Host) -> Result<String> {
    // from_value has validated it: write it without checking every rule twice.
    VeriffSession::from_value_in(input, host)?.write_json(host)
}

impl VeriffSession {
    /// Reads and validates a loose input object, such as one passed from JavaScript.
    #[cfg(feature = "native")]
    pub fn from_value(value: &Value) -> Result<Self> {
        VeriffSession::from_value_in(value, DEFAULT_HOST)
    }

    /// [`VeriffSession::from_value`], reading the callback URL with `host`'s parser.
    pub fn from_value_in(value: &Value, host: &dyn Host) -> Result<Self> {
        let fields = Fields::parse(value, VERIFF_KEYS, &[])?;
        let session = VeriffSession {
            callback: fields.string("callback")?,
            person: fields.object("person", Person::from_value)?,
            document: fields.object("document", Document::from_value)?,
            address: fields.object("address", Address::from_value)?,
            proof_of_address: fields.object("proofOfAddress", ProofOfAddress::from_value)?,
            vendor_data: fields.string("vendorData")?,
            end_user_id: fields.string("endUserId")?,
            consents: fields.array("consents", Consent::from_value)?,
            lang: fields.string("lang")?,
            features: fields.strings("features")?,
            timestamp: fields.string("timestamp")?,
        };
        session.validate_in(host)?;
        Ok(session)
    }

    /// Checks every field against the provider's rules.
    #[cfg(feature = "native")]
    pub fn validate(&self) -> Result<()> {
        self.validate_in(DEFAULT_HOST)
    }

    /// [`VeriffSession::validate`], reading the callback URL with `host`'s parser.
    pub fn validate_in(&self, host: &dyn Host) -> Result<()> {
        check(&self.callback, "callback", |url| check_callback(url, host))?;
        if let Some(person) = &self.person {
            person.validate().map_err(|e| e.within("person"))?;
        }
        if let Some(document) = &self.document {
            document.validate().map_err(|e| e.within("document"))?;
        }
        if let Some(proof) = &self.proof_of_address {
            proof.validate().map_err(|e| e.within("proofOfAddress"))?;
        }
        check(&self.vendor_data, "vendorData", check_vendor_data)?;
        if let Some(consents) = &self.consents {
            for (i, consent) in consents.iter().enumerate() {
                consent.validate().map_err(|e| e.within(&format!("[{i}]")).within("consents"))?;
            }
        }
        check(&self.end_user_id, "endUserId", check_uuid)?;
        check(&self.lang, "lang", check_lang)?;
        if let Some(features) = &self.features {
            check_features(features).map_err(|e| e.within("features"))?;
        }
        check(&self.timestamp, "timestamp", check_timestamp)
    }

    /// Validates and serialises the body, taking the current time as `now_ms`
    /// milliseconds since the epoch when no `timestamp` is set.
    #[cfg(feature = "native")]
    pub fn to_json_at(&self, now_ms: f64) -> Result<String> {
        self.to_json_in(&|| now_ms)
    }

    /// Validates and serialises the body, reading the system clock only when
    /// no `timestamp` is set.
    #[cfg(feature = "native")]
    pub fn to_json(&self) -> Result<String> {
        self.to_json_in(DEFAULT_HOST)
    }

    /// Validates and serialises the body, reading `host`'s clock only when no `timestamp` is set.
    pub fn to_json_in(&self, host: &dyn Host) -> Result<String> {
        self.validate_in(host)?;
        self.write_json(host)
    }

    /// Serialises a session that has been validated.
    fn write_json(&self, host: &dyn Host) -> Result<String> {
        let timestamp = match &self.timestamp {
            Some(given) => given.clone(),
            None => iso_timestamp(host.now_ms()).map_err(|e| e.within("timestamp"))?,
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
            o.object("address", |a| a.string("fullAddress", address.full_address.as_deref()));
        }
        if let Some(proof) = &self.proof_of_address {
            o.object("proofOfAddress", |p| {
                p.objects("acceptableTypes", Some(&proof.acceptable_types), |t, name| t.string("name", Some(name)));
            });
        }
        o.string("vendorData", self.vendor_data.as_deref());
        o.string("endUserId", self.end_user_id.as_deref());
        o.objects("consents", self.consents.as_deref(), |c, consent| {
            c.string("type", Some(&consent.consent_type));
            c.boolean("approved", Some(consent.approved));
        });
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
        check(&self.marital_status, "maritalStatus", |v| check_one_of(v, MARITAL_STATUSES))
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
        check(&self.document_type, "type", |v| check_one_of(v, DOCUMENT_TYPES))?;
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

impl ProofOfAddress {
    /// Reads `{ acceptableTypes: [{ name }, …] }`.
    pub fn from_value(value: &Value) -> Result<Self> {
        let fields = Fields::parse(value, PROOF_OF_ADDRESS_KEYS, &[])?;
        let acceptable_types = fields
            .array("acceptableTypes", |item| {
                let names = Fields::parse(item, &["name"], &[])?;
                names.string("name")?.ok_or_else(|| Error::new(ErrorCode::MissingField, "name", "is required"))
            })?
            .ok_or_else(|| Error::new(ErrorCode::MissingField, "acceptableTypes", "is required: at least one type"))?;
        Ok(ProofOfAddress { acceptable_types })
    }

    fn validate(&self) -> Result<()> {
        if self.acceptable_types.is_empty() {
            return Err(Error::new(
                ErrorCode::InvalidValue,
                "acceptableTypes",
                "is empty; list at least one document type",
            ));
        }
        for (i, name) in self.acceptable_types.iter().enumerate() {
            check_one_of(name, PROOF_OF_ADDRESS_TYPES)
                .map_err(|e| e.within("name").within(&format!("[{i}]")).within("acceptableTypes"))?;
        }
        Ok(())
    }
}

impl Consent {
    /// Reads `{ type, approved }`, both required.
    pub fn from_value(value: &Value) -> Result<Self> {
        let fields = Fields::parse(value, CONSENT_KEYS, &[])?;
        let consent_type = fields
            .string("type")?
            .ok_or_else(|| Error::new(ErrorCode::MissingField, "type", "is required: ine, bipa or aadhaar"))?;
        let approved = fields
            .boolean("approved")?
            .ok_or_else(|| Error::new(ErrorCode::MissingField, "approved", "is required: true or false"))?;
        Ok(Consent { consent_type, approved })
    }

    fn validate(&self) -> Result<()> {
        check_one_of(&self.consent_type, CONSENT_TYPES).map_err(|e| e.within("type"))
    }
}

impl Address {
    /// Reads a loose `address` object; error paths are relative to it.
    pub fn from_value(value: &Value) -> Result<Self> {
        let fields = Fields::parse(value, ADDRESS_KEYS, &[])?;
        Ok(Address { full_address: fields.string("fullAddress")? })
    }
}

fn check_callback(value: &str, host: &dyn Host) -> Result<()> {
    let bad = || invalid(ErrorCode::InvalidUrl, format!("expected an absolute http(s) URL, got {}", quote(value)));
    // The URL parser would silently drop or rewrite these, so the provider
    // would receive something other than what was checked.
    if value.chars().any(|c| c.is_ascii_control() || c == ' ' || c == '\\') {
        return Err(invalid(
            ErrorCode::InvalidUrl,
            format!("URL must not contain spaces, control characters or backslashes, got {}", quote(value)),
        ));
    }
    // The parser also takes `http:host` and `http:/host`; insist on the `//` form.
    let has_prefix = |prefix: &str| value.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix));
    if !(has_prefix("http://") || has_prefix("https://")) {
        return Err(bad());
    }
    if plain_http_url(value).is_some() {
        return Ok(());
    }
    if whatwg::has_international_host(value) {
        return Err(invalid(
            ErrorCode::InvalidUrl,
            format!("internationalised hosts are not supported; write the host of {} in its xn-- form", quote(value)),
        ));
    }
    let url = whatwg::parse(value, host).map_err(|_| bad())?;
    if matches!(url.scheme.as_str(), "http" | "https") && url.has_host {
        Ok(())
    } else {
        Err(bad())
    }
}

fn check_document_number(value: &str) -> Result<()> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(());
    }
    Err(invalid(ErrorCode::InvalidValue, format!("expected ASCII letters and digits only, got {}", quote(value))))
}

fn check_uuid(value: &str) -> Result<()> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let mut groups = value.split('-');
    let well_formed = GROUPS
        .iter()
        .all(|&len| groups.next().is_some_and(|g| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit())))
        && groups.next().is_none();
    if well_formed {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidUuid,
        format!("expected a UUID like \"123e4567-e89b-12d3-a456-426614174000\", got {}", quote(value)),
    ))
}

fn check_vendor_data(value: &str) -> Result<()> {
    let count = value.chars().count();
    if count <= VENDOR_DATA_MAX_CHARS {
        return Ok(());
    }
    Err(invalid(ErrorCode::TooLong, format!("must be at most {VENDOR_DATA_MAX_CHARS} characters, got {count}")))
}

/// A language tag: 2–3 lower-case letters, then optionally one region or
/// script subtag (`pt-BR`, `zh-Hant`, `es-419`).
fn check_lang(value: &str) -> Result<()> {
    let (language, subtag) = match value.split_once('-') {
        Some((language, subtag)) => (language, Some(subtag)),
        None => (value, None),
    };
    let language_ok = (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let subtag_ok = subtag.map_or(true, |s| (2..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if language_ok && subtag_ok {
        return Ok(());
    }
    Err(invalid(
        ErrorCode::InvalidValue,
        format!("expected a language tag such as \"en\" or \"pt-BR\", got {}", quote(value)),
    ))
}

fn check_features(features: &[String]) -> Result<()> {
    for (i, feature) in features.iter().enumerate() {
        check_non_empty(feature).map_err(|e| e.within(&format!("[{i}]")))?;
    }
    Ok(())
}

#[cfg(all(test, feature = "native"))]
mod tests {
    use super::*;
    use crate::dates::system_now_ms;

    #[test]
    fn the_clock_is_read_only_when_needed() {
        let read = core::cell::Cell::new(0);
        let clock = || {
            read.set(read.get() + 1);
            1_463_646_625_597.0
        };
        let expected = r#"{"verification":{"timestamp":"2016-05-19T08:30:25.597Z"}}"#;
        let given = VeriffSession { timestamp: Some("2016-05-19T08:30:25.597Z".into()), ..Default::default() };
        assert_eq!(given.to_json_in(&clock).as_deref(), Ok(expected));
        assert_eq!(read.get(), 0);
        assert_eq!(VeriffSession::default().to_json_in(&clock).as_deref(), Ok(expected));
        assert_eq!(read.get(), 1);
    }

    #[test]
    fn system_clock_is_near_now() {
        let body = VeriffSession::default().to_json();
        let year_2024_ms = 1_704_067_200_000.0;
        assert!(system_now_ms() > year_2024_ms);
        assert!(body.is_ok_and(|b| b.starts_with(r#"{"verification":{"timestamp":"20"#)));
    }
}
