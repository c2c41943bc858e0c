// kyc-sign/hono in Hono (the version tests/middleware/package-lock.json pins),
// served on 127.0.0.1 by @hono/node-server, and called through app.fetch
// with plain Requests as Workers, Bun and Deno call it: for every provider a
// signed, a tampered and a pre-parsed webhook (its body parsed before the
// middleware, by c.req.raw.json()). Hono's own c.req.json() keeps the text,
// so a body read that way still verifies; FormData from c.req.formData() does not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { gzipSync } from 'node:zlib';

import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { verifyWebhooks } from 'kyc-sign/hono';
import { KycError } from 'kyc-sign';

import { PROVIDER_NAMES, PROVIDERS, assertNoSecret, assertTolerancePassesThrough, expectedEvent, optionsFor, packageFile, post, signed, tampered, versionOf } from './helpers.mjs';

const require = createRequire(import.meta.url);
const VERSION = versionOf('hono');

const app = new Hono();
const received = (c) => c.json({ event: c.get('kyc') });
// A middleware that parses the body itself, past Hono's body cache.
const parsesRaw = async (c, next) => {
  c.set('parsed', await c.req.raw.json());
  await next();
};
// Hono's json(), which a json validator calls: it keeps the text.
const readsJson = async (c, next) => {
  await c.req.json();
  await next();
};
// Hono's formData(): it keeps the parsed FormData only.
const readsForm = async (c, next) => {
  await c.req.formData();
  await next();
};
for (const provider of PROVIDER_NAMES) {
  app.post(`/webhooks/${provider}`, verifyWebhooks(optionsFor(provider)), received);
  app.post(`/parsed/${provider}`, parsesRaw, verifyWebhooks(optionsFor(provider)), received);
}
app.post('/json-first/onfido', readsJson, verifyWebhooks(optionsFor('onfido')), received);
const onError = (error, c) =>
  c.json({ code: error.code, status: error.status, message: error.message, kyc: error instanceof KycError }, 418);
app.post('/on-error/parsed', parsesRaw, verifyWebhooks({ ...optionsFor('onfido'), onError }), received);
app.post('/on-error/form', readsForm, verifyWebhooks({ ...optionsFor('onfido'), onError }), received);
app.post('/on-error/tampered', verifyWebhooks({ ...optionsFor('onfido'), onError }), received);
app.post('/tolerant/stripe', verifyWebhooks(optionsFor('stripe', { tolerance: 3600 })), received);
app.post('/cjs/veriff', require('kyc-sign/hono').verifyWebhooks(optionsFor('veriff')), received);
// Hono's text(): it keeps the decoded text, which is what a body read as text gives back.
const readsText = async (c, next) => {
  await c.req.text();
  await next();
};
app.post('/text-first/onfido', readsText, verifyWebhooks(optionsFor('onfido')), received);
app.post('/json-first/stripe', readsJson, verifyWebhooks(optionsFor('stripe')), received);
// The route reads the body again after the middleware, from Hono's cache.
app.post('/read-again/onfido', verifyWebhooks(optionsFor('onfido')), async (c) =>
  c.json({ text: await c.req.text(), json: await c.req.json(), bytes: (await c.req.arrayBuffer()).byteLength }),
);
// A small limit, and the default one.
app.post('/limited/onfido', verifyWebhooks({ ...optionsFor('onfido'), limit: 64 }), received);
app.post('/limited/text-first', readsText, verifyWebhooks({ ...optionsFor('onfido'), limit: 64 }), received);
app.post('/on-error/limited', verifyWebhooks({ ...optionsFor('onfido'), limit: 64, onError }), received);
app.onError((error, c) => c.json({ handler: 'hono', code: error.code ?? null }, error.status ?? 500));

let server;
let base;
before(async () => {
  await new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
});
after(() => new Promise((resolve) => server.close(resolve)));

/** The same request through app.fetch, as a Worker, Bun or Deno serves it. */
async function fetchApp(path, { headers, body }) {
  const response = await app.fetch(new Request(`http://worker.test${path}`, { method: 'POST', headers, body }));
  return { status: response.status, json: await response.json() };
}

