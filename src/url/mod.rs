//! Reading a URL the way the code on the other end reads it:
//!
//! - [`plain`]: the common `https://host/path?a=1&b=2` shape, byte by byte;
//! - [`whatwg`]: Node's and every browser's `URL` (through [`crate::Host`]),
//!   which `fetch` and the providers' Node samples use;
//! - [`python`]: Python 3.11's `urllib.parse.urlparse`, which the providers'
//!   Python samples use to read a URL as written.

#[cfg(feature = "native")]
mod ada;
pub mod plain;
pub mod python;
pub mod whatwg;

use crate::error::{quote, Error, ErrorCode, Result};
use crate::host::Host;

pub use whatwg::WhatwgUrl;

#[cfg(feature = "native")]
pub(crate) use ada::parse as native_parse;

/// `KYC_INVALID_URL` about the argument `url`.
pub(crate) fn invalid_url(url: &str, reason: &str) -> Error {
    Error::new(ErrorCode::InvalidUrl, "url", format!("{} is not a valid URL: {reason}", quote(url)))
}

/// The path of an absolute http(s) URL, as the WHATWG URL parser (and so
/// `fetch`) will send it.
pub fn http_url_path(url: &str, host: &dyn Host) -> Result<String> {
    if let Some(plain) = plain::plain_http_url(url) {
        return Ok(plain.path.to_owned());
    }
    let parsed = whatwg::parse(url, host)?;
    if !matches!(parsed.scheme.as_str(), "http" | "https") {
        return Err(Error::new(
            ErrorCode::InvalidUrl,
            "url",
            format!("expected an http or https URL, got {}", quote(url)),
        ));
    }
    Ok(parsed.path)
}

/// Path and query (without `?`) as `fetch` sends them.
pub fn sent_path_and_query(url: &str, host: &dyn Host) -> Result<(String, String)> {
    match plain::plain_http_url(url) {
        Some(plain) => Ok((plain.path.to_owned(), plain.query.to_owned())),
        None => whatwg::parse(url, host).map(|sent| (sent.path, sent.query)),
    }
}

/// The request target `fetch` sends for `url`: the path, then `?` and the
/// query when there is one. A URL that ends in an empty query (`…/a?`) is
/// refused: browsers send `/a?` and Node's fetch sends `/a`, so no one
/// signature fits every runtime.
pub fn sent_request_target(url: &str, host: &dyn Host) -> Result<String> {
    let (path, query) = sent_path_and_query(url, host)?;
    if !query.is_empty() {
        return Ok(format!("{path}?{query}"));
    }
    // The parser drops tabs and newlines anywhere and spaces and controls at
    // the ends; what is left before any `#` ends in `?` for an empty query.
    let before_fragment = url.split('#').next().unwrap_or_default();
    let kept: String = before_fragment.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if kept.trim_end_matches(|c: char| c <= ' ').ends_with('?') {
        return Err(Error::new(
            ErrorCode::InvalidUrl,
            "url",
            "ends in an empty query (\"?\" with nothing after it): browsers send it and Node's fetch drops it, \
             so the signed target would differ by runtime. Remove the \"?\"",
        ));
    }
    Ok(path)
}
