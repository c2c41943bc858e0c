// The package's results with the platform's fetch API: compiled by
// tests/types/run.mjs wherever `fetch`, `Request`, `Headers` and `Response`
// are declared (lib "dom", or @types/node). Since TypeScript 5.7 a
// `Uint8Array` is `Uint8Array<ArrayBufferLike>`, which is not a `BodyInit`:
// a signed request's body keeps the type that was passed in, so a string or
// the `Uint8Array<ArrayBuffer>` of `TextEncoder` stays a valid body.
import { createSigner, signRequest, signWebhook, verifyResponse, verifyWebhook, type HeadersLike, type VeriffDecision } from 'kyc-sign';

declare const secret: string;
const url = 'https://stationapi.veriff.com/v1/sessions';
const body = '{"verification":{}}';

// The README's quick start: fetch(request.url, request).
const request = signRequest({ provider: 'veriff', method: 'POST', url, body, apiKey: 'k', secret });
const response: Response = await fetch(request.url, request);
const init: RequestInit = request;
const asRequest = new Request(request.url, request);
const headers = new Headers(request.headers);

// Bytes from TextEncoder.
const encoded = signRequest({ provider: 'faceverify', method: 'POST', url, body: new TextEncoder().encode(body), apiKey: 'k', secret });
await fetch(encoded.url, encoded);
// A GET without a body.
const sumsub = signRequest({ provider: 'sumsub', method: 'GET', url, apiKey: 'k', secret });
await fetch(sumsub.url, { method: sumsub.method, headers: sumsub.headers });
await fetch(sumsub.url, sumsub);
// A signer's result, the same.
const signer = createSigner({ provider: 'veriff', apiKey: 'k', secret });
const signed = signer.sign({ method: 'POST', url, body });
await fetch(signed.url, signed);

// signWebhook's headers are a HeadersInit, as the README's route tests use them.
const webhookHeaders = signWebhook({ body, secret });
await fetch(url, { method: 'POST', headers: webhookHeaders, body });
const webhookRequest = new Request(url, { method: 'POST', headers: signWebhook({ provider: 'stripe', body, secret }), body });
const fromHeaders = new Headers(signWebhook({ provider: 'sumsub', body, secret, algorithm: 'HMAC_SHA256_HEX' }));
// HeadersInit, as DOM's lib and @types/node (undici) each declare it.
const headersInit: NonNullable<RequestInit['headers']> = webhookHeaders;

// Headers from the platform are a HeadersLike.
const fromResponse: HeadersLike = response.headers;
const fromPlatform: HeadersLike = fromHeaders;
const decision = verifyWebhook<VeriffDecision>({ headers: webhookRequest.headers, body: await webhookRequest.text(), secrets: secret });
const checked = verifyResponse<{ verification: { url: string } }>({ provider: 'veriff', headers: response.headers, body: await response.arrayBuffer(), secrets: secret });
// @ts-expect-error TS2769 a Response is not its body
verifyWebhook({ headers: response.headers, body: response, secrets: secret });

export { init, asRequest, headers, headersInit, fromResponse, fromPlatform, decision, checked };
