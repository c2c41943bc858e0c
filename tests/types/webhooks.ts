// Type tests: compiled by `tsc -p tests/types` in `make test`. A line
// marked as an expected error must fail to compile, or tsc fails.
import { verifyWebhook, verifyResponse, signWebhook, signRequest, buildSessionBody, KycError, type VeriffDecision, type VeriffEvent, type KycErrorCode } from 'kyc-sign';

declare const headers: Record<string, string>;
declare const body: string;

const decision = verifyWebhook<VeriffDecision>({ headers, body, secrets: 's' });
const approved: boolean = decision.verification.status === 'approved' && decision.verification.code === 9001;
// @ts-expect-error not a status Veriff sends
const wrongStatus: boolean = decision.verification.status === 'accepted';

const webhook = verifyWebhook({ headers, body, secrets: ['old', 'new'], integrationId: 'int-1' });
if ('action' in webhook) {
  const event: VeriffEvent = webhook;
  console.log(event.action, event.code);
} else {
  console.log(webhook.verification.status);
}

// @ts-expect-error responses carry an HMAC: no scheme option
verifyResponse({ headers, body, secrets: 's', scheme: 'legacy' });
// @ts-expect-error provider is Veriff's
verifyWebhook({ provider: 'faceverify', headers, body, secrets: 's' });

// Other providers' webhooks are `unknown` until the caller names their type.
const stripeEvent = verifyWebhook({ provider: 'stripe', headers, body, secrets: 'whsec_x', now: new Date(), tolerance: 60 });
// @ts-expect-error unknown: narrow it before use
console.log(stripeEvent.type);
const sumsubHeaders = signWebhook({ provider: 'sumsub', body, secret: 's', algorithm: 'HMAC_SHA512_HEX' });
const digest: string | undefined = sumsubHeaders['x-payload-digest'];
// @ts-expect-error not one of Sumsub's algorithms
signWebhook({ provider: 'sumsub', body, secret: 's', algorithm: 'SHA256' });
const sumsubRequest = signRequest({ provider: 'sumsub', method: 'GET', url: 'https://api.sumsub.com/resources/status', apiKey: 't', secret: 's', now: Date.now() });
// @ts-expect-error Stripe's signature has no scheme
verifyWebhook({ provider: 'stripe', headers, body, secrets: 's', scheme: 'hmac' });
// @ts-expect-error Onfido's signature carries no timestamp
verifyWebhook({ provider: 'onfido', headers, body, secrets: 's', tolerance: 60 });
// @ts-expect-error only Sumsub names an algorithm
signWebhook({ provider: 'onfido', body, secret: 's', algorithm: 'HMAC_SHA1_HEX' });
signWebhook({ provider: 'standard-webhooks', body, secret: 'whsec_x', id: 'msg_1', now: new Date() });
// @ts-expect-error not a provider kyc-sign signs requests for
signRequest({ provider: 'onfido', method: 'GET', url: 'https://api.onfido.com/v3.6/checks', apiKey: 't', secret: 's' });

const submit: string = buildSessionBody({ provider: 'veriff', kind: 'submit', frontState: 'done', timestamp: new Date() });
buildSessionBody({ provider: 'veriff', consents: [{ type: 'ine', approved: true }], proofOfAddress: { acceptableTypes: [{ name: 'BANK_STATEMENT' }] } });
// @ts-expect-error a consent type Veriff does not list
buildSessionBody({ provider: 'veriff', consents: [{ type: 'gdpr', approved: true }] });

try {
  verifyWebhook({ headers, body, secrets: 's' });
} catch (err) {
  if (err instanceof KycError) {
    const code: KycErrorCode = err.code;
    const conflict: boolean = code === 'KYC_HEADER_CONFLICT';
    console.log(conflict, err.path);
  }
}

export { approved, wrongStatus, submit, digest, sumsubRequest };
