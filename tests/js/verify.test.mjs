// Verification through the built package: the shared vectors, a tamper
// matrix, key rotation, and webhooks as Node frameworks hand them over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cjs as kyc, errorSummary } from './helpers.mjs';

const { verifySignature, verifyWebhook, signWebhook } = kyc;

const VECTORS = fileURLToPath(new URL('../../../shared/vectors/', import.meta.url));
const hex = (h) => Uint8Array.from(Buffer.from(h, 'hex'));
const hmacHex = (secret, message) => createHmac('sha256', secret).update(message).digest('hex');

function codeOf(fn) {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof Error, 'throws an Error');
    return err.code;
  }
  assert.fail('expected a throw');
}

test('Wycheproof HMAC-SHA256: every valid full tag verifies, every other case is rejected', (t) => {
  const file = VECTORS + 'wycheproof/hmac_sha256_test.json';
  if (!existsSync(file)) return t.skip(`${file} is absent`);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  let accepted = 0;
  let truncated = 0;
  let rejected = 0;
  for (const group of doc.testGroups) {
    for (const c of group.tests) {
      const shouldPass = c.result === 'valid' && group.tagSize === 256;
      const ok = verifySignature({ payload: hex(c.msg), signature: c.tag, secrets: hex(c.key) });
      assert.equal(ok, shouldPass, `tcId ${c.tcId} (${c.comment})`);
      if (shouldPass) accepted++;
      else if (c.result === 'valid') truncated++;
      else rejected++;
    }
  }
  assert.equal(accepted + truncated + rejected, doc.numberOfTests);
  t.diagnostic(`wycheproof: ${accepted} valid full tags accepted, ${truncated} valid truncated tags ` +
    `rejected (full 32-byte tags are required), ${rejected} invalid rejected`);
});

test('RFC 4231: cases 1-4, 6, 7 verify; case 5 (truncated to 128 bits) is rejected', (t) => {
  const file = VECTORS + 'rfc4231_hmac_sha256.json';
  if (!existsSync(file)) return t.skip(`${file} is absent`);
  for (const c of JSON.parse(readFileSync(file, 'utf8')).cases) {
    const ok = verifySignature({ payload: hex(c.data), signature: c.hmacSha256, secrets: hex(c.key) });
    assert.equal(ok, c.truncatedToBits === null, `case ${c.case}`);
  }
});

test('tamper matrix: every flipped body byte and every changed signature digit fails', () => {
  const body = Buffer.alloc(300, 0);
  for (let i = 0; i < body.length; i++) body[i] = 0x20 + ((i * 7) % 95);
  const secret = 'tamper-secret';
  const signature = hmacHex(secret, body);
  assert.equal(verifySignature({ payload: body, signature, secrets: secret }), true);
  for (let i = 0; i < body.length; i++) {
    const tampered = Buffer.from(body);
    tampered[i] ^= 0x01;
    assert.equal(verifySignature({ payload: tampered, signature, secrets: secret }), false, `body byte ${i}`);
  }
  for (let i = 0; i < signature.length; i++) {
    const digit = signature[i] === 'a' ? 'b' : 'a';
    const tampered = signature.slice(0, i) + digit + signature.slice(i + 1);
    assert.equal(verifySignature({ payload: body, signature: tampered, secrets: secret }), false, `digit ${i}`);
  }
});

test('signature header forms: case-insensitive hex, surrounding spaces/tabs ignored, anything else false', () => {
  const payload = '{"id":1}';
  const sig = hmacHex('k', payload);
  const check = (signature) => verifySignature({ payload, signature, secrets: 'k' });
  assert.equal(check(sig.toUpperCase()), true);
  assert.equal(check(` ${sig}\t`), true);
  for (const bad of [sig.slice(0, 32), `${sig}0`, `sha256=${sig}`, `${sig}\n`, '', undefined, null, 42, {}, 'é'.repeat(64)]) {
    assert.equal(check(bad), false, String(bad));
  }
});

test('legacy scheme verifies SHA-256(body ‖ secret)', () => {
  const payload = '{"verification":{}}';
  const legacy = createHash('sha256').update(payload).update('k').digest('hex');
  assert.equal(verifySignature({ payload, signature: legacy, secrets: 'k', scheme: 'legacy' }), true);
  assert.equal(verifySignature({ payload, signature: legacy, secrets: 'k' }), false);
});

