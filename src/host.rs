//! What only the environment the core runs in can provide: the clock, and
//! the WHATWG URL parser that `fetch` will send with.
//!
//! The core takes both through [`Host`] instead of calling out: natively
//! [`SystemHost`] gives the system clock and the url crate (feature
//! `native`, on by default); the WebAssembly binding gives the runtime's
//! `Date.now()` and `URL`, which are the very ones its users' code uses.

use crate::url::WhatwgUrl;

/// The clock and the URL parser of the environment.
pub trait Host {
    /// Milliseconds since the epoch, as JavaScript's `Date.now()`. Read only
    /// when a body needs a timestamp and none was given.
    fn now_ms(&self) -> f64;

    /// What the WHATWG URL parser makes of `url`, or why it refuses it.
    /// Called only for URLs outside the plain shape that the core reads itself.
    fn parse_url(&self, url: &str) -> core::result::Result<WhatwgUrl, String>;
}

/// The system clock and the url crate, read as Node 20 reads URLs.
#[cfg(feature = "native")]
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemHost;

#[cfg(feature = "native")]
impl Host for SystemHost {
    fn now_ms(&self) -> f64 {
        crate::dates::system_now_ms()
    }

    fn parse_url(&self, url: &str) -> core::result::Result<WhatwgUrl, String> {
        crate::url::native_parse(url)
    }
}

/// A fixed or test clock with the native URL parser: `build_veriff_body(&input, || ms)`.
#[cfg(feature = "native")]
impl<F: Fn() -> f64> Host for F {
    fn now_ms(&self) -> f64 {
        self()
    }

    fn parse_url(&self, url: &str) -> core::result::Result<WhatwgUrl, String> {
        crate::url::native_parse(url)
    }
}

/// The host a [`crate::Signer`] uses until told otherwise.
#[cfg(feature = "native")]
pub(crate) const DEFAULT_HOST: &dyn Host = &SystemHost;

/// Without the `native` feature there is no URL parser or clock to fall
/// back on: a signer given no host reads plain URLs only and says so.
#[cfg(not(feature = "native"))]
pub(crate) const DEFAULT_HOST: &dyn Host = &NoHost;

#[cfg(not(feature = "native"))]
struct NoHost;

#[cfg(not(feature = "native"))]
impl Host for NoHost {
    fn now_ms(&self) -> f64 {
        f64::NAN
    }

    fn parse_url(&self, _url: &str) -> core::result::Result<WhatwgUrl, String> {
        Err("this build has no URL parser; give the signer a Host".into())
    }
}
