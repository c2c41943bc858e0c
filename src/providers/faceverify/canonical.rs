//! The message FaceVerify signs in `x-hmac-signature`:
//! `METHOD\nPATH\nQUERY\nAPIKEY\nCONTENT-TYPE\nBODY`.
//!
//! Built as small pure steps (method, path and query, assembly) so each can be
//! tested alone; the HMAC over the result is computed in [`super`].
//!
//! FaceVerify's own samples disagree on PATH and QUERY: the Node sample takes
//! them from a WHATWG `URL` (and re-serialises the query), the Python and PHP
//! samples take them as written. [`UrlMode`] picks the one the server checks.

use core::fmt;
use core::str::FromStr;
use std::borrow::Cow;

use crate::error::{Error, ErrorCode, Result};
use crate::host::Host;
#[cfg(feature = "native")]
use crate::native::DEFAULT_HOST;
use crate::request::canonical_method;
use crate::url::plain::plain_http_url;
use crate::url::python::{raw_path_and_query, PathAndQuery};
use crate::url::whatwg;

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
                format!("expected \"whatwg\" or \"raw\", got {}", crate::fields::quote_choice(s, &["whatwg", "raw"])),
            )),
        }
    }
}

/// Step 2: the PATH and QUERY lines, read from `url` the way `mode` says.
#[cfg(feature = "native")]
pub fn canonical_path_and_query(url: &str, mode: UrlMode) -> Result<PathAndQuery> {
    canonical_path_and_query_in(url, mode, DEFAULT_HOST)
}

/// [`canonical_path_and_query`] with the URL parser of `host`.
pub fn canonical_path_and_query_in(url: &str, mode: UrlMode, host: &dyn Host) -> Result<PathAndQuery> {
    match mode {
        UrlMode::Whatwg => whatwg_path_and_query(url, host),
        UrlMode::Raw => raw_path_and_query(url),
    }
}

/// Step 3 as pieces, `\n`s included: hashing the pieces in turn hashes the
/// message without assembling it. An empty body still leaves the `\n` after
/// CONTENT-TYPE, as the provider's samples do. `P` is a borrowed or an owned
/// piece ([`RequestLines::into_pieces`]).
fn message_pieces<'a, P: From<&'a [u8]>>(
    method: P,
    path: P,
    query: P,
    api_key: P,
    content_type: P,
    body: P,
) -> [P; 11] {
    let newline = || P::from(&b"\n"[..]);
    [method, newline(), path, newline(), query, newline(), api_key, newline(), content_type, newline(), body]
}

/// The whole message, as bytes because the body may be any bytes.
/// Arguments follow the provider's `generateHmac(httpMethod, url, body,
/// contentType, xAuthClient, …)`; `api_key` and `content_type` go in as given.
#[cfg(feature = "native")]
pub fn canonical_request(
    method: &str,
    url: &str,
    body: &[u8],
    content_type: &str,
    api_key: &str,
    mode: UrlMode,
) -> Result<Vec<u8>> {
    canonical_request_in(method, url, body, content_type, api_key, mode, DEFAULT_HOST)
}

/// [`canonical_request`] with the URL parser of `host`.
pub fn canonical_request_in(
    method: &str,
    url: &str,
    body: &[u8],
    content_type: &str,
    api_key: &str,
    mode: UrlMode,
    host: &dyn Host,
) -> Result<Vec<u8>> {
    let method = canonical_method(method)?;
    Ok(request_lines(&method, url, mode, host)?.pieces(api_key, content_type, body).concat())
}

/// METHOD, PATH and QUERY, borrowed from the arguments where they are
/// already what is signed (a plain URL in whatwg mode).
pub struct RequestLines<'a> {
    method: &'a str,
    path: Cow<'a, str>,
    query: Cow<'a, str>,
}

