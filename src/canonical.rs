//! The message FaceVerify signs in `x-hmac-signature`:
//! `METHOD\nPATH\nQUERY\nAPIKEY\nCONTENT-TYPE\nBODY`.
//!
//! Built as small pure steps (method, path and query, assembly) so each can be
//! tested alone; the HMAC over the result is computed elsewhere.
//!
//! FaceVerify's own samples disagree on PATH and QUERY: the Node sample takes
//! them from a WHATWG `URL` (and re-serialises the query), the Python and PHP
//! samples take them as written. [`UrlMode`] picks the one the server checks.

use std::borrow::Cow;
use core::fmt;
use core::str::FromStr;

use crate::error::{quote, Error, ErrorCode, Result};
use crate::plain_url::plain_http_url;
use crate::whatwg;

/// How PATH and QUERY are read from the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UrlMode {
    /// As the provider's Node sample: `new URL(u).pathname` and
    /// `new URL(u).searchParams.toString()`.
    #[default]
    Whatwg,
    /// As the provider's Python sample: `urllib.parse.urlparse(u).path` and
    /// `.query` (Python 3.11), i.e. the text as written in the URL.
    Raw,
}

impl UrlMode {
    /// The option string that selects this mode (`"whatwg"` or `"raw"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            UrlMode::Whatwg => "whatwg",
            UrlMode::Raw => "raw",
        }
    }
}

impl fmt::Display for UrlMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for UrlMode {
    type Err = Error;

    /// Accepts exactly `"whatwg"` or `"raw"`: no case folding, so a typo is
    /// reported rather than silently signing the other way.
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "whatwg" => Ok(UrlMode::Whatwg),
            "raw" => Ok(UrlMode::Raw),
            _ => Err(Error::new(
                ErrorCode::InvalidValue,
                "options.urlMode",
                format!("expected \"whatwg\" or \"raw\", got {}", quote(s)),
            )),
        }
    }
}

/// PATH and QUERY as they go into the signed message.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathAndQuery {
    /// The PATH line (may be empty in [`UrlMode::Raw`]).
    pub path: String,
    /// The QUERY line, without `?` (empty when there is none).
    pub query: String,
}

/// Step 1: the METHOD line. Upper-cases ASCII because that is what goes on
/// the wire; anything that is not an RFC 9110 token is refused.
pub fn canonical_method(method: &str) -> Result<String> {
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(Error::new(
            ErrorCode::InvalidMethod,
            "httpMethod",
            format!("expected an HTTP method token, got {}", quote(method)),
        ));
    }
    Ok(method.to_ascii_uppercase())
}

/// RFC 9110 `tchar`.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Step 2: the PATH and QUERY lines, read from `url` the way `mode` says.
pub fn canonical_path_and_query(url: &str, mode: UrlMode) -> Result<PathAndQuery> {
    match mode {
        UrlMode::Whatwg => whatwg_path_and_query(url),
        UrlMode::Raw => raw_path_and_query(url),
    }
}

/// Step 3: joins the six parts with `\n`. An empty body still leaves the
/// `\n` after CONTENT-TYPE, as the provider's samples do.
pub fn assemble(method: &str, path: &str, query: &str, api_key: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    message_pieces(method, path, query, api_key, content_type, body).concat()
}

/// Step 3 as pieces, `\n`s included: hashing the pieces in turn hashes the
/// message without assembling it.
fn message_pieces<'a>(
    method: &'a str,
    path: &'a str,
    query: &'a str,
    api_key: &'a str,
    content_type: &'a str,
    body: &'a [u8],
) -> [&'a [u8]; 11] {
    let [method, path, query, api_key, content_type] =
        [method, path, query, api_key, content_type].map(str::as_bytes);
    [method, b"\n", path, b"\n", query, b"\n", api_key, b"\n", content_type, b"\n", body]
}

/// The whole message, as bytes because the body may be any bytes.
/// Arguments follow the provider's `generateHmac(httpMethod, url, body,
/// contentType, xAuthClient, …)`; `api_key` and `content_type` go in as given.
pub fn canonical_request(
    method: &str,
    url: &str,
    body: &[u8],
    content_type: &str,
    api_key: &str,
    mode: UrlMode,
) -> Result<Vec<u8>> {
    Ok(request_lines(method, url, mode)?.pieces(api_key, content_type, body).concat())
}

/// METHOD, PATH and QUERY, borrowed from the arguments where they are
/// already what is signed (an upper-case method, a plain URL in whatwg mode).
pub(crate) struct RequestLines<'a> {
    method: Cow<'a, str>,
    path: Cow<'a, str>,
    query: Cow<'a, str>,
}

