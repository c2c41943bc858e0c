// The golden cases of tests/vectors/ — the files the Rust tests read — run
// through the built package, both entries (import and require):
//
//   faceverify-urls.json       canonicalString, urlMode 'whatwg' and 'raw'
//   faceverify-canonical.json  canonicalString and generateHmac
//   session-bodies.json        buildSessionBody
//   providers.json             generateHmacSignature / generateSignature,
//                              generateHmac, signRequest, createSigner, verifySignature
//
// Each file's expectations came from the sources it names; where that source
// can be run here (Node v20.20.2's URL, Python 3.11.7's urlparse, node:crypto),
// a test re-runs it and checks the file still says what it gives.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  callOutcome,
  esm,
  errorSummary,
  hasPython3,
  hmacHex,
  providerNodeSample,
  providerNodeSampleDataToHash,
  runPythonSample,
  show,
  veriffLegacySignature,
  whatwgAccepts,
} from './helpers.mjs';
import { readVectors } from './vectors.mjs';

const URLS = readVectors('faceverify-urls.json');
const CANONICAL = readVectors('faceverify-canonical.json');
const SESSIONS = readVectors('session-bodies.json');
const PROVIDERS = readVectors('providers.json');

/** The class each code is thrown as (README, "Errors"). */
const CODE_CLASS = {
  KYC_INVALID_TYPE: TypeError,
  KYC_MISSING_FIELD: TypeError,
  KYC_UNKNOWN_FIELD: TypeError,
  KYC_NULL_FIELD: TypeError,
  KYC_INVALID_VALUE: RangeError,
  KYC_INVALID_URL: RangeError,
  KYC_INVALID_DATE: RangeError,
  KYC_INVALID_TIMESTAMP: RangeError,
  KYC_INVALID_COUNTRY: RangeError,
  KYC_INVALID_UUID: RangeError,
  KYC_TOO_LONG: RangeError,
  KYC_INVALID_METHOD: RangeError,
};

/** The runtimes the files' "generated" expectations came from. */
const NODE_OF_THE_FILES = 'v20.20.2';
const PYTHON_OF_THE_FILES = '3.11.7 ';
const GENERATED_URL_SOURCE = 'Node v20.20.2 new URL + Python 3.11.7 urlparse, generated';

const MODES = ['whatwg', 'raw'];
const SECRET = 'vectors-test-secret';

/**
 * What is wrong with `outcome` (from callOutcome) given `want`: `{ value }`, or
 * `{ error: { code, path, message?, messageContains? } }`. Null when nothing is.
 */
function problemWith(outcome, want) {
  if (want.error === undefined) {
    if (!outcome.ok) return `want ${show(want.value)}, threw ${show(errorSummary(outcome.error))}`;
    return outcome.value === want.value ? null : `want ${show(want.value)}, got ${show(outcome.value)}`;
  }
  const { code, path, message, messageContains = [] } = want.error;
  if (outcome.ok) return `want ${code} at ${show(path)}, got ${show(outcome.value)}`;
  const e = outcome.error;
  const problems = [];
  const cls = CODE_CLASS[code];
  assert.ok(cls, `no error class known for ${code}`);
  if (!(e instanceof cls) || !(e instanceof esm.KycError)) problems.push(`not a ${cls.name} and a KycError`);
  if (e.code !== code) problems.push(`code ${e.code}, want ${code}`);
  if (e.path !== path) problems.push(`path ${show(e.path)}, want ${show(path)}`);
  if (path !== '' && typeof e.message === 'string' && !e.message.startsWith(`${path}: `)) problems.push('message does not start with the path');
  if (message !== undefined && e.message !== message) problems.push(`message, want ${show(message)}`);
  for (const word of messageContains) if (!String(e.message).includes(word)) problems.push(`message lacks ${show(word)}`);
  return problems.length ? `${problems.join('; ')} (threw ${show(errorSummary(e))})` : null;
}

function assertNoFailures(failures, label) {
  assert.ok(failures.length === 0, `${label}: ${failures.length} failing:\n${failures.join('\n')}`);
}

/** The Python sample's data_to_hash for each `{ method, url, body, contentType, apiKey }`, or null when Python 3.11.7 is not here. */
function pythonDataToHash(t, calls) {
  if (!hasPython3()) {
    t.skip('python3 is not installed');
    return null;
  }
  const { version, results } = runPythonSample(calls.map((c) => ({ ...c, secret: 's' })));
  if (!version.startsWith(PYTHON_OF_THE_FILES)) {
    t.skip(`python3 is ${version.split(' ')[0]}, the files were generated with ${PYTHON_OF_THE_FILES.trim()}`);
    return null;
  }
  return results.map((r) => (r.valueError === undefined ? r.data : null));
}

