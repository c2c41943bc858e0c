// Focused examples for each export: the providers' own examples, the exact
// canonical string, the two URL modes, byte secrets, signRequest's headers
// for each provider and scheme, and the errors a caller is most likely to hit.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  assertKycError,
  esm,
  hasPython3,
  hmacHex,
  providerNodeSample,
  runPythonSample,
  sha256Hex,
  utf8,
  veriffLegacySignature,
} from './helpers.mjs';
import { vectorCase } from './vectors.mjs';

const { generateSignature, generateHmacSignature, generateHmac, canonicalString, signRequest } = esm;

const FV_URL = 'https://start.faceverify.ai/api/v1/session';
const FV_BODY = '{"country":"US","uniqueIdentifier":"user123"}';
const XXX = 'xxx-xxx-xxx-xxx-xxx';
const VERIFF_URL = 'https://api.veriff.me/v1/sessions';
const VERIFF_BODY = '{"verification":{"person":{"firstName":"John","lastName":"Smith"},"features":["selfid"],"timestamp":"2018-10-15T08:30:25.597Z"}}';
const API_KEY = 'aeebd8dc-f646-4bc2-api-key';
const SECRET = 'kyc-API-secret-4d2b';
const SESSION_ID = 'f04bdb47-d3be-4b28-b028-a652feb060b5';

// ---------------------------------------------------------------- FaceVerify

test('the FaceVerify example signs as the provider Node sample does', () => {
  const ours = generateHmac('POST', FV_URL, FV_BODY, 'application/json', XXX, XXX);
  assert.equal(ours, providerNodeSample('POST', FV_URL, FV_BODY, 'application/json', XXX, XXX));
  // The same message by hand: no query, so an empty QUERY line.
  assert.equal(ours, hmacHex(XXX, `POST\n/api/v1/session\n\n${XXX}\napplication/json\n${FV_BODY}`));
});

test('the FaceVerify example signs as the provider Python sample does (raw mode)', (t) => {
  if (!hasPython3()) return t.skip('python3 is not installed');
  const [py] = runPythonSample([{ method: 'POST', url: FV_URL, body: FV_BODY, contentType: 'application/json', apiKey: XXX, secret: XXX }]).results;
  assert.equal(generateHmac('POST', FV_URL, FV_BODY, 'application/json', XXX, XXX, { urlMode: 'raw' }), py.sig);
});

test('canonicalString joins the six parts with \\n', () => {
  const example = vectorCase('faceverify-canonical.json', 'provider_example_whatwg');
  assert.deepEqual([example.method, example.url, example.body, example.contentType, example.apiKey], ['POST', FV_URL, FV_BODY, 'application/json', XXX]);
  assert.equal(canonicalString('POST', FV_URL, FV_BODY, 'application/json', XXX), example.canonical);
});

test('an empty body still leaves the \\n after the content type', () => {
  const s = canonicalString('GET', `${FV_URL}?id=1`, '', 'application/json', XXX);
  assert.equal(s, 'GET\n/api/v1/session\nid=1\nxxx-xxx-xxx-xxx-xxx\napplication/json\n');
  assert.ok(s.endsWith('application/json\n'));
  assert.equal(generateHmac('GET', `${FV_URL}?id=1`, '', 'application/json', XXX, XXX), hmacHex(XXX, s));
});

test('the method is upper-cased before signing', () => {
  assert.equal(canonicalString('post', FV_URL, '', 'application/json', XXX).split('\n')[0], 'POST');
  assert.equal(generateHmac('pAtCh', FV_URL, FV_BODY, 'application/json', XXX, XXX), providerNodeSample('PATCH', FV_URL, FV_BODY, 'application/json', XXX, XXX));
});

test('whatwg and raw modes read the same query differently', () => {
  const url = `${FV_URL}?q=a b&x=~`;
  // tests/vectors/faceverify-canonical.json holds this GET in both modes.
  const { canonical: whatwg, ...whatwgCase } = vectorCase('faceverify-canonical.json', 'literal_space_and_tilde_in_query_whatwg');
  const { canonical: raw, ...rawCase } = vectorCase('faceverify-canonical.json', 'literal_space_and_tilde_in_query_raw');
  for (const c of [whatwgCase, rawCase]) assert.deepEqual([c.method, c.url, c.body, c.contentType, c.apiKey], ['GET', url, '', 'application/json', XXX]);
  assert.notEqual(whatwg, raw);
  assert.equal(canonicalString('GET', url, '', 'application/json', XXX), whatwg);
  assert.equal(canonicalString('GET', url, '', 'application/json', XXX, { urlMode: 'whatwg' }), whatwg);
  assert.equal(canonicalString('GET', url, '', 'application/json', XXX, { urlMode: 'raw' }), raw);
  assert.equal(generateHmac('GET', url, '', 'application/json', XXX, XXX), hmacHex(XXX, whatwg));
  assert.equal(generateHmac('GET', url, '', 'application/json', XXX, XXX, { urlMode: 'raw' }), hmacHex(XXX, raw));
});

