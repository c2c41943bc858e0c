// Known divergences between kyc-sign's raw mode and some Python oracles,
// filed under a todo subtest (with a count) instead of failing the run, so
// the main assertion still catches anything new.

/** The netloc Python's urlsplit finds (null when there is no `//`). */
function pythonNetloc(url) {
  let rest = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, colon))) rest = rest.slice(colon + 1);
  if (!rest.startsWith('//')) return null;
  return /^[^/?#]*/.exec(rest.slice(2))[0];
}

const partition = (s, sep) => {
  const i = s.indexOf(sep);
  return i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)];
};

/**
 * Whether CPython's two bracket rules can disagree on `url`:
 *  - before gh-105704 (CPython ≤ 3.11.11, ≤ 3.12.8, ≤ 3.13.1; what kyc-sign's
 *    raw mode models, as python3 3.11.7 does): the text between the first `[`
 *    of the whole netloc and the next `]` must be an address;
 *  - after it (CVE-2025-0938: 3.11.12+, 3.12.9+, 3.13.2+, Debian bookworm's
 *    3.11.2-6+deb12u6): the host after the userinfo must be `[address]`, with
 *    nothing before the `[` and nothing but `:port` after the `]`.
 * True when the new rule adds an error or checks different text.
 */
export function bracketRulesMayDiffer(url) {
  const netloc = pythonNetloc(url);
  if (netloc === null || !netloc.includes('[') || !netloc.includes(']')) return false;
  const oldHost = partition(partition(netloc, '[')[2], ']')[0];
  const hostAndPort = netloc.slice(netloc.lastIndexOf('@') + 1);
  const [before, open, bracketed] = partition(hostAndPort, '[');
  if (!open) return true; // the new rule checks the host before any `:` (brackets only in the userinfo)
  const [newHost, , port] = partition(bracketed, ']');
  return before !== '' || (port !== '' && !port.startsWith(':')) || newHost !== oldHost;
}

/** Mismatches.knownBugs entry, active only when the Python oracle has the newer rule. */
export const PYTHON_BRACKET_RULE = {
  id: 'python-cve-2025-0938-brackets',
  reason: 'raw mode models urlparse before gh-105704 (CVE-2025-0938); this python3 has the fix, so it also raises ' +
    'ValueError for "http://[::1]]/", "http://a[::1]/", "http://[::1]x/" (ours signs them) and accepts ' +
    '"http://[x@[::1]/" (ours throws KYC_INVALID_URL)',
  matches: ({ url }) => bracketRulesMayDiffer(url),
};
