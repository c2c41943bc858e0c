// Seeded inputs for the cross-language differential tests: FaceVerify
// requests (URL edge cases, Unicode bodies) and Veriff legacy payloads.
//
// The PRNG, the seed (KYC_SEED) and the Unicode generators are the ones of
// the package tests (tests/js/helpers.mjs); this file only adds URLs built to
// exercise what the providers' Python and PHP samples read differently.

import { Rng, utf8 } from '../js/helpers.mjs';

export { Rng, utf8 };

/** An HTTP token method (the library refuses others); the oracles get it upper-cased. */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'get', 'post', 'Patch', 'm-search', 'PROPFIND'];
const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

function randomMethod(rng) {
  return rng.chance(0.9) ? rng.pick(METHODS) : Array.from({ length: rng.range(1, 10) }, () => rng.pick([...TCHARS])).join('');
}

// ---------------------------------------------------------------- URL pieces

function randomScheme(rng) {
  return rng.weighted([
    [70, () => rng.pick(['https', 'http'])],
    [6, () => rng.pick(['HTTP', 'Https', 'hTTp'])],
    [8, () => rng.pick(['ftp', 'ws', 'wss', 'file', 'FILE', 'foo', 'x-y+z.1', 'mailto', 'tel', 'sip', 'svn+ssh'])],
    // PHP and Python disagree on what a scheme is.
    [3, () => rng.pick(['1http', '+a', '.x', '-y', 'a_b', 'ht tp', 'é', 'h'])],
  ]);
}

const HOSTS = [
  'start.faceverify.ai', 'example.com', 'EXAMPLE.COM', 'a', 'localhost', 'sub.domain.example.org', 'example.com.',
  '127.0.0.1', '0.0.0.0', '1.2.3', '2130706433', 'xn--nxasmq6b.com',
];
const IPV6_HOSTS = [
  '[::1]', '[2001:db8::1]', '[::ffff:192.0.2.1]', '[fe80::1%eth0]', '[fe80::1%25eth0]', '[v1.x]', '[0:0:0:0:0:0:0:1]',
  // Refused by Python: unbalanced, or no address between the brackets ('[::1]]' only by Pythons with the CVE-2025-0938 fix).
  '[::1', '::1]', '[banana]', '[1.2.3.4]', '[]', '[::1%]', '[v1.]', '[::1]]', 'a[b]c',
];
const UNICODE_HOSTS = ['bücher.de', '例え.jp', 'ÉXAMPLE.com', 'ｅｘａｍｐｌｅ.com', 'faß.de', '😀.example',
  // NFKC turns these into / ? # @ : (Python refuses them).
  'a\u2100b', 'a\uff03b', 'a\uff0fb', 'a\ufe6bb', 'a\uff1ab', 'a\u2047'];
const USERINFO = ['user:pw@', 'u@', ':@', '@', 'a@b@', 'user%40x:p%3Aw@', 'ü:ß@'];
const PORTS = [':80', ':443', ':8080', ':0', ':65535', ':', ':65536', ':99999', ':123456', ':1a', ':a', ':-1', ':+80', ': 80', ':08'];

// Path segments: percent escapes in both cases, stray %, non-ASCII, `;params`, `:` and digits.
const PATH_PIECES = [
  'api', 'v1', 'session', 'a', 'x', 'p', 'index.html', ' ', '%20', '+', '~', '%7E', '%7e', '%2F', '%2f', '%C3%A9', '%c3%a9',
  '%', '%z', '%zz', '%2', '%E4%B8', 'é', '中', '😀', 'e\u0301', 'ﬀ', '\u00a0', '\u2028',
  ';', ';x=1', ';a;b', ';v=1.0', ',', ':', ':80', ':1', 'c:', '@', '!', '$', "'", '(', ')', '*', '=', '&',
  '.', '..', '%2e', '|', '^', '`', '{', '}', '"', '<', '>', '[', ']', '\\',
];
// Query pieces: space, +, %20, ~, bare keys, a=b=c, &&, non-ASCII, stray %, upper/lower-case escapes.
const QUERY_PIECES = [
  'a', 'b', 'key', 'q', 'name', '1', ' ', '+', '++', '%20', '%2B', '%2b', '~', '%7E', '%7e', '=', '==', 'a=b=c',
  'é', 'Zoë', '中文', '😀', 'e\u0301', '%', '%z', '%zz', '%2', '%26', '%3D', '%3d', '%C3%A9', '%c3%a9', '%E4%B8', '%FF',
  '%00', '*', "'", '!', '(', ')', '-', '_', '.', '/', '?', ':', '@', ',', '$', ';', '"', '<', '>', '{', '}', '|',
  '\\', '^', '[', ']', '\u00a0', '\u2028', ':80/', 'x:1/y',
];
const FRAGMENT_PIECES = ['', 'frag', '?x=1', '#', ' ', '😀', '%20', 'a#b', '%', ';p', ':80/'];
// Rare characters that parsers strip, remove or replace: C0 controls, DEL, tab, CR, LF.
const CONTROLS = ['\u0000', '\u0001', '\u001f', '\u007f', '\t', '\n', '\r', '\u000b'];