test('a urlMode typo is refused, not silently read as the default', () => {
  assertKycError(() => canonicalString('GET', FV_URL, '', 'application/json', XXX, { urlMode: 'RAW' }), { cls: RangeError, code: 'KYC_INVALID_VALUE', path: 'options.urlMode' });
  assertKycError(() => canonicalString('GET', FV_URL, '', 'application/json', XXX, { urlmode: 'raw' }), { cls: TypeError, code: 'KYC_UNKNOWN_FIELD', path: 'options.urlmode' });
});

test('a URL new URL() refuses is KYC_INVALID_URL in whatwg mode', () => {
  for (const url of ['/api/v1/session', 'start.faceverify.ai/api', 'https://exa mple.com/', 'http://[::1/']) {
    assertKycError(() => generateHmac('POST', url, '', 'application/json', XXX, XXX), { cls: RangeError, code: 'KYC_INVALID_URL', path: 'url' }, `${url}: `);
  }
});

test('a method that is not an HTTP token is refused', () => {
  for (const method of ['', 'GE T', 'GÉT', 'get\n']) {
    assertKycError(() => generateHmac(method, FV_URL, '', 'application/json', XXX, XXX), { cls: RangeError, code: 'KYC_INVALID_METHOD', path: 'httpMethod' });
  }
});

// ---------------------------------------------------------------- byte secrets and payloads

test('a Uint8Array secret signs exactly as the equivalent string', () => {
  for (const secret of ['', 'k', XXX, 'ключ-😀', 'x'.repeat(65), '中'.repeat(40)]) {
    const bytes = utf8(secret);
    assert.equal(generateHmacSignature(VERIFF_BODY, bytes), generateHmacSignature(VERIFF_BODY, secret));
    assert.equal(generateSignature(VERIFF_BODY, bytes), generateSignature(VERIFF_BODY, secret));
    assert.equal(generateHmac('POST', FV_URL, FV_BODY, 'application/json', XXX, bytes), generateHmac('POST', FV_URL, FV_BODY, 'application/json', XXX, secret));
  }
});

test('secrets that are not UTF-8 are used as raw bytes', () => {
  const key = new Uint8Array([0xff, 0x00, 0xfe, 0x80]);
  assert.equal(generateHmacSignature('payload', key), hmacHex(key, 'payload'));
  assert.equal(generateSignature('payload', key), sha256Hex('payload', key));
});

test('Buffers and offset views are signed over exactly their bytes', () => {
  const backing = utf8(`junk${VERIFF_BODY}junk`);
  const view = backing.subarray(4, 4 + utf8(VERIFF_BODY).length);
  assert.equal(generateHmacSignature(view, SECRET), hmacHex(SECRET, VERIFF_BODY));
  assert.equal(generateHmacSignature(Buffer.from(VERIFF_BODY), Buffer.from(SECRET)), hmacHex(SECRET, VERIFF_BODY));
  assert.equal(generateSignature(view, SECRET), veriffLegacySignature(VERIFF_BODY, SECRET));
});

// ---------------------------------------------------------------- Veriff signatures

