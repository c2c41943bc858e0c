//! The body of FaceVerify's `POST /api/v1/session`.

use crate::error::Result;
use crate::fields::{check, check_country, check_non_empty, Fields};
use crate::json::{JsonObject, Value};

/// The body of a FaceVerify session-creation request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaceVerifySession {
    /// `country`: an upper-case ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// `uniqueIdentifier`: the caller's non-empty identifier for the user.
    pub unique_identifier: Option<String>,
}

const FACEVERIFY_KEYS: &[&str] = &["country", "uniqueIdentifier"];

/// Validates a loose FaceVerify input object (without `provider`) and returns its body.
pub fn build_faceverify_body(input: &Value) -> Result<String> {
    FaceVerifySession::from_value(input)?.to_json()
}

impl FaceVerifySession {
    /// Reads and validates a loose input object, such as one passed from JavaScript.
    pub fn from_value(value: &Value) -> Result<Self> {
        const NO_TIMESTAMP: &[(&str, &str)] = &[("timestamp", "unknown field; FaceVerify bodies carry no timestamp")];
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