/// Steps 1 and 2 without copying what needs no change.
pub(crate) fn request_lines<'a>(method: &'a str, url: &'a str, mode: UrlMode) -> Result<RequestLines<'a>> {
    let method = if method.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(canonical_method(method)?)
    } else {
        canonical_method(method).map(|_| Cow::Borrowed(method))?
    };
    let plain = (mode == UrlMode::Whatwg).then(|| plain_http_url(url)).flatten();
    let (path, query) = match plain {
        Some(plain) => (Cow::Borrowed(plain.path), Cow::Borrowed(plain.query)),
        None => {
            let PathAndQuery { path, query } = canonical_path_and_query(url, mode)?;
            (Cow::Owned(path), Cow::Owned(query))
        }
    };
    Ok(RequestLines { method, path, query })
}

impl RequestLines<'_> {
    /// The whole message as [`message_pieces`].
    pub(crate) fn pieces<'s>(&'s self, api_key: &'s str, content_type: &'s str, body: &'s [u8]) -> [&'s [u8]; 11] {
        message_pieces(&self.method, &self.path, &self.query, api_key, content_type, body)
    }
}

/// [`canonical_request`] for a text body; the result is then text too.
pub fn canonical_request_string(
    method: &str,
    url: &str,
    body: &str,
    content_type: &str,
    api_key: &str,
    mode: UrlMode,
) -> Result<String> {
    // Every piece is text, so the bytes are UTF-8 and nothing is replaced.
    let message = canonical_request(method, url, body.as_bytes(), content_type, api_key, mode)?;
    Ok(String::from_utf8_lossy(&message).into_owned())
}

pub(crate) fn invalid_url(url: &str, reason: &str) -> Error {
    Error::new(ErrorCode::InvalidUrl, "url", format!("{} is not a valid URL: {reason}", quote(url)))
}

// ---------------------------------------------------------------------------
// Whatwg mode: what the runtime's `URL` returns (see the `whatwg` module).
// ---------------------------------------------------------------------------

/// PATH and QUERY as Node's `new URL(url)` gives them: `.pathname` and
/// `.searchParams.toString()`.
///
/// Plain `http(s)` URLs are read without a parser; others go to the
/// runtime's `URL` in WebAssembly and to the url crate with Node 20's path
/// rules natively (see the `whatwg` module). Non-ASCII hosts are refused:
/// write them in their `xn--` form.
pub fn whatwg_path_and_query(url: &str) -> Result<PathAndQuery> {
    match plain_http_url(url) {
        Some(plain) => Ok(PathAndQuery { path: plain.path.to_owned(), query: plain.query.to_owned() }),
        None => parsed_whatwg_path_and_query(url),
    }
}

/// [`whatwg_path_and_query`] without the plain-URL shortcut, for the fuzz
/// target to hold the two against each other (built only by `cargo fuzz`).
#[cfg(fuzzing)]
#[doc(hidden)]
pub fn whatwg_path_and_query_without_shortcut(url: &str) -> Result<PathAndQuery> {
    parsed_whatwg_path_and_query(url)
}

/// [`whatwg_path_and_query`] through the full URL parser, for any URL.
fn parsed_whatwg_path_and_query(url: &str) -> Result<PathAndQuery> {
    let parsed = whatwg::parse(url)?;
    Ok(PathAndQuery { path: parsed.path, query: parsed.search_params })
}

// ---------------------------------------------------------------------------
// Raw mode: what Python 3.11's `urllib.parse.urlparse` returns.
// ---------------------------------------------------------------------------

/// PATH and QUERY as written, exactly as Python 3.11's
/// `urllib.parse.urlparse(url)` returns `.path` and `.query`, including its
/// errors (unbalanced or invalid `[…]` hosts, NFKC tricks in the netloc).
pub fn raw_path_and_query(url: &str) -> Result<PathAndQuery> {
    // urlsplit: strip leading C0 controls and spaces only (trailing ones are
    // kept), then drop every tab, CR and LF.
    let cleaned: String =
        url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\r' | '\n')).collect();
    let (scheme, rest) = split_scheme(&cleaned);
    let rest = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            let (netloc, rest) = after.split_at_checked(end).unwrap_or((after, ""));
            check_netloc(netloc).map_err(|reason| invalid_url(url, reason))?;
            rest
        }
        None => rest,
    };
    let rest = rest.split_once('#').map_or(rest, |(before, _fragment)| before);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    // urlparse (unlike urlsplit) cuts `;params` off the last segment.
    let path = if uses_params(&scheme) { strip_params(path) } else { path };
    Ok(PathAndQuery { path: path.to_owned(), query: query.to_owned() })
}

