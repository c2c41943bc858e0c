//! JSON: writing exactly as JavaScript's `JSON.stringify` writes ([`write`]),
//! and the ordered [`Value`] that loose inputs are read into.

pub(crate) mod read;
mod value;
mod write;

pub use value::Value;
pub(crate) use write::JsonObject;
