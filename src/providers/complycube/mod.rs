//! ComplyCube: webhooks carry `ComplyCube-Signature`, the hex HMAC-SHA256 of
//! the raw body keyed with the webhook's secret (ComplyCube's API reference,
//! "Webhooks: verifying signatures").

use super::body_hmac::BodyHmac;

/// ComplyCube, as registered in [`crate::providers`].
pub const COMPLYCUBE: BodyHmac = BodyHmac { name: "complycube", title: "ComplyCube", header: "complycube-signature" };