test('key rotation: old and new secrets verify, an unknown one does not; [] is a TypeError', () => {
  const payload = 'rotating';
  const secrets = ['old-secret', 'new-secret'];
  assert.equal(verifySignature({ payload, signature: hmacHex('old-secret', payload), secrets }), true);
  assert.equal(verifySignature({ payload, signature: hmacHex('new-secret', payload), secrets }), true);
  assert.equal(verifySignature({ payload, signature: hmacHex('other', payload), secrets }), false);
  assert.equal(codeOf(() => verifySignature({ payload, signature: 'x', secrets: [] })), 'KYC_EMPTY');
});

test('a parsed object is refused with KYC_BODY_NOT_RAW and a message that says why', () => {
  try {
    verifySignature({ payload: { id: 1 }, signature: 'x', secrets: 'k' });
    assert.fail('expected a throw');
  } catch (err) {
    assert.ok(err instanceof TypeError);
    assert.equal(err.code, 'KYC_BODY_NOT_RAW');
    assert.match(err.message, /raw request body/);
  }
});

const WEBHOOK_BODY = '{"status":"success","verification":{"id":"f04bdb47","code":9001,"status":"approved"}}';
const WEBHOOK_SECRET = 'webhook-secret-do-not-leak';

test('verifyWebhook reads Headers, plain objects, IncomingHttpHeaders and arrays', () => {
  const signed = signWebhook({ body: WEBHOOK_BODY, secret: WEBHOOK_SECRET, apiKey: 'api-key' });
  assert.equal(signed['x-hmac-signature'], hmacHex(WEBHOOK_SECRET, WEBHOOK_BODY));
  const forms = {
    Headers: new Headers(signed),
    'plain object, Veriff spelling': { 'X-HMAC-SIGNATURE': signed['x-hmac-signature'], 'X-AUTH-CLIENT': 'api-key' },
    IncomingHttpHeaders: Object.assign(Object.create(null), signed),
    'array value': { 'x-hmac-signature': ['0'.repeat(64), signed['x-hmac-signature']], 'x-auth-client': 'api-key' },
  };
  for (const [name, headers] of Object.entries(forms)) {
    for (const body of [WEBHOOK_BODY, Buffer.from(WEBHOOK_BODY), new TextEncoder().encode(WEBHOOK_BODY).buffer]) {
      const event = verifyWebhook({ headers, body, secrets: WEBHOOK_SECRET, apiKey: 'api-key' });
      assert.equal(event.verification.code, 9001, name);
    }
  }
});

test('verifyWebhook failures carry stable codes and never the secret', () => {
  const headers = signWebhook({ body: WEBHOOK_BODY, secret: WEBHOOK_SECRET });
  const cases = [
    [{ headers: {}, body: WEBHOOK_BODY }, 'KYC_SIGNATURE_MISSING'],
    [{ headers, body: JSON.parse(WEBHOOK_BODY) }, 'KYC_BODY_NOT_RAW'],
    [{ headers, body: String(JSON.parse(WEBHOOK_BODY)) }, 'KYC_BODY_NOT_RAW'],
    [{ headers, body: JSON.stringify(JSON.parse(WEBHOOK_BODY), null, 2) }, 'KYC_SIGNATURE_MISMATCH'],
    [{ headers, body: WEBHOOK_BODY, apiKey: 'someone-else' }, 'KYC_AUTH_CLIENT_MISMATCH'],
  ];
  for (const [options, code] of cases) {
    try {
      verifyWebhook({ secrets: WEBHOOK_SECRET, ...options });
      assert.fail(`expected ${code}`);
    } catch (err) {
      assert.equal(err.code, code);
      assert.ok(!err.message.includes(WEBHOOK_SECRET), err.message);
    }
  }
  const notJson = 'not json';
  assert.equal(
    codeOf(() => verifyWebhook({ headers: signWebhook({ body: notJson, secret: 'k' }), body: notJson, secrets: 'k' })),
    'KYC_INVALID_JSON',
  );
});

test('signRequest for GET/DELETE signs the id in the path', () => {
  const id = 'f04bdb47-d3be-4b28-b028-a652feb060b5';
  const forms = [
    ['GET', `https://stationapi.veriff.com/v1/sessions/${id}/decision`, id],
    ['GET', `https://stationapi.veriff.com/v1/sessions/${id}/media`, id],
    ['DELETE', `https://stationapi.veriff.com/v1/sessions/${id}`, id],
    ['GET', 'https://stationapi.veriff.com/v1/attempts/attempt-7/media', 'attempt-7'],
    ['GET', 'https://stationapi.veriff.com/v1/media/media-9', 'media-9'],
  ];
  for (const [method, url, message] of forms) {
    const r = kyc.signRequest({ provider: 'veriff', method, url, apiKey: 'key', secret: 'k' });
    assert.equal(r.headers['X-HMAC-SIGNATURE'], hmacHex('k', message), `${method} ${url}`);
  }
  assert.equal(
    codeOf(() => kyc.signRequest({ provider: 'veriff', method: 'GET', url: 'https://stationapi.veriff.com/v1/sessions', apiKey: 'key', secret: 'k' })),
    'KYC_UNSIGNABLE_REQUEST',
  );
});

