// Type tests of the request-signing API: options are typed per provider, so
// an option of another provider is a compile error (and KYC_INVALID_VALUE at
// run time). Compiled by tests/types/run.mjs in every configuration, `lib:
// ["es2022"]` alone included. Each `// @ts-expect-error TSnnnn` line must fail
// to compile with one of those codes on the line below it.
import {
  buildSessionBody,
  canonicalString,
  createSigner,
  generateHmac,
  generateHmacSignature,
  generateSignature,
  init,
  signRequest,
  verifySignature,
  KycRangeError,
  KycTypeError,
  type Payload,
  type SignedRequest,
  type SignRequestOptions,
  type Signer,
  type SignerOptions,
} from 'kyc-sign';

declare const secret: string;
declare const bytes: Uint8Array;
const url = 'https://stationapi.veriff.com/v1/sessions';
const body = buildSessionBody({ provider: 'veriff', vendorData: 'user-42' });

// The body comes back as the very type that went in.
const veriff = signRequest({ provider: 'veriff', method: 'POST', url, body, apiKey: 'k', secret, scheme: 'legacy' });
const sameBody: string | undefined = veriff.body;
const headerValue: string | undefined = veriff.headers['X-HMAC-SIGNATURE'];
const binary = signRequest({ provider: 'faceverify', method: 'POST', url, body: bytes, apiKey: 'k', secret, urlMode: 'raw' });
const binaryBody: Uint8Array | undefined = binary.body;
// @ts-expect-error TS2322 a Uint8Array body does not come back as a string
const notText: string | undefined = binary.body;
const get = signRequest({ provider: 'sumsub', method: 'GET', url, apiKey: 'k', secret: bytes, now: new Date() });
const general: SignedRequest = get;

// An option of another provider.
// @ts-expect-error TS2353 urlMode is FaceVerify's: Veriff signs no URL
signRequest({ provider: 'veriff', method: 'POST', url, body, apiKey: 'k', secret, urlMode: 'raw' });
// @ts-expect-error TS2353 scheme is Veriff's: FaceVerify has one scheme
signRequest({ provider: 'faceverify', method: 'POST', url, body, apiKey: 'k', secret, scheme: 'hmac' });
// @ts-expect-error TS2353 only Sumsub signs a timestamp
signRequest({ provider: 'veriff', method: 'POST', url, body, apiKey: 'k', secret, now: 0 });
// @ts-expect-error TS2353 Sumsub has neither
signRequest({ provider: 'sumsub', method: 'GET', url, apiKey: 'k', secret, scheme: 'hmac' });
// @ts-expect-error TS2322 not a provider kyc-sign signs requests for
signRequest({ provider: 'onfido', method: 'GET', url, apiKey: 'k', secret });
// @ts-expect-error TS2322 not a Veriff scheme
signRequest({ provider: 'veriff', method: 'GET', url, apiKey: 'k', secret, scheme: 'sha256' });
// @ts-expect-error TS2345 apiKey is required
signRequest({ provider: 'veriff', method: 'GET', url, secret });

// A provider known only at run time still type-checks against the union.
declare const options: SignRequestOptions;
const any: SignedRequest<Payload> = signRequest(options);

// Signers: the same per-provider options, and `now` for Sumsub's only.
const signer: Signer<'veriff'> = createSigner({ provider: 'veriff', apiKey: 'k', secret, scheme: 'hmac' });
const signed = signer.sign({ method: 'POST', url, body });
const signedBody: string | undefined = signed.body;
// @ts-expect-error TS2353 Veriff signs no timestamp
signer.sign({ method: 'POST', url, body, now: 0 });
const sumsub = createSigner({ provider: 'sumsub', apiKey: 'k', secret });
sumsub.sign({ method: 'GET', url, now: Date.now() });
// @ts-expect-error TS2769 urlMode is FaceVerify's
createSigner({ provider: 'veriff', apiKey: 'k', secret, urlMode: 'raw' });
// @ts-expect-error TS2769 scheme is Veriff's
createSigner({ provider: 'faceverify', apiKey: 'k', secret, scheme: 'legacy' });
createSigner({ provider: 'faceverify', apiKey: 'k', secret, urlMode: 'whatwg' }).free();
declare const signerOptions: SignerOptions;
const someSigner: Signer = createSigner(signerOptions);
someSigner.sign({ method: 'GET', url });
const mac: string = signer.hmac(bytes);

// The positional functions.
const legacy: string = generateSignature({ any: 'object' }, secret);
const hmac: string = generateHmacSignature(bytes, 'secret');
const fv: string = generateHmac('POST', url, '', 'application/json', 'key', secret, { urlMode: 'raw' });
const canonical: string = canonicalString('POST', url, bytes, 'application/json', 'key', null);
// @ts-expect-error TS2322 the URL modes are whatwg and raw
canonicalString('POST', url, '', 'application/json', 'key', { urlMode: 'python' });
const valid: boolean = verifySignature({ payload: new ArrayBuffer(0), signature: null, secrets: [secret], scheme: 'legacy' });

// Session bodies: each kind its own fields.
buildSessionBody({ provider: 'faceverify', country: 'US', uniqueIdentifier: 'user-42' });
buildSessionBody({ provider: 'veriff', kind: 'media', context: 'document-front', content: bytes });
// @ts-expect-error TS2353 FaceVerify's session has no person
buildSessionBody({ provider: 'faceverify', person: { firstName: 'John' } });
// @ts-expect-error TS2345 not one of Veriff's document types
buildSessionBody({ provider: 'veriff', document: { type: 'LIBRARY_CARD' } });

const ready: Promise<void> = init();
declare const caught: unknown;
const errors: Array<TypeError | RangeError> = caught instanceof KycTypeError || caught instanceof KycRangeError ? [caught] : [];

export { sameBody, headerValue, binaryBody, notText, general, any, signedBody, mac, legacy, hmac, fv, canonical, valid, ready, errors };
