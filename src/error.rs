//! One error type for the whole crate, with stable codes.
//!
//! The wasm binding maps each [`ErrorCode`] to a JavaScript `TypeError`,
//! `RangeError` or `Error` carrying the same `code` string, so callers can
//! `switch (err.code)`. Messages name the argument or field path and never
//! contain a secret: nothing that holds key material is ever formatted here.

use core::fmt;

/// Declares the error codes once: the enum, each code's string and the
/// JavaScript class it is thrown as, and [`ErrorCode::ALL`]. The `.d.ts`
/// union and the README's table are checked against this list by
/// `tests/error_codes.rs`.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal, $class:ident;)*) => {
        /// A stable, machine-readable error code. The strings never change once released.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The stable code string, e.g. `"KYC_INVALID_DATE"`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The JavaScript error class this code is thrown as.
            pub const fn class(self) -> ErrorClass {
                match self {
                    $(ErrorCode::$variant => ErrorClass::$class,)*
                }
            }
        }
    };
}

error_codes! {
    /// A value of the wrong type (a number where a string is needed, …).
    InvalidType = "KYC_INVALID_TYPE", Type;
    /// A required argument or field is absent.
    MissingField = "KYC_MISSING_FIELD", Type;
    /// An object key the provider does not define.
    UnknownField = "KYC_UNKNOWN_FIELD", Type;
    /// `null` where a value or its absence is expected.
    NullField = "KYC_NULL_FIELD", Type;
    /// A value of the right type that is not allowed (bad enum value, empty, …).
    InvalidValue = "KYC_INVALID_VALUE", Range;
    /// A URL that cannot be parsed, or is not absolute http(s) where required.
    InvalidUrl = "KYC_INVALID_URL", Range;
    /// A calendar date that is not a real `YYYY-MM-DD` date.
    InvalidDate = "KYC_INVALID_DATE", Range;
    /// A timestamp that is not ISO-8601.
    InvalidTimestamp = "KYC_INVALID_TIMESTAMP", Range;
    /// A country that is not an upper-case ISO 3166-1 alpha-2 code.
    InvalidCountry = "KYC_INVALID_COUNTRY", Range;
    /// A value that is not a UUID.
    InvalidUuid = "KYC_INVALID_UUID", Range;
    /// A value longer than the provider allows.
    TooLong = "KYC_TOO_LONG", Range;
    /// A JavaScript string holding a lone UTF-16 surrogate, which has no UTF-8 form.
    LoneSurrogate = "KYC_LONE_SURROGATE", Range;
    /// An HTTP method that is not a token.
    InvalidMethod = "KYC_INVALID_METHOD", Range;
    /// A provider name kyc-sign does not know.
    UnknownProvider = "KYC_UNKNOWN_PROVIDER", Range;
    /// A request whose signed message cannot be determined (e.g. a Veriff GET with no id).
    UnsignableRequest = "KYC_UNSIGNABLE_REQUEST", Range;
    /// A parsed object where the raw bytes that were received are needed.
    BodyNotRaw = "KYC_BODY_NOT_RAW", Type;
    /// A webhook without a signature header.
    SignatureMissing = "KYC_SIGNATURE_MISSING", Plain;
    /// A webhook whose signature matches none of the secrets.
    SignatureMismatch = "KYC_SIGNATURE_MISMATCH", Plain;
    /// A webhook whose `X-AUTH-CLIENT` is not the expected API key.
    AuthClientMismatch = "KYC_AUTH_CLIENT_MISMATCH", Plain;
    /// A correctly signed body that is not JSON.
    InvalidJson = "KYC_INVALID_JSON", Plain;
    /// An empty list where at least one item is needed (e.g. no secrets).
    Empty = "KYC_EMPTY", Type;
    /// A signer used after `free()`.
    SignerFreed = "KYC_SIGNER_FREED", Plain;
    /// One header sent under two names (`x-hmac-signature`, `vrf-hmac-signature`) with different values.
    HeaderConflict = "KYC_HEADER_CONFLICT", Plain;
    /// A signed timestamp further from now than the tolerance.
    TimestampOutOfTolerance = "KYC_TIMESTAMP_OUT_OF_TOLERANCE", Plain;
    /// A signature algorithm the provider's header names but kyc-sign does not take.
    UnsupportedAlgorithm = "KYC_UNSUPPORTED_ALGORITHM", Plain;
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

impl ErrorClass {
    /// The JavaScript class's name: `TypeError`, `RangeError` or `Error`.
    pub const fn js_name(self) -> &'static str {
        match self {
            ErrorClass::Type => "TypeError",
            ErrorClass::Range => "RangeError",
            ErrorClass::Plain => "Error",
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

/// How `Debug` shows a credential (a secret, an API key, an app token):
/// that it is there, never what it is.
pub(crate) const REDACTED: &str = "[redacted]";

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