/// Step 2 without copying what needs no change; `method` is already canonical.
pub fn request_lines<'a>(method: &'a str, url: &'a str, mode: UrlMode, host: &dyn Host) -> Result<RequestLines<'a>> {
    let plain = (mode == UrlMode::Whatwg).then(|| plain_http_url(url)).flatten();
    let (path, query) = match plain {
        Some(plain) => (Cow::Borrowed(plain.path), Cow::Borrowed(plain.query)),
        None => {
            let PathAndQuery { path, query } = canonical_path_and_query_in(url, mode, host)?;
            (Cow::Owned(path), Cow::Owned(query))
        }
    };
    Ok(RequestLines { method, path, query })
}

impl<'a> RequestLines<'a> {
    /// The whole message as [`message_pieces`].
    pub fn pieces<'s>(&'s self, api_key: &'s str, content_type: &'s str, body: &'s [u8]) -> [&'s [u8]; 11] {
        let [method, path, query, api_key, content_type] =
            [self.method, &self.path, &self.query, api_key, content_type].map(str::as_bytes);
        message_pieces(method, path, query, api_key, content_type, body)
    }

    /// The whole message as [`RequestLines::pieces`] gives it, keeping what PATH and QUERY own.
    pub fn into_pieces(self, api_key: &'a str, content_type: &'a str, body: &'a [u8]) -> [Cow<'a, [u8]>; 11] {
        let bytes = |text: Cow<'a, str>| match text {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        };
        let [method, api_key, content_type] = [self.method, api_key, content_type].map(|s| Cow::Borrowed(s.as_bytes()));
        message_pieces(method, bytes(self.path), bytes(self.query), api_key, content_type, Cow::Borrowed(body))
    }
}

/// [`canonical_request`] for a text body; the result is then text too.
#[cfg(feature = "native")]
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

/// PATH and QUERY as Node's `new URL(url)` gives them: `.pathname` and
/// `.searchParams.toString()`.
///
/// Plain `http(s)` URLs are read without a parser; others go to the host's
/// WHATWG parser (see [`crate::url::whatwg`]). Non-ASCII hosts are refused:
/// write them in their `xn--` form.
pub fn whatwg_path_and_query(url: &str, host: &dyn Host) -> Result<PathAndQuery> {
    match plain_http_url(url) {
        Some(plain) => Ok(PathAndQuery { path: plain.path.to_owned(), query: plain.query.to_owned() }),
        None => parsed_whatwg_path_and_query(url, host),
    }
}

/// [`whatwg_path_and_query`] without the plain-URL shortcut, for the fuzz
/// target to hold the two against each other (built only by `cargo fuzz`).
#[cfg(all(fuzzing, feature = "native"))]
#[doc(hidden)]
pub fn whatwg_path_and_query_without_shortcut(url: &str) -> Result<PathAndQuery> {
    parsed_whatwg_path_and_query(url, DEFAULT_HOST)
}

/// [`whatwg_path_and_query`] through the full URL parser, for any URL.
fn parsed_whatwg_path_and_query(url: &str, host: &dyn Host) -> Result<PathAndQuery> {
    let parsed = whatwg::parse(url, host)?;
    Ok(PathAndQuery { path: parsed.path, query: parsed.search_params })
}

#[cfg(test)]
#[cfg(feature = "native")]
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
        let mut url =
            String::from(rng.part(&["https://", "http://"], &["HTTPS://", "https:", "https:///", "ftp://", "ws://"]));
        url += rng.part(
            &["example.com", "a.b", "api-1.x9.io", "localhost", "A.COM"],
            &[
                "1.2.3.4",
                "a.0x1f",
                "a.123",
                "xn--bcher-kva.de",
                "a..b",
                "a.",
                "-a.com",
                "u@a.com",
                "[::1]",
                "",
                "ex%41mple.com",
                "a_b.com",
            ],
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
                let parsed = parsed_whatwg_path_and_query(&url, DEFAULT_HOST)
                    .unwrap_or_else(|e| panic!("{url}: parser refuses: {e}"));
                assert_eq!((p.path, p.query), (parsed.path.as_str(), parsed.query.as_str()), "{url}");
                let raw = raw_path_and_query(&url).expect("raw mode reads every plain URL");
                assert_eq!(raw.query, p.query, "{url}");
            }
        }
        // Both sides of the edge are exercised.
        assert!(plain > total / 20 && plain < total * 19 / 20, "{plain} of {total} plain");
    }
}