// ---------------------------------------------------------------- faceverify-urls.json

const urlCanonical = (path, query) => `GET\n${path}\n${query}\nk\nc\n`;

test(`faceverify-urls.json: canonicalString reads each URL as the file says, in both modes (${URLS.cases.length} URLs)`, () => {
  const failures = [];
  for (const c of URLS.cases) {
    for (const urlMode of MODES) {
      const expect = c[urlMode];
      const want = expect.error !== undefined
        ? { error: { code: expect.error, path: 'url' } }
        : { value: urlCanonical(expect.path, expect.query) };
      const problem = problemWith(callOutcome('canonicalString', ['GET', c.url, '', 'c', 'k', { urlMode }]), want);
      if (problem) failures.push(`${c.name} [${urlMode}] ${show(c.url)}: ${problem}`);
    }
  }
  assertNoFailures(failures, 'faceverify-urls.json');
});

test('faceverify-urls.json: its whatwg expectations are what Node\'s new URL gives, but for the documented refusals', (t) => {
  if (process.version !== NODE_OF_THE_FILES) return t.skip(`Node ${process.version}; the file was generated with ${NODE_OF_THE_FILES}`);
  const failures = [];
  let deviations = 0;
  for (const c of URLS.cases) {
    const node = whatwgAccepts(c.url) ? urlCanonical(new URL(c.url).pathname, new URL(c.url).searchParams.toString()) : null;
    const file = c.whatwg.error === undefined ? urlCanonical(c.whatwg.path, c.whatwg.query) : null;
    if (c.source === GENERATED_URL_SOURCE) {
      if (node !== file) failures.push(`${c.name}: Node gives ${show(node)}, the file ${show(file)}`);
    } else {
      // The deliberate refusal of a non-ASCII host: Node accepts the URL, the package refuses it.
      deviations++;
      if (!(file === null && node !== null && c.source.includes('README'))) failures.push(`${c.name}: not a documented refusal of a URL Node accepts`);
    }
  }
  assert.ok(deviations > 0 && deviations < 10, `${deviations} cases that are not Node's answer`);
  assertNoFailures(failures, 'faceverify-urls.json vs Node');
});

test('faceverify-urls.json: its raw expectations are what Python\'s urlparse gives', (t) => {
  const data = pythonDataToHash(t, URLS.cases.map((c) => ({ method: 'GET', url: c.url, body: '', contentType: 'c', apiKey: 'k' })));
  if (data === null) return;
  const failures = [];
  URLS.cases.forEach((c, i) => {
    const file = c.raw.error === undefined ? urlCanonical(c.raw.path, c.raw.query) : null;
    if (data[i] !== file) failures.push(`${c.name}: Python gives ${show(data[i])}, the file ${show(file)}`);
  });
  assertNoFailures(failures, 'faceverify-urls.json vs Python');
});

// ---------------------------------------------------------------- faceverify-canonical.json

const canonicalArgs = (c) => [c.method, c.url, c.body, c.contentType, c.apiKey];

test(`faceverify-canonical.json: canonicalString and generateHmac (${CANONICAL.cases.length} cases)`, () => {
  const failures = [];
  for (const c of CANONICAL.cases) {
    const options = { urlMode: c.urlMode };
    const want = c.error !== undefined ? { error: c.error } : { value: c.canonical };
    const problem = problemWith(callOutcome('canonicalString', [...canonicalArgs(c), options]), want);
    if (problem) failures.push(`${c.name} canonicalString: ${problem}`);
    // generateHmac signs exactly that string, or refuses the same way.
    const signed = c.error !== undefined ? want : { value: hmacHex(SECRET, c.canonical) };
    const hmacProblem = problemWith(callOutcome('generateHmac', [...canonicalArgs(c), SECRET, options]), signed);
    if (hmacProblem) failures.push(`${c.name} generateHmac: ${hmacProblem}`);
  }
  assertNoFailures(failures, 'faceverify-canonical.json');
});

