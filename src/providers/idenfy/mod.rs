//! iDenfy: webhooks carry `Idenfy-Signature`, the hex HMAC-SHA256 of the raw
//! body keyed with the callback signing key (iDenfy's documentation,
//! "Callback signing").

use super::body_hmac::BodyHmac;

/// iDenfy, as registered in [`crate::providers`].
pub const IDENFY: BodyHmac = BodyHmac { name: "idenfy", title: "iDenfy", header: "idenfy-signature" };
