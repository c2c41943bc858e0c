// Type tests of the webhook API, compiled by tests/types/run.mjs in every
// configuration of the matrix, `lib: ["es2022"]` alone included (no DOM, no
// @types/node: so no `console` here). Each `// @ts-expect-error TSnnnn`
// line must fail to compile with that code on the line below it.
import {
  verifyWebhook,
  verifyResponse,
  signWebhook,
  buildSessionBody,
  KycError,
  type HeadersLike,
  type KycErrorCode,
  type SignedWebhookHeaders,
  type VeriffDecision,
  type VeriffEvent,
  type WebhookHeaders,
} from 'kyc-sign';

declare const headers: Record<string, string>;
declare const body: string;
const seen: unknown[] = [];

const decision = verifyWebhook<VeriffDecision>({ headers, body, secrets: 's' });
const approved: boolean = decision.verification.status === 'approved' && decision.verification.code === 9001;
// @ts-expect-error TS2367 not a status Veriff sends
const wrongStatus: boolean = decision.verification.status === 'accepted';

const webhook = verifyWebhook({ headers, body, secrets: ['old', 'new'], integrationId: 'int-1' });
if ('action' in webhook) {
  const event: VeriffEvent = webhook;
  seen.push(event.action, event.code);
} else {
  seen.push(webhook.verification.status);
}
// @ts-expect-error TS2339 a Veriff webhook is a decision or an event: narrow it first
seen.push(webhook.verification);

// @ts-expect-error TS2353 responses carry an HMAC: no scheme option
verifyResponse({ headers, body, secrets: 's', scheme: 'legacy' });
// @ts-expect-error TS2322 provider is Veriff's
verifyResponse({ provider: 'faceverify', headers, body, secrets: 's' });
// @ts-expect-error TS2769 FaceVerify sends no webhooks kyc-sign verifies
verifyWebhook({ provider: 'faceverify', headers, body, secrets: 's' });

// Other providers' webhooks are `unknown` until the caller names their type.
const stripeEvent = verifyWebhook({ provider: 'stripe', headers, body, secrets: 'whsec_x', now: new Date(), tolerance: 60 });
// @ts-expect-error TS18046 unknown: narrow it before use
seen.push(stripeEvent.type);
const typed = verifyWebhook<{ type: string }>({ provider: 'stripe', headers, body, secrets: 'whsec_x' });
seen.push(typed.type);

const sumsubHeaders = signWebhook({ provider: 'sumsub', body, secret: 's', algorithm: 'HMAC_SHA512_HEX' });
const digest: string | undefined = sumsubHeaders['x-payload-digest'];
// @ts-expect-error TS2769 not one of Sumsub's algorithms
signWebhook({ provider: 'sumsub', body, secret: 's', algorithm: 'SHA256' });
// @ts-expect-error TS2769 Stripe's signature has no scheme
verifyWebhook({ provider: 'stripe', headers, body, secrets: 's', scheme: 'hmac' });
// @ts-expect-error TS2769 Onfido's signature carries no timestamp
verifyWebhook({ provider: 'onfido', headers, body, secrets: 's', tolerance: 60 });
// @ts-expect-error TS2769 only Sumsub names an algorithm
signWebhook({ provider: 'onfido', body, secret: 's', algorithm: 'HMAC_SHA1_HEX' });
// @ts-expect-error TS2769 only Standard Webhooks takes an id
signWebhook({ provider: 'stripe', body, secret: 's', id: 'msg_1' });
signWebhook({ provider: 'standard-webhooks', body, secret: 'whsec_x', id: 'msg_1', now: new Date() });

// What signWebhook returns is a HeadersLike, so a route test can pass it
// straight back to verifyWebhook; and a plain record of strings.
const veriffHeaders: WebhookHeaders = signWebhook({ body, secret: 's', apiKey: 'k' });
const signature: string = veriffHeaders['x-hmac-signature'];
const contentType: 'application/json' = veriffHeaders['content-type'];
const asRecord: Record<string, string> = veriffHeaders;
const asHeadersLike: HeadersLike = veriffHeaders;
const otherHeaders: SignedWebhookHeaders = signWebhook({ provider: 'persona', body, secret: 's', now: 0 });
const otherAsHeadersLike: HeadersLike = otherHeaders;
const again = verifyWebhook<VeriffDecision>({ headers: signWebhook({ body, secret: 's' }), body, secrets: 's' });
verifyWebhook({ provider: 'idenfy', headers: signWebhook({ provider: 'idenfy', body, secret: 's' }), body, secrets: 's' });
// @ts-expect-error TS2322 header values are strings
const numbers: Record<string, number> = veriffHeaders;

// Bodies: text, bytes or an ArrayBuffer, never a parsed object.
verifyWebhook({ headers, body: new Uint8Array(8), secrets: new Uint8Array(32) });
verifyWebhook({ headers, body: new ArrayBuffer(8), secrets: ['a', new Uint8Array(32)] });
// @ts-expect-error TS2769 a parsed body cannot be verified
verifyWebhook({ headers, body: { status: 'success' }, secrets: 's' });
// @ts-expect-error TS2769 headers are a Headers, a record or IncomingHttpHeaders
verifyWebhook({ headers: [['x-hmac-signature', 'ab']], body, secrets: 's' });

const submit: string = buildSessionBody({ provider: 'veriff', kind: 'submit', frontState: 'done', timestamp: new Date() });
buildSessionBody({ provider: 'veriff', consents: [{ type: 'ine', approved: true }], proofOfAddress: { acceptableTypes: [{ name: 'BANK_STATEMENT' }] } });
// @ts-expect-error TS2345 a consent type Veriff does not list
buildSessionBody({ provider: 'veriff', consents: [{ type: 'gdpr', approved: true }] });

try {
  verifyWebhook({ headers, body, secrets: 's' });
} catch (err) {
  if (err instanceof KycError) {
    const code: KycErrorCode = err.code;
    const conflict: boolean = code === 'KYC_HEADER_CONFLICT';
    seen.push(conflict, err.path);
  }
}

export { approved, wrongStatus, submit, digest, signature, contentType, asRecord, asHeadersLike, otherAsHeadersLike, again, numbers };
