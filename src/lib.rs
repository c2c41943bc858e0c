#![doc = include_str!("../README.md")]
#![cfg_attr(not(target_arch = "wasm32"), forbid(unsafe_code))]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
#![warn(missing_docs)]

pub mod error;
pub mod value;

pub use error::{Error, ErrorClass, ErrorCode, Result};
pub use value::Value;