function pieces(rng, list, max) {
  let s = '';
  const n = rng.int(max + 1);
  for (let i = 0; i < n; i++) {
    s += rng.weighted([
      [87, () => rng.pick(list)],
      // Random code points (astral ones included), controls aside: those come rarely, below.
      [12, () => rng.unicodeString(3).replace(/[\x00-\x1f\x7f]/g, '')],
      [1, () => rng.pick(CONTROLS)],
    ]);
  }
  return s;
}

function randomPath(rng) {
  const n = rng.weighted([[12, 0], [58, () => rng.range(1, 3)], [30, () => rng.range(4, 7)]]);
  let path = '';
  for (let i = 0; i < n; i++) path += rng.weighted([[94, '/'], [6, '//']]) + pieces(rng, PATH_PIECES, 4);
  return rng.chance(0.1) ? `${path}/` : path;
}

function randomQuery(rng) {
  const n = rng.weighted([[8, 0], [52, () => rng.range(1, 3)], [40, () => rng.range(4, 8)]]);
  const params = [];
  for (let i = 0; i < n; i++) {
    const key = params.length && rng.chance(0.15) ? rng.pick(params).split('=')[0] : pieces(rng, QUERY_PIECES, 3);
    // Bare keys, `a=b=c` and empty values on purpose.
    params.push(rng.weighted([
      [70, () => `${key}=${pieces(rng, QUERY_PIECES, 4)}`],
      [15, key],
      [10, () => `${key}=${pieces(rng, QUERY_PIECES, 2)}=${pieces(rng, QUERY_PIECES, 2)}`],
      [5, () => `${key}=`],
    ]));
  }
  return params.map((p, i) => (i === 0 ? '' : rng.weighted([[82, '&'], [10, '&&'], [8, ';']])) + p).join('');
}

// Bracket contents Python checks with ipaddress (and kyc-sign re-implements): hextets, `::`, IPv4 tails, scopes, IPvFuture.
const BRACKET_TOKENS = ['', '0', '1', 'f', 'ffff', 'FFFF', '12345', '0000', '00000', 'g', '::', ':', '1.2.3.4', '01.2.3.4',
  '255.255.255.255', '256.1.1.1', '1.2.3', '%eth0', '%', '%25', 'v1.x', 'v', 'vF.', '.', ' ', 'é', '١'];

function randomBracketHost(rng) {
  let s = '';
  const n = rng.range(1, 10);
  for (let i = 0; i < n; i++) s += rng.pick(BRACKET_TOKENS) + (rng.chance(0.6) ? ':' : '');
  return `[${s}]`;
}

function randomAuthority(rng) {
  let authority = rng.chance(0.08) ? rng.pick(USERINFO) : '';
  authority += rng.weighted([
    [78, () => rng.pick(HOSTS)],
    [6, () => rng.pick(IPV6_HOSTS)],
    [3, () => randomBracketHost(rng)],
    [7, () => rng.pick(UNICODE_HOSTS)],
    [3, ''],
    [3, () => rng.unicodeString(4)],
  ]);
  if (rng.chance(0.18)) authority += rng.pick(PORTS);
  return authority;
}