test('generateHmacSignature: RFC 4231 test case 2', () => {
  assert.equal(generateHmacSignature('what do ya want for nothing?', 'Jefe'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});

test('generateSignature: SHA-256 of payload then secret (FIPS 180-2 "abc" with an empty secret)', () => {
  assert.equal(generateSignature('abc', ''), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(generateSignature('ab', 'c'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('generateSignature: the Veriff document example, as an object and as its JSON', () => {
  const object = { verification: { person: { firstName: 'John', lastName: 'Smith' }, features: ['selfid'], timestamp: '2018-10-15T08:30:25.597Z' } };
  const expected = veriffLegacySignature(VERIFF_BODY, SECRET);
  assert.equal(generateSignature(VERIFF_BODY, SECRET), expected);
  assert.equal(generateSignature(object, SECRET), expected);
});

// ---------------------------------------------------------------- signRequest

test('signRequest, Veriff POST: Content-Type, X-AUTH-CLIENT and X-HMAC-SIGNATURE over the body', () => {
  const r = signRequest({ provider: 'veriff', method: 'post', url: VERIFF_URL, body: VERIFF_BODY, apiKey: API_KEY, secret: SECRET });
  assert.deepStrictEqual(r, {
    method: 'POST',
    url: VERIFF_URL,
    headers: { 'Content-Type': 'application/json', 'X-AUTH-CLIENT': API_KEY, 'X-HMAC-SIGNATURE': hmacHex(SECRET, VERIFF_BODY) },
    body: VERIFF_BODY,
  });
  assert.deepEqual(Object.keys(r.headers), ['Content-Type', 'X-AUTH-CLIENT', 'X-HMAC-SIGNATURE']);
});

test('signRequest, Veriff POST, legacy scheme: X-SIGNATURE = sha256(body ‖ secret)', () => {
  const r = signRequest({ provider: 'veriff', method: 'POST', url: VERIFF_URL, body: VERIFF_BODY, apiKey: API_KEY, secret: SECRET, scheme: 'legacy' });
  assert.deepStrictEqual(r.headers, { 'Content-Type': 'application/json', 'X-AUTH-CLIENT': API_KEY, 'X-SIGNATURE': veriffLegacySignature(VERIFF_BODY, SECRET) });
});

test('signRequest, Veriff GET /v1/sessions/{id}/decision: the signature is the HMAC of the id', () => {
  const url = `${VERIFF_URL}/${SESSION_ID}/decision`;
  const r = signRequest({ provider: 'veriff', method: 'GET', url, apiKey: API_KEY, secret: SECRET });
  assert.equal(r.method, 'GET');
  assert.equal(r.url, url);
  assert.equal(r.headers['X-AUTH-CLIENT'], API_KEY);
  assert.equal(r.headers['X-HMAC-SIGNATURE'], hmacHex(SECRET, SESSION_ID));
  assert.ok(!('body' in r), 'no body key for a GET');
});

test('signRequest, Veriff GET and DELETE: each documented id position', () => {
  const cases = [
    ['GET', `https://api.veriff.me/v1/attempts/att-1/media`, 'att-1'],
    ['GET', `https://api.veriff.me/v1/media/med-1`, 'med-1'],
    ['GET', `${VERIFF_URL}/${SESSION_ID}/person`, SESSION_ID],
    ['DELETE', `${VERIFF_URL}/${SESSION_ID}`, SESSION_ID],
  ];
  for (const [method, url, id] of cases) {
    const r = signRequest({ provider: 'veriff', method, url, apiKey: API_KEY, secret: SECRET });
    assert.equal(r.headers['X-HMAC-SIGNATURE'], hmacHex(SECRET, id), url);
  }
  assertKycError(() => signRequest({ provider: 'veriff', method: 'GET', url: VERIFF_URL, apiKey: API_KEY, secret: SECRET }), { cls: RangeError, code: 'KYC_UNSIGNABLE_REQUEST', path: 'url' });
});

test('signRequest, FaceVerify POST: Content-Type, x-auth-client and x-hmac-signature as the Node sample', () => {
  const r = signRequest({ provider: 'faceverify', method: 'POST', url: FV_URL, body: FV_BODY, apiKey: XXX, secret: XXX });
  assert.deepStrictEqual(r, {
    method: 'POST',
    url: FV_URL,
    headers: { 'Content-Type': 'application/json', 'x-auth-client': XXX, 'x-hmac-signature': providerNodeSample('POST', FV_URL, FV_BODY, 'application/json', XXX, XXX) },
    body: FV_BODY,
  });
  assert.deepEqual(Object.keys(r.headers), ['Content-Type', 'x-auth-client', 'x-hmac-signature']);
});

test('signRequest returns the very body value it was given', () => {
  const text = `${FV_BODY}`;
  assert.equal(signRequest({ provider: 'faceverify', method: 'POST', url: FV_URL, body: text, apiKey: XXX, secret: XXX }).body, text);
  const bytes = utf8(VERIFF_BODY);
  const r = signRequest({ provider: 'veriff', method: 'POST', url: VERIFF_URL, body: bytes, apiKey: API_KEY, secret: SECRET });
  assert.equal(r.body, bytes, 'the same Uint8Array object');
  assert.equal(r.headers['X-HMAC-SIGNATURE'], hmacHex(SECRET, VERIFF_BODY));
});

test('signRequest results work with new Request(r.url, r)', async () => {
  const requests = [
    signRequest({ provider: 'veriff', method: 'POST', url: VERIFF_URL, body: VERIFF_BODY, apiKey: API_KEY, secret: SECRET }),
    signRequest({ provider: 'veriff', method: 'GET', url: `${VERIFF_URL}/${SESSION_ID}/decision`, apiKey: API_KEY, secret: SECRET }),
    signRequest({ provider: 'faceverify', method: 'post', url: FV_URL, body: FV_BODY, apiKey: XXX, secret: XXX }),
  ];
  for (const r of requests) {
    const request = new Request(r.url, r);
    assert.equal(request.method, r.method);
    assert.equal(request.url, r.url);
    for (const [name, value] of Object.entries(r.headers)) assert.equal(request.headers.get(name), value, name);
    assert.equal(await request.text(), r.body ?? '');
  }
});

test('signRequest refuses a secret with a trailing newline, without echoing it', () => {
  const secret = `${SECRET}\n`;
  const error = assertKycError(() => signRequest({ provider: 'veriff', method: 'POST', url: VERIFF_URL, body: '{}', apiKey: API_KEY, secret }), { cls: RangeError, code: 'KYC_INVALID_VALUE', path: 'secret' });
  assert.ok(!error.message.includes(SECRET), error.message);
});

test('signRequest refuses an unknown option key and suggests the right one', () => {
  assertKycError(() => signRequest({ provider: 'veriff', method: 'POST', url: VERIFF_URL, body: '{}', apikey: API_KEY, secret: SECRET }), {
    cls: TypeError,
    code: 'KYC_UNKNOWN_FIELD',
    path: 'apikey',
    message: 'did you mean "apiKey"',
  });
});

test('signRequest refuses a GET with a body', () => {
  for (const provider of ['veriff', 'faceverify']) {
    assertKycError(() => signRequest({ provider, method: 'get', url: `${VERIFF_URL}/${SESSION_ID}`, body: '{}', apiKey: API_KEY, secret: SECRET }), { cls: RangeError, code: 'KYC_INVALID_VALUE', path: 'body' });
  }
});

test('signRequest refuses header values fetch() would reject or strip', () => {
  for (const apiKey of ['', ' key', 'key ', 'k\ney', 'k\u0000y']) {
    assertKycError(() => signRequest({ provider: 'faceverify', method: 'POST', url: FV_URL, body: '{}', apiKey, secret: SECRET }), { cls: RangeError, code: 'KYC_INVALID_VALUE', path: 'apiKey' }, `${JSON.stringify(apiKey)}: `);
  }
});

// ---------------------------------------------------------------- found by these tests, since fixed

test('signRequest: an apiKey fetch() cannot send is refused, or the result works with new Request', () => {
  for (const apiKey of ['ключ', '中文-key', 'key-😀']) {
    let r;
    try {
      r = signRequest({ provider: 'faceverify', method: 'POST', url: FV_URL, body: '{}', apiKey, secret: SECRET });
    } catch (e) {
      assert.equal(e.code, 'KYC_INVALID_VALUE', apiKey);
      continue;
    }
    assert.doesNotThrow(() => new Request(r.url, r), `apiKey ${apiKey}: signed, but new Request throws`);
  }
});

test('signRequest: an invalid method names the "method" option in its path', () => {
  assertKycError(() => signRequest({ provider: 'faceverify', method: 'GE T', url: FV_URL, apiKey: XXX, secret: XXX }), { cls: RangeError, code: 'KYC_INVALID_METHOD', path: 'method' });
});

test('signRequest: a missing required option is KYC_MISSING_FIELD, as in buildSessionBody', () => {
  assertKycError(() => signRequest({ method: 'POST', url: FV_URL, apiKey: XXX, secret: XXX }), { cls: TypeError, code: 'KYC_MISSING_FIELD', path: 'provider' });
  assertKycError(() => signRequest({ provider: 'veriff', method: 'POST', url: VERIFF_URL, body: '{}', secret: SECRET }), { cls: TypeError, code: 'KYC_MISSING_FIELD', path: 'apiKey' });
});
