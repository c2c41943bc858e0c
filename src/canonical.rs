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

use percent_encoding::percent_decode_str;
use url::{form_urlencoded, Url};

use crate::error::{quote, Error, ErrorCode, Result};
use crate::plain_url::plain_http_url;

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
    let parts: [&[u8]; 6] =
        [method.as_bytes(), path.as_bytes(), query.as_bytes(), api_key.as_bytes(), content_type.as_bytes(), body];
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
///
/// One known gap: whether an internationalised host (non-ASCII, or an
/// `xn--` label) is valid follows the url crate's IDNA (UTS #46 with the
/// Bidi rule, Unicode 16), not Ada's, so a few exotic hosts are refused
/// here and accepted by Node or the other way round. When both accept,
/// PATH and QUERY agree.
pub fn whatwg_path_and_query(url: &str) -> Result<PathAndQuery> {
    match plain_http_url(url) {
        Some(plain) => Ok(PathAndQuery { path: plain.path.to_owned(), query: plain.query.to_owned() }),
        None => parsed_whatwg_path_and_query(url),
    }
}

/// [`whatwg_path_and_query`] through the full URL parser, for any URL.
fn parsed_whatwg_path_and_query(url: &str) -> Result<PathAndQuery> {
    // The url crate (WHATWG URL Standard) decides whether the URL parses
    // (host, port, IDNA) and finds the query, as Node does. Its hierarchical
    // paths are not Node's, though: it keeps a `c:` or `c|` segment before
    // `..` in every scheme and drops empty leading segments in file URLs,
    // while Node 20's parser (Ada 2.9.2) has quirks of its own. So the path
    // is rebuilt from the input the way Ada builds it.
    let parsed = parse_whatwg(url)?;
    let cleaned = whatwg_clean(url);
    let kind = SchemeKind::of(parsed.scheme());
    if kind == SchemeKind::NotSpecial {
        if let Some(reason) = opaque_authority_error(after_scheme(&cleaned)) {
            return Err(invalid_url(url, reason));
        }
    }
    let path = match ada_path_input(after_scheme(&cleaned), kind) {
        PathInput::Hierarchical(input) => ada_pathname(input, kind),
        PathInput::Empty => String::new(),
        PathInput::Opaque => parsed.path().to_owned(),
    };
    let query = parsed.query().map(reserialize_query).unwrap_or_default();
    Ok(PathAndQuery { path, query })
}

/// Parses an absolute URL as the WHATWG URL Standard does, except that a
/// special-scheme host holding non-ASCII characters, written or
/// percent-encoded (`bücher.example`, `b%C3%BCcher.example`), is refused:
/// the build carries no IDNA tables, so such hosts must be written in their
/// `xn--` form. Refusing them here also keeps them away from the IDNA code,
/// which asserts on some of them in debug builds.
pub(crate) fn parse_whatwg(url: &str) -> Result<Url> {
    if has_international_host(url) {
        return Err(invalid_url(url, "internationalised hosts are not supported; write the host in its xn-- form"));
    }
    Url::parse(url).map_err(|e| invalid_url(url, &e.to_string()))
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

/// `new URLSearchParams(query).toString()`: parse as
/// application/x-www-form-urlencoded, serialise again.
fn reserialize_query(query: &str) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(form_urlencoded::parse(query.as_bytes())).finish()
}

/// The URL parser's first step: trim C0 controls and spaces at both ends,
/// then drop every tab, CR and LF.
fn whatwg_clean(url: &str) -> String {
    url.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\r' | '\n')).collect()
}

/// The text after the scheme's `:` and before any `#`. Without a base URL a
/// successful parse always ends its scheme at the first `:`.
fn after_scheme(cleaned: &str) -> &str {
    let rest = cleaned.split_once(':').map_or("", |(_, rest)| rest);
    rest.split_once('#').map_or(rest, |(before, _fragment)| before)
}

/// How the path parser treats a scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SchemeKind {
    /// http, https, ws, wss, ftp: `\` separates segments too.
    Special,
    /// file: special, plus the Windows drive letter rules.
    File,
    /// Any other scheme.
    NotSpecial,
}

impl SchemeKind {
    fn of(scheme: &str) -> Self {
        match scheme {
            "file" => SchemeKind::File,
            "http" | "https" | "ws" | "wss" | "ftp" => SchemeKind::Special,
            _ => SchemeKind::NotSpecial,
        }
    }
}

/// Two non-special authorities the url crate accepts and the URL Standard
/// (and Node) refuse: `foo://@` (credentials but no host) and a `\` after
/// the host (`foo://h:1\`), which ends a port only in special URLs.
fn opaque_authority_error(rest: &str) -> Option<&'static str> {
    let authority_and_more = rest.strip_prefix("//")?;
    let end = authority_and_more.find(['/', '?']).unwrap_or(authority_and_more.len());
    let authority = authority_and_more.get(..end).unwrap_or("");
    let host_and_port = authority.rsplit_once('@').map_or(authority, |(_userinfo, host)| host);
    if authority.contains('@') && host_and_port.is_empty() {
        Some("credentials without a host")
    } else if host_and_port.contains('\\') {
        Some("a backslash in the host or port")
    } else {
        None
    }
}

