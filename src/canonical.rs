//! The message FaceVerify signs in `x-hmac-signature`:
//! `METHOD\nPATH\nQUERY\nAPIKEY\nCONTENT-TYPE\nBODY`.
//!
//! Built as small pure steps (method, path and query, assembly) so each can be
//! tested alone; the HMAC over the result is computed elsewhere.
//!
//! FaceVerify's own samples disagree on PATH and QUERY: the Node sample takes
//! them from a WHATWG `URL` (and re-serialises the query), the Python and PHP
//! samples take them as written. [`UrlMode`] picks the one the server checks.

use core::fmt;
use core::str::FromStr;

use url::{form_urlencoded, Url};

use crate::error::{quote, Error, ErrorCode, Result};

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
pub fn assemble(
    method: &str,
    path: &str,
    query: &str,
    api_key: &str,
    content_type: &str,
    body: &[u8],
) -> Vec<u8> {
    let parts: [&[u8]; 6] = [
        method.as_bytes(),
        path.as_bytes(),
        query.as_bytes(),
        api_key.as_bytes(),
        content_type.as_bytes(),
        body,
    ];
    parts.join(&b'\n')
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
    let method = canonical_method(method)?;
    let PathAndQuery { path, query } = canonical_path_and_query(url, mode)?;
    Ok(assemble(&method, &path, &query, api_key, content_type, body))
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
    let method = canonical_method(method)?;
    let PathAndQuery { path, query } = canonical_path_and_query(url, mode)?;
    Ok([method.as_str(), &path, &query, api_key, content_type, body].join("\n"))
}

fn invalid_url(url: &str, reason: &str) -> Error {
    Error::new(ErrorCode::InvalidUrl, "url", format!("{} is not a valid URL: {reason}", quote(url)))
}

// ---------------------------------------------------------------------------
// Whatwg mode: what Node 20's `URL` returns.
// ---------------------------------------------------------------------------

/// PATH and QUERY as Node's `new URL(url)` gives them: `.pathname` and
/// `.searchParams.toString()`.
pub fn whatwg_path_and_query(url: &str) -> Result<PathAndQuery> {
    // The url crate decides validity (host, port, IDNA) and handles the query
    // and the paths of http(s)/ws(s)/ftp URLs exactly as Node does. Two kinds
    // of path it gets different from Node 20 (Ada 2.9.2) are redone from the
    // input text: file URLs, and the non-special `..`-to-empty case.
    let parsed = Url::parse(url).map_err(|e| invalid_url(url, &e.to_string()))?;
    let path = match parsed.scheme() {
        "file" => file_pathname(after_scheme(&whatwg_clean(url))),
        "http" | "https" | "ws" | "wss" | "ftp" => parsed.path().to_owned(),
        _ if parsed.path() == "/" && ada_empties_path(after_scheme(&whatwg_clean(url))) => String::new(),
        _ => parsed.path().to_owned(),
    };
    let query = parsed.query().map(reserialize_query).unwrap_or_default();
    Ok(PathAndQuery { path, query })
}

/// The URL parser's first step: trim C0 controls and spaces at both ends,
/// then drop every tab, CR and LF.
fn whatwg_clean(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\r' | '\n')).collect()
}

/// The text after the scheme's `:`. Without a base URL a successful parse
/// always ends its scheme at the first `:`.
fn after_scheme(clean: &str) -> &str {
    clean.split_once(':').map_or("", |(_, rest)| rest)
}

/// Ada 2.9.2 quirk for non-special hierarchical URLs: a final `..` segment
/// reached with nothing left to pop gives an empty pathname (`foo:/..` → ``,
/// `foo://h/a/../..` → ``) where the URL Standard and the url crate give `/`.
/// `rest` is the cleaned input after `scheme:`.
fn ada_empties_path(rest: &str) -> bool {
    let rest = match rest.strip_prefix("//") {
        Some(authority_and_more) => {
            let end = authority_and_more.find(['/', '?', '#']).unwrap_or(authority_and_more.len());
            authority_and_more.get(end..).unwrap_or("")
        }
        None => rest,
    };
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let Some(path) = rest.get(..end).and_then(|p| p.strip_prefix('/')) else {
        return false;
    };
    let segments: Vec<&str> = path.split('/').collect();
    let Some((last, before)) = segments.split_last() else {
        return false;
    };
    if !is_double_dot(last) {
        return false;
    }
    // Depth of the path just before the final `..`: non-final dot segments
    // pop or do nothing; anything else is pushed.
    let depth = before.iter().fold(0usize, |depth, segment| {
        if is_double_dot(segment) {
            depth.saturating_sub(1)
        } else if is_single_dot(segment) {
            depth
        } else {
            depth.saturating_add(1)
        }
    });
    depth == 0
}

