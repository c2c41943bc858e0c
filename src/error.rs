//! One error type for the whole crate, with stable codes.
//!
//! The wasm binding maps each [`ErrorCode`] to a JavaScript `TypeError`,
//! `RangeError` or `Error` carrying the same `code` string, so callers can
//! `switch (err.code)`. Messages name the argument or field path and never
//! contain a secret: nothing that holds key material is ever formatted here.

use core::fmt;

/// A stable, machine-readable error code. The strings never change once released.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A value of the wrong type (a number where a string is needed, …).
    InvalidType,
    /// A required argument or field is absent.
    MissingField,
    /// An object key the provider does not define.
    UnknownField,
    /// `null` where a value or its absence is expected.
    NullField,
    /// A value of the right type that is not allowed (bad enum value, empty, …).
    InvalidValue,
    /// A URL that cannot be parsed, or is not absolute http(s) where required.
    InvalidUrl,
    /// A calendar date that is not a real `YYYY-MM-DD` date.
    InvalidDate,
    /// A timestamp that is not ISO-8601.
    InvalidTimestamp,
    /// A country that is not an upper-case ISO 3166-1 alpha-2 code.
    InvalidCountry,
    /// A value that is not a UUID.
    InvalidUuid,
    /// A value longer than the provider allows.
    TooLong,
    /// A JavaScript string holding a lone UTF-16 surrogate, which has no UTF-8 form.
    LoneSurrogate,
    /// An HTTP method that is not a token.
    InvalidMethod,
    /// A provider name other than `veriff` or `faceverify`.
    UnknownProvider,
    /// A request whose signed message cannot be determined (e.g. a Veriff GET with no id).
    UnsignableRequest,
    /// A parsed object where the raw bytes that were received are needed.
    BodyNotRaw,
    /// A webhook without a signature header.
    SignatureMissing,
    /// A webhook whose signature matches none of the secrets.
    SignatureMismatch,
    /// A webhook whose `X-AUTH-CLIENT` is not the expected API key.
    AuthClientMismatch,
    /// A correctly signed body that is not JSON.
    InvalidJson,
    /// An empty list where at least one item is needed (e.g. no secrets).
    Empty,
}

/// Which JavaScript error class an error maps to at the wasm boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorClass {
    /// `TypeError`: the argument has the wrong type or shape.
    Type,
    /// `RangeError`: the argument has the right type but a value outside what is allowed.
    Range,
    /// `Error`: the input is well-formed but fails a check (a signature that does not match).
    Plain,
}

impl ErrorCode {
    /// The stable code string, e.g. `"KYC_INVALID_DATE"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidType => "KYC_INVALID_TYPE",
            ErrorCode::MissingField => "KYC_MISSING_FIELD",
            ErrorCode::UnknownField => "KYC_UNKNOWN_FIELD",
            ErrorCode::NullField => "KYC_NULL_FIELD",
            ErrorCode::InvalidValue => "KYC_INVALID_VALUE",
            ErrorCode::InvalidUrl => "KYC_INVALID_URL",
            ErrorCode::InvalidDate => "KYC_INVALID_DATE",
            ErrorCode::InvalidTimestamp => "KYC_INVALID_TIMESTAMP",
            ErrorCode::InvalidCountry => "KYC_INVALID_COUNTRY",
            ErrorCode::InvalidUuid => "KYC_INVALID_UUID",
            ErrorCode::TooLong => "KYC_TOO_LONG",
            ErrorCode::LoneSurrogate => "KYC_LONE_SURROGATE",
            ErrorCode::InvalidMethod => "KYC_INVALID_METHOD",
            ErrorCode::UnknownProvider => "KYC_UNKNOWN_PROVIDER",
            ErrorCode::UnsignableRequest => "KYC_UNSIGNABLE_REQUEST",
            ErrorCode::BodyNotRaw => "KYC_BODY_NOT_RAW",
            ErrorCode::SignatureMissing => "KYC_SIGNATURE_MISSING",
            ErrorCode::SignatureMismatch => "KYC_SIGNATURE_MISMATCH",
            ErrorCode::AuthClientMismatch => "KYC_AUTH_CLIENT_MISMATCH",
            ErrorCode::InvalidJson => "KYC_INVALID_JSON",
            ErrorCode::Empty => "KYC_EMPTY",
        }
    }

    /// The JavaScript error class this code is thrown as.
    pub const fn class(self) -> ErrorClass {
        match self {
            ErrorCode::InvalidType
            | ErrorCode::MissingField
            | ErrorCode::UnknownField
            | ErrorCode::NullField
            | ErrorCode::BodyNotRaw
            | ErrorCode::Empty => ErrorClass::Type,
            ErrorCode::SignatureMissing
            | ErrorCode::SignatureMismatch
            | ErrorCode::AuthClientMismatch
            | ErrorCode::InvalidJson => ErrorClass::Plain,
            _ => ErrorClass::Range,
        }
    }
}

