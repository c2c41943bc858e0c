//! What the WHATWG URL parser makes of a URL: Node's and every browser's
//! `URL`, which the provider's Node sample and `fetch` both use.
//!
//! The parser itself comes from the [`Host`]: natively the url crate with
//! the path rebuilt as Node 20 does, in WebAssembly the runtime's own `URL`
//! (in Node the very parser of the provider's sample, in a browser the one
//! `fetch` sends with), so the module carries no URL parser of its own.

use percent_encoding::percent_decode_str;

use super::invalid_url;
use crate::error::Result;
use crate::host::Host;
pub use crate::host::WhatwgUrl;

/// Parses an absolute URL as the WHATWG URL Standard does, except that a
/// special-scheme host holding non-ASCII characters, written or
/// percent-encoded (`bücher.example`, `b%C3%BCcher.example`), is refused in
/// every build: the native build carries no IDNA tables, so such hosts must
/// be written in their `xn--` form, and the WebAssembly build says the same.
pub fn parse(url: &str, host: &dyn Host) -> Result<WhatwgUrl> {
    if has_international_host(url) {
        return Err(invalid_url(url, "internationalised hosts are not supported; write the host in its xn-- form"));
    }
    host.parse_url(url).map_err(|reason| invalid_url(url, &reason))
}

/// Whether a special-scheme URL has a host that, percent-decoded, holds a
/// byte outside ASCII. Special schemes skip any number of slashes (and
/// backslashes) before the host; `file:` has one only after exactly two.
pub(crate) fn has_international_host(url: &str) -> bool {
    // The common case, decided without copying: nothing non-ASCII anywhere.
    if url.is_ascii() && !url.contains('%') {
        return false;
    }
    let cleaned = whatwg_clean(url);
    let Some((scheme, rest)) = cleaned.split_once(':') else { return false };
    let kind = SchemeKind::of(&scheme.to_ascii_lowercase());
    let authority_start = match kind {
        SchemeKind::NotSpecial => return false,
        SchemeKind::Special => rest.trim_start_matches(['/', '\\']),
        SchemeKind::File => {
            let slashes = rest.len() - rest.trim_start_matches(['/', '\\']).len();
            if slashes != 2 {
                return false;
            }
            rest.trim_start_matches(['/', '\\'])
        }
    };
    let authority = authority_start.split(['/', '\\', '?', '#']).next().unwrap_or_default();
    // Credentials end at the last `@`, except in file URLs, which have none.
    let host_and_port = match kind {
        SchemeKind::File => authority,
        _ => authority.rsplit_once('@').map_or(authority, |(_userinfo, host)| host),
    };
    percent_decode_str(host_and_port).any(|byte| !byte.is_ascii())
}

/// The URL parser's first step: trim C0 controls and spaces at both ends,
/// then drop every tab, CR and LF.
pub(crate) fn whatwg_clean(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\r' | '\n')).collect()
}

/// How the path parser treats a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SchemeKind {
    /// http, https, ws, wss, ftp: `\` separates segments too.
    Special,
    /// file: special, plus the Windows drive letter rules.
    File,
    /// Any other scheme.
    NotSpecial,
}

impl SchemeKind {
    pub(crate) fn of(scheme: &str) -> Self {
        match scheme {
            "file" => SchemeKind::File,
            "http" | "https" | "ws" | "wss" | "ftp" => SchemeKind::Special,
            _ => SchemeKind::NotSpecial,
        }
    }
}
