//! Persona: `Persona-Signature: t=<unix>,v1=<hex>`, the hex HMAC-SHA256 of
//! `t.body`; during a secret rotation one such set per secret, separated by
//! spaces (Persona's docs, "Webhooks best practices"). Persona states no
//! tolerance: kyc-sign applies its default of 300 s either way.

use super::timestamped::Timestamped;

/// Persona, as registered in [`crate::providers`].
pub const PERSONA: Timestamped = Timestamped {
    name: "persona",
    title: "Persona",
    header: "persona-signature",
    future_too: true,
    lowercase_only: false,
    secret_prefix: None,
};
