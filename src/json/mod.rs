//! JSON: writing exactly as JavaScript's `JSON.stringify` writes, and the
//! ordered [`Value`] that loose inputs are read into. (Reading JSON text is
//! serde_json's: the binding reads its argument trees with it, and a
//! verified webhook body is checked with it.)

mod value;
mod write;

pub use value::Value;
pub use write::write_json_string;
pub(crate) use write::JsonObject;