/** One URL built from pieces: absolute, scheme-relative, relative, host:port without `//`, or garbage. */
export function randomUrl(rng) {
  let url = rng.weighted([
    // scheme://authority/path
    [80, () => `${randomScheme(rng)}:${rng.weighted([[94, '//'], [2, '///'], [2, '/'], [2, '']])}${randomAuthority(rng)}`],
    // //authority/path and /path
    [6, () => `//${randomAuthority(rng)}`],
    [5, ''],
    // host:port/path, which PHP reads as a host and a port
    [5, () => `${rng.pick(HOSTS.slice(0, 5))}${rng.pick([':80', ':1', ':8080', ':65536', ':123456', ':0'])}`],
    // file:///C:/…
    [2, () => `${rng.pick(['file', 'FILE'])}:///${rng.pick(['c', 'C', 'z'])}${rng.pick([':', '|'])}`],
    [2, () => rng.unicodeString(12)],
  ]);
  url = url.replace(/[\x00-\x1f\x7f]/g, () => (rng.chance(0.1) ? rng.pick(CONTROLS) : ''));
  url += randomPath(rng);
  if (rng.chance(0.75)) url += `?${randomQuery(rng)}`;
  if (rng.chance(0.06)) url += '?'; // trailing ? (or a second one)
  if (rng.chance(0.2)) url += `#${pieces(rng, FRAGMENT_PIECES, 3)}`;
  if (rng.chance(0.03)) url = rng.pick([' ', '\t', '\n', '\u0000', '\u001f ', '  ']) + url;
  if (rng.chance(0.03)) url += rng.pick([' ', '\t', '\n', '\u0000', ' \u0001']);
  return url;
}

/**
 * Hand-picked URLs every run includes (before the random ones): each edge
 * case the harness promises to cover, written out once.
 */
export const FIXED_URLS = [
  'https://start.faceverify.ai/api/v1/session',
  'https://start.faceverify.ai/api/v1/session?name=Zoë Smith&tag=~x',
  'https://h/p?q=a b', 'https://h/p?q=a+b', 'https://h/p?q=a%20b', 'https://h/p?q=%7E~', 'https://h/p?a', 'https://h/p?a&b=',
  'https://h/p?a=b=c', 'https://h/p?a=1&&b=2', 'https://h/p?&', 'https://h/p?=', 'https://h/p?a=%', 'https://h/p?a=%zz&b=%E4%B8',
  'https://h/p?a=%C3%A9&b=%c3%a9', 'https://h/é/中?é=😀', 'https://h/%C3%A9?x', 'https://h/p?', 'https://h/p??', 'https://h/?',
  'https://h/p#frag', 'https://h/p?q#f?g', 'https://h/p#?q', 'https://h/p?q#', 'https://h:8080/p?q', 'https://h:/p', 'https://h:65536/p',
  'https://h:99999/p', 'https://h:123456/p', 'https://h:a/p', 'https://h:-1/p', 'https://[::1]/p?q', 'https://[::1]:8443/p?q',
  'https://[fe80::1%eth0]/p', 'https://[::1/p', 'https://::1]/p', 'https://[banana]/p', 'https://[v1.x]/p', 'https://h/p;x=1?q',
  'https://h/p;x/y;z?q', 'foo://h/p;x?q', '//h/p;q?r', 'https://h/p%2Fq%2fr', 'https://h', 'https://h?x', 'https://h#f', 'http:///p?q',
  'http://:80/p', 'http://@/p', 'h:80/p?q', 'localhost:8080', 'a:12345', '/p:80/x?q', ':', ':80/p', '1http://h/p', '+a://h/p', '.x:y',
  'file:///c:/x', 'FILE:///C|/x', 'file:///p', ' https://h/p?q', '\u0000https://h/p', 'https://h/p\t?q\n', 'https://h/a\u0001b?c\u007fd',
  'https://a\u2100b/p', 'https://a\uff03b/p', 'mailto:a@b?subject=hi there', 'javascript:alert(1)', '', '?', '#', '?q', 'p?q', '/p?q',
  'x:y', 'https://h/p ', 'https://h/p?q ', 'https://u:p@h:1/p?q', 'https://h/%', 'https://h/%2e%2E/../x',
];

// ---------------------------------------------------------------- cases

function randomText(rng) {
  return rng.weighted([
    [40, () => rng.pick(['application/json', 'application/json; charset=utf-8', 'text/plain', 'xxx-xxx-xxx-xxx-xxx', 'key-123'])],
    [50, () => rng.unicodeString(30)],
    [10, ''],
  ]);
}

/**
 * `n` FaceVerify requests (FIXED_URLS first). Every field is a string as the
 * samples take it; `bodyAsBytes`/`secretAsBytes` say whether the library gets
 * that one as UTF-8 bytes instead (same bytes signed).
 */
export function faceVerifyCases(rng, n) {
  const cases = [];
  for (let i = 0; i < n; i++) {
    cases.push({
      method: randomMethod(rng),
      url: i < FIXED_URLS.length ? FIXED_URLS[i] : randomUrl(rng),
      body: rng.body(8000), // empty, short, long, astral, controls, U+2028…
      contentType: randomText(rng),
      apiKey: randomText(rng),
      secret: rng.secret(),
      bodyAsBytes: rng.chance(0.2),
      secretAsBytes: rng.chance(0.2),
    });
  }
  return cases;
}

