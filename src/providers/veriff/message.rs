//! Which bytes Veriff signs for a given request.
//!
//! Veriff's `X-HMAC-SIGNATURE` covers the raw body of requests that have one
//! (POST, PUT, PATCH) and, for GET and DELETE, the id its endpoint names in
//! the path ([`super::endpoints`]). Picking the message from the method and
//! path means callers cannot sign the wrong thing.

use super::endpoints::{known_id_paths, signed_path_id};
use crate::error::{quote, Error, ErrorCode, Result};

/// What a Veriff request's signature is computed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VeriffMessage {
    /// The raw request body, byte for byte.
    Body,
    /// An id taken from the path, exactly as it is written there.
    PathId(String),
}

/// Decides what a Veriff request signs, from its (upper-case) method and its
/// URL path (`/v1/sessions/abc/decision`; a prefix before `/v1/` is allowed).
pub fn veriff_message(method: &str, path: &str) -> Result<VeriffMessage> {
    match method {
        "POST" | "PUT" | "PATCH" => Ok(VeriffMessage::Body),
        "GET" | "DELETE" => id_in_path(method, path).map(VeriffMessage::PathId),
        other => Err(Error::new(
            ErrorCode::UnsignableRequest,
            "method",
            format!(
                "Veriff requests are POST, PATCH, GET or DELETE; cannot tell what a {} request signs",
                quote(other)
            ),
        )),
    }
}

/// The id a GET or DELETE request signs, from Veriff's endpoint table.
fn id_in_path(method: &str, path: &str) -> Result<String> {
    signed_path_id(method, path).map(str::to_owned).ok_or_else(|| {
        Error::new(
            ErrorCode::UnsignableRequest,
            "url",
            format!(
                "a Veriff {method} request signs the id in its path, but {} has none in a known place \
                 (expected one of {})",
                quote(path),
                known_id_paths()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> VeriffMessage {
        VeriffMessage::PathId(s.to_owned())
    }

    #[test]
    fn bodies_are_signed_for_requests_that_carry_one() {
        for method in ["POST", "PUT", "PATCH"] {
            assert_eq!(veriff_message(method, "/v1/sessions/abc"), Ok(VeriffMessage::Body));
        }
    }

    #[test]
    fn every_known_id_position() {
        let cases = [
            ("GET", "/v1/sessions/s-1", "s-1"),
            ("GET", "/v1/sessions/s-1/decision", "s-1"),
            ("GET", "/v1/sessions/s-1/person", "s-1"),
            ("GET", "/v1/sessions/s-1/media", "s-1"),
            ("GET", "/v1/sessions/s-1/attempts", "s-1"),
            ("DELETE", "/v1/sessions/s-1", "s-1"),
            ("GET", "/v1/attempts/a-1/media", "a-1"),
            ("GET", "/v1/media/m-1", "m-1"),
            ("GET", "/api/v1/sessions/s-2/decision", "s-2"),
        ];
        for (method, path, expected) in cases {
            assert_eq!(veriff_message(method, path), Ok(id(expected)), "{method} {path}");
        }
    }

    #[test]
    fn a_get_without_an_id_is_refused_not_guessed() {
        for path in ["/v1/sessions", "/v1/sessions/", "/v1/attempts/a-1", "/v1/media/m/extra", "/v2/sessions/x", "/"] {
            let err = veriff_message("GET", path).expect_err(path);
            assert_eq!(err.code(), ErrorCode::UnsignableRequest);
            assert_eq!(err.path(), "url");
        }
        assert_eq!(veriff_message("HEAD", "/v1/sessions/x").map_err(|e| e.code()), Err(ErrorCode::UnsignableRequest));
    }
}