test(`hono ${VERSION} with @hono/node-server ${versionOf('@hono/node-server')}`, () => {
  assert.match(VERSION, /^4\./);
});

for (const provider of PROVIDER_NAMES) {
  test(`hono: ${provider}: a signed webhook reaches the handler with c.get('kyc')`, async () => {
    const answer = await post(`${base}/webhooks/${provider}`, signed(provider));
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json.event, expectedEvent(provider));
    const direct = await fetchApp(`/webhooks/${provider}`, signed(provider));
    assert.deepEqual([direct.status, direct.json.event], [200, expectedEvent(provider)]);
  });

  test(`hono: ${provider}: a tampered webhook is refused with 401 KYC_SIGNATURE_MISMATCH`, async () => {
    const answer = await post(`${base}/webhooks/${provider}`, tampered(provider));
    assert.deepEqual([answer.status, answer.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
    assert.match(answer.type, /^application\/json/);
    const direct = await fetchApp(`/webhooks/${provider}`, tampered(provider));
    assert.deepEqual([direct.status, direct.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
  });

  test(`hono: ${provider}: a body parsed before the middleware is refused with KYC_BODY_NOT_RAW`, async () => {
    const answer = await post(`${base}/parsed/${provider}`, signed(provider));
    assert.deepEqual([answer.status, answer.json], [500, { code: 'KYC_BODY_NOT_RAW' }]);
  });
}

test("hono: a body read by Hono's c.req.json() first still verifies: Hono keeps its text", async () => {
  const answer = await post(`${base}/json-first/onfido`, signed('onfido'));
  assert.deepEqual([answer.status, answer.json.event], [200, expectedEvent('onfido')]);
});

test('hono: a stale timestamp is refused; tolerance passes through', async () => {
  await assertTolerancePassesThrough(base);
});

test('hono: onError replaces the answer and gets the KycError, whose message says to put the middleware first', async () => {
  const parsed = await post(`${base}/on-error/parsed`, signed('onfido'));
  assert.equal(parsed.status, 418);
  assert.deepEqual([parsed.json.code, parsed.json.status, parsed.json.kyc], ['KYC_BODY_NOT_RAW', 500, true]);
  assert.match(parsed.json.message, /c\.req\.raw\.json\(\)/);
  assert.match(parsed.json.message, /it reads the body itself/);
  assertNoSecret(parsed.text, 'the KYC_BODY_NOT_RAW message');
  // Form data parsed by c.req.formData(): Hono would re-encode it.
  const form = 'status=approved&name=Zo%C3%AB';
  const headers = { ...PROVIDERS.onfido.sign(Buffer.from(form), PROVIDERS.onfido.secret), 'content-type': 'application/x-www-form-urlencoded' };
  const formAnswer = await post(`${base}/on-error/form`, { headers, body: form });
  assert.deepEqual([formAnswer.status, formAnswer.json.code, formAnswer.json.status], [418, 'KYC_BODY_NOT_RAW', 500]);
  assert.match(formAnswer.json.message, /c\.req\.formData\(\)/);
  const bad = await post(`${base}/on-error/tampered`, tampered('onfido'));
  assert.deepEqual([bad.status, bad.json.code, bad.json.status, bad.json.kyc], [418, 'KYC_SIGNATURE_MISMATCH', 401, true]);
  assertNoSecret(bad.text, 'the KYC_SIGNATURE_MISMATCH message');
});

test('hono: the CommonJS entry (require) verifies the same way', async () => {
  const ok = await post(`${base}/cjs/veriff`, signed('veriff'));
  assert.deepEqual([ok.status, ok.json.event], [200, expectedEvent('veriff')]);
  const bad = await post(`${base}/cjs/veriff`, tampered('veriff'));
  assert.deepEqual([bad.status, bad.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
});

test('hono: the middleware uses Web APIs only (no node: import, no Buffer, no process)', async () => {
  for (const file of ['hono.mjs', 'common.mjs']) {
    const source = packageFile(`middleware/${file}`);
    const code = source.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(code, /from 'node:|require\(|\bBuffer\b|\bprocess\b/, file);
  }
});

/** A body stream that never ends, and how many chunks were pulled from it. */
function endless() {
  const state = { pulled: 0 };
  state.stream = new ReadableStream({
    pull(controller) {
      state.pulled += 1;
      controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
    },
  });
  return state;
}

test('hono: a body over `limit` is refused with 413 KYC_TOO_LONG, and read no further than the limit', async () => {
  const answer = await post(`${base}/limited/onfido`, signed('onfido'));
  assert.deepEqual([answer.status, answer.json], [413, { code: 'KYC_TOO_LONG' }]);
  const direct = await fetchApp('/limited/onfido', signed('onfido'));
  assert.deepEqual([direct.status, direct.json], [413, { code: 'KYC_TOO_LONG' }]);
  // A body already kept as text by Hono is held to the limit as well.
  const kept = await post(`${base}/limited/text-first`, signed('onfido'));
  assert.deepEqual([kept.status, kept.json], [413, { code: 'KYC_TOO_LONG' }]);
  // onError gets it, as a KycError with status 413.
  const seen = await post(`${base}/on-error/limited`, signed('onfido'));
  assert.deepEqual([seen.status, seen.json.code, seen.json.status, seen.json.kyc], [418, 'KYC_TOO_LONG', 413, true]);
  assert.match(seen.json.message, /^body: larger than the limit of 64 bytes/);
  // A stream with no Content-Length and no end: stopped past the default limit of 1 MiB.
  const body = endless();
  const { headers } = signed('onfido');
  const response = await app.fetch(new Request('http://worker.test/webhooks/onfido', { method: 'POST', headers, body: body.stream, duplex: 'half' }));
  assert.deepEqual([response.status, await response.json()], [413, { code: 'KYC_TOO_LONG' }]);
  assert.ok(body.pulled <= 1024 / 16 + 4, `read ${body.pulled} chunks of 16 KiB`);
  // 1 MiB exactly is read; one byte more is not.
  const mib = ' '.repeat(1024 * 1024 - 2);
  const fits = await fetchApp('/webhooks/onfido', { headers: PROVIDERS.onfido.sign(Buffer.from(`{}${mib}`), PROVIDERS.onfido.secret), body: `{}${mib}` });
  assert.deepEqual([fits.status, fits.json.event], [200, {}]);
  const over = await fetchApp('/webhooks/onfido', { headers: PROVIDERS.onfido.sign(Buffer.from(`{}${mib} `), PROVIDERS.onfido.secret), body: `{}${mib} ` });
  assert.deepEqual([over.status, over.json], [413, { code: 'KYC_TOO_LONG' }]);
});

test('hono: the route can read the body again after the middleware (Hono keeps it)', async () => {
  const { headers, body } = signed('onfido');
  const answer = await post(`${base}/read-again/onfido`, { headers, body });
  assert.deepEqual([answer.status, answer.json], [200, { text: body, json: expectedEvent('onfido'), bytes: Buffer.byteLength(body) }]);
});

test('hono: a compressed body is refused with 415 KYC_INVALID_VALUE: the bytes are verified as sent, never inflated', async () => {
  const { headers, body } = signed('onfido');
  for (const encoding of ['gzip', 'br', 'identity, gzip']) {
    const sent = { headers: { ...headers, 'content-encoding': encoding }, body: gzipSync(body) };
    const answer = await post(`${base}/webhooks/onfido`, sent);
    assert.deepEqual([answer.status, answer.json], [415, { code: 'KYC_INVALID_VALUE' }], encoding);
    const direct = await fetchApp('/webhooks/onfido', sent);
    assert.deepEqual([direct.status, direct.json], [415, { code: 'KYC_INVALID_VALUE' }], encoding);
  }
  const seen = await post(`${base}/on-error/tampered`, { headers: { ...headers, 'content-encoding': 'gzip' }, body: gzipSync(body) });
  assert.deepEqual([seen.status, seen.json.code, seen.json.status, seen.json.kyc], [418, 'KYC_INVALID_VALUE', 415, true]);
  assert.match(seen.json.message, /^headers\.content-encoding: the body is sent with Content-Encoding: gzip/);
  assert.match(seen.json.message, /DecompressionStream/);
  const identity = await post(`${base}/webhooks/onfido`, { headers: { ...headers, 'content-encoding': 'identity' }, body });
  assert.deepEqual([identity.status, identity.json.event], [200, expectedEvent('onfido')]);
});

test('hono: a body kept as text that does not encode back to the bytes received is refused, never verified as them', async () => {
  const { secret } = PROVIDERS.onfido;
  const text = await post(`${base}/text-first/onfido`, signed('onfido'));
  assert.deepEqual([text.status, text.json.event], [200, expectedEvent('onfido')], 'valid UTF-8 read as text first still verifies');
  // A UTF-8 byte order mark, which decoding drops: the Content-Length shows it.
  const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"payload": {"action": "check.completed"}}')]);
  for (const path of ['/json-first/onfido', '/text-first/onfido']) {
    const answer = await post(`${base}${path}`, { headers: { 'content-type': 'application/json', ...PROVIDERS.onfido.sign(bom, secret) }, body: bom });
    assert.deepEqual([answer.status, answer.json], [500, { code: 'KYC_BODY_NOT_RAW' }], path);
  }
  // Bytes that are not UTF-8, of the same length as the U+FFFD they become (F0 90 80).
  const broken = Buffer.concat([Buffer.from('{"payload": {"note": "'), Buffer.from([0xf0, 0x90, 0x80]), Buffer.from('"}}')]);
  assert.equal(Buffer.byteLength(broken.toString('utf8')), broken.length);
  const answer = await post(`${base}/text-first/onfido`, { headers: { 'content-type': 'application/json', ...PROVIDERS.onfido.sign(broken, secret) }, body: broken });
  assert.deepEqual([answer.status, answer.json], [500, { code: 'KYC_BODY_NOT_RAW' }]);
  // The explanation, for onError and logs.
  const explained = verifyWebhooks({ ...optionsFor('onfido'), onError: (error) => Response.json({ code: error.code, message: error.message }) });
  const probe = new Hono().post('/', readsText, explained, received);
  const bomHeaders = { 'content-type': 'application/json', ...PROVIDERS.onfido.sign(bom, secret) };
  const got = await (await probe.request('/', { method: 'POST', headers: { ...bomHeaders, 'content-length': String(bom.length) }, body: bom })).json();
  assert.equal(got.code, 'KYC_BODY_NOT_RAW');
  assert.match(got.message, /byte order mark/);
  // With no Content-Length the lost BOM cannot be seen: the text's bytes fail the signature (401), still refused.
  const unseen = await (await probe.request('/', { method: 'POST', headers: bomHeaders, body: bom })).json();
  assert.equal(unseen.code, 'KYC_SIGNATURE_MISMATCH');
  // Stripe's timestamped signature over a BOM body, read first by c.req.json(): refused, not a 2xx.
  const stripeBody = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"id": "evt_1"}')]);
  const ts = Math.floor(Date.now() / 1000);
  const stripe = await post(`${base}/json-first/stripe`, { headers: { 'content-type': 'application/json', ...PROVIDERS.stripe.sign(stripeBody, PROVIDERS.stripe.secret, ts) }, body: stripeBody });
  assert.deepEqual([stripe.status, stripe.json], [500, { code: 'KYC_BODY_NOT_RAW' }]);
});

test("hono: the middleware's options are refused as KycErrors with a code, when it is made", () => {
  const cases = [
    [{ onError: 1 }, 'KYC_INVALID_TYPE'],
    [{ limit: -5 }, 'KYC_INVALID_VALUE'],
    [{ limit: '1mb' }, 'KYC_INVALID_TYPE'],
    [{ body: '' }, 'KYC_UNKNOWN_FIELD'],
  ];
  for (const [extra, code] of cases) {
    assert.throws(() => verifyWebhooks({ ...optionsFor('onfido'), ...extra }), (e) => e instanceof KycError && e.code === code && e.path === Object.keys(extra)[0], code);
  }
});
