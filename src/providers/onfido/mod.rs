//! Onfido: webhooks carry `X-SHA2-Signature`, the hex HMAC-SHA256 of the raw
//! body keyed with the webhook's token (Onfido's API reference, "Webhooks:
//! verifying webhook signatures"; `WebhookEventVerifier` in `@onfido/api`).

use super::body_hmac::BodyHmac;

/// Onfido, as registered in [`crate::providers`].
pub const ONFIDO: BodyHmac = BodyHmac { name: "onfido", title: "Onfido", header: "x-sha2-signature" };