/// What the parser hands its path step.
enum PathInput<'a> {
    /// The text after the path's leading separator, up to `?`.
    Hierarchical(&'a str),
    /// A non-special URL with an authority and no path: pathname is empty.
    Empty,
    /// An opaque path (`mailto:x`): the url crate's path is Node's.
    Opaque,
}

/// Finds the path text the way the URL Standard's state machine walks to
/// it (`rest` is the cleaned input after `scheme:`, fragment removed).
fn ada_path_input(rest: &str, kind: SchemeKind) -> PathInput<'_> {
    match kind {
        SchemeKind::Special => {
            // Any run of slashes, then the authority up to `/`, `\`, `?`.
            let authority_and_more = rest.trim_start_matches(['/', '\\']);
            let end = authority_and_more.find(['/', '\\', '?']).unwrap_or(authority_and_more.len());
            let after_authority = authority_and_more.get(end..).unwrap_or("");
            PathInput::Hierarchical(up_to_query(strip_slash(after_authority).unwrap_or(after_authority)))
        }
        SchemeKind::File => {
            let path = match strip_slash(rest) {
                // `file:x`: the path starts at once.
                None => rest,
                Some(after_one) => match strip_slash(after_one) {
                    // `file:/x`: the path starts after the single slash.
                    None => after_one,
                    Some(after_two) => {
                        let end = after_two.find(['/', '\\', '?']).unwrap_or(after_two.len());
                        let (host, after_host) = after_two.split_at(end);
                        if ada_is_windows_drive_letter(host) {
                            // `file://C:/x`: the "host" is the first path segment.
                            after_two
                        } else {
                            strip_slash(after_host).unwrap_or(after_host)
                        }
                    }
                },
            };
            PathInput::Hierarchical(up_to_query(path))
        }
        SchemeKind::NotSpecial => match rest.strip_prefix("//") {
            Some(authority_and_more) => {
                let end = authority_and_more.find(['/', '?']).unwrap_or(authority_and_more.len());
                match authority_and_more.get(end..).unwrap_or("").strip_prefix('/') {
                    Some(path) => PathInput::Hierarchical(up_to_query(path)),
                    None => PathInput::Empty,
                }
            }
            None => match rest.strip_prefix('/') {
                Some(path) => PathInput::Hierarchical(up_to_query(path)),
                None => PathInput::Opaque,
            },
        },
    }
}

/// The text before the first `?`.
fn up_to_query(s: &str) -> &str {
    s.split_once('?').map_or(s, |(path, _query)| path)
}

fn strip_slash(s: &str) -> Option<&str> {
    s.strip_prefix(['/', '\\'])
}

/// Ada 2.9.2's `url_aggregator::consume_prepared_path` on a fresh URL,
/// quirks included, because that is what Node 20 returns:
/// - a path with dots but nothing else to encode is kept verbatim when the
///   first `/.` is not a dot segment (`/x/.a/../b` stays as is);
/// - in a non-special URL a final `..` with nothing to pop gives an empty
///   path (`foo:/..` → ``), not `/`;
/// - in a file URL a lone first segment starting with `X:` is never popped
///   (`file:///C:x/..` → `/C:x/`).
fn ada_pathname(input: &str, kind: SchemeKind) -> String {
    const NEEDS_ENCODING: u8 = 1;
    const BACKSLASH: u8 = 2;
    const DOT: u8 = 4;
    const PERCENT: u8 = 8;
    let signature = input.bytes().fold(0u8, |acc, b| {
        acc | match b {
            b'%' => PERCENT,
            b'.' => DOT,
            b'\\' => BACKSLASH,
            _ if needs_path_encoding(b) => NEEDS_ENCODING,
            _ => 0,
        }
    });
    let special = kind != SchemeKind::NotSpecial;
    let file_drive = kind == SchemeKind::File && ada_is_windows_drive_letter(input);
    let mut trivial =
        !file_drive && if special { signature == 0 } else { signature & (NEEDS_ENCODING | DOT | PERCENT) == 0 };
    if signature == DOT && !file_drive && !input.starts_with('.') {
        // Ada looks only at the first `/.`: `/./`, `/..` or a final `/.`
        // make the path non-trivial; anything else (`/.a`) and it is copied.
        trivial = match input.find("/.") {
            None => true,
            Some(i) => !matches!(input.as_bytes().get(i + 2), None | Some(b'.' | b'/')),
        };
    }
    if trivial {
        return format!("/{input}");
    }
    if special && kind != SchemeKind::File && signature & (NEEDS_ENCODING | BACKSLASH | PERCENT) == 0 {
        return ada_fast_path(input);
    }
    ada_slow_path(input, kind, signature & BACKSLASH != 0, signature & NEEDS_ENCODING != 0)
}

