// Shared pieces of the JavaScript test suites: the package under test (loaded
// through both module systems), a seeded PRNG with random-input generators,
// independent oracles built from the providers' own samples, and assertion
// helpers that print the seed and the failing input.
//
// Reproduce a run with the seed it printed:  KYC_SEED=1234 node --test tests/js/

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import * as nodeEntry from '../../pkg/node/index.mjs';
import * as webEntry from '../../pkg/web/index.js';

// ---------------------------------------------------------------- the package

const require = createRequire(import.meta.url);

/**
 * KYC_TEST_ENTRY=web runs a suite on the browser entry (the baseline,
 * non-SIMD build) instead of the Node one (the SIMD build).
 */
export const ON_WEB_ENTRY = process.env.KYC_TEST_ENTRY === 'web';
/** The package through `import` (pkg/node/index.mjs, or pkg/web/index.js). */
export const esm = ON_WEB_ENTRY ? webEntry : nodeEntry;
/** The package through `require` (pkg/node/index.cjs, or pkg/web/index.js). */
export const cjs = ON_WEB_ENTRY ? webEntry : require('../../pkg/node/index.cjs');

export const PKG_DIR = fileURLToPath(new URL('../../pkg/', import.meta.url));
export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The six functions of the public API (init aside). */
export const API_NAMES = [
  'generateSignature',
  'generateHmacSignature',
  'generateHmac',
  'canonicalString',
  'buildSessionBody',
  'signRequest',
];

/**
 * Calls the export `name` (the ESM entry; the CJS one is the very same
 * functions, which package.test.mjs checks once): `{ ok: true, value }` or
 * `{ ok: false, error }`.
 */
export function callOutcome(name, args) {
  return outcome(() => esm[name](...args));
}

export function outcome(fn) {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    return { ok: false, error };
  }
}

export function errorSummary(error) {
  if (!(error instanceof Error)) return { nonError: String(error) };
  return { name: error.name, code: error.code, path: error.path, message: error.message };
}

// ---------------------------------------------------------------- seeded PRNG

function parseSeed(text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`KYC_SEED must be an integer in 0..2^32-1, got ${text}`);
  return n;
}

/** One seed per process: from KYC_SEED, or fresh (and printed by every suite). */
export const SEED = process.env.KYC_SEED !== undefined ? parseSeed(process.env.KYC_SEED) : crypto.randomInt(0, 2 ** 32 - 1);

/** mulberry32: tiny, fast, good enough for test inputs. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, so each suite gets its own stream from the one seed. */
function hashLabel(label) {
  let h = 0x811c9dc5;
  for (const ch of label) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
  return h;
}