/// urlsplit's scheme rule: text before the first `:`, non-empty, starting
/// with an ASCII letter, all scheme characters; lower-cased. Otherwise no
/// scheme and the whole string is the rest.
fn split_scheme(url: &str) -> (String, &str) {
    if let Some((scheme, rest)) = url.split_once(':') {
        let starts_alpha = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let all_scheme_chars = scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
        if starts_alpha && all_scheme_chars {
            return (scheme.to_ascii_lowercase(), rest);
        }
    }
    (String::new(), url)
}

/// `urllib.parse.uses_params`: the schemes whose last path segment loses its `;params`.
fn uses_params(scheme: &str) -> bool {
    matches!(
        scheme,
        "" | "ftp"
            | "hdl"
            | "prospero"
            | "http"
            | "imap"
            | "https"
            | "shttp"
            | "rtsp"
            | "rtsps"
            | "rtspu"
            | "sip"
            | "sips"
            | "mms"
            | "sftp"
            | "tel"
    )
}

/// `urllib.parse._splitparams`, keeping only the path: cut at the first `;`
/// after the last `/` (or the first `;` when there is no `/`).
fn strip_params(path: &str) -> &str {
    let last_segment_start = path.rfind('/').unwrap_or(0);
    let tail = path.get(last_segment_start..).unwrap_or("");
    match tail.find(';') {
        Some(i) => path.get(..last_segment_start + i).unwrap_or(path),
        None => path,
    }
}

/// The `ValueError`s urlsplit raises about the netloc.
fn check_netloc(netloc: &str) -> core::result::Result<(), &'static str> {
    let open = netloc.find('[');
    let close = netloc.find(']');
    match (open, close) {
        (Some(_), None) | (None, Some(_)) => return Err("unbalanced '[' or ']' in the host"),
        (Some(open), Some(_)) => {
            // Python takes the text between the first `[` and the next `]`.
            let after = netloc.get(open + 1..).unwrap_or("");
            let host = after.split_once(']').map_or(after, |(host, _)| host);
            if !is_valid_bracketed_host(host) {
                return Err("invalid IPv6 or IPvFuture host in brackets");
            }
        }
        (None, None) => {}
    }
    // Characters whose NFKC form holds one of `/?#@:` would change how the
    // host is read after IDNA; Python refuses them (CVE-2019-9636). This is
    // the complete list under Unicode 14 (Python 3.11's unicodedata).
    const NFKC_DELIMITERS: [char; 19] = [
        '\u{2047}', '\u{2048}', '\u{2049}', '\u{2100}', '\u{2101}', '\u{2105}', '\u{2106}', '\u{2A74}', '\u{FE13}',
        '\u{FE16}', '\u{FE55}', '\u{FE56}', '\u{FE5F}', '\u{FE6B}', '\u{FF03}', '\u{FF0F}', '\u{FF1A}', '\u{FF1F}',
        '\u{FF20}',
    ];
    if netloc.contains(NFKC_DELIMITERS) {
        return Err("the host holds characters that NFKC turns into URL delimiters");
    }
    Ok(())
}

/// `urllib.parse._check_bracketed_host`: an IPvFuture (`v1.x`) or an IPv6
/// address (`ipaddress.ip_address` accepting it as IPv6, scope id allowed).
fn is_valid_bracketed_host(host: &str) -> bool {
    match host.strip_prefix('v') {
        // re.match(r"\Av[a-fA-F0-9]+\..+\Z", host)
        Some(rest) => {
            let hex_len = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
            let after_hex = rest.get(hex_len..).unwrap_or("");
            hex_len > 0 && after_hex.strip_prefix('.').is_some_and(|tail| !tail.is_empty())
        }
        None => is_python_ipv6(host),
    }
}

