#![doc = include_str!("../README.md")]
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![warn(missing_docs)]

pub mod body;
pub mod canonical;
pub mod error;
pub mod lifecycle;
mod fields;
mod json;
mod json_parse;
mod plain_url;
mod whatwg;
pub mod request;
pub mod session;
pub mod signing;
mod timestamp;
pub mod veriff_request;
pub mod verify;
pub mod value;

/// The JavaScript API (wasm32 only): conversions between JS values and the core.
#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod wasm;

pub use canonical::{
    canonical_method, canonical_path_and_query, canonical_request, canonical_request_string, PathAndQuery,
    UrlMode,
};
pub use error::{Error, ErrorClass, ErrorCode, Result};
pub use session::{
    build_faceverify_body, build_veriff_body, iso_timestamp, Address, Document, FaceVerifySession, Person,
    VeriffSession,
};
pub use request::{sign_request, Provider, RequestParts, SignedHeaders, Signer};
pub use signing::{hmac_signature, legacy_signature, HmacKey, VeriffScheme};
pub use value::Value;
pub use verify::{verify_signature, verify_webhook};
