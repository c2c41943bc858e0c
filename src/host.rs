//! What only the environment the core runs in can provide: the clock, and
//! the WHATWG URL parser that `fetch` will send with.
//!
//! The core takes both through [`Host`] instead of calling out: natively
//! `SystemHost` (in `native.rs`) gives the system clock and the url crate
//! (feature `native`, on by default); the WebAssembly binding gives the
//! runtime's `Date.now()` and `URL`, which are the very ones its users' code
//! uses.

/// The clock and the URL parser of the environment.
pub trait Host {
    /// Milliseconds since the epoch, as JavaScript's `Date.now()`. Read only
    /// when a body needs a timestamp and none was given.
    fn now_ms(&self) -> f64;

    /// What the WHATWG URL parser makes of `url`, or why it refuses it.
    /// Called only for URLs outside the plain shape that the core reads itself.
    fn parse_url(&self, url: &str) -> core::result::Result<WhatwgUrl, String>;
}

/// The parts of a parsed URL that signing reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatwgUrl {
    /// `protocol` without its `:`, lower case.
    pub scheme: String,
    /// Whether `hostname` is non-empty.
    pub has_host: bool,
    /// `pathname`.
    pub path: String,
    /// `search` without its `?`: the query as the URL is serialised, and sent.
    pub query: String,
    /// `searchParams.toString()`: the query re-serialised as a form.
    pub search_params: String,
}

/// Without the `native` feature there is no URL parser or clock to fall
/// back on: a signer given no host reads plain URLs only and says so.
#[cfg(not(feature = "native"))]
pub(crate) const NO_HOST: &dyn Host = &NoHost;

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