test('submit and media bodies', () => {
  assert.equal(kyc.buildSessionBody({ provider: 'veriff', kind: 'submit' }), '{"verification":{"status":"submitted"}}');
  const image = { context: 'document-front', timestamp: '2026-11-21T10:00:00.000Z' };
  const fromBytes = kyc.buildSessionBody({ provider: 'veriff', kind: 'media', ...image, content: Buffer.from('hello') });
  const fromText = kyc.buildSessionBody({ provider: 'veriff', kind: 'media', ...image, content: 'aGVsbG8=' });
  assert.equal(
    fromBytes,
    '{"image":{"context":"document-front","content":"aGVsbG8=","timestamp":"2026-11-21T10:00:00.000Z"}}',
  );
  assert.equal(fromText, fromBytes);
  const big = Buffer.alloc(100_000, 7);
  const body = JSON.parse(kyc.buildSessionBody({ provider: 'veriff', kind: 'media', ...image, content: big }));
  assert.equal(body.image.content, big.toString('base64'));
  assert.equal(codeOf(() => kyc.buildSessionBody({ provider: 'veriff', kind: 'media', ...image, content: 'not base64!' })), 'KYC_INVALID_VALUE');
});

test('options are read once: each own property with one get, in the object\'s order, before anything is checked', () => {
  const signature = kyc.signWebhook({ body: '{"a":1}', secret: 'sec' })['x-hmac-signature'];
  // A headers getter that swaps the body after it was read: what was read is what is verified.
  const swapping = () => {
    const options = { body: '{"a":1}', secrets: 'sec', get headers() { options.body = '{"a":2}'; return { 'x-hmac-signature': signature }; } };
    return options;
  };
  assert.deepEqual(kyc.verifyWebhook(swapping()), { a: 1 });
  // The same through a Proxy's get trap, which no descriptor shows.
  const proxied = () => {
    const target = { body: '{"a":1}', secrets: 'sec', headers: { 'x-hmac-signature': signature } };
    return new Proxy(target, { get: (t, k) => (k === 'headers' ? ((t.body = '{"a":2}'), t.headers) : t[k]) });
  };
  assert.deepEqual(kyc.verifyWebhook(proxied()), { a: 1 });
  let gets = 0;
  const counted = new Proxy({ body: '{"a":1}', secrets: 'sec', headers: { 'x-hmac-signature': signature } }, { get: (t, k) => (gets++, t[k]) });
  kyc.verifyWebhook(counted);
  assert.equal(gets, 3, 'each option is read with exactly one get');
  // A Proxy whose get answers another value than its descriptor says: the get is what counts.
  const lying = (key, rest) => new Proxy({ [key]: 'a', ...rest }, { get: (t, k) => (k === key ? 'b' : t[k]) });
  assert.equal(kyc.signWebhook(lying('body', { secret: 'sec' }))['x-hmac-signature'], hmacHex('sec', 'b'));
  assert.equal(kyc.verifySignature(lying('payload', { signature: hmacHex('sec', 'b'), secrets: 'sec' })), true);
  const url = 'https://a.example/p?q=a b';
  const rawProxy = new Proxy({ urlMode: 'whatwg' }, { get: (t, k) => (k === 'urlMode' ? 'raw' : t[k]) });
  assert.equal(kyc.canonicalString('POST', url, '', 'ct', 'k', rawProxy), 'POST\n/p\nq=a b\nk\nct\n');
  const request = new Proxy({ provider: 'veriff', method: 'POST', url: 'https://x.example/v1/sessions', body: 'a', apiKey: 'k', secret: 'sec' },
    { get: (t, k) => (k === 'body' ? 'b' : t[k]) });
  const signed = kyc.signRequest(request);
  assert.equal(signed.body, 'b', 'the body handed back is the value read and signed');
  assert.equal(signed.headers['X-HMAC-SIGNATURE'], hmacHex('sec', 'b'));
  // A non-enumerable option is still read; only enumerable keys can be unknown.
  const hidden = (object, key, value) => Object.defineProperty(object, key, { value, enumerable: false });
  const hiddenBody = () => hidden({ provider: 'veriff', method: 'POST', url: 'https://x.example/v1/sessions', apiKey: 'k', secret: 'sec' }, 'body', '{"a":1}');
  assert.equal(kyc.signRequest(hiddenBody()).body, '{"a":1}');
  assert.equal(kyc.signRequest(hiddenBody()).headers['X-HMAC-SIGNATURE'], hmacHex('sec', '{"a":1}'));
  assert.equal(kyc.signRequest(hidden(hiddenBody(), 'typo', 1)).body, '{"a":1}');
  const signer = kyc.createSigner({ provider: 'veriff', apiKey: 'k', secret: 'sec' });
  assert.equal(signer.sign(hidden({ method: 'POST', url: 'https://x.example/v1/sessions' }, 'body', '{"a":1}')).headers['X-HMAC-SIGNATURE'], hmacHex('sec', '{"a":1}'));
  signer.free();
  const raw = 'POST\n/p\nq=a b\nk\nct\n';
  assert.equal(kyc.canonicalString('POST', url, '', 'ct', 'k', hidden({}, 'urlMode', 'raw')), raw);
  assert.equal(kyc.generateHmac('POST', url, '', 'ct', 'k', 'sec', hidden({}, 'urlMode', 'raw')), hmacHex('sec', raw));
  assert.equal(kyc.canonicalString('POST', url, '', 'ct', 'k', Object.assign(Object.create(null), { urlMode: 'raw' })), raw);
});

