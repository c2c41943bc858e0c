// Where PHP's parse_url and Python's urlparse read a URL's path and query
// differently, sorted into documented kinds.
//
// A kind is either
//  - a ValueError Python raises (matched on its message): the library throws
//    KYC_INVALID_URL, as Python does, while PHP's sample signs something; or
//  - a feature of the input that one parser treats specially, with a
//    `neutralize` edit that removes just that feature. A case is of that kind
//    when, after the edit, both parsers agree again (checked by running both
//    oracles on the edited URL). Several features in one URL give a
//    combination of kinds.
// A difference no kind explains is undocumented: the test fails until it is
// described here (and in PARSE_URL_DIFFERENCES.md, generated from this file
// by `node tests/cross-language/write-differences.mjs`).
//
// Every rule below cites what the parsers do: CPython 3.11 Lib/urllib/parse.py
// (urlsplit, urlparse, _splitparams, _checknetloc, _check_bracketed_host) and
// PHP 8.2 ext/standard/url.c (php_url_parse_ex2, php_replace_controlchars_ex).

// ---------------------------------------------------------------- parsing helpers

const PY_USES_PARAMS = new Set(['', 'ftp', 'hdl', 'prospero', 'http', 'imap', 'https', 'shttp', 'rtsp', 'rtsps', 'rtspu', 'sip', 'sips', 'mms', 'sftp', 'tel']);

