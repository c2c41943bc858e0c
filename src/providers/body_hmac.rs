//! The simplest webhook scheme, shared by several providers: one header
//! holding the hex HMAC-SHA256 of the raw body, keyed with the webhook's
//! secret. Each such provider is a folder holding one [`BodyHmac`].

use crate::error::Result;
use crate::host::Host;
use crate::mac::HmacKey;
use crate::providers::Scheme;
use crate::webhook::{verify_body_hmac_header, HeaderLookup, WebhookOptions};

/// A provider whose webhooks carry `header` = hex HMAC-SHA256(secret, raw body).
pub struct BodyHmac {
    /// The name users pass as `provider`.
    pub name: &'static str,
    /// The name as people write it.
    pub title: &'static str,
    /// The signature header, lower case.
    pub header: &'static str,
}

impl Scheme for BodyHmac {
    fn name(&self) -> &'static str {
        self.name
    }

    fn title(&self) -> &'static str {
        self.title
    }

    fn verify_webhook(
        &self,
        body: &[u8],
        headers: &dyn HeaderLookup,
        secrets: &[&[u8]],
        options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<()> {
        options.refuse_others(self.title, &[])?;
        verify_body_hmac_header(self.title, self.header, body, headers, secrets)
    }

    fn sign_webhook(
        &self,
        body: &[u8],
        secret: &[u8],
        options: &WebhookOptions<'_>,
        _host: &dyn Host,
    ) -> Result<Vec<(&'static str, String)>> {
        options.refuse_others(self.title, &[])?;
        Ok(vec![(self.header, HmacKey::new(secret).sign(body))])
    }
}
