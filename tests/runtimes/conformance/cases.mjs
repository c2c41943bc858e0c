// The known answers every runtime is held to, computed here in Node with
// node:crypto (never with kyc-sign), and written by run.mjs as an ES module
// (cases.generated.js) that the check imports in each runtime and bundle.
import { createHash, createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const hmacHex = (hash, key, ...parts) => parts.reduce((mac, part) => mac.update(part), createHmac(hash, key)).digest('hex');
const T0 = 1_750_000_000; // the receiver's clock for every timestamped case, in seconds
const body = '{"id":"f04bdb47-d3be-4b28-b028-a652feb060b5","name":"Zoë 😀","note":"ﬁ\\u00e9"}';
const bodyBytes = [...Buffer.from(body)];
const secret = 'kyc-conformance-secret-Ω';
const apiKey = 'kyc-conformance-api-key';

const cases = [];

// ---------------------------------------------------------------- request signing

cases.push({
  name: 'veriff POST: X-HMAC-SIGNATURE over the body',
  call: 'signRequest',
  options: { provider: 'veriff', method: 'POST', url: 'https://stationapi.veriff.com/v1/sessions', body, apiKey, secret },
  headers: { 'X-AUTH-CLIENT': apiKey, 'X-HMAC-SIGNATURE': hmacHex('sha256', secret, body) },
});
cases.push({
  name: 'veriff GET: X-HMAC-SIGNATURE over the id in the path',
  call: 'signRequest',
  options: { provider: 'veriff', method: 'GET', url: 'https://stationapi.veriff.com/v1/sessions/f04bdb47-d3be-4b28-b028-a652feb060b5/decision', apiKey, secret },
  headers: { 'X-HMAC-SIGNATURE': hmacHex('sha256', secret, 'f04bdb47-d3be-4b28-b028-a652feb060b5') },
});
cases.push({
  name: 'veriff legacy X-SIGNATURE: SHA-256 of body and secret',
  call: 'generateSignature',
  args: [body, secret],
  result: createHash('sha256').update(body).update(secret).digest('hex'),
});
{
  const url = 'https://api.faceverify.example/v2/checks?b=2&a=%C3%A9';
  const canonical = ['POST', '/v2/checks', 'b=2&a=%C3%A9', apiKey, 'application/json', body].join('\n');
  cases.push({
    name: 'faceverify POST (whatwg): x-hmac-signature over the canonical string',
    call: 'signRequest',
    options: { provider: 'faceverify', method: 'post', url, body: { bytes: bodyBytes }, apiKey, secret },
    headers: { 'x-hmac-signature': hmacHex('sha256', secret, canonical) },
  });
}
{
  const target = '/resources/applicants?levelName=basic-kyc-level';
  const ts = String(T0);
  cases.push({
    name: 'sumsub POST: X-App-Access-Sig over ts, method, target and body',
    call: 'signRequest',
    options: { provider: 'sumsub', method: 'POST', url: `https://api.sumsub.com${target}`, body, apiKey, secret, now: T0 * 1000 },
    headers: { 'X-App-Token': apiKey, 'X-App-Access-Ts': ts, 'X-App-Access-Sig': hmacHex('sha256', secret, ts, 'POST', target, body) },
  });
}

// ---------------------------------------------------------------- webhooks

const timestamped = (name) => (ts) => ({ [name]: `t=${ts},v1=${hmacHex('sha256', secret, `${ts}.`, body)}` });
const standardSecret = `whsec_${Buffer.from('kyc-conformance-standard-webhooks-key').toString('base64')}`;
const WEBHOOKS = {
  veriff: { headers: () => ({ 'X-AUTH-CLIENT': apiKey, 'X-HMAC-SIGNATURE': hmacHex('sha256', secret, body) }) },
  sumsub: { headers: () => ({ 'x-payload-digest': hmacHex('sha512', secret, body), 'x-payload-digest-alg': 'HMAC_SHA512_HEX' }) },
  onfido: { headers: () => ({ 'X-SHA2-Signature': hmacHex('sha256', secret, body) }) },
  complycube: { headers: () => ({ 'ComplyCube-Signature': hmacHex('sha256', secret, body) }) },
  idenfy: { headers: () => ({ 'Idenfy-Signature': hmacHex('sha256', secret, body) }) },
  stripe: { headers: timestamped('Stripe-Signature'), timestamped: true },
  persona: { headers: timestamped('Persona-Signature'), timestamped: true },
  'standard-webhooks': {
    secret: standardSecret,
    timestamped: true,
    headers: (ts) => {
      const key = Buffer.from(standardSecret.slice('whsec_'.length), 'base64');
      const signature = createHmac('sha256', key).update(`msg_conformance.${ts}.`).update(body).digest('base64');
      return { 'webhook-id': 'msg_conformance', 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${signature}` };
    },
  },
};

for (const [provider, recipe] of Object.entries(WEBHOOKS)) {
  const options = {
    provider,
    headers: recipe.headers(T0 - 10),
    secrets: [recipe.secret ? `whsec_${Buffer.from('an old key that no longer signs').toString('base64')}` : 'an-old-secret-that-no-longer-signs', recipe.secret ?? secret],
    ...(recipe.timestamped ? { now: T0 * 1000 } : {}),
  };
  cases.push({ name: `${provider} webhook verifies`, call: 'verifyWebhook', options: { ...options, body }, event: JSON.parse(body) });
  cases.push({
    name: `${provider} webhook as bytes verifies`,
    call: 'verifyWebhook',
    options: { ...options, body: { bytes: bodyBytes } },
    event: JSON.parse(body),
  });
  cases.push({
    name: `${provider} webhook with one byte changed is refused`,
    call: 'verifyWebhook',
    options: { ...options, body: body.replace('Zoë', 'Zoe') },
    code: 'KYC_SIGNATURE_MISMATCH',
  });
}
cases.push({
  name: 'a wrong argument is a KycError naming it, and the next call works',
  call: 'signRequest',
  options: { provider: 'veriff', method: 'POST', url: 'not a url', body, apiKey, secret },
  code: 'KYC_INVALID_URL',
});

// The secret of the webhook each server runtime verifies over loopback (see webhook.js).
const WEBHOOK_SECRET = 'whsec_kyc_conformance_loopback';

/** Writes the cases as the ES module every runtime's check imports. */
export function writeCases(path) {
  writeFileSync(
    path,
    `// Generated by tests/runtimes/conformance/cases.mjs with node:crypto; do not edit.
export const WEBHOOK_SECRET = ${JSON.stringify(WEBHOOK_SECRET)};
export default ${JSON.stringify(cases, null, 1)};
`,
  );
}

/** A Stripe-style signed webhook for the loopback check, signed now with node:crypto. */
export function signedWebhook(body, nowSeconds = Math.floor(Date.now() / 1000)) {
  return { 'content-type': 'application/json', 'stripe-signature': `t=${nowSeconds},v1=${hmacHex('sha256', WEBHOOK_SECRET, `${nowSeconds}.`, body)}` };
}