/// Ada's fast path: special, not file, only literal `.` and `..` to resolve.
fn ada_fast_path(input: &str) -> String {
    let mut path = String::new();
    let mut rest = input;
    loop {
        match rest.split_once('/') {
            None => {
                if rest == ".." {
                    if path.is_empty() {
                        return "/".to_owned();
                    }
                    if !path.ends_with('/') {
                        let keep = path.rfind('/').map_or(0, |i| i + 1);
                        path.truncate(keep);
                    }
                    return path;
                }
                path.push('/');
                if rest != "." {
                    path.push_str(rest);
                }
                return path;
            }
            Some((segment, after)) => {
                rest = after;
                if segment == ".." {
                    if let Some(i) = path.rfind('/') {
                        path.truncate(i);
                    }
                } else if segment != "." {
                    path.push('/');
                    path.push_str(segment);
                }
            }
        }
    }
}

/// Ada's general path: split, percent-encode, resolve dot segments.
fn ada_slow_path(input: &str, kind: SchemeKind, has_backslash: bool, needs_encoding: bool) -> String {
    let special = kind != SchemeKind::NotSpecial;
    let split_backslash = special && has_backslash;
    let mut path = String::new();
    let mut rest = input;
    loop {
        let split = if split_backslash { rest.find(['/', '\\']) } else { rest.find('/') };
        let (view, next) = match split {
            Some(i) => (rest.get(..i).unwrap_or(""), Some(rest.get(i + 1..).unwrap_or(""))),
            None => (rest, None),
        };
        let is_last = next.is_none();
        let buffer = if needs_encoding { percent_encode_path_segment(view) } else { view.to_owned() };
        if is_double_dot(&buffer) {
            if (ada_shorten_path(&mut path, kind) || special) && is_last {
                path.push('/');
            }
        } else if is_single_dot(&buffer) {
            if is_last {
                path.push('/');
            }
        } else if kind == SchemeKind::File && path.is_empty() && ada_is_windows_drive_letter(&buffer) {
            // `C|` is written `C:`.
            path.push('/');
            path.push_str(buffer.get(..1).unwrap_or(""));
            path.push(':');
            path.push_str(buffer.get(2..).unwrap_or(""));
        } else {
            path.push('/');
            path.push_str(&buffer);
        }
        match next {
            Some(after) => rest = after,
            None => return path,
        }
    }
}

/// Ada's `helpers::shorten_path`; returns whether a segment was removed.
fn ada_shorten_path(path: &mut String, kind: SchemeKind) -> bool {
    if kind == SchemeKind::File {
        if let Some(only_segment) = path.strip_prefix('/').filter(|s| !s.contains('/')) {
            // Ada checks only that the segment *starts* with `X:`.
            let bytes = only_segment.as_bytes();
            if bytes.len() >= 2 && bytes.first().is_some_and(u8::is_ascii_alphabetic) && bytes.get(1) == Some(&b':') {
                return false;
            }
        }
    }
    match path.rfind('/') {
        Some(i) => {
            path.truncate(i);
            true
        }
        None => false,
    }
}

/// Ada's `checkers::is_windows_drive_letter`: starts with `X:` or `X|`, then
/// ends or goes on with `/`, `\`, `?` or `#`.
fn ada_is_windows_drive_letter(s: &str) -> bool {
    match s.as_bytes() {
        [letter, b':' | b'|', rest @ ..] => {
            letter.is_ascii_alphabetic() && rest.first().map_or(true, |b| matches!(b, b'/' | b'\\' | b'?' | b'#'))
        }
        _ => false,
    }
}

/// `.` or `%2e`, ASCII case-insensitively.
fn is_single_dot(s: &str) -> bool {
    s == "." || s.eq_ignore_ascii_case("%2e")
}

/// `..`, `.%2e`, `%2e.` or `%2e%2e`, ASCII case-insensitively.
fn is_double_dot(s: &str) -> bool {
    ["..", ".%2e", "%2e.", "%2e%2e"].iter().any(|d| s.eq_ignore_ascii_case(d))
}

/// The URL Standard's path percent-encode set: C0 controls, space, `"`,
/// `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`, DEL and every non-ASCII byte.
fn needs_path_encoding(b: u8) -> bool {
    b <= 0x20 || b >= 0x7F || matches!(b, b'"' | b'#' | b'<' | b'>' | b'?' | b'`' | b'{' | b'}')
}

/// UTF-8 percent-encodes one segment with the path percent-encode set.
fn percent_encode_path_segment(segment: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let hex = |nibble: u8| char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'));
    let mut out = String::with_capacity(segment.len());
    for &b in segment.as_bytes() {
        if needs_path_encoding(b) {
            out.push('%');
            out.push(hex(b >> 4));
            out.push(hex(b & 0x0F));
        } else {
            out.push(char::from(b));
        }
    }
    out
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
