// kyc-sign/next: withWebhook(options, handler) called as Next.js calls an App
// Router route handler, with real Request objects (Node's fetch API, which the
// Node runtime of Next hands to routes; the edge runtime's are the same Web
// API): for every provider a signed, a tampered and a pre-parsed webhook.
// A real `next build` / `next start` app runs it in the runtime-matrix tests.
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { withWebhook } from 'kyc-sign/next';
import { KycError } from 'kyc-sign';

import { PROVIDER_NAMES, PROVIDERS, assertNoSecret, expectedEvent, optionsFor, packageFile, signed, tampered } from './helpers.mjs';

const require = createRequire(import.meta.url);

const request = ({ headers, body }, url = 'https://app.example/api/webhooks') =>
  new Request(url, { method: 'POST', headers, body });

async function answer(response) {
  assert.ok(response instanceof Response);
  const text = await response.text();
  return { status: response.status, json: JSON.parse(text), text, type: response.headers.get('content-type') };
}

// A handler as a route would have it: it answers with what it was given.
const handler = (event, req, context) =>
  Response.json({ event, url: req.url, bodyUsed: req.bodyUsed, params: context?.params ? 'given' : null });

for (const provider of PROVIDER_NAMES) {
  const POST = withWebhook(optionsFor(provider), handler);

  test(`next: ${provider}: a signed webhook reaches the handler as (event, request, context)`, async () => {
    const context = { params: Promise.resolve({ provider }) };
    const got = await answer(await POST(request(signed(provider)), context));
    assert.equal(got.status, 200, got.text);
    assert.deepEqual(got.json, { event: expectedEvent(provider), url: 'https://app.example/api/webhooks', bodyUsed: true, params: 'given' });
  });

  test(`next: ${provider}: a tampered webhook is refused with 401 KYC_SIGNATURE_MISMATCH`, async () => {
    const got = await answer(await POST(request(tampered(provider))));
    assert.deepEqual([got.status, got.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
    assert.match(got.type, /^application\/json/);
  });

  test(`next: ${provider}: a body already read by request.json() is refused with KYC_BODY_NOT_RAW`, async () => {
    const req = request(signed(provider));
    await req.json();
    const got = await answer(await POST(req));
    assert.deepEqual([got.status, got.json], [500, { code: 'KYC_BODY_NOT_RAW' }]);
  });
}

test('next: a body sent as a stream verifies; a stale timestamp is refused; tolerance passes through', async () => {
  const { headers, body } = signed('stripe', { ageSeconds: 900 });
  const bytes = new TextEncoder().encode(body);
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.slice(i, i + 7));
      controller.close();
    },
  });
  const streamed = new Request('https://app.example/api/stripe', { method: 'POST', headers, body: stream, duplex: 'half' });
  const tolerant = await answer(await withWebhook(optionsFor('stripe', { tolerance: 3600 }), handler)(streamed));
  assert.deepEqual([tolerant.status, tolerant.json.event], [200, expectedEvent('stripe')]);
  const strict = await answer(await withWebhook(optionsFor('stripe'), handler)(request({ headers, body })));
  assert.deepEqual([strict.status, strict.json], [401, { code: 'KYC_TIMESTAMP_OUT_OF_TOLERANCE' }]);
});

test('next: onError replaces the answer and gets the KycError, whose message names request.arrayBuffer()', async () => {
  const onError = (error, req) =>
    Response.json({ code: error.code, status: error.status, message: error.message, kyc: error instanceof KycError, url: req.url }, { status: 418 });
  const POST = withWebhook({ ...optionsFor('onfido'), onError }, handler);
  const used = request(signed('onfido'));
  await used.text();
  const parsed = await answer(await POST(used));
  assert.equal(parsed.status, 418);
  assert.deepEqual([parsed.json.code, parsed.json.status, parsed.json.kyc], ['KYC_BODY_NOT_RAW', 500, true]);
  assert.match(parsed.json.message, /request\.json\(\)/);
  assert.match(parsed.json.message, /request\.arrayBuffer\(\)/);
  assertNoSecret(parsed.text, 'the KYC_BODY_NOT_RAW message');
  const bad = await answer(await POST(request(tampered('onfido'))));
  assert.deepEqual([bad.status, bad.json.code, bad.json.status, bad.json.kyc], [418, 'KYC_SIGNATURE_MISMATCH', 401, true]);
  assertNoSecret(bad.text, 'the KYC_SIGNATURE_MISMATCH message');
  // An onError that gives no Response: the error is thrown (Next answers 500), the handler never runs.
  const silent = withWebhook({ ...optionsFor('onfido'), onError: () => undefined }, () => assert.fail('the handler ran'));
  await assert.rejects(silent(request(tampered('onfido'))), (e) => e instanceof KycError && e.code === 'KYC_SIGNATURE_MISMATCH');
});