export class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }

  /** A stream of the process seed for one named use. */
  static for(label) {
    return new Rng((SEED ^ hashLabel(label)) >>> 0);
  }

  /** Integer in [0, n). */
  int(n) {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi]. */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }

  chance(p) {
    return this.next() < p;
  }

  pick(items) {
    return items[this.int(items.length)];
  }

  /** Picks from `[weight, value]` pairs; a function value is called. */
  weighted(pairs) {
    const total = pairs.reduce((sum, [w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [w, v] of pairs) {
      r -= w;
      if (r < 0) return typeof v === 'function' ? v() : v;
    }
    const last = pairs[pairs.length - 1][1];
    return typeof last === 'function' ? last() : last;
  }

  shuffle(items) {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A random subset, in random order. */
  subset(items, p = 0.5) {
    return this.shuffle(items.filter(() => this.chance(p)));
  }

  /**
   * One Unicode scalar value (never a surrogate), biased towards the
   * characters that break serialisers: controls, quotes, backslash,
   * U+2028/9, BOM, U+FFFD, non-characters and astral planes.
   */
  codePoint() {
    return this.weighted([
      [40, () => this.range(0x20, 0x7e)],
      [6, () => this.range(0x00, 0x1f)],
      [2, 0x7f],
      [4, () => this.pick([0x22, 0x5c, 0x2f, 0x27, 0x60])],
      [5, () => this.range(0x80, 0xff)],
      [8, () => this.range(0x100, 0xd7ff)],
      [2, () => this.pick([0x2028, 0x2029, 0xfeff, 0xfffd, 0xfffe, 0xffff, 0x200d, 0x0301])],
      [4, () => this.range(0xe000, 0xfffd)],
      [8, () => this.range(0x10000, 0x10ffff)],
      [3, () => this.pick([0x1f600, 0x1f469, 0x1d11e, 0x20000, 0xe0001, 0x10fffd])],
    ]);
  }

  /** A well-formed string of up to `maxCodePoints` random code points. */
  unicodeString(maxCodePoints) {
    const n = this.int(maxCodePoints + 1);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCodePoint(this.codePoint());
    return s;
  }

  /** A string of exactly `n` random code points. */
  unicodeStringOf(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCodePoint(this.codePoint());
    return s;
  }

  /** Empty sometimes, long (up to ~`longMax` code points) sometimes, short mostly. */
  body(longMax = 6000) {
    return this.weighted([
      [10, ''],
      [70, () => this.unicodeString(120)],
      [15, () => this.unicodeString(1200)],
      [5, () => this.unicodeStringOf(this.range(1000, longMax))],
    ]);
  }

  /** A secret: empty, short, long (> 64 bytes, the HMAC block size), astral. */
  secret() {
    return this.weighted([
      [3, ''],
      [40, () => this.unicodeString(40)],
      [15, () => this.unicodeStringOf(this.range(33, 200))],
      [10, () => 'xxx-xxx-xxx-xxx-xxx'],
      [10, () => this.hex(32)],
      [5, () => '😀'.repeat(this.range(1, 40))],
    ]);
  }

  hex(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }

  bytes(n) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
}

// ---------------------------------------------------------------- oracles

/**
 * FaceVerify's Node sample, verbatim (provider-docs/004, "NodeJS" tab).
 * The sample does not upper-case the method: callers pass the upper-cased one.
 */
export const providerNodeSample = (httpMethod, url, body, contentType, xAuthClient, secretKey) => {
  const requestUrl = new URL(url);
  const requestPath = requestUrl.pathname;
  const queryParams = requestUrl.searchParams.toString();

  const dataToHash = `${httpMethod}\n${requestPath}\n${queryParams}\n${xAuthClient}\n${contentType}\n${body}`;

  const hmac = crypto.createHmac('sha256', secretKey);
  hmac.update(dataToHash);
  return hmac.digest('hex');
};

/** The `dataToHash` of the same sample: its first four lines, unchanged. */
export const providerNodeSampleDataToHash = (httpMethod, url, body, contentType, xAuthClient) => {
  const requestUrl = new URL(url);
  const requestPath = requestUrl.pathname;
  const queryParams = requestUrl.searchParams.toString();

  const dataToHash = `${httpMethod}\n${requestPath}\n${queryParams}\n${xAuthClient}\n${contentType}\n${body}`;
  return dataToHash;
};

/** Whether the WHATWG parser (Node's `URL`) accepts `url`. */
export function whatwgAccepts(url) {
  try {
    new URL(url);
    return true;
  } catch {
    return false;
  }
}

/** Lowercase hex HMAC-SHA256 with node:crypto. Key and data: string (UTF-8) or bytes. */
export function hmacHex(key, data) {
  return crypto.createHmac('sha256', key).update(data).digest('hex');
}

/** Veriff's legacy X-SIGNATURE recipe (provider-docs/000), with Buffer.from for the deprecated `new Buffer`. */
export function veriffLegacySignature(payload, secret) {
  const signature = crypto.createHash('sha256');
  signature.update(Buffer.from(payload, 'utf8'));
  signature.update(Buffer.from(secret, 'utf8'));
  return signature.digest('hex');
}

export function sha256Hex(...parts) {
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

export function hasPython3() {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

// FaceVerify's Python sample, verbatim (provider-docs/004, "Python" tab), plus
// a driver that reads cases as JSON and writes one JSON line per case.
const PYTHON_ORACLE = String.raw`
import hashlib
import hmac
import json
import sys
from urllib.parse import urlparse

def generate_hmac(http_method, url, body, content_type, x_auth_client, secret_key):
    parsed_url = urlparse(url)
    request_path = parsed_url.path
    query_params = parsed_url.query

    data_to_hash = f"{http_method}\n{request_path}\n{query_params}\n{x_auth_client}\n{content_type}\n{body}"
    hmac_signature = hmac.new(secret_key.encode('utf-8'), data_to_hash.encode('utf-8'), hashlib.sha256).hexdigest()
    return hmac_signature

def data_to_hash_of(http_method, url, body, content_type, x_auth_client):
    parsed_url = urlparse(url)
    request_path = parsed_url.path
    query_params = parsed_url.query

    data_to_hash = f"{http_method}\n{request_path}\n{query_params}\n{x_auth_client}\n{content_type}\n{body}"
    return data_to_hash

cases = json.load(sys.stdin.buffer)
out = sys.stdout
for c in cases:
    try:
        sig = generate_hmac(c["method"], c["url"], c["body"], c["contentType"], c["apiKey"], c["secret"])
        data = data_to_hash_of(c["method"], c["url"], c["body"], c["contentType"], c["apiKey"])
        out.write(json.dumps({"sig": sig, "data": data}) + "\n")
    except ValueError as e:
        out.write(json.dumps({"valueError": str(e)}) + "\n")
out.write(json.dumps({"version": sys.version}) + "\n")
`;

/**
 * Runs the provider's Python sample once over every case
 * (`{ method, url, body, contentType, apiKey, secret }`, all strings).
 * Returns `{ version, results }`, one `{ sig, data }` or `{ valueError }` per case.
 */
export function runPythonSample(cases) {
  const r = spawnSync('python3', ['-c', PYTHON_ORACLE], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' },
  });
  if (r.status !== 0) throw new Error(`python3 failed (status ${r.status}): ${r.stderr}`);
  const lines = r.stdout.trimEnd().split('\n').map((line) => JSON.parse(line));
  const { version } = lines.pop();
  assert.equal(lines.length, cases.length, 'python3 returned one line per case');
  return { version, results: lines };
}

// ---------------------------------------------------------------- assertions

/** Shows a value in a failure message: JSON-ish, bytes as hex, long strings cut. */
export function show(value, maxString = 400) {
  const seen = new Set();
  const replacer = (_key, v) => {
    if (typeof v === 'string' && v.length > maxString) {
      return `${v.slice(0, maxString)}… (${v.length} UTF-16 units in all)`;
    }
    if (v instanceof Uint8Array) return `Uint8Array(${Buffer.from(v).toString('hex').slice(0, maxString)})`;
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol' || typeof v === 'function') return String(v);
    if (v === undefined) return '<undefined>';
    if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? 'Invalid' : v.toISOString()})`;
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return '<cycle>';
      seen.add(v);
    }
    return v;
  };
  try {
    return JSON.stringify(value, replacer);
  } catch (e) {
    return `<unprintable: ${e.message}>`;
  }
}

/**
 * Collects differential mismatches, then fails once with the seed and the
 * first few failing inputs (our output next to the oracle's).
 */
export class Mismatches {
  /**
   * `knownBugs`: `[{ id, reason, matches(input, ours, oracle) }]` for library bugs already
   * reported. A mismatch whose input matches one is filed under it (and
   * reported by `knownBugSubtests` as a todo) instead of failing the test; a
   * matching input that agrees with the oracle is no mismatch at all.
   */
  constructor(label, { keep = 5, knownBugs = [] } = {}) {
    this.label = label;
    this.keep = keep;
    this.count = 0;
    this.examples = [];
    this.knownBugs = knownBugs.map((bug) => ({ ...bug, bucket: new Mismatches(`${label} [known bug: ${bug.id}]`, { keep }) }));
  }

  add(index, input, ours, oracle) {
    this.count++;
    if (this.examples.length < this.keep) this.examples.push({ index, input, ours, oracle });
  }

  check(oursOutcome, oracleOutcome, index, input) {
    if (sameOutcome(oursOutcome, oracleOutcome)) return;
    const bug = this.knownBugs.find((b) => b.matches(input, oursOutcome, oracleOutcome));
    (bug ? bug.bucket : this).add(index, input, describeOutcome(oursOutcome), describeOutcome(oracleOutcome));
  }

  assertNone() {
    if (this.count === 0) return;
    const lines = [`${this.label}: ${this.count} mismatch(es) (KYC_SEED=${SEED})`];
    for (const { index, input, ours, oracle } of this.examples) {
      lines.push(`  case #${index}`, `    input : ${show(input)}`, `    ours  : ${show(ours)}`, `    oracle: ${show(oracle)}`);
    }
    throw new assert.AssertionError({ message: lines.join('\n') });
  }

  /** One todo subtest per known bug, failing (as a todo) when the bug showed up in this run. */
  async knownBugSubtests(t) {
    for (const bug of this.knownBugs) {
      await t.test(`known library bug ${bug.id}: ${bug.reason}`, { todo: `library bug ${bug.id}` }, (st) => {
        st.diagnostic(`${bug.id}: ${bug.bucket.count} random case(s) hit it in this run`);
        bug.bucket.assertNone();
      });
    }
  }
}

