// kyc-sign/fastify in Fastify (the version tests/middleware/package-lock.json
// pins), on a real server on 127.0.0.1: for every provider a signed, a
// tampered and a pre-parsed webhook (Fastify's default JSON parser), the
// plugin's encapsulation, and the same plugin through require().
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

import Fastify from 'fastify';
import { verifyWebhooks } from 'kyc-sign/fastify';
import { KycError } from 'kyc-sign';

import { PROVIDER_NAMES, PROVIDERS, assertNoSecret, assertTolerancePassesThrough, expectedEvent, optionsFor, post, signed, tampered, versionOf } from './helpers.mjs';

const require = createRequire(import.meta.url);
const VERSION = versionOf('fastify');

const received = async (request) => ({
  event: request.kyc,
  rawLength: Buffer.isBuffer(request.body) ? request.body.length : null,
});

const app = Fastify();
// Outside the plugin's contexts: Fastify's own JSON parsing, and no request.kyc.
app.post('/plain', async (request) => ({ bodyType: typeof request.body, kyc: request.kyc ?? null }));
for (const provider of PROVIDER_NAMES) {
  // As the README says: a context of its own holding the webhook route.
  app.register(async (webhooks) => {
    await webhooks.register(verifyWebhooks(optionsFor(provider)));
    webhooks.post(`/webhooks/${provider}`, received);
  });
  // The usual mistake: Fastify's default JSON parser put back in that context.
  app.register(async (webhooks) => {
    await webhooks.register(verifyWebhooks(optionsFor(provider)));
    webhooks.addContentTypeParser('application/json', { parseAs: 'string' }, webhooks.getDefaultJsonParser('error', 'error'));
    webhooks.post(`/parsed/${provider}`, received);
  });
}
const onError = async (error, request, reply) => {
  reply.code(418).send({ code: error.code, status: error.status, message: error.message, kyc: error instanceof KycError });
};
app.register(async (webhooks) => {
  await webhooks.register(verifyWebhooks({ ...optionsFor('onfido'), onError }));
  webhooks.addContentTypeParser('application/json', { parseAs: 'string' }, webhooks.getDefaultJsonParser('error', 'error'));
  webhooks.post('/on-error/parsed', received);
});
app.register(async (webhooks) => {
  await webhooks.register(verifyWebhooks({ ...optionsFor('onfido'), onError }));
  webhooks.post('/on-error/tampered', received);
});
// An onError that answers nothing: the request must still not get through.
app.register(async (webhooks) => {
  await webhooks.register(verifyWebhooks({ ...optionsFor('onfido'), onError: () => {} }));
  webhooks.post('/on-error/silent', received);
});
// verifyWebhook's own options pass through: a tolerance of an hour.
app.register(async (webhooks) => {
  await webhooks.register(verifyWebhooks(optionsFor('stripe', { tolerance: 3600 })));
  webhooks.post('/tolerant/stripe', received);
});
// Any content type reaches the verifier as bytes; Fastify's bodyLimit still holds.
app.register(async (webhooks) => {
  await webhooks.register(verifyWebhooks(optionsFor('onfido')));
  webhooks.post('/limited/onfido', { bodyLimit: 64 }, received);
});
// `limit`: the bodyLimit of the plugin's parser; a route's own bodyLimit wins.
app.register(async (webhooks) => {
  await webhooks.register(verifyWebhooks({ ...optionsFor('onfido'), limit: 64 }));
  webhooks.post('/plugin-limit/onfido', received);
  webhooks.post('/route-limit-wins/onfido', { bodyLimit: 4096 }, received);
});
// The CommonJS entry, as require('kyc-sign/fastify') gives it.
app.register(async (webhooks) => {
  await webhooks.register(require('kyc-sign/fastify').verifyWebhooks(optionsFor('veriff')));
  webhooks.post('/cjs/veriff', received);
});

let base;
before(async () => {
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
after(() => app.close());

test(`fastify ${VERSION}: the plugin is registered where its routes are`, async () => {
  assert.match(VERSION, /^5\./);
  const plain = await post(`${base}/plain`, { headers: { 'content-type': 'application/json' }, body: '{"a": 1}' });
  assert.deepEqual(plain.json, { bodyType: 'object', kyc: null }, 'the root context keeps its JSON parser and has no kyc');
});

for (const provider of PROVIDER_NAMES) {
  test(`fastify: ${provider}: a signed webhook reaches the handler with request.kyc`, async () => {
    const answer = await post(`${base}/webhooks/${provider}`, signed(provider));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json.event, expectedEvent(provider));
    assert.equal(answer.json.rawLength, Buffer.byteLength(PROVIDERS[provider].body), 'request.body is the raw Buffer');
  });

  test(`fastify: ${provider}: a tampered webhook is refused with 401 KYC_SIGNATURE_MISMATCH`, async () => {
    const answer = await post(`${base}/webhooks/${provider}`, tampered(provider));
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.json, { code: 'KYC_SIGNATURE_MISMATCH' });
    assert.match(answer.type, /^application\/json/);
  });

  test(`fastify: ${provider}: a body parsed by Fastify's JSON parser is refused with KYC_BODY_NOT_RAW`, async () => {
    const answer = await post(`${base}/parsed/${provider}`, signed(provider));
    assert.equal(answer.status, 500);
    assert.deepEqual(answer.json, { code: 'KYC_BODY_NOT_RAW' });
  });
}