test('byte bodies are read with the global Uint8Array, not a constructor found on its prototype', () => {
  const body = new TextEncoder().encode('{"a":1}');
  const signature = hmacHex('sec', body);
  const descriptor = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'constructor');
  try {
    // Hostile code making `new (view.constructor)(x)` hand back other bytes.
    Object.defineProperty(Uint8Array.prototype, 'constructor', { value: function () { return new TextEncoder().encode('forged'); }, configurable: true, writable: true });
    // An ArrayBuffer is viewed with the global Uint8Array, never a constructor found on a prototype.
    assert.equal(verifySignature({ payload: body.buffer, signature, secrets: 'sec' }), true);
    assert.equal(verifySignature({ payload: new TextEncoder().encode('forged').buffer, signature, secrets: 'sec' }), false);
  } finally {
    Object.defineProperty(Uint8Array.prototype, 'constructor', descriptor);
  }
});

test('Veriff headers under either name: x-hmac-signature or vrf-hmac-signature, x-auth-client or vrf-auth-client', () => {
  const body = '{"status":"success","verification":{"id":"f04bdb47","status":"approved"}}';
  const good = hmacHex('sec', body);
  const bad = hmacHex('other', body);
  const ok = (headers, extra = {}) => verifyWebhook({ headers, body, secrets: 'sec', ...extra });
  const code = (fn) => { try { fn(); return 'returned'; } catch (e) { return e.code; } };
  assert.deepEqual(ok({ 'vrf-hmac-signature': good }).verification.id, 'f04bdb47');
  assert.deepEqual(ok({ 'VRF-HMAC-SIGNATURE': good, 'vrf-auth-client': 'key' }, { apiKey: 'key' }).verification.status, 'approved');
  assert.deepEqual(ok(new Headers({ 'vrf-hmac-signature': good, 'vrf-auth-client': 'key' }), { apiKey: 'key' }).status, 'success');
  assert.deepEqual(ok({ 'x-hmac-signature': good, 'vrf-hmac-signature': ` ${good} ` }).status, 'success', 'the same value under both names');
  // Node gives a repeated header as an array: every value is tried.
  assert.equal(ok({ 'vrf-hmac-signature': [bad, good] }).status, 'success');
  assert.equal(code(() => ok({ 'x-hmac-signature': good, 'vrf-hmac-signature': bad })), 'KYC_HEADER_CONFLICT');
  assert.equal(code(() => ok({ 'x-auth-client': 'key', 'vrf-auth-client': 'other', 'x-hmac-signature': good }, { apiKey: 'key' })), 'KYC_HEADER_CONFLICT');
  assert.equal(code(() => ok({ 'vrf-auth-client': 'other', 'x-hmac-signature': good }, { apiKey: 'key' })), 'KYC_AUTH_CLIENT_MISMATCH');
  assert.equal(code(() => ok({ 'vrf-hmac-signature': bad })), 'KYC_SIGNATURE_MISMATCH');
  let conflict;
  try { ok({ 'x-hmac-signature': good, 'vrf-hmac-signature': bad }); } catch (e) { conflict = e; }
  assert.ok(conflict instanceof kyc.KycError && conflict.message.includes('x-hmac-signature and vrf-hmac-signature'), conflict.message);
});