/// `ipaddress.IPv6Address(s)` succeeds (Python 3.11 rules, scope id allowed).
fn is_python_ipv6(s: &str) -> bool {
    const HEXTETS: usize = 8;
    if s.contains('/') {
        return false;
    }
    // _split_scope_id: a scope after the first `%` must be non-empty and `%`-free.
    let addr = match s.split_once('%') {
        Some((addr, scope)) if !scope.is_empty() && !scope.contains('%') => addr,
        Some(_) => return false,
        None => s,
    };
    if addr.is_empty() {
        return false;
    }
    let mut parts: Vec<&str> = addr.split(':').collect();
    if parts.len() < 3 {
        return false;
    }
    // An IPv4 tail stands for two hextets.
    if parts.last().is_some_and(|last| last.contains('.')) {
        let ipv4_ok = parts.pop().is_some_and(is_python_ipv4);
        if !ipv4_ok {
            return false;
        }
        parts.push("0");
        parts.push("0");
    }
    if parts.len() > HEXTETS + 1 {
        return false;
    }
    let last = parts.len() - 1;
    let inner_empty: Vec<usize> = (1..last).filter(|&i| parts.get(i).is_some_and(|p| p.is_empty())).collect();
    let first_empty = parts.first().is_some_and(|p| p.is_empty());
    let last_empty = parts.last().is_some_and(|p| p.is_empty());
    let (hi, lo) = match inner_empty.as_slice() {
        [] => {
            if parts.len() != HEXTETS || first_empty || last_empty {
                return false;
            }
            (parts.len(), 0)
        }
        [skip] => {
            let mut hi = *skip;
            let mut lo = parts.len() - skip - 1;
            if first_empty {
                hi -= 1;
                if hi != 0 {
                    return false;
                }
            }
            if last_empty {
                lo -= 1;
                if lo != 0 {
                    return false;
                }
            }
            if hi + lo >= HEXTETS {
                return false;
            }
            (hi, lo)
        }
        _ => return false,
    };
    let head = parts.iter().take(hi);
    let tail = parts.iter().skip(parts.len() - lo);
    head.chain(tail).all(|h| !h.is_empty() && h.len() <= 4 && h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `ipaddress.IPv4Address(s)` succeeds: four decimal octets, no leading zeros.
fn is_python_ipv4(s: &str) -> bool {
    let octets: Vec<&str> = s.split('.').collect();
    octets.len() == 4
        && octets.iter().all(|o| {
            !o.is_empty()
                && o.len() <= 3
                && o.bytes().all(|b| b.is_ascii_digit())
                && (*o == "0" || !o.starts_with('0'))
                && o.parse::<u16>().is_ok_and(|n| n <= 255)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny deterministic generator, so a failure names a reproducible URL.
    struct XorShift(u32);

    impl XorShift {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            self.0 as usize % n
        }
        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[self.below(items.len())]
        }
        /// One of `plain` most of the time, one of `edge` now and then.
        fn part<'a>(&mut self, plain: &[&'a str], edge: &[&'a str]) -> &'a str {
            if self.below(8) == 0 {
                self.pick(edge)
            } else {
                self.pick(plain)
            }
        }
    }

    /// URLs on both sides of the plain shape's edge: each part is plain
    /// most of the time, and sometimes one step over the edge.
    fn near_plain_url(rng: &mut XorShift) -> String {
        let mut url = String::from(rng.part(&["https://", "http://"], &["HTTPS://", "https:", "https:///", "ftp://", "ws://"]));
        url += rng.part(
            &["example.com", "a.b", "api-1.x9.io", "localhost", "A.COM"],
            &["1.2.3.4", "a.0x1f", "a.123", "xn--bcher-kva.de", "a..b", "a.", "-a.com", "u@a.com", "[::1]", "", "ex%41mple.com", "a_b.com"],
        );
        url += rng.part(&["", "", ":443", ":8080", ":0", ":65535", ":00080"], &[":65536", ":", ":1a"]);
        for _ in 0..rng.below(4) {
            url.push('/');
            url += rng.part(
                &["api", "v1", "session", "x", "", ".a", "a.", "...", "~", "!$&()*+,;=:@"],
                &[".", "..", "%2e", "%7E", "'", "a b", "é", "\\", "|", "^", "`", "{", "}", "\"", "<", "#f", "\t"],
            );
        }
        if rng.below(4) > 0 {
            url.push('?');
            let pairs: Vec<&str> = (0..rng.below(4))
                .map(|_| {
                    rng.part(
                        &["a=1", "b=", "lang=en", "ref=campaign-2026", "x.y_z*-=1.2"],
                        &["a", "", "a=b=c", "a=+", "a=%20", "a=~", "a=é", "a='", "a=/", "=v", "a=?", "a=b#c", "a=;"],
                    )
                })
                .collect();
            url += &pairs.join("&");
        }
        url
    }

    #[test]
    fn plain_urls_read_as_the_full_parser_reads_them() {
        let mut rng = XorShift(0x2545_f491);
        let (mut plain, mut total) = (0, 0);
        for _ in 0..20_000 {
            let url = near_plain_url(&mut rng);
            total += 1;
            if let Some(p) = plain_http_url(&url) {
                plain += 1;
                let parsed = parsed_whatwg_path_and_query(&url).unwrap_or_else(|e| panic!("{url}: parser refuses: {e}"));
                assert_eq!((p.path, p.query), (parsed.path.as_str(), parsed.query.as_str()), "{url}");
                let raw = raw_path_and_query(&url).expect("raw mode reads every plain URL");
                assert_eq!(raw.query, p.query, "{url}");
            }
        }
        // Both sides of the edge are exercised.
        assert!(plain > total / 20 && plain < total * 19 / 20, "{plain} of {total} plain");
    }
}
