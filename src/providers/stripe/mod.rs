//! Stripe (Identity and every other Stripe webhook): `Stripe-Signature:
//! t=<unix>,v1=<hex>[,v1=…]`, the hex HMAC-SHA256 of `t.body` keyed with the
//! `whsec_…` secret as its UTF-8 text; `v0` is ignored (Stripe's docs,
//! "Verify webhook signatures"; stripe-node `Webhooks.ts`). A timestamp
//! older than the tolerance (300 s by default) is refused; one in the
//! future is not, as Stripe's own verifier does.

use super::timestamped::Timestamped;

/// Stripe, as registered in [`crate::providers`].
pub const STRIPE: Timestamped = Timestamped {
    name: "stripe",
    title: "Stripe",
    header: "stripe-signature",
    future_too: false,
    lowercase_only: true,
    secret_prefix: Some("whsec_"),
};