test('fastify: a missing signature and a stale timestamp have their own codes; tolerance passes through', async () => {
  const { body } = signed('onfido');
  const missing = await post(`${base}/webhooks/onfido`, { headers: { 'content-type': 'text/plain' }, body });
  assert.deepEqual([missing.status, missing.json], [401, { code: 'KYC_SIGNATURE_MISSING' }]);
  await assertTolerancePassesThrough(base);
});

test('fastify: onError replaces the answer and gets the KycError, whose message names the raw-body parser', async () => {
  const parsed = await post(`${base}/on-error/parsed`, signed('onfido'));
  assert.equal(parsed.status, 418);
  assert.deepEqual([parsed.json.code, parsed.json.status, parsed.json.kyc], ['KYC_BODY_NOT_RAW', 500, true]);
  assert.match(parsed.json.message, /addContentTypeParser\('\*', \{ parseAs: 'buffer' \}/);
  assertNoSecret(parsed.text, 'the KYC_BODY_NOT_RAW message');

  const bad = await post(`${base}/on-error/tampered`, tampered('onfido'));
  assert.deepEqual([bad.status, bad.json.code, bad.json.status, bad.json.kyc], [418, 'KYC_SIGNATURE_MISMATCH', 401, true]);
  assertNoSecret(bad.text, 'the KYC_SIGNATURE_MISMATCH message');

  const silent = await post(`${base}/on-error/silent`, tampered('onfido'));
  assert.equal(silent.status, 401, 'an onError that answers nothing lets Fastify answer the error');
  assert.equal(silent.json.code, 'KYC_SIGNATURE_MISMATCH');
  assert.equal(silent.json.event, undefined);
  assertNoSecret(silent.text, "Fastify's answer to the error");
});

test('fastify: a body over the route bodyLimit is refused by Fastify with 413', async () => {
  const answer = await post(`${base}/limited/onfido`, signed('onfido'));
  assert.equal(answer.status, 413);
  assert.equal(answer.json.code, 'FST_ERR_CTP_BODY_TOO_LARGE');
});

test('fastify: the CommonJS entry (require) verifies the same way', async () => {
  const ok = await post(`${base}/cjs/veriff`, signed('veriff'));
  assert.deepEqual([ok.status, ok.json.event], [200, expectedEvent('veriff')]);
  const bad = await post(`${base}/cjs/veriff`, tampered('veriff'));
  assert.deepEqual([bad.status, bad.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
});

test('fastify: options verifyWebhook refuses throw when the plugin is made', () => {
  assert.throws(() => verifyWebhooks({ provider: 'nope', secrets: 's' }), (e) => e instanceof KycError && e.code === 'KYC_UNKNOWN_PROVIDER');
  assert.throws(() => verifyWebhooks({ provider: 'sumsub', secrets: 's', apiKey: 'k' }), (e) => e instanceof KycError);
  const cases = [
    [{ onError: 'yes' }, 'KYC_INVALID_TYPE'],
    [{ limit: -1 }, 'KYC_INVALID_VALUE'],
    [{ limit: 0.5 }, 'KYC_INVALID_VALUE'],
    [{ limit: '10' }, 'KYC_INVALID_TYPE'],
    [{ headers: {} }, 'KYC_UNKNOWN_FIELD'],
  ];
  for (const [extra, code] of cases) {
    assert.throws(() => verifyWebhooks({ ...optionsFor('onfido'), ...extra }), (e) => e instanceof KycError && e.code === code && e.path === Object.keys(extra)[0], code);
  }
  assert.equal(typeof verifyWebhooks({ ...optionsFor('onfido'), limit: 10 }), 'function');
});

test('fastify: `limit` is the bodyLimit of the plugin\'s parser (413 from Fastify); a route\'s bodyLimit wins', async () => {
  const answer = await post(`${base}/plugin-limit/onfido`, signed('onfido'));
  assert.deepEqual([answer.status, answer.json.code], [413, 'FST_ERR_CTP_BODY_TOO_LARGE']);
  const wins = await post(`${base}/route-limit-wins/onfido`, signed('onfido'));
  assert.deepEqual([wins.status, wins.json.event], [200, expectedEvent('onfido')]);
});

test('fastify: a compressed body is refused with 415 KYC_INVALID_VALUE: Fastify does not inflate it', async () => {
  const { headers, body } = signed('onfido');
  for (const encoding of ['gzip', 'identity, GZIP']) {
    const answer = await post(`${base}/webhooks/onfido`, { headers: { ...headers, 'content-encoding': encoding }, body: gzipSync(body) });
    assert.deepEqual([answer.status, answer.json], [415, { code: 'KYC_INVALID_VALUE' }], encoding);
  }
  const seen = await post(`${base}/on-error/tampered`, { headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(body) });
  assert.deepEqual([seen.status, seen.json.code, seen.json.status, seen.json.kyc], [418, 'KYC_INVALID_VALUE', 415, true]);
  assert.match(seen.json.message, /^headers\.content-encoding: the body is sent with Content-Encoding: gzip/);
  const identity = await post(`${base}/webhooks/onfido`, { headers: { ...headers, 'content-encoding': 'identity' }, body });
  assert.deepEqual([identity.status, identity.json.event], [200, expectedEvent('onfido')]);
});