test('faceverify-canonical.json: its strings are the provider samples\' own (Node for whatwg, Python for raw)', (t) => {
  const failures = [];
  const ok = CANONICAL.cases.filter((c) => c.canonical !== undefined);
  for (const c of ok.filter((x) => x.urlMode === 'whatwg')) {
    const node = providerNodeSampleDataToHash(c.method.toUpperCase(), c.url, c.body, c.contentType, c.apiKey);
    if (node !== c.canonical) failures.push(`${c.name}: the Node sample gives ${show(node)}`);
  }
  const raw = ok.filter((x) => x.urlMode === 'raw');
  const data = pythonDataToHash(t, raw.map((c) => ({ ...c, method: c.method.toUpperCase() })));
  if (data !== null) {
    raw.forEach((c, i) => {
      if (data[i] !== c.canonical) failures.push(`${c.name}: the Python sample gives ${show(data[i])}`);
    });
  }
  assertNoFailures(failures, 'faceverify-canonical.json vs the samples');
});

// ---------------------------------------------------------------- session-bodies.json

test(`session-bodies.json: buildSessionBody gives each body or refusal (${SESSIONS.cases.length} cases)`, () => {
  const failures = [];
  let bodies = 0;
  for (const c of SESSIONS.cases) {
    assert.ok(c.provider === 'veriff' || c.provider === 'faceverify', `${c.name}: provider`);
    assert.ok((c.body === undefined) !== (c.error === undefined), `${c.name}: exactly one of body and error`);
    if (c.provider === 'veriff') assert.ok('timestamp' in c.input, `${c.name}: gives its timestamp, or the clock would be read`);
    const want = c.error !== undefined ? { error: c.error } : { value: c.body };
    const problem = problemWith(callOutcome('buildSessionBody', [{ provider: c.provider, ...c.input }]), want);
    if (problem) failures.push(`${c.name}: ${problem}`);
    if (c.body !== undefined) {
      bodies++;
      // The expectation itself: the body holds exactly the input's fields.
      assert.deepStrictEqual(JSON.parse(c.body), c.provider === 'veriff' ? { verification: c.input } : c.input, `${c.name}: body vs input`);
    }
  }
  assert.ok(bodies > 0 && bodies < SESSIONS.cases.length, `${bodies} bodies`);
  assertNoFailures(failures, 'session-bodies.json');
});

// ---------------------------------------------------------------- providers.json

const HEADER = { hmac: 'X-HMAC-SIGNATURE', legacy: 'X-SIGNATURE' };

function veriffProblems(c) {
  const problems = [];
  const expect = (label, got) => {
    if (got !== c.signature) problems.push(`${label}: ${show(got)}`);
  };
  const fn = c.scheme === 'hmac' ? 'generateHmacSignature' : 'generateSignature';
  const direct = callOutcome(fn, [c.payload, c.secret]);
  expect(fn, direct.ok ? direct.value : errorSummary(direct.error));
  // node:crypto agrees with the file (its source says it was recomputed so).
  expect('node:crypto', c.scheme === 'hmac' ? hmacHex(c.secret, c.payload) : veriffLegacySignature(c.payload, c.secret));
  const verify = (secrets, signature = c.signature) => esm.verifySignature({ payload: c.payload, signature, secrets, scheme: c.scheme });
  if (verify(['an older secret', c.secret]) !== true) problems.push('verifySignature refuses it');
  if (verify(c.secret, c.signature.toUpperCase()) !== true) problems.push('verifySignature refuses it in upper case');
  if (verify(['not the secret']) !== false) problems.push('verifySignature accepts another secret');
  if (c.request !== undefined) {
    const { method, url, body, apiKey } = c.request;
    const options = { provider: 'veriff', method, url, apiKey, secret: c.secret, scheme: c.scheme, ...(body === undefined ? {} : { body }) };
    const signed = callOutcome('signRequest', [options]);
    if (!signed.ok) return [...problems, `signRequest threw ${show(errorSummary(signed.error))}`];
    expect(`signRequest ${HEADER[c.scheme]}`, signed.value.headers[HEADER[c.scheme]]);
    if (signed.value.headers['X-AUTH-CLIENT'] !== apiKey) problems.push('signRequest X-AUTH-CLIENT');
    if (signed.value.body !== body) problems.push('signRequest did not return the body it signed');
    const signer = esm.createSigner({ provider: 'veriff', apiKey, secret: c.secret, scheme: c.scheme });
    try {
      expect(`createSigner().sign ${HEADER[c.scheme]}`, signer.sign({ method, url, ...(body === undefined ? {} : { body }) }).headers[HEADER[c.scheme]]);
      if (c.scheme === 'hmac') expect('createSigner().hmac', signer.hmac(c.payload));
    } finally {
      signer.free();
    }
  }
  return problems;
}