/** Features of a URL the harness promises to cover, with a test for each. */
export const URL_FEATURES = {
  'space in query': (u) => /\?[^#]* /.test(u),
  '+ in query': (u) => /\?[^#]*\+/.test(u),
  '%20': (u) => u.includes('%20'),
  '~': (u) => u.includes('~'),
  'bare key': (u) => /\?(?:[^#=&]+)(?:&|#|$)/.test(u) || /&[^#=&]+(?:&|#|$)/.test(u),
  'a=b=c': (u) => /=[^&#=]*=/.test(u),
  '&&': (u) => u.includes('&&'),
  'non-ASCII path': (u) => /^[^?#]*[^\x00-\x7f]/.test(u),
  'non-ASCII query': (u) => /\?[^#]*[^\x00-\x7f]/.test(u),
  'stray %': (u) => /%(?![0-9A-Fa-f]{2})/.test(u),
  'upper-case escape': (u) => /%[0-9A-F]*[A-F][0-9A-F]*/.test(u) && /%[0-9A-Fa-f]{2}/.test(u),
  'lower-case escape': (u) => /%(?:[a-f][0-9a-f]|[0-9][a-f])/.test(u),
  fragment: (u) => u.includes('#'),
  port: (u) => /\/\/[^/?#]*:\d/.test(u),
  IPv6: (u) => /\/\/[^/?#]*\[/.test(u),
  ';params': (u) => /^[^?#]*;/.test(u),
  'trailing ?': (u) => u.endsWith('?'),
  'C0 control or DEL': (u) => /[\x00-\x1f\x7f]/.test(u),
  'no scheme': (u) => !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(u),
  'astral character': (u) => /[\u{10000}-\u{10ffff}]/u.test(u),
};

/** How many of `urls` show each feature. */
export function featureCounts(urls) {
  const counts = {};
  for (const [name, has] of Object.entries(URL_FEATURES)) counts[name] = urls.filter(has).length;
  return counts;
}

// ---------------------------------------------------------------- legacy payloads

function jsonValue(rng, depth) {
  return rng.weighted([
    [30, () => rng.unicodeString(12)],
    [15, () => rng.pick([0, -0, 1, -1, 0.1, 1e21, 1e-7, 2 ** 53, -1.5e300, NaN, Infinity, rng.next() * 1e6])],
    [8, () => rng.pick([true, false, null])],
    [depth > 0 ? 10 : 0, () => Array.from({ length: rng.int(4) }, () => jsonValue(rng, depth - 1))],
    [depth > 0 ? 10 : 0, () => jsonObject(rng, depth - 1)],
  ]);
}

function jsonObject(rng, depth) {
  const object = {};
  const n = rng.int(5);
  for (let i = 0; i < n; i++) {
    object[rng.chance(0.5) ? rng.pick(['verification', 'person', 'firstName', 'timestamp', '']) : rng.unicodeString(8)] = jsonValue(rng, depth);
  }
  return object;
}

/**
 * `n` legacy X-SIGNATURE cases: `payload` as the library gets it (string,
 * bytes, or a plain object it JSON.stringifies), `secret` (string or bytes),
 * their bytes, and `bytes`: payload bytes ‖ secret bytes, what the recipe hashes.
 * `text` holds both as strings when neither is raw bytes.
 */
export function legacyCases(rng, n) {
  const cases = [];
  for (let i = 0; i < n; i++) {
    const kind = rng.weighted([[50, 'string'], [20, 'bytes'], [30, 'object']]);
    let payload;
    let payloadText = null;
    let payloadBytes;
    if (kind === 'string') {
      payload = payloadText = rng.body(8000);
      payloadBytes = utf8(payload);
    } else if (kind === 'bytes') {
      payload = payloadBytes = rng.chance(0.5) ? utf8(rng.body(2000)) : rng.bytes(rng.int(600));
    } else {
      payload = jsonObject(rng, 3);
      payloadText = JSON.stringify(payload); // the recipe: JSON.stringify(verification)
      payloadBytes = utf8(payloadText);
    }
    const secretIsBytes = rng.chance(0.15);
    const secret = secretIsBytes ? rng.bytes(rng.int(100)) : rng.secret();
    const secretBytes = secretIsBytes ? secret : utf8(secret);
    const bytes = Buffer.concat([payloadBytes, secretBytes]);
    const text = payloadText !== null && !secretIsBytes ? { payload: payloadText, secret } : null;
    cases.push({ kind, payload, secret, payloadBytes, secretBytes, bytes, text });
  }
  return cases;
}
