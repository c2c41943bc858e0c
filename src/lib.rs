#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![warn(missing_docs)]

pub mod dates;
pub mod error;
pub mod explain;
pub mod fields;
pub mod host;
pub mod json;
pub mod mac;
#[cfg(feature = "native")]
pub mod native;
pub mod providers;
pub mod request;
pub mod signer;
pub mod url;
pub mod webhook;

pub use dates::iso_timestamp;
pub use error::{Error, ErrorClass, ErrorCode, Result};
pub use explain::{explain, ExplainRequest, Explanation};
pub use host::{Host, WhatwgUrl};
pub use json::Value;
pub use mac::{hmac_signature, HmacKey};
#[cfg(feature = "native")]
pub use native::SystemHost;
pub use providers::faceverify::bodies::{build_faceverify_body, FaceVerifySession};
#[cfg(feature = "native")]
pub use providers::faceverify::canonical::{canonical_path_and_query, canonical_request, canonical_request_string};
pub use providers::faceverify::canonical::{canonical_path_and_query_in, canonical_request_in, whatwg_path_and_query};
pub use providers::faceverify::UrlMode;
pub use providers::veriff::bodies::{
    build_veriff_body, Address, Consent, Document, Person, ProofOfAddress, VeriffSession,
};
pub use providers::veriff::webhook::{verify_signature, verify_webhook};
pub use providers::veriff::{legacy_signature, VeriffScheme};
pub use providers::{build_body, BodyKind, Provider, Scheme};
pub use request::{canonical_method, MessageMac, ProviderOptions, SignedHeaders, SignedMessage, UnsignedRequest};
pub use signer::{sign_request, RequestParts, Signer};
pub use url::python::{raw_path_and_query, PathAndQuery};
