//! The common case of a provider URL, recognised without a URL parser.
//!
//! Almost every URL signed is as plain as
//! `https://api.example.com/v1/sessions?lang=en&ref=abc`. For such a URL the
//! WHATWG parser (Node's `URL`, and so `fetch`) accepts it, leaves the path
//! as written, and `searchParams.toString()` gives the query back as
//! written; Python's `urlparse` reads the same query. Recognising
//! that shape byte by byte skips the full parser, which costs most of a
//! FaceVerify signature. Anything outside the shape, however harmless,
//! goes to the full parser: this is a fast path, not a second parser.

/// Path and query of a plain `http(s)` URL, borrowed from the URL's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PlainUrl<'a> {
    /// The path as `URL.pathname` gives it: as written, or `/` when none is written.
    pub path: &'a str,
    /// The query without `?`, as written; empty when there is none.
    pub query: &'a str,
}

/// `Some` when `url` is `http://` or `https://` (lower case), then an
/// ASCII host name whose labels are letters, digits and inner hyphens and
/// whose last label starts with a letter (so it is not an IPv4 address),
/// no `xn--` label (those are checked as Punycode), an optional port of at
/// most 65535, a path of unreserved characters and sub-delimiters without
/// `%`, `\`, `.` or `..` segments, and a query of `name=value` pairs, each
/// made of the characters `application/x-www-form-urlencoded` leaves alone
/// (`A–Z a–z 0–9 * - . _`). No fragment, no credentials, no spaces.
pub(crate) fn plain_http_url(url: &str) -> Option<PlainUrl<'_>> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let authority_end = rest.bytes().position(|b| b == b'/' || b == b'?').unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at_checked(authority_end)?;
    let host = match authority.split_once(':') {
        Some((host, port)) => is_plain_port(port).then_some(host)?,
        None => authority,
    };
    if !is_plain_host(host) {
        return None;
    }
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let path = if path.is_empty() { "/" } else { path };
    (is_plain_path(path) && is_plain_query(query)).then_some(PlainUrl { path, query })
}

fn is_plain_port(port: &str) -> bool {
    (1..=5).contains(&port.len())
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u32>().is_ok_and(|p| p <= 65535)
}

fn is_plain_host(host: &str) -> bool {
    let labels_ok = host.split('.').all(|label| {
        let bytes = label.as_bytes();
        match (bytes.first(), bytes.last()) {
            (Some(first), Some(last)) => {
                first.is_ascii_alphanumeric()
                    && last.is_ascii_alphanumeric()
                    && bytes.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
                    && !bytes.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(b"xn--"))
            }
            _ => false,
        }
    });
    let last_label_is_a_name =
        host.rsplit('.').next().and_then(|l| l.bytes().next()).is_some_and(|b| b.is_ascii_alphabetic());
    labels_ok && last_label_is_a_name
}

/// Characters every parser keeps as written in a path.
fn is_plain_path_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&()*+,;=:@/".contains(&b)
}

fn is_plain_path(path: &str) -> bool {
    path.bytes().all(is_plain_path_byte) && !path.split('/').any(|segment| segment == "." || segment == "..")
}

/// Characters `application/x-www-form-urlencoded` serialises as themselves.
fn is_plain_form_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_')
}

/// Pairs that `URLSearchParams` would write back byte for byte: no empty
/// pair, no bare name, no second `=` (it would become `%3D`).
fn is_plain_query(query: &str) -> bool {
    query.is_empty()
        || query.split('&').all(|pair| match pair.split_once('=') {
            Some((name, value)) => !name.is_empty() && name.bytes().chain(value.bytes()).all(is_plain_form_byte),
            None => false,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(url: &str) -> Option<(&str, &str)> {
        plain_http_url(url).map(|p| (p.path, p.query))
    }

    #[test]
    fn typical_provider_urls_are_plain() {
        assert_eq!(plain("https://start.faceverify.ai/api/v1/session"), Some(("/api/v1/session", "")));
        assert_eq!(
            plain("https://start.faceverify.ai/api/v1/session?source=web&ref=campaign-2026&lang=en"),
            Some(("/api/v1/session", "source=web&ref=campaign-2026&lang=en"))
        );
        assert_eq!(plain("http://localhost:8080/v1/sessions/"), Some(("/v1/sessions/", "")));
        assert_eq!(plain("https://example.com"), Some(("/", "")));
        assert_eq!(plain("https://example.com?a=1"), Some(("/", "a=1")));
        assert_eq!(plain("https://example.com/x?"), Some(("/x", "")));
        assert_eq!(plain("https://a.b/x?a=&b=2"), Some(("/x", "a=&b=2")));
    }

    #[test]
    fn anything_a_parser_would_rewrite_or_refuse_is_not_plain() {
        for url in [
            "HTTPS://example.com/",       // scheme case
            "https:example.com/",         // no slashes
            " https://example.com/",      // whitespace
            "https://example.com/a b",    // space
            "https://example.com/%7E",    // percent-encoding
            "https://example.com/a/../b", // dot segments
            "https://example.com/a/./b",
            "https://example.com/a/..",
            "https://example.com/a\\b",       // backslash
            "https://example.com/é",          // non-ASCII
            "https://example.com/a#b",        // fragment
            "https://example.com/a?b",        // bare name
            "https://example.com/a?a=1&&b=2", // empty pair
            "https://example.com/a?a=b=c",    // second =
            "https://example.com/a?a=b+c",    // + is a space
            "https://example.com/a?a=~",      // ~ is percent-encoded
            "https://example.com/a?a=1?b",    // second ?
            "https://user@example.com/",      // credentials
            "https://example.com:/",          // empty port
            "https://example.com:65536/",     // port out of range
            "https://example.com:123456/",
            "https://1.2.3.4/",      // IPv4
            "https://example.0x1f/", // ends in a number
            "https://example.123/",
            "https://xn--nxasmq6b.example/", // Punycode is checked by the parser
            "https://a..b/",                 // empty label
            "https://example.com./",         // trailing dot
            "https://-a.com/",               // edge hyphen
            "https://[::1]/",                // IPv6
            "https:///x",                    // no host
            "ftp://example.com/",
        ] {
            assert_eq!(plain(url), None, "{url}");
        }
    }

    #[test]
    fn plain_ports_are_at_most_65535() {
        assert!(plain("https://a.io:65535/").is_some());
        assert!(plain("https://a.io:0/").is_some());
        assert!(plain("https://a.io:00443/").is_some());
    }
}
