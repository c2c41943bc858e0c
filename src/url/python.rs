//! Reading a URL as written, exactly as Python 3.11's
//! `urllib.parse.urlparse` does: what the providers' Python samples sign.

use super::invalid_url;
use crate::error::Result;

/// The path and query of a URL (the query without `?`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathAndQuery {
    /// The path (may be empty when the URL has none).
    pub path: String,
    /// The query, without `?` (empty when there is none).
    pub query: String,
}

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
