//! The host of native builds (feature `native`): the system clock, and the
//! url crate read as Node 20 reads URLs.

use crate::host::{Host, WhatwgUrl};

/// The system clock and the url crate, read as Node 20 reads URLs.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemHost;

impl Host for SystemHost {
    fn now_ms(&self) -> f64 {
        crate::dates::system_now_ms()
    }

    fn parse_url(&self, url: &str) -> core::result::Result<WhatwgUrl, String> {
        crate::url::native_parse(url)
    }
}

/// A fixed or test clock with the native URL parser: `build_veriff_body(&input, || ms)`.
impl<F: Fn() -> f64> Host for F {
    fn now_ms(&self) -> f64 {
        self()
    }

    fn parse_url(&self, url: &str) -> core::result::Result<WhatwgUrl, String> {
        crate::url::native_parse(url)
    }
}

/// The host a [`crate::Signer`] uses until told otherwise.
pub(crate) const DEFAULT_HOST: &dyn Host = &SystemHost;
