// Webhook verification of every provider on a 2 KiB body, beside the
// provider's official Node verifier where one installs from npm (Onfido,
// ComplyCube, Stripe, Standard Webhooks) and a node:crypto implementation of
// the documented recipe (createHmac + timingSafeEqual + JSON.parse) for each;
// and Sumsub request signing beside node:crypto. Every contender returns
// `true` (or the signature) so the runner checks they agree.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { WebhookEventVerifier } = require('@onfido/api');
const { EventVerifier } = require('@complycube/api');
const { Webhook } = require('standardwebhooks');
const stripe = require('stripe')('sk_test_kyc_sign_bench');

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A 2 KiB JSON webhook body with an `id`. */
function webhookBody() {
  const event = { id: 'evt_1b2c3d4e', type: 'verification.completed', data: { notes: '' } };
  event.data.notes = 'x'.repeat(2048 - JSON.stringify(event).length);
  return JSON.stringify(event);
}

/** Constant-time hex compare, as the providers' samples do it. */
function hexEqual(expectedHex, receivedHex) {
  const a = Buffer.from(expectedHex, 'hex');
  const b = Buffer.from(receivedHex ?? '', 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** node:crypto: the documented recipe for a hex HMAC of the raw body in `header`. */
function bodyHmacRecipe(hash, header) {
  return (body, headers) => {
    const ok = hexEqual(createHmac(hash, SECRET).update(body).digest('hex'), headers[header]);
    return ok && JSON.parse(body) !== undefined;
  };
}

/** node:crypto: `t=…,v1=…` over `t.body`, within 300 s of the clock. */
function timestampedRecipe(header) {
  return (body, headers) => {
    const parts = Object.fromEntries(headers[header].split(',').map((p) => p.split('=')));
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(parts.t)) > 300) return false;
    const ok = hexEqual(createHmac('sha256', SECRET).update(`${parts.t}.`).update(body).digest('hex'), parts.v1);
    return ok && JSON.parse(body) !== undefined;
  };
}

function standardRecipe(body, headers) {
  const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
  const ts = headers['webhook-timestamp'];
  if (Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) > 300) return false;
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${ts}.`).update(body).digest();
  const ok = headers['webhook-signature'].split(' ').some((s) => {
    const received = Buffer.from(s.slice(3), 'base64');
    return s.startsWith('v1,') && received.length === expected.length && timingSafeEqual(received, expected);
  });
  return ok && JSON.parse(body) !== undefined;
}

/** Sumsub's recipe with node:crypto: ts + METHOD + path and query + body. */
function sumsubNodeSign(method, url, body, secret, ts) {
  const u = new URL(url);
  return createHmac('sha256', secret).update(`${ts}${method}${u.pathname}${u.search}`).update(body).digest('hex');
}

export function webhookWorkloads(kyc) {
  const body = webhookBody();
  const bodyBytes = Buffer.from(body);
  const officials = {
    onfido: { "official @onfido/api WebhookEventVerifier": (() => {
      const verifier = new WebhookEventVerifier(SECRET);
      return (b, h) => verifier.readPayload(b, h['x-sha2-signature']) !== undefined;
    })() },
    complycube: { 'official @complycube/api EventVerifier': (() => {
      const verifier = new EventVerifier(SECRET);
      return (b, h) => verifier.constructEvent(b, h['complycube-signature']) !== undefined;
    })() },
    stripe: { 'official stripe webhooks.constructEvent': (b, h) => stripe.webhooks.constructEvent(b, h['stripe-signature'], SECRET) !== undefined },
    'standard-webhooks': { 'official standardwebhooks Webhook.verify': (() => {
      const webhook = new Webhook(SECRET);
      return (b, h) => webhook.verify(b, h) !== undefined;
    })() },
  };
  const recipes = {
    veriff: bodyHmacRecipe('sha256', 'x-hmac-signature'),
    sumsub: bodyHmacRecipe('sha256', 'x-payload-digest'),
    onfido: bodyHmacRecipe('sha256', 'x-sha2-signature'),
    complycube: bodyHmacRecipe('sha256', 'complycube-signature'),
    idenfy: bodyHmacRecipe('sha256', 'idenfy-signature'),
    stripe: timestampedRecipe('stripe-signature'),
    persona: timestampedRecipe('persona-signature'),
    'standard-webhooks': standardRecipe,
  };
  const workloads = Object.entries(recipes).map(([provider, recipe]) => {
    const headers = kyc.signWebhook({ provider, body, secret: SECRET });
    return {
      name: `W4 verifyWebhook ${provider}, 2 KiB`,
      expected: true,
      ours: {
        'kyc-sign verifyWebhook (string)': () =>
          kyc.verifyWebhook({ provider, headers, body, secrets: SECRET }) !== undefined,
        'kyc-sign verifyWebhook (Buffer)': () =>
          kyc.verifyWebhook({ provider, headers, body: bodyBytes, secrets: SECRET }) !== undefined,
      },
      peers: {
        ...Object.fromEntries(Object.entries(officials[provider] ?? {}).map(([name, fn]) => [name, () => fn(body, headers)])),
        'node:crypto recipe + JSON.parse': () => recipe(body, headers),
      },
    };
  });

  const url = 'https://api.sumsub.com/resources/applicants?levelName=basic-kyc-level';
  const requestBody = JSON.stringify({ externalUserId: 'user-42', email: 'user@example.com' });
  const nowMs = Date.UTC(2026, 11, 1, 12);
  const ts = String(Math.floor(nowMs / 1000));
  const signer = kyc.createSigner({ provider: 'sumsub', apiKey: 'sbx:app-token', secret: SECRET });
  workloads.push({
    name: 'W5 signRequest sumsub',
    expected: sumsubNodeSign('POST', url, requestBody, SECRET, ts),
    ours: {
      'kyc-sign createSigner().sign': () =>
        signer.sign({ method: 'POST', url, body: requestBody, now: nowMs }).headers['X-App-Access-Sig'],
      'kyc-sign signRequest': () =>
        kyc.signRequest({ provider: 'sumsub', method: 'POST', url, body: requestBody, apiKey: 'sbx:app-token', secret: SECRET, now: nowMs })
          .headers['X-App-Access-Sig'],
    },
    peers: { 'node:crypto (new URL + createHmac)': () => sumsubNodeSign('POST', url, requestBody, SECRET, ts) },
  });
  return workloads;
}
