// What the middleware tests share: each provider's signing recipe written
// again with node:crypto (knowing nothing of kyc-sign, from the providers'
// documentation as tests/js/webhooks.test.mjs has them), the webhooks sent,
// and small HTTP helpers. The package under test is the packed tarball that
// `make test-middleware` installs into ./node_modules, imported by its name.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const hmac = (hash, key, ...parts) => {
  const mac = createHmac(hash, key);
  for (const part of parts) mac.update(part);
  return mac;
};
const timestamped = (name) => (body, secret, ts) => ({
  [name]: `t=${ts},v1=${hmac('sha256', secret, `${ts}.`, body).digest('hex')}`,
});
const bodyHmac = (name) => (body, secret) => ({ [name]: hmac('sha256', secret, body).digest('hex') });

/** Veriff's X-AUTH-CLIENT, checked through the `apiKey` option (a verifyWebhook option passed through). */
export const VERIFF_API_KEY = 'veriff-api-key-for-tests';

/**
 * Per provider: a secret, a body as that provider sends it, the headers its
 * documented recipe gives (`ts` in seconds), and the middleware's options
 * beyond provider and secrets. Bodies hold non-ASCII text, an escaped slash
 * and spacing that JSON.parse + JSON.stringify would not give back, so a
 * re-serialised body cannot pass.
 */
export const PROVIDERS = {
  veriff: {
    secret: 'veriff-shared-secret-\u00e9\u00e8',
    body: '{"status": "success", "verification": {"id": "f04bdb47-d3be-4b28-b028-a652feb060b5", "status": "approved", "code": 9001, "person": {"firstName": "Zo\u00eb", "lastName": "\u0141\u00f3d\u017a"}, "url": "https:\\/\\/magic.veriff.me\\/v\\/x"}}',
    sign: (body, secret) => ({ 'x-auth-client': VERIFF_API_KEY, 'x-hmac-signature': hmac('sha256', secret, body).digest('hex') }),
    options: { apiKey: VERIFF_API_KEY },
  },
  sumsub: {
    secret: 'sumsub-webhook-secret',
    body: '{"applicantId": "5cb56e8e0a975a35f333cb83", "type": "applicantReviewed", "reviewResult": {"reviewAnswer": "GREEN"}, "comment": "\u00fcber \ud83d\udc4d"}',
    sign: (body, secret) => ({
      'x-payload-digest': hmac('sha512', secret, body).digest('hex'),
      'x-payload-digest-alg': 'HMAC_SHA512_HEX',
    }),
  },
  onfido: {
    secret: 'onfido-webhook-token',
    body: '{"payload": {"resource_type": "check", "action": "check.completed", "object": {"id": "check-123", "href": "https:\\/\\/api.eu.onfido.com\\/v3.6\\/checks\\/check-123"}}}',
    sign: bodyHmac('x-sha2-signature'),
  },
  complycube: {
    secret: 'complycube-webhook-secret',
    body: '{"id": "evt_1", "type": "check.completed", "payload": {"outcome": "clear", "name": "J\u00fcrgen"}}',
    sign: bodyHmac('complycube-signature'),
  },
  idenfy: {
    secret: 'idenfy-signing-key',
    body: '{"clientId": "user-42", "final": true, "status": {"overall": "APPROVED"}, "data": {"docFirstName": "\u0410\u043d\u043d\u0430"}}',
    sign: bodyHmac('idenfy-signature'),
  },
  stripe: {
    secret: 'whsec_stripe0123456789abcdef',
    body: '{"id": "evt_1", "type": "identity.verification_session.verified", "data": {"object": {"id": "vs_1", "note": "caf\u00e9"}}}',
    sign: timestamped('stripe-signature'),
    timestamped: true,
  },
  persona: {
    secret: 'wbhsec_persona-secret',
    body: '{"data": {"type": "event", "attributes": {"name": "inquiry.completed", "payload": {"note": "\u00e5"}}}}',
    sign: timestamped('persona-signature'),
    timestamped: true,
  },
  'standard-webhooks': {
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    body: '{"type": "verification.completed", "data": {"id": "ver_1", "name": "\u00d8ystein"}}',
    sign: (body, secret, ts) => {
      const id = `msg_${ts}`;
      const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
      const signature = hmac('sha256', key, `${id}.${ts}.`, body).digest('base64');
      return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${signature}` };
    },
    timestamped: true,
  },
};

export const PROVIDER_NAMES = Object.keys(PROVIDERS);

/** The middleware's options for `provider`. */
export function optionsFor(provider, extra = {}) {
  const p = PROVIDERS[provider];
  return { provider, secrets: p.secret, ...p.options, ...extra };
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A webhook of `provider` as it would send it: { headers, body } (body a string; its UTF-8 bytes are signed). */
export function signed(provider, { ageSeconds = 0 } = {}) {
  const p = PROVIDERS[provider];
  const headers = { 'content-type': 'application/json', ...p.sign(Buffer.from(p.body), p.secret, nowSeconds() - ageSeconds) };
  return { headers, body: p.body };
}

/** The same webhook with one byte of the body changed after signing. */
export function tampered(provider) {
  const { headers, body } = signed(provider);
  const at = body.indexOf('"', body.indexOf(':')) + 1; // the first letter of the first string value
  const changed = body.slice(0, at) + (body[at] === 'X' ? 'Y' : 'X') + body.slice(at + 1);
  assert.notEqual(changed, body);
  return { headers, body: changed };
}

/** The parsed event each provider's body should give the handler. */
export const expectedEvent = (provider) => JSON.parse(PROVIDERS[provider].body);

/** POSTs `{ headers, body }` to `url`; `{ status, json }` (json null when the answer is not JSON). */
export async function post(url, { headers, body }) {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: response.status, json, text, type: response.headers.get('content-type') };
}

/**
 * A Stripe webhook signed 900 s ago: `${base}/webhooks/stripe` must refuse it
 * (401 KYC_TIMESTAMP_OUT_OF_TOLERANCE) and `${base}/tolerant/stripe`, whose
 * middleware has `tolerance: 3600`, must verify it: the option passes through.
 */
export async function assertTolerancePassesThrough(base) {
  const stale = signed('stripe', { ageSeconds: 900 });
  const refused = await post(`${base}/webhooks/stripe`, stale);
  assert.deepEqual([refused.status, refused.json], [401, { code: 'KYC_TIMESTAMP_OUT_OF_TOLERANCE' }]);
  const tolerated = await post(`${base}/tolerant/stripe`, stale);
  assert.deepEqual([tolerated.status, tolerated.json?.event], [200, expectedEvent('stripe')]);
}

/** Asserts that no secret of any provider appears in `text` (an answer, a message, a log). */
export function assertNoSecret(text, where) {
  for (const [name, { secret }] of Object.entries(PROVIDERS)) {
    assert.ok(!String(text).includes(secret), `${where} shows ${name}'s secret`);
  }
}

/** The installed version of `name` (from ./node_modules, as the lock pinned it). */
export function versionOf(name) {
  return JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
}

/** A file of the installed kyc-sign package. */
export function packageFile(path) {
  return readFileSync(new URL(`./node_modules/kyc-sign/${path}`, import.meta.url), 'utf8');
}
