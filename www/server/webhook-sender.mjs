// The emulator's webhooks: an event of each provider, signed as that
// provider documents it, written on node:crypto and never with kyc-sign, so
// that the demo's route (which verifies with kyc-sign) is checked against an
// independent implementation.

import { createHash, createHmac } from 'node:crypto';

/** A realistic event body of each provider (the fields that matter, in their shapes). */
function eventOf(provider, id) {
  switch (provider) {
    case 'veriff':
      return { status: 'success', verification: { id, code: 9001, status: 'approved', vendorData: 'user-42' } };
    case 'sumsub':
      return { applicantId: id, type: 'applicantReviewed', reviewStatus: 'completed', reviewResult: { reviewAnswer: 'GREEN' } };
    case 'onfido':
      return { payload: { resource_type: 'check', action: 'check.completed', object: { id, status: 'complete' } } };
    case 'complycube':
      return { id, type: 'check.completed', payload: { id, outcome: 'clear' } };
    case 'idenfy':
      return { clientId: 'user-42', scanRef: id, final: true, status: { overall: 'APPROVED' } };
    case 'stripe':
      return { id: `evt_${id}`, object: 'event', type: 'identity.verification_session.verified', data: { object: { id: `vs_${id}`, status: 'verified' } } };
    case 'persona':
      return { data: { type: 'event', id: `evt_${id}`, attributes: { name: 'inquiry.completed' } } };
    case 'standard-webhooks':
      return { type: 'verification.completed', timestamp: new Date().toISOString(), data: { id } };
    default:
      return undefined;
  }
}

export const WEBHOOK_PROVIDERS = ['veriff', 'sumsub', 'onfido', 'complycube', 'idenfy', 'stripe', 'persona', 'standard-webhooks'];

const hmacHex = (hash, key, ...parts) => {
  const mac = createHmac(hash, key);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
};

/** The headers `provider` signs `body` with at `nowMs`, from its documentation. */
function headersFor(provider, body, secret, nowMs, apiKey) {
  const ts = String(Math.floor(nowMs / 1000));
  switch (provider) {
    case 'veriff':
      return { 'x-auth-client': apiKey, 'x-hmac-signature': hmacHex('sha256', secret, body) };
    case 'sumsub':
      return { 'x-payload-digest': hmacHex('sha512', secret, body), 'x-payload-digest-alg': 'HMAC_SHA512_HEX' };
    case 'onfido':
      return { 'x-sha2-signature': hmacHex('sha256', secret, body) };
    case 'complycube':
      return { 'complycube-signature': hmacHex('sha256', secret, body) };
    case 'idenfy':
      return { 'idenfy-signature': hmacHex('sha256', secret, body) };
    case 'stripe':
      return { 'stripe-signature': `t=${ts},v1=${hmacHex('sha256', secret, `${ts}.`, body)}` };
    case 'persona':
      return { 'persona-signature': `t=${ts},v1=${hmacHex('sha256', secret, `${ts}.`, body)}` };
    case 'standard-webhooks': {
      const id = `msg_${createHash('sha256').update(body).digest('hex').slice(0, 24)}`;
      const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
      const signature = createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64');
      return { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': `v1,${signature}` };
    }
    default:
      return undefined;
  }
}

/**
 * A signed webhook of `provider`: `{ headers, body }`. With `tamper`, the
 * body is changed after signing (the answer GREEN/approved becomes another),
 * as an attacker or a re-serialising proxy would.
 */
export function signedWebhook(provider, { secret, apiKey, id, nowMs = Date.now(), tamper = false }) {
  const body = JSON.stringify(eventOf(provider, id));
  const headers = { 'content-type': 'application/json', ...headersFor(provider, body, secret, nowMs, apiKey) };
  return { headers, body: tamper ? tampered(body) : body };
}

/** One value of the body changed, keeping it valid JSON. */
function tampered(body) {
  for (const [from, to] of [['approved', 'declined'], ['GREEN', 'RED'], ['APPROVED', 'DENIED'], ['clear', 'rejected'], ['verified', 'canceled'], ['completed', 'failed'], ['complete', 'withdrawn']]) {
    if (body.includes(`"${from}"`)) return body.replace(`"${from}"`, `"${to}"`);
  }
  return body.replace('{', '{"x":1,');
}