function sameOutcome(a, b) {
  if (a.ok !== b.ok) return false;
  if (a.ok) return a.value === b.value;
  // An expected failure is `{ ok: false, code }`: ours must carry that code.
  return a.error instanceof Error && (b.code === undefined || a.error.code === b.code);
}

function describeOutcome(o) {
  if (o.ok) return o.value;
  if (o.error === undefined) return { throws: o.code ?? 'any KYC error' };
  return { threw: errorSummary(o.error) };
}

/**
 * Asserts `fn` throws a kyc-sign error: the given class, `code` and `path`
 * (a RegExp or string for `message`, when given).
 */
export function assertKycError(fn, { cls, code, path, message }, context = '') {
  let error;
  try {
    const value = fn();
    throw new assert.AssertionError({ message: `${context}expected ${code} to be thrown, but got ${show(value)}` });
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    error = e;
  }
  assert.ok(error instanceof Error, `${context}expected an Error, got ${show(error)}`);
  const got = errorSummary(error);
  // The class users test with instanceof: TypeError, RangeError or Error, and always the package's KycError.
  if (cls) assert.ok(error instanceof cls && error instanceof esm.KycError, `${context}expected a ${cls.name} that is a KycError, got ${show(got)}`);
  if (code !== undefined) assert.equal(error.code, code, `${context}wrong code: ${show(got)}`);
  if (path !== undefined) assert.equal(error.path, path, `${context}wrong path: ${show(got)}`);
  if (message instanceof RegExp) assert.match(error.message, message, `${context}message: ${show(got)}`);
  else if (message !== undefined) assert.ok(error.message.includes(message), `${context}message should contain ${show(message)}: ${show(got)}`);
  return error;
}

/** Whether `e` has the shape every kyc-sign error must have. */
export function isKycError(e) {
  return (
    e instanceof Error &&
    !(e instanceof WebAssembly.RuntimeError) &&
    (e instanceof TypeError || e instanceof RangeError) &&
    typeof e.code === 'string' &&
    e.code.startsWith('KYC_') &&
    typeof e.path === 'string'
  );
}

export const utf8 = (s) => new TextEncoder().encode(s);