function faceVerifyProblems(c) {
  const problems = [];
  const expect = (label, got) => {
    if (got !== c.signature) problems.push(`${label}: ${show(got)}`);
  };
  const args = [c.method, c.url, c.body, c.contentType, c.apiKey, c.secret];
  const direct = callOutcome('generateHmac', [...args, { urlMode: c.urlMode }]);
  expect('generateHmac', direct.ok ? direct.value : errorSummary(direct.error));
  if (c.urlMode === 'whatwg') expect('the provider Node sample', providerNodeSample(c.method, ...args.slice(1)));
  const request = { method: c.method, url: c.url, body: c.body, contentType: c.contentType };
  const signed = callOutcome('signRequest', [{ provider: 'faceverify', ...request, apiKey: c.apiKey, secret: c.secret, urlMode: c.urlMode }]);
  if (!signed.ok) return [...problems, `signRequest threw ${show(errorSummary(signed.error))}`];
  expect('signRequest x-hmac-signature', signed.value.headers['x-hmac-signature']);
  if (signed.value.headers['x-auth-client'] !== c.apiKey) problems.push('signRequest x-auth-client');
  const signer = esm.createSigner({ provider: 'faceverify', apiKey: c.apiKey, secret: c.secret, urlMode: c.urlMode });
  try {
    expect('createSigner().sign x-hmac-signature', signer.sign(request).headers['x-hmac-signature']);
  } finally {
    signer.free();
  }
  return problems;
}

test(`providers.json: every documented signature, through every export that makes it (${PROVIDERS.cases.length} cases)`, () => {
  const failures = [];
  const seen = { veriff: 0, faceverify: 0 };
  for (const c of PROVIDERS.cases) {
    assert.match(c.signature, /^[0-9a-f]{64}$/, `${c.name}: signature`);
    assert.ok(c.provider in seen, `${c.name}: provider`);
    seen[c.provider]++;
    const problems = c.provider === 'veriff' ? veriffProblems(c) : faceVerifyProblems(c);
    for (const p of problems) failures.push(`${c.name}: ${p} (want ${c.signature})`);
  }
  assert.ok(seen.veriff > 0 && seen.faceverify > 0, show(seen));
  assertNoFailures(failures, 'providers.json');
});

test('providers.json: the raw-mode FaceVerify signatures are the provider Python sample\'s', (t) => {
  const raw = PROVIDERS.cases.filter((c) => c.provider === 'faceverify' && c.urlMode === 'raw');
  assert.ok(raw.length > 0);
  if (!hasPython3()) return t.skip('python3 is not installed');
  const { results } = runPythonSample(raw.map(({ method, url, body, contentType, apiKey, secret }) => ({ method, url, body, contentType, apiKey, secret })));
  const failures = [];
  raw.forEach((c, i) => {
    if (results[i].sig !== c.signature) failures.push(`${c.name}: the Python sample gives ${show(results[i])}`);
  });
  assertNoFailures(failures, 'providers.json vs the Python sample');
});

test('veriff-endpoints.json: signRequest signs what each endpoint signs, checked with node:crypto (25 endpoints)', () => {
  const ENDPOINTS = readVectors('veriff-endpoints.json').cases;
  const secret = 'endpoint-table-secret';
  const body = '{"verification":{"status":"submitted"}}';
  for (const c of ENDPOINTS) {
    const withBody = c.signs === 'body';
    const request = esm.signRequest({ provider: 'veriff', method: c.method, url: c.url, apiKey: 'k', secret, ...(withBody ? { body } : {}) });
    const expected = hmacHex(secret, withBody ? body : c.signedMessage);
    assert.equal(request.headers['X-HMAC-SIGNATURE'], expected, `${c.method} ${c.path}`);
  }
  // The query string is never signed.
  const registry = ENDPOINTS.find((c) => c.url.includes('?version='));
  assert.ok(registry, 'a row with a query');
  const bare = esm.signRequest({ provider: 'veriff', method: 'GET', url: registry.url.split('?')[0], apiKey: 'k', secret });
  assert.equal(esm.signRequest({ provider: 'veriff', method: 'GET', url: registry.url, apiKey: 'k', secret }).headers['X-HMAC-SIGNATURE'], bare.headers['X-HMAC-SIGNATURE']);
});