/** The scheme and path Python's urlsplit finds (no errors, no netloc checks): enough for the rules below. */
function pythonSplit(url) {
  let rest = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+.-]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  if (rest.startsWith('//')) rest = rest.slice(2).replace(/^[^/?#]*/, '');
  const path = rest.split('#')[0].split('?')[0];
  return { scheme, path };
}

const PHP_SCHEME_CHARS = /^[A-Za-z0-9+.-]+$/;

/**
 * php_url_parse_ex2's jump to `parse_port` from its scheme check, for the
 * first `:` of the URL: at the very start; or after a valid PHP scheme but
 * followed by digits instead of `/`; or after text that is no scheme, when
 * that `:` comes before the first `?` and `#`. PHP then takes 1–5 digits
 * followed by `/` or the end as a port (and a lone leading `:` makes it
 * fail). Returns the index of that `:`, or -1 when PHP takes no port there.
 */
function phpColonPortIndex(url) {
  const i = url.indexOf(':');
  if (i < 0) return -1;
  const rest = url.slice(i + 1);
  const digitsThenSlash = /^\d{1,5}(?:\/|$)/.test(rest);
  if (i === 0) return digitsThenSlash || rest === '' ? 0 : -1;
  if (PHP_SCHEME_CHARS.test(url.slice(0, i))) return digitsThenSlash ? i : -1;
  const queryOrFragment = url.search(/[?#]/);
  return digitsThenSlash && (queryOrFragment < 0 || i < queryOrFragment) ? i : -1;
}

/**
 * The authority PHP parses in `parse_host` for `scheme://…` and `//…`
 * (not `file:///…`, which PHP reads as a path): `{ start, end }` in `url`.
 */
function phpAuthority(url) {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?\/\//.exec(url);
  if (!m) return null;
  if (m[1] && m[1].toLowerCase() === 'file' && url.slice(m[0].length).startsWith('/')) return null;
  const start = m[0].length;
  const end = start + /^[^/?#]*/.exec(url.slice(start))[0].length;
  return { start, end };
}

/** Splits PHP's authority into userinfo@, host and port text (`port` null when there is no port colon). */
function phpHostPort(authority) {
  const at = authority.lastIndexOf('@');
  const userinfo = authority.slice(0, at + 1);
  const hostport = authority.slice(at + 1);
  // "[…]" at both ends: an IPv6 literal, no port scan.
  if (hostport.startsWith('[') && authority.endsWith(']')) return { userinfo, host: hostport, port: null };
  const colon = hostport.lastIndexOf(':');
  if (colon < 0) return { userinfo, host: hostport, port: null };
  return { userinfo, host: hostport.slice(0, colon), port: hostport.slice(colon + 1) };
}

/** PHP accepts a port of at most 5 bytes that strtol reads as 0…65535. */
function phpPortOk(port) {
  if (port === '') return true;
  if (Buffer.byteLength(port) > 5) return false;
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(port.split('\u0000')[0]);
  if (!m) return false;
  const value = Number(m[2]) * (m[1] === '-' ? -1 : 1);
  return value >= 0 && value <= 65535;
}

function replaceAt(url, index, char) {
  return url.slice(0, index) + char + url.slice(index + 1);
}

// ---------------------------------------------------------------- the kinds

/**
 * Kinds where Python raises ValueError. The library throws KYC_INVALID_URL
 * (it follows Python); PHP's sample signs whatever parse_url returned.
 */
export const PYTHON_REFUSALS = [
  {
    id: 'python-unbalanced-brackets',
    title: 'Python refuses a host with an unbalanced `[` or `]`',
    python: 'raises `ValueError: Invalid IPv6 URL` (Pythons with the CVE-2025-0938 fix also for text around `[…]`, e.g. `http://[::1]]/`; kyc-sign models the 3.11 rule before it)',
    php: 'parses on (`[` and `]` are ordinary host characters unless they enclose the whole host)',
    message: /^Invalid IPv6 URL$/,
    examples: ['https://[::1/p?q', 'https://::1]/p?q'],
  },
  {
    id: 'python-invalid-bracketed-host',
    title: 'Python refuses brackets that do not hold an IPv6 or IPvFuture address',
    python: 'raises `ValueError` (`… does not appear to be an IPv4 or IPv6 address`, `An IPv4 address cannot be in brackets`, `IPvFuture address is invalid`)',
    php: 'parses on (no check of the host)',
    message: /does not appear to be an IPv4 or IPv6 address$|^An IPv4 address cannot be in brackets$|^IPvFuture address is invalid$/,
    examples: ['https://[banana]/p?q', 'https://[1.2.3.4]/p', 'https://[v1.]/p'],
  },
  {
    id: 'python-nfkc-netloc',
    title: 'Python refuses a host with characters that NFKC turns into `/ ? # @ :`',
    python: 'raises `ValueError: netloc … contains invalid characters under NFKC normalization` (CVE-2019-9636)',
    php: 'parses on (bytes ≥ 0x80 are ordinary host bytes)',
    message: /contains invalid characters under NFKC normalization$/,
    examples: ['https://a\u2100b/p?q', 'https://a\uff03b/p'],
  },
];

/**
 * Kinds where both parse but differently (or PHP's parse_url returns false),
 * in the order their edits are applied. The library follows Python in all.
 */
export const FEATURES = [
  {
    id: 'leading-c0-or-space',
    title: 'C0 controls or spaces before the URL',
    python: 'strips them (`url.lstrip(_WHATWG_C0_CONTROL_OR_SPACE)`)',
    php: 'keeps them: the scheme check fails, so the whole URL up to `?` is the path (controls as `_`)',
    applies: (url) => /^[\x00-\x20]/.test(url),
    neutralize: (url) => url.replace(/^[\x00-\x20]+/, ''),
    examples: [' https://h/p?q', '\u0000https://h/p'],
  },
  {
    id: 'tab-cr-lf',
    title: 'Tab, CR or LF anywhere',
    python: 'removes them (`_UNSAFE_URL_BYTES_TO_REMOVE`)',
    php: 'keeps them, replaced by `_` (`php_replace_controlchars_ex`)',
    applies: (url) => /[\t\r\n]/.test(url),
    neutralize: (url) => url.replace(/[\t\r\n]/g, ''),
    examples: ['https://h/p\t?q\n', 'https://h/a?b\r\nc'],
  },
  {
    id: 'control-chars',
    title: 'Other C0 controls and DEL in the path or query',
    python: 'keeps them as written',
    php: 'replaces each by `_` (`php_replace_controlchars_ex`: `iscntrl`)',
    applies: (url) => /[\x00-\x1f\x7f]/.test(url),
    neutralize: (url) => url.replace(/[\x00-\x1f\x7f]/g, '_'),
    examples: ['https://h/a\u0001b?c\u007fd', 'https://h/p?q=\u0000'],
  },
  {
    id: 'scheme-not-starting-with-letter',
    title: 'A "scheme" that starts with a digit, `+`, `-` or `.`',
    python: 'no scheme (a scheme must start with an ASCII letter), so the whole text up to `?` is the path',
    php: 'a scheme (any run of `A-Za-z0-9+-.`), so `1http://h/p` has host `h` and path `/p`',
    applies: (url) => /^[0-9+.-][A-Za-z0-9+.-]*:/.test(url),
    // A leading `/` makes it no scheme for PHP too (and no netloc for Python).
    neutralize: (url) => `/${url}`,
    examples: ['1http://h/p?q', '.x:y'],
  },
  {
    id: 'php-colon-digits-port',
    title: '`:` then 1–5 digits then `/` (or the end), which PHP reads as a port',
    python: 'a scheme and a path (`h:80/p` → scheme `h`, path `80/p`), or just a path',
    php: 'reads `host:port` (`h:80/p` → host `h`, port 80, path `/p`; also the first `:` of a relative path before any `?` or `#`); with a leading `:`, a port above 65535 or an empty host before it, returns false (the sample then signs an empty path and query)',
    applies: (url) => phpColonPortIndex(url) >= 0,
    // Once this `:` is gone the next one is the first, where PHP may take a port too (edits repeat).
    neutralize: (url) => replaceAt(url, phpColonPortIndex(url), '!'),
    examples: ['h:80/p?q', 'localhost:8080', '/p:80/x'],
  },
  {
    id: 'file-drive-letter',
    title: '`file:///X:…` (a Windows drive letter)',
    python: 'path `/X:…`',
    php: 'path `X:…` (drops the `/` before a drive letter)',
    applies: (url) => /^file:\/\/\/[\x00-\x7f]:/i.test(url),
    neutralize: (url) => replaceAt(url, 9, '|'),
    examples: ['file:///c:/x?q'],
  },
  {
    id: 'php-invalid-port',
    title: 'A port PHP cannot read: more than 5 bytes, not a number, negative, above 65535',
    python: 'does not look at the port (`urlparse` never reads it)',
    php: 'returns false: the sample warns and signs an empty path and query',
    applies(url) {
      const a = phpAuthority(url);
      if (!a) return false;
      const { port } = phpHostPort(url.slice(a.start, a.end));
      return port !== null && !phpPortOk(port);
    },
    neutralize(url) {
      const a = phpAuthority(url);
      const { userinfo, host } = phpHostPort(url.slice(a.start, a.end));
      return url.slice(0, a.start) + userinfo + host + url.slice(a.end);
    },
    examples: ['https://h:65536/p?q', 'https://h:a/p?q', 'https://[::1]:123456/p'],
  },
  {
    id: 'php-empty-host',
    title: 'An empty host after `//`',
    python: 'an empty netloc; path and query as written',
    php: 'returns false ("no valid host"): the sample warns and signs an empty path and query',
    applies(url) {
      const a = phpAuthority(url);
      return a !== null && phpHostPort(url.slice(a.start, a.end)).host === '';
    },
    neutralize(url) {
      const a = phpAuthority(url);
      const { userinfo, port } = phpHostPort(url.slice(a.start, a.end));
      return `${url.slice(0, a.start)}${userinfo}h${port === null ? '' : `:${port}`}${url.slice(a.end)}`;
    },
    examples: ['http:///p?q', 'https://:80/p?q', 'https://u@/p'],
  },
  {
    id: 'params',
    title: '`;params` in the last path segment (http, https, ftp, no scheme, …)',
    python: '`urlparse` cuts them off the path (`_splitparams`: from the first `;` after the last `/`)',
    php: 'keeps them in the path',
    applies(url) {
      const { scheme, path } = pythonSplit(url);
      return PY_USES_PARAMS.has(scheme) && path.slice(path.lastIndexOf('/') + 1).includes(';');
    },
    neutralize: (url) => url.replaceAll(';', ','),
    examples: ['https://h/p;x=1?q', '//h/p;q?r', 'https://h/a;b/c;d'],
  },
];

export const KINDS = [...PYTHON_REFUSALS, ...FEATURES];

// ---------------------------------------------------------------- comparing the two

const hex = (s) => Buffer.from(s, 'utf8').toString('hex');

/** What PHP's sample concatenates: a missing path or query, or a false from parse_url, is "". */
export function phpEffective(php) {
  if (php.failed) return { path: '', query: '' };
  return { path: php.path ?? '', query: php.query ?? '' }; // hex
}

/** Whether the two samples hash the same path and query for this URL. */
export function samplesAgree(py, php) {
  if (py.valueError !== undefined) return false;
  const e = phpEffective(php);
  return hex(py.path) === e.path && hex(py.query) === e.query;
}

/** PHP's result for display: `false`, or [path, query] with null for an absent part. */
export function phpShown(php) {
  if (php.failed) return false;
  const text = (h) => (h === null ? null : Buffer.from(h, 'hex').toString('utf8'));
  return [text(php.path), text(php.query)];
}

/**
 * Applies `kind`'s edit until the feature is gone (an edit can uncover the
 * same feature again: the next `:` becomes the first, `h::a` loses one bad
 * port to show another).
 */
function neutralizeAll(kind, url) {
  let out = url;
  for (let i = 0; i < 64 && kind.applies(out); i++) out = kind.neutralize(out);
  return out;
}

/** The chain of feature edits for `url`: the kinds that applied, the single edits, the whole chain. */
function edits(url) {
  const applied = [];
  let chained = url;
  for (const kind of FEATURES) {
    if (kind.applies(chained)) {
      applied.push(kind);
      chained = neutralizeAll(kind, chained);
    }
  }
  const singles = applied.filter((kind) => kind.applies(url)).map((kind) => ({ kind, url: neutralizeAll(kind, url) }));
  return { applied, singles, chained };
}

/**
 * Sorts each disagreement into a kind. `diffs`: `[{ url, py, php }]` where the
 * two samples disagree. `runBoth(urls)` runs both oracles on bare URLs and
 * resolves to `{ py: results, php: results }`.
 * Resolves to the same items with `kind` (an id, or ids joined by " + ") or
 * `kind: null` when undocumented.
 */
export async function classify(diffs, runBoth) {
  const plans = diffs.map((d) => {
    if (d.py.valueError !== undefined) {
      const kind = PYTHON_REFUSALS.find((k) => k.message.test(d.py.valueError));
      return { kind: kind ? kind.id : null };
    }
    return { edits: edits(d.url) };
  });
  const urls = [];
  for (const plan of plans) {
    if (!plan.edits) continue;
    plan.singleAt = plan.edits.singles.map((s) => urls.push(s.url) - 1);
    plan.chainedAt = urls.push(plan.edits.chained) - 1;
  }
  const rerun = urls.length ? await runBoth(urls) : { py: [], php: [] };
  const agreeAt = (i) => samplesAgree(rerun.py[i], rerun.php[i]);
  return diffs.map((d, n) => {
    const plan = plans[n];
    if (!plan.edits) return { ...d, kind: plan.kind };
    const { applied, singles } = plan.edits;
    if (applied.length === 0) return { ...d, kind: null };
    const single = singles.findIndex((_, j) => agreeAt(plan.singleAt[j]));
    if (single >= 0) return { ...d, kind: singles[single].kind.id };
    if (agreeAt(plan.chainedAt)) return { ...d, kind: applied.map((k) => k.id).join(' + ') };
    return { ...d, kind: null };
  });
}

// ---------------------------------------------------------------- the Markdown table

/** A JavaScript string literal for a table cell (`|` escaped for Markdown). */
function literal(value) {
  if (value === null) return '`null`';
  if (value === false) return '`false`';
  const s = JSON.stringify(value).replace(/[\u007f-\u009f\u00a0\u2028\u2029\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `\`${s.replace(/\|/g, '\\|')}\``;
}

function pair(path, query) {
  return `${literal(path)}, ${literal(query)}`;
}

/**
 * The Markdown of PARSE_URL_DIFFERENCES.md. `rows`: per kind, per example,
 * `{ url, py, php, ours }` as the oracles and the library returned them
 * (`ours`: `{ path, query }` or `{ code }`). `versions` only goes in the
 * header line, which the freshness test ignores.
 */
export function renderMarkdown(rows, versions) {
  const out = [];
  out.push('# Where PHP\'s `parse_url` and Python\'s `urlparse` disagree');
  out.push('');
  out.push('FaceVerify\'s Python and PHP samples both sign the path and query "as written",');
  out.push('but they read them with different parsers. These are the kinds of input on');
  out.push('which they disagree, found by running both samples over the same random URLs');
  out.push('(`node --test tests/cross-language/`, ≥ 10,000 cases a run) and checked on');
  out.push('every run: a disagreement of a kind not listed here fails the test. kyc-sign\'s');
  out.push('`urlMode: \'raw\'` follows **Python** in every case (it signs what `urlparse`');
  out.push('returns and throws `KYC_INVALID_URL` where `urlparse` raises `ValueError`).');
  out.push('');
  out.push('Values are JavaScript string literals. PHP `null` is a part `parse_url` did not');
  out.push('return and `false` a URL it refused; the sample reads `$parsedUrl[\'path\']` without');
  out.push('`isset`, so both raise a warning and sign `""` (the same as Python\'s empty path for');
  out.push('`https://h`, which is therefore no disagreement).');
  out.push('');
  out.push(`<!-- generated by node tests/cross-language/write-differences.mjs; ${versions} -->`);
  out.push('');
  out.push('| kind | input | Python `urlparse`: path, query | PHP `parse_url`: path, query | kyc-sign raw: path, query |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const kind of KINDS) {
    rows[kind.id].forEach((row, i) => {
      const first = i === 0 ? `**${kind.title}**` : '';
      const py = row.py.valueError !== undefined ? '`ValueError`' : pair(row.py.path, row.py.query);
      const php = phpShown(row.php);
      const phpCell = php === false ? '`false`' : pair(php[0], php[1]);
      const ours = row.ours.code ? `throws \`${row.ours.code}\` (as Python)` : `${pair(row.ours.path, row.ours.query)} (as Python)`;
      out.push(`| ${first} | ${literal(row.url)} | ${py} | ${phpCell} | ${ours} |`);
    });
  }
  out.push('');
  out.push('What each parser does, kind by kind (the test\'s id in parentheses):');
  out.push('');
  for (const kind of KINDS) out.push(`- **${kind.title}** (\`${kind.id}\`). Python: ${kind.python}. PHP: ${kind.php}.`);
  out.push('');
  return out.join('\n');
}

/** The Markdown without its version comment, for the freshness check. */
export function withoutVersions(markdown) {
  return markdown.replace(/^<!-- generated by .* -->$/m, '');
}