test('next: the handler and the options are checked when the route is made', () => {
  assert.throws(() => withWebhook(optionsFor('onfido')), { name: 'TypeError', message: /^handler: expected a function/ });
  assert.throws(() => withWebhook(optionsFor('onfido'), 'route'), (e) => e instanceof KycError && e.code === 'KYC_INVALID_TYPE' && e.path === 'handler');
  const cases = [
    [{ onError: 'yes' }, 'KYC_INVALID_TYPE', /^onError: expected a function/],
    [{ limit: -1 }, 'KYC_INVALID_VALUE', /^limit: expected a whole number of bytes/],
    [{ limit: Infinity }, 'KYC_INVALID_VALUE', /^limit: /],
    [{ limit: 1n }, 'KYC_INVALID_TYPE', /^limit: expected a number of bytes, got a bigint$/],
    [{ body: '{}' }, 'KYC_UNKNOWN_FIELD', /^body: the middleware reads the request's own body/],
  ];
  for (const [extra, code, message] of cases) {
    assert.throws(() => withWebhook({ ...optionsFor('onfido'), ...extra }, handler), (e) => e instanceof KycError && e.code === code && message.test(e.message), code);
  }
  // An unset environment variable as the secret: refused at start-up, with the core's message.
  assert.throws(
    () => withWebhook({ provider: 'onfido', secrets: process.env.KYC_SIGN_TEST_UNSET_VARIABLE }, handler),
    (e) => e instanceof KycError && e.code === 'KYC_MISSING_FIELD' && /environment variable/.test(e.message),
  );
  assert.throws(() => withWebhook({ provider: 'faceverify', secrets: 's' }, handler), (e) => e instanceof KycError && /sends no webhooks/.test(e.message));
  assert.throws(() => withWebhook({ provider: 'nope', secrets: 's' }, handler), (e) => e instanceof KycError && e.code === 'KYC_UNKNOWN_PROVIDER');
});

test('next: the CommonJS entry (require) verifies the same way', async () => {
  const POST = require('kyc-sign/next').withWebhook(optionsFor('veriff'), handler);
  const ok = await answer(await POST(request(signed('veriff'))));
  assert.deepEqual([ok.status, ok.json.event], [200, expectedEvent('veriff')]);
  const bad = await answer(await POST(request(tampered('veriff'))));
  assert.deepEqual([bad.status, bad.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
});

test('next: the route uses Web APIs only (no node: import, no Buffer, no process), for the edge runtime', () => {
  for (const file of ['next.mjs', 'common.mjs']) {
    const code = packageFile(`middleware/${file}`).replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(code, /from 'node:|require\(|\bBuffer\b|\bprocess\b/, file);
  }
});

test('next: a body over `limit` is refused with 413 KYC_TOO_LONG, and read no further than the limit', async () => {
  const small = withWebhook({ ...optionsFor('onfido'), limit: 64 }, () => assert.fail('the handler ran'));
  const declared = signed('onfido');
  declared.headers['content-length'] = String(Buffer.byteLength(declared.body));
  const refused = await answer(await small(request(declared)));
  assert.deepEqual([refused.status, refused.json], [413, { code: 'KYC_TOO_LONG' }]);
  const undeclared = await answer(await small(request(signed('onfido'))));
  assert.deepEqual([undeclared.status, undeclared.json], [413, { code: 'KYC_TOO_LONG' }]);
  // onError gets it, as a KycError with status 413.
  const seen = withWebhook({ ...optionsFor('onfido'), limit: 64, onError: (e) => Response.json({ code: e.code, status: e.status, kyc: e instanceof KycError, message: e.message }) }, handler);
  const got = await answer(await seen(request(signed('onfido'))));
  assert.deepEqual([got.json.code, got.json.status, got.json.kyc], ['KYC_TOO_LONG', 413, true]);
  assert.match(got.json.message, /^body: larger than the limit of 64 bytes/);
  // A stream with no end: stopped past the default limit of 1 MiB.
  let pulled = 0;
  const stream = new ReadableStream({
    pull(controller) {
      pulled += 1;
      controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
    },
  });
  const POST = withWebhook(optionsFor('onfido'), () => assert.fail('the handler ran'));
  const endless = await answer(await POST(new Request('https://app.example/api', { method: 'POST', headers: signed('onfido').headers, body: stream, duplex: 'half' })));
  assert.deepEqual([endless.status, endless.json], [413, { code: 'KYC_TOO_LONG' }]);
  assert.ok(pulled <= 1024 / 16 + 4, `read ${pulled} chunks of 16 KiB`);
  // 1 MiB exactly is read; one byte more is not.
  const mib = `{}${' '.repeat(1024 * 1024 - 2)}`;
  const sign = (body) => ({ headers: PROVIDERS.onfido.sign(Buffer.from(body), PROVIDERS.onfido.secret), body });
  const fits = await answer(await withWebhook(optionsFor('onfido'), handler)(request(sign(mib))));
  assert.deepEqual([fits.status, fits.json.event], [200, {}]);
  const over = await answer(await withWebhook(optionsFor('onfido'), handler)(request(sign(`${mib} `))));
  assert.deepEqual([over.status, over.json], [413, { code: 'KYC_TOO_LONG' }]);
  // A body with no bytes at all is read as empty, as before.
  const empty = await answer(await POST(new Request('https://app.example/api', { method: 'POST', headers: signed('onfido').headers })));
  assert.deepEqual([empty.status, empty.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
});

test('next: a compressed body is refused with 415 KYC_INVALID_VALUE: the bytes are verified as sent, never inflated', async () => {
  const POST = withWebhook(optionsFor('onfido'), () => assert.fail('the handler ran'));
  const { headers, body } = signed('onfido');
  for (const encoding of ['gzip', 'deflate', 'Identity, br']) {
    const got = await answer(await POST(request({ headers: { ...headers, 'content-encoding': encoding }, body: gzipSync(body) })));
    assert.deepEqual([got.status, got.json], [415, { code: 'KYC_INVALID_VALUE' }], encoding);
  }
  const seen = withWebhook({ ...optionsFor('onfido'), onError: (e) => Response.json({ code: e.code, status: e.status, message: e.message }) }, handler);
  const got = await answer(await seen(request({ headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(body) })));
  assert.deepEqual([got.json.code, got.json.status], ['KYC_INVALID_VALUE', 415]);
  assert.match(got.json.message, /^headers\.content-encoding: .*DecompressionStream/);
  const identity = await answer(await withWebhook(optionsFor('onfido'), handler)(request({ headers: { ...headers, 'content-encoding': 'identity' }, body })));
  assert.deepEqual([identity.status, identity.json.event], [200, expectedEvent('onfido')]);
});
