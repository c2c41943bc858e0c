//! The WHATWG URL parser for native builds: the url crate decides whether a
//! URL parses and finds its query; the path is rebuilt as Node 20's parser
//! (Ada 2.9.2) builds it.
//!
//! One known gap: `idna_adapter = "=1.0.0"` carries no Unicode data, so an
//! `xn--` host label is not checked against UTS #46 as Node checks it, and
//! which malformed ones are refused can differ from Node. When both accept,
//! path and query agree. (The WebAssembly build uses the runtime's `URL`
//! and has no such gap.)

use url::{form_urlencoded, Url};

use super::whatwg::{whatwg_clean, SchemeKind};
use crate::host::WhatwgUrl;

/// The url crate's reading of `url`, with the path as Node 20 builds it, or why it refuses it.
pub(crate) fn parse(url: &str) -> Result<WhatwgUrl, String> {
    // The url crate (WHATWG URL Standard) decides whether the URL parses
    // (host, port, IDNA) and finds the query, as Node does. Its hierarchical
    // paths are not Node's, though: it keeps a `c:` or `c|` segment before
    // `..` in every scheme and drops empty leading segments in file URLs,
    // while Node 20's parser (Ada 2.9.2) has quirks of its own. So the path
    // is rebuilt from the input the way Ada builds it.
    let parsed = Url::parse(url).map_err(|e| e.to_string())?;
    let cleaned = whatwg_clean(url);
    let kind = SchemeKind::of(parsed.scheme());
    if kind == SchemeKind::NotSpecial {
        if let Some(reason) = opaque_authority_error(after_scheme(&cleaned)) {
            return Err(reason.to_owned());
        }
    }
    let path = match ada_path_input(after_scheme(&cleaned), kind) {
        PathInput::Hierarchical(input) => ada_pathname(input, kind),
        PathInput::Empty => String::new(),
        PathInput::Opaque => parsed.path().to_owned(),
    };
    let query = parsed.query().unwrap_or_default();
    Ok(WhatwgUrl {
        scheme: parsed.scheme().to_owned(),
        has_host: parsed.host_str().is_some_and(|host| !host.is_empty()),
        path,
        query: query.to_owned(),
        search_params: reserialize_query(query),
    })
}

/// `new URLSearchParams(query).toString()`: parse as
/// application/x-www-form-urlencoded, serialise again.
fn reserialize_query(query: &str) -> String {
    form_urlencoded::Serializer::new(String::new()).extend_pairs(form_urlencoded::parse(query.as_bytes())).finish()
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

/// The text after the scheme's `:` and before any `#`. Without a base URL a
/// successful parse always ends its scheme at the first `:`.
fn after_scheme(cleaned: &str) -> &str {
    let rest = cleaned.split_once(':').map_or("", |(_, rest)| rest);
    rest.split_once('#').map_or(rest, |(before, _fragment)| before)
}