/// `file:` pathname per the URL Standard's file, file slash, file host and
/// path states (no base URL), which Node follows and the url crate does not
/// (it drops empty leading segments and mishandles drive letters).
/// `rest` is the cleaned input after `file:`; the host itself was already
/// validated by the url crate.
fn file_pathname(rest: &str) -> String {
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let rest = rest.get(..end).unwrap_or("");
    // The path text: what the path state reads, split at `/` and `\`.
    let path_text = match strip_slash(rest) {
        // `file:x`: the path state starts at once.
        None => rest,
        Some(after_one) => match strip_slash(after_one) {
            // `file:/x`: the path state starts after the single slash.
            None => after_one,
            Some(after_two) => {
                let host_end = after_two.find(['/', '\\']).unwrap_or(after_two.len());
                let (host, after_host) = after_two.split_at(host_end);
                if is_windows_drive_letter(host) {
                    // `file://C:/x`: the "host" is really the first path segment.
                    after_two
                } else {
                    // Path start state eats one slash after the host.
                    strip_slash(after_host).unwrap_or(after_host)
                }
            }
        },
    };
    let segments: Vec<&str> = path_text.split(['/', '\\']).collect();
    let last_index = segments.len().saturating_sub(1);
    let mut path: Vec<String> = Vec::new();
    for (i, raw) in segments.iter().enumerate() {
        let is_last = i == last_index;
        let segment = percent_encode_path_segment(raw);
        if is_double_dot(&segment) {
            // Shorten, except a lone normalized drive letter stays.
            let lone_drive = path.len() == 1 && path.first().is_some_and(|s| is_normalized_drive_letter(s));
            if !lone_drive {
                path.pop();
            }
            if is_last {
                path.push(String::new());
            }
        } else if is_single_dot(&segment) {
            if is_last {
                path.push(String::new());
            }
        } else if path.is_empty() && is_windows_drive_letter(&segment) {
            // `C|` is written `C:`.
            let letter: String = segment.chars().take(1).collect();
            path.push(letter + ":");
        } else {
            path.push(segment);
        }
    }
    path.iter().fold(String::new(), |mut out, segment| {
        out.push('/');
        out.push_str(segment);
        out
    })
}

fn strip_slash(s: &str) -> Option<&str> {
    s.strip_prefix(['/', '\\'])
}

/// A Windows drive letter: an ASCII letter then `:` or `|`.
fn is_windows_drive_letter(s: &str) -> bool {
    matches!(s.as_bytes(), [letter, b':' | b'|'] if letter.is_ascii_alphabetic())
}

fn is_normalized_drive_letter(s: &str) -> bool {
    matches!(s.as_bytes(), [letter, b':'] if letter.is_ascii_alphabetic())
}

/// `.` or `%2e`, ASCII case-insensitively.
fn is_single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

/// `..`, `.%2e`, `%2e.` or `%2e%2e`, ASCII case-insensitively.
fn is_double_dot(s: &str) -> bool {
    [".." , ".%2e", "%2e.", "%2e%2e"].iter().any(|d| s.eq_ignore_ascii_case(d))
}

/// UTF-8 percent-encodes one segment with the URL Standard's path
/// percent-encode set: C0 controls, space, `"`, `#`, `<`, `>`, `?`, `` ` ``,
/// `{`, `}`, DEL and every non-ASCII byte.
fn percent_encode_path_segment(segment: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(segment.len());
    for &b in segment.as_bytes() {
        if b <= 0x20 || b >= 0x7F || b"\"#<>?`{}".contains(&b) {
            out.push('%');
            out.push(char::from(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0')));
            out.push(char::from(HEX.get(usize::from(b & 0xF)).copied().unwrap_or(b'0')));
        } else {
            out.push(char::from(b));
        }
    }
    out
}

/// `new URLSearchParams(query).toString()`: parse as
/// application/x-www-form-urlencoded, serialise again.
fn reserialize_query(query: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form_urlencoded::parse(query.as_bytes()))
        .finish()
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
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\r' | '\n'))
        .collect();
    let (scheme, rest) = split_scheme(&cleaned);
    let rest = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find(['/', '?', '#']).unwrap_or(after.len());
            let (netloc, rest) = after.split_at(end);
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
        let all_scheme_chars =
            scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
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
        '\u{2047}', '\u{2048}', '\u{2049}', '\u{2100}', '\u{2101}', '\u{2105}', '\u{2106}',
        '\u{2A74}', '\u{FE13}', '\u{FE16}', '\u{FE55}', '\u{FE56}', '\u{FE5F}', '\u{FE6B}',
        '\u{FF03}', '\u{FF0F}', '\u{FF1A}', '\u{FF1F}', '\u{FF20}',
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
    let inner_empty: Vec<usize> = (1..last)
        .filter(|&i| parts.get(i).is_some_and(|p| p.is_empty()))
        .collect();
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