/// An error with a stable [`ErrorCode`], the argument or field path it concerns,
/// and a message for people.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    path: String,
    message: String,
}

impl Error {
    /// Creates an error about `path` (an argument name such as `url`, or a field
    /// path such as `person.dateOfBirth`).
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error { code, path: path.into(), message: message.into() }
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The argument name or field path the error is about.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The human-readable part of the message, without the path prefix.
    pub fn reason(&self) -> &str {
        &self.message
    }

    /// Re-roots the error under a parent path: `dateOfBirth` under `person`
    /// becomes `person.dateOfBirth`.
    pub fn within(mut self, parent: &str) -> Self {
        self.path = join_path(parent, &self.path);
        self
    }
}

/// Joins a parent path and a child key the way the messages print them.
pub fn join_path(parent: &str, child: &str) -> String {
    match (parent.is_empty(), child.is_empty()) {
        (true, _) => child.to_owned(),
        (false, true) => parent.to_owned(),
        (false, false) if child.starts_with('[') => format!("{parent}{child}"),
        (false, false) => format!("{parent}.{child}"),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error({}, {:?})", self.code.as_str(), self.to_string())
    }
}

impl std::error::Error for Error {}

/// The crate's result type.
pub type Result<T> = core::result::Result<T, Error>;

/// Shows a value inside an error message: quoted, with control characters
/// escaped, and cut short so a huge input does not make a huge message.
/// Never call this with key material.
pub fn quote(value: &str) -> String {
    const MAX_CHARS: usize = 60;
    let mut out = String::with_capacity(value.len().min(MAX_CHARS * 4) + 2);
    out.push('"');
    for (i, c) in value.chars().enumerate() {
        if i == MAX_CHARS {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ if is_invisible(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Characters that would hide in a message: controls, and the zero-width,
/// direction (embeddings, overrides, isolates) and line-separator marks. (Rust's `escape_debug` knows more,
/// from Unicode tables that would add ~15 KB to the wasm module.)
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{ad}' | '\u{61c}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}'
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_path() {
        let e = Error::new(ErrorCode::InvalidDate, "dateOfBirth", "expected YYYY-MM-DD, got \"1990-13-01\"")
            .within("person");
        assert_eq!(e.to_string(), "person.dateOfBirth: expected YYYY-MM-DD, got \"1990-13-01\"");
        assert_eq!(e.code().as_str(), "KYC_INVALID_DATE");
        assert_eq!(e.code().class(), ErrorClass::Range);
    }

    #[test]
    fn array_indices_join_without_a_dot() {
        let e = Error::new(ErrorCode::InvalidType, "[2]", "expected a string").within("features");
        assert_eq!(e.path(), "features[2]");
    }

    #[test]
    fn quote_escapes_and_truncates() {
        assert_eq!(quote("a\"b\n"), "\"a\\\"b\\n\"");
        assert_eq!(quote("zero\u{200b}width\u{0}é"), "\"zero\\u{200b}width\\u{0}é\"");
        assert_eq!(quote("a\u{2067}b\u{202e}c"), "\"a\\u{2067}b\\u{202e}c\"");
        let long = "x".repeat(500);
        assert!(quote(&long).chars().count() < 70);
    }
}