test('integrationId: vrf-integration-id must be the integration', () => {
  const body = '{"a":1}';
  const headers = { 'x-hmac-signature': hmacHex('sec', body), 'vrf-integration-id': 'int-1' };
  assert.deepEqual(verifyWebhook({ headers, body, secrets: 'sec', integrationId: 'int-1' }), { a: 1 });
  assert.throws(() => verifyWebhook({ headers, body, secrets: 'sec', integrationId: 'int-2' }), { code: 'KYC_AUTH_CLIENT_MISMATCH', path: 'headers' });
  assert.throws(() => verifyWebhook({ headers: { 'x-hmac-signature': headers['x-hmac-signature'] }, body, secrets: 'sec', integrationId: 'int-1' }), { code: 'KYC_AUTH_CLIENT_MISMATCH' });
  assert.throws(() => verifyWebhook({ headers, body, secrets: 'sec', integrationId: 5 }), { name: 'TypeError', code: 'KYC_INVALID_TYPE', path: 'integrationId' });
});

test('legacy webhooks: X-SIGNATURE verified only with scheme: legacy', () => {
  const body = '{"status":"success"}';
  const legacy = createHash('sha256').update(body).update('sec').digest('hex');
  assert.deepEqual(verifyWebhook({ headers: { 'X-SIGNATURE': legacy }, body, secrets: ['old', 'sec'], scheme: 'legacy' }), { status: 'success' });
  let refused;
  try { verifyWebhook({ headers: { 'X-SIGNATURE': legacy }, body, secrets: 'sec' }); } catch (e) { refused = e; }
  assert.equal(refused?.code, 'KYC_SIGNATURE_MISMATCH');
  assert.match(refused.message, /legacy signature/);
  assert.throws(() => verifyWebhook({ headers: { 'X-SIGNATURE': hmacHex('sec', body) }, body, secrets: 'sec', scheme: 'legacy' }), { code: 'KYC_SIGNATURE_MISMATCH', message: /HMAC/ });
  assert.throws(() => verifyWebhook({ headers: { 'x-hmac-signature': hmacHex('sec', body) }, body, secrets: 'sec', scheme: 'legacy' }), { code: 'KYC_SIGNATURE_MISSING' });
  assert.throws(() => verifyWebhook({ headers: { 'X-SIGNATURE': legacy }, body, secrets: 'wrong', scheme: 'legacy' }), (e) => e.code === 'KYC_SIGNATURE_MISMATCH' && !e.message.includes('wrong'));
  assert.throws(() => verifyWebhook({ headers: {}, body, secrets: 'sec', scheme: 'LEGACY' }), { name: 'RangeError', code: 'KYC_INVALID_VALUE', path: 'scheme' });
});

test('verifyResponse: a Veriff API response verified over its raw body before it is used', () => {
  const text = '{"status":"success","verification":{"id":"f04bdb47","url":"https://magic.veriff.me/v/x"}}';
  const headers = new Headers({ 'vrf-hmac-signature': hmacHex('sec', text), 'vrf-auth-client': 'key' });
  assert.equal(kyc.verifyResponse({ provider: 'veriff', headers, body: text, secrets: 'sec', apiKey: 'key' }).verification.url, 'https://magic.veriff.me/v/x');
  assert.equal(kyc.verifyResponse({ headers, body: new TextEncoder().encode(text), secrets: 'sec' }).status, 'success');
  assert.throws(() => kyc.verifyResponse({ provider: 'veriff', headers, body: text.replace('x"', 'y"'), secrets: 'sec' }), { code: 'KYC_SIGNATURE_MISMATCH' });
  assert.throws(() => kyc.verifyResponse({ headers, body: text, secrets: 'sec', scheme: 'legacy' }), { code: 'KYC_UNKNOWN_FIELD', path: 'scheme' });
  assert.throws(() => kyc.verifyResponse({ provider: 'faceverify', headers, body: text, secrets: 'sec' }), { code: 'KYC_INVALID_VALUE', path: 'provider' });
  assert.throws(() => kyc.verifyResponse({ provider: 'acme', headers, body: text, secrets: 'sec' }), { code: 'KYC_UNKNOWN_PROVIDER', path: 'provider' });
  assert.throws(() => kyc.verifyResponse({ provider: 'veriff', headers, body: JSON.parse(text), secrets: 'sec' }), { code: 'KYC_BODY_NOT_RAW' });
});
