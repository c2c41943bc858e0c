// Types for kyc-sign. Hand-written so that every argument is typed precisely
// (wasm-bindgen would say `any` for the values the binding checks itself).

/** A signing secret: a string (hashed as its UTF-8 bytes) or raw key bytes. */
export type Secret = string | Uint8Array;

/** Bytes to sign: a string (hashed as its UTF-8 bytes, never normalised) or raw bytes. */
export type Payload = string | Uint8Array;

/** How FaceVerify's PATH and QUERY are taken from the URL. */
export type UrlMode =
  /** `new URL(u).pathname` and `.searchParams.toString()`, read with this runtime's own `URL`: the provider's Node sample. The default. */
  | 'whatwg'
  /** The text as written, as Python's `urlparse(u).path` / `.query`: the provider's Python and PHP samples. */
  | 'raw';

/** Stable `code` values of the errors kyc-sign throws. */
export type KycErrorCode =
  | 'KYC_INVALID_TYPE'
  | 'KYC_MISSING_FIELD'
  | 'KYC_UNKNOWN_FIELD'
  | 'KYC_NULL_FIELD'
  | 'KYC_INVALID_VALUE'
  | 'KYC_INVALID_URL'
  | 'KYC_INVALID_DATE'
  | 'KYC_INVALID_TIMESTAMP'
  | 'KYC_INVALID_COUNTRY'
  | 'KYC_INVALID_UUID'
  | 'KYC_TOO_LONG'
  | 'KYC_LONE_SURROGATE'
  | 'KYC_INVALID_METHOD'
  | 'KYC_UNKNOWN_PROVIDER'
  | 'KYC_UNSIGNABLE_REQUEST'
  | 'KYC_BODY_NOT_RAW'
  | 'KYC_SIGNATURE_MISSING'
  | 'KYC_SIGNATURE_MISMATCH'
  | 'KYC_AUTH_CLIENT_MISMATCH'
  | 'KYC_INVALID_JSON'
  | 'KYC_EMPTY'
  | 'KYC_SIGNER_FREED'
  | 'KYC_HEADER_CONFLICT'
  | 'KYC_TIMESTAMP_OUT_OF_TOLERANCE'
  | 'KYC_UNSUPPORTED_ALGORITHM';

/**
 * Every error kyc-sign throws is `instanceof KycError`. It is also a
 * `TypeError` (wrong type or shape: a {@link KycTypeError}), a `RangeError`
 * (right type, value not allowed: a {@link KycRangeError}) or, for a webhook
 * that fails verification and a freed signer, a plain `Error`.
 */
export declare class KycError extends Error {
  /** Stable and safe to `switch` on. */
  readonly code: KycErrorCode;
  /** The argument name or field path the error is about, e.g. `person.dateOfBirth`. */
  readonly path: string;
}

/** A kyc-sign error about an argument's type or shape: `instanceof TypeError` and `instanceof KycError`. */
export declare class KycTypeError extends TypeError {
  readonly code: KycErrorCode;
  readonly path: string;
}

/** A kyc-sign error about a value outside what is allowed: `instanceof RangeError` and `instanceof KycError`. */
export declare class KycRangeError extends RangeError {
  readonly code: KycErrorCode;
  readonly path: string;
}

/**
 * Veriff legacy `X-SIGNATURE`: lowercase hex SHA-256 of the payload bytes
 * followed by the secret bytes. A plain object is `JSON.stringify`d first, as
 * Veriff's sample does; prefer passing the exact string you send.
 */
export function generateSignature(payload: Payload | Record<string, unknown>, secret: Secret): string;

/** Veriff `X-HMAC-SIGNATURE`: lowercase hex HMAC-SHA256(secret, payload). */
export function generateHmacSignature(payload: Payload, secret: Secret): string;

/** Options of {@link generateHmac} and {@link canonicalString}. */
export interface FaceVerifyOptions {
  /** Default `'whatwg'`. */
  urlMode?: UrlMode;
}

/**
 * FaceVerify `x-hmac-signature`: lowercase hex HMAC-SHA256 of
 * `METHOD\nPATH\nQUERY\nAPIKEY\nCONTENT-TYPE\nBODY`. Same positional arguments
 * as the provider's Node sample; the method is upper-cased.
 */
export function generateHmac(
  httpMethod: string,
  url: string,
  body: Payload,
  contentType: string,
  xAuthClient: string,
  secretKey: Secret,
  options?: FaceVerifyOptions | null,
): string;

/**
 * The exact string {@link generateHmac} signs, for debugging a mismatch. Body
 * bytes that are not UTF-8 show as U+FFFD here (the signature covers the real bytes).
 */
export function canonicalString(
  httpMethod: string,
  url: string,
  body: Payload,
  contentType: string,
  xAuthClient: string,
  options?: FaceVerifyOptions | null,
): string;

/** A person, as Veriff's session request describes one. Every field is optional. */
export interface VeriffPerson {
  firstName?: string;
  lastName?: string;
  idNumber?: string;
  phoneNumber?: string;
  gender?: 'M' | 'F';
  /** A real date, `YYYY-MM-DD`. */
  dateOfBirth?: string;
  email?: string;
  maritalStatus?: 'single' | 'married' | 'divorced' | 'widowed';
  isDeceased?: boolean;
}

/** An identity document. */
export interface VeriffDocument {
  /** ASCII letters and digits only. */
  number?: string;
  type?: 'PASSPORT' | 'ID_CARD' | 'RESIDENCE_PERMIT' | 'DRIVERS_LICENSE' | 'VISA' | 'OTHER';
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
  idCardType?: string;
  /** A real date, `YYYY-MM-DD`. */
  firstIssue?: string;
}

/** Fields of a Veriff `POST /v1/sessions` body, serialised in this order. */
export interface VeriffSessionOptions {
  provider: 'veriff';
  /** Absolute http(s) URL the user returns to. */
  callback?: string;
  person?: VeriffPerson;
  document?: VeriffDocument;
  address?: { fullAddress?: string };
  /** The documents accepted as proof of address (when enabled for the integration), e.g. `{ acceptableTypes: [{ name: 'BANK_STATEMENT' }] }`. */
  proofOfAddress?: { acceptableTypes: Array<{ name: string }> };
  /** At most 1000 characters (Unicode code points). */
  vendorData?: string;
  /** A UUID. */
  endUserId?: string;
  /** Consents some features need, e.g. `[{ type: 'ine', approved: true }]`. */
  consents?: Array<{ type: 'ine' | 'bipa' | 'aadhaar'; approved: boolean }>;
  /** Language tag such as `en` or `pt-BR`. */
  lang?: string;
  features?: string[];
  /** ISO-8601 string (kept as given) or a Date (`toISOString()`); default: now. */
  timestamp?: string | Date;
}

/** Fields of a FaceVerify `POST /api/v1/session` body, serialised in this order. */
export interface FaceVerifySessionOptions {
  provider: 'faceverify';
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
  uniqueIdentifier?: string;
}

/** Fields of a Veriff `PATCH /v1/sessions/{id}` body: `{"verification":{"status":"submitted"}}`. */
export interface VeriffSubmitOptions {
  provider: 'veriff';
  kind: 'submit';
  /** Sent by Veriff's own integration demo as `'done'`; written before `status` when given. */
  frontState?: string;
  /** ISO-8601 date-time, or a `Date`; written after `status` when given. */
  timestamp?: string | Date;
}

/** Fields of a Veriff `POST /v1/sessions/{id}/media` body: `{"image":{"context","content","timestamp"}}`. */
export interface VeriffMediaOptions {
  provider: 'veriff';
  kind: 'media';
  /** Lower-case words joined by hyphens, e.g. `'document-front'`, `'face'`. */
  context: string;
  /** Standard padded base64 (optionally a `data:<type>;base64,` URI), kept as given; or bytes, encoded here. */
  content: string | Uint8Array;
  /** ISO-8601 string (kept as given) or a Date; default: now. */
  timestamp?: string | Date;
}

/** Everything {@link buildSessionBody} can build. `kind` defaults to `'session'`. */
export type BodyOptions =
  | (VeriffSessionOptions & { kind?: 'session' })
  | (FaceVerifySessionOptions & { kind?: 'session' })
  | VeriffSubmitOptions
  | VeriffMediaOptions;

/**
 * The JSON body of a request: byte-identical to `JSON.stringify` of the same
 * fields in the documented order. Unknown keys, `null` values and malformed
 * fields are refused with an error naming the field.
 */
export function buildSessionBody(options: BodyOptions): string;

/** The providers whose requests kyc-sign signs. */
export type RequestProvider = 'veriff' | 'faceverify' | 'sumsub';

/**
 * What every {@link signRequest} takes. `B` is the type of `body`, handed back
 * unchanged in {@link SignedRequest}: a string, or the very `Uint8Array` type
 * you passed (in TypeScript 5.7 and later, `Uint8Array<ArrayBuffer>` from
 * `TextEncoder` or `new Uint8Array(n)` is a `fetch` body; a
 * `Uint8Array<ArrayBufferLike>`, which may view a `SharedArrayBuffer`, is not).
 */
export interface SignRequestInput<B extends Payload = Payload> {
  /** Upper-cased before signing and sending. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** The exact bytes to send: returned unchanged as `body`. Omit for GET. */
  body?: B;
  apiKey: string;
  secret: Secret;
  /** Default `'application/json'`. */
  contentType?: string;
}

/** {@link signRequest} for Veriff: `X-AUTH-CLIENT` and `X-HMAC-SIGNATURE` (or `X-SIGNATURE`). */
export interface VeriffSignRequestOptions<B extends Payload = Payload> extends SignRequestInput<B> {
  provider: 'veriff';
  /** `'hmac'` (`X-HMAC-SIGNATURE`, default) or `'legacy'` (`X-SIGNATURE`). */
  scheme?: 'hmac' | 'legacy';
}

/** {@link signRequest} for FaceVerify: `x-auth-client` and `x-hmac-signature`. */
export interface FaceVerifySignRequestOptions<B extends Payload = Payload> extends SignRequestInput<B> {
  provider: 'faceverify';
  /** Default `'whatwg'`. */
  urlMode?: UrlMode;
}

/** {@link signRequest} for Sumsub: `apiKey` is its app token (`X-App-Token`). */
export interface SumsubSignRequestOptions<B extends Payload = Payload> extends SignRequestInput<B> {
  provider: 'sumsub';
  /** The time `X-App-Access-Ts` carries (whole seconds, rounded down); default: the clock. */
  now?: Date | number;
}

/**
 * Options of {@link signRequest}, one shape per `provider`: an option of
 * another provider (`urlMode` for Veriff, `scheme` for FaceVerify, `now` for
 * either) is a type error here and `KYC_INVALID_VALUE` at run time.
 */
export type SignRequestOptions<B extends Payload = Payload> =
  | VeriffSignRequestOptions<B>
  | FaceVerifySignRequestOptions<B>
  | SumsubSignRequestOptions<B>;

/**
 * A signed request, ready for `fetch(request.url, request)`, `new
 * Request(request.url, request)` or `new Headers(request.headers)`.
 */
export interface SignedRequest<B extends Payload = Payload> {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The very value that was signed; absent when no body was given. */
  body?: B;
}

/**
 * Signs a request. For Veriff the signed message is the body for
 * POST/PUT/PATCH and the id in the path for GET/DELETE; for Sumsub it is the
 * timestamp, the method, the path and query as `fetch` sends them and the
 * body bytes (`Content-Type` is sent only with a body).
 */
export function signRequest<B extends Payload = never>(options: SignRequestOptions<B>): SignedRequest<B>;

/** {@link createSigner} for Veriff. */
export interface VeriffSignerOptions {
  provider: 'veriff';
  apiKey: string;
  secret: Secret;
  /** Default `'hmac'`. */
  scheme?: 'hmac' | 'legacy';
}

/** {@link createSigner} for FaceVerify. */
export interface FaceVerifySignerOptions {
  provider: 'faceverify';
  apiKey: string;
  secret: Secret;
  /** Default `'whatwg'`. */
  urlMode?: UrlMode;
}

/** {@link createSigner} for Sumsub: `apiKey` is its app token. */
export interface SumsubSignerOptions {
  provider: 'sumsub';
  apiKey: string;
  secret: Secret;
}

/** Options of {@link createSigner}: the credentials part of {@link SignRequestOptions}, one shape per `provider`. */
export type SignerOptions = VeriffSignerOptions | FaceVerifySignerOptions | SumsubSignerOptions;

/** The request part of {@link SignRequestOptions}, for a signer of provider `P`. */
export type SignerRequest<P extends RequestProvider = RequestProvider, B extends Payload = Payload> = P extends 'sumsub'
  ? {
      method: string;
      url: string;
      body?: B;
      /** Default `'application/json'`. */
      contentType?: string;
      /** The time to sign at; default: the clock. */
      now?: Date | number;
    }
  : {
      method: string;
      url: string;
      body?: B;
      /** Default `'application/json'`. */
      contentType?: string;
    };

/**
 * Credentials with the HMAC key computed once. The key lives in WebAssembly
 * memory until `free()` (or `using` / `[Symbol.dispose]()`); a signer that is
 * garbage collected without `free()` is released by a FinalizationRegistry.
 */
export interface Signer<P extends RequestProvider = RequestProvider> {
  /** Same result as {@link signRequest} with this signer's credentials. */
  sign<B extends Payload = never>(request: SignerRequest<P, B>): SignedRequest<B>;
  /** Hex HMAC-SHA256 of `payload` with this signer's secret (Veriff `X-HMAC-SIGNATURE`). */
  hmac(payload: Payload): string;
  /**
   * Wipes and releases the key; later calls throw `KYC_SIGNER_FREED`. Calling
   * it again does nothing. The object also has `[Symbol.dispose]` (the same
   * function) where the runtime knows `Symbol.dispose`, for `using`; it is
   * not declared here, so that these types compile with `lib: es2022`.
   */
  free(): void;
}

/** A reusable signer: the fastest way to sign many requests with one secret. */
export function createSigner(options: VeriffSignerOptions): Signer<'veriff'>;
export function createSigner(options: FaceVerifySignerOptions): Signer<'faceverify'>;
export function createSigner(options: SumsubSignerOptions): Signer<'sumsub'>;
export function createSigner(options: SignerOptions): Signer;

/** Options of {@link verifySignature}. */
export interface VerifySignatureOptions {
  /** The raw bytes received. A parsed object is refused (`KYC_BODY_NOT_RAW`). */
  payload: Payload | ArrayBuffer;
  /** The header value: 64 hex digits, either case; surrounding spaces/tabs are ignored. Anything else is `false`. */
  signature: string | null | undefined;
  /** One secret, or several during a key rotation (valid if any matches). */
  secrets: Secret | Secret[];
  /** `'hmac'` (`X-HMAC-SIGNATURE`, default) or `'legacy'` (`X-SIGNATURE`). */
  scheme?: 'hmac' | 'legacy';
}

/** Whether `signature` is the full signature of `payload`; compared in constant time. */
export function verifySignature(options: VerifySignatureOptions): boolean;

/** Request headers as a `Headers` instance, a plain object or Node's `IncomingHttpHeaders`. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>;

/** `verification.status` of a Veriff decision. */
export type VeriffDecisionStatus = 'approved' | 'declined' | 'resubmission_requested' | 'expired' | 'abandoned' | 'review';

/**
 * The decision webhook Veriff posts when a session is decided (and the body
 * of `GET /v1/sessions/{id}/decision`), as Veriff documents it. Fields Veriff
 * marks optional or leaves out for some solutions are optional here.
 * Key on `verification.status`: Veriff's tables disagree on codes 9104 and 9121.
 */
export interface VeriffDecision {
  status: 'success' | 'fail';
  verification: {
    /** The session id. */
    id: string;
    attemptId?: string;
    vendorData: string | null;
    endUserId?: string | null;
    status: VeriffDecisionStatus;
    /** 9001 approved, 9102 declined, 9103 resubmission requested, 9104 / 9121 expired or abandoned. */
    code: number;
    reason: string | null;
    reasonCode: number | null;
    decisionTime: string | null;
    acceptanceTime: string;
    person?: {
      firstName?: string | null;
      lastName?: string | null;
      dateOfBirth?: string | null;
      idNumber?: string | null;
      gender?: string | null;
      nationality?: string | null;
      placeOfBirth?: string | null;
      [field: string]: unknown;
    } | null;
    document?: {
      number?: string | null;
      type?: 'PASSPORT' | 'ID_CARD' | 'RESIDENCE_PERMIT' | 'DRIVERS_LICENSE' | 'VISA' | 'OTHER' | null;
      country?: string | null;
      validFrom?: string | null;
      validUntil?: string | null;
      [field: string]: unknown;
    } | null;
    additionalVerifiedData?: Record<string, unknown> | null;
    riskLabels?: Array<{ label: string; category: string; sessionIds?: string[] }>;
    [field: string]: unknown;
  };
  technicalData?: { ip: string | null };
}

/** The event webhook Veriff posts as a session moves: `started` (7001), `submitted` (7002). */
export interface VeriffEvent {
  /** The session id. */
  id: string;
  attemptId?: string;
  feature: string;
  code: number;
  action: 'started' | 'submitted' | (string & {});
  vendorData: string | null;
  endUserId?: string | null;
}

/** Either of Veriff's webhooks: a decision has `verification`, an event has `action`. */
export type VeriffWebhook = VeriffDecision | VeriffEvent;

/** The providers whose webhooks kyc-sign verifies and signs. */
export type WebhookProvider =
  | 'veriff'
  | 'sumsub'
  | 'onfido'
  | 'complycube'
  | 'idenfy'
  | 'stripe'
  | 'persona'
  | 'standard-webhooks';

/** What every webhook verification takes. */
export interface WebhookInput {
  headers: HeadersLike;
  /** The raw request body exactly as received (not a parsed object). */
  body: Payload | ArrayBuffer;
  /** One secret, or several during a rotation (valid if any matches). */
  secrets: Secret | Secret[];
}

/** Options of {@link verifyWebhook} for Veriff, the default provider. */
export interface VeriffWebhookOptions extends WebhookInput {
  provider?: 'veriff';
  /** When given, `X-AUTH-CLIENT` (or `vrf-auth-client`) must equal it (`KYC_AUTH_CLIENT_MISMATCH`). */
  apiKey?: string;
  /** When given, `vrf-integration-id` must equal it (`KYC_AUTH_CLIENT_MISMATCH`). */
  integrationId?: string;
  /** `'legacy'` to verify Veriff's older `X-SIGNATURE` (SHA-256 of body and secret) instead of `X-HMAC-SIGNATURE`. */
  scheme?: 'hmac' | 'legacy';
}

/** Options of {@link verifyWebhook} for the providers whose signature carries a timestamp. */
export interface TimestampedWebhookOptions extends WebhookInput {
  provider: 'stripe' | 'persona' | 'standard-webhooks';
  /** The receiver's time; default: the clock. */
  now?: Date | number;
  /** How far the signed timestamp may be from `now`, in seconds; default 300. Stripe refuses only old ones, as its own verifier does. */
  tolerance?: number;
}

/** Options of {@link verifyWebhook} for the providers that sign the raw body alone. */
export interface BodyWebhookOptions extends WebhookInput {
  provider: 'sumsub' | 'onfido' | 'complycube' | 'idenfy';
}

/** Options of {@link verifyWebhook}: each provider takes its own (others are refused at run time too). */
export type VerifyWebhookOptions = VeriffWebhookOptions | TimestampedWebhookOptions | BodyWebhookOptions;

/** Options of {@link verifyResponse}: Veriff's, without `scheme` (responses carry an HMAC). */
export type VerifyResponseOptions = Omit<VeriffWebhookOptions, 'scheme'>;

/**
 * Verifies a webhook's signature over the raw body, for one of `secrets`, and
 * returns the parsed JSON. Throws `KYC_SIGNATURE_MISSING`,
 * `KYC_SIGNATURE_MISMATCH` (the message says the likely cause),
 * `KYC_TIMESTAMP_OUT_OF_TOLERANCE`, `KYC_UNSUPPORTED_ALGORITHM` (Sumsub),
 * `KYC_BODY_NOT_RAW`, `KYC_INVALID_JSON`.
 */
export function verifyWebhook<T = VeriffWebhook>(options: VeriffWebhookOptions): T;
export function verifyWebhook<T = unknown>(options: VerifyWebhookOptions): T;

/**
 * The parsed JSON of a Veriff API response whose `X-HMAC-SIGNATURE` (or
 * `vrf-hmac-signature`) matches its raw body for one of `secrets`: check it
 * before trusting `verification.url`. `body` is the raw text or bytes
 * (`await response.text()`); `headers` may be `response.headers`.
 */
export function verifyResponse<T = unknown>(options: VerifyResponseOptions): T;

/**
 * Headers as {@link signWebhook} returns them: lower-case names, string
 * values, `content-type` first. A plain object, so it is a `HeadersInit` (for
 * `fetch`, `new Request()` and `new Headers()`), Node's
 * `OutgoingHttpHeaders` and a {@link HeadersLike} for {@link verifyWebhook}.
 */
export type SignedWebhookHeaders = Record<string, string> & { 'content-type': 'application/json' };

/**
 * Headers Veriff would send with a webhook body: for testing your own handlers.
 * `x-auth-client` is there when `apiKey` was given.
 */
export type WebhookHeaders = SignedWebhookHeaders & { 'x-hmac-signature': string };

/** Options of {@link signWebhook}: the body and secret, and what the provider's signature takes. */
export type SignWebhookOptions = { body: Payload; secret: Secret } & (
  | { provider?: 'veriff'; /** Sent as `x-auth-client`. */ apiKey?: string }
  | { provider: 'sumsub'; /** `X-Payload-Digest-Alg`; default `'HMAC_SHA256_HEX'`. */ algorithm?: 'HMAC_SHA1_HEX' | 'HMAC_SHA256_HEX' | 'HMAC_SHA512_HEX' }
  | { provider: 'stripe' | 'persona'; /** The time to sign at; default: the clock. */ now?: Date | number }
  | {
      provider: 'standard-webhooks';
      /** The time to sign at; default: the clock. */
      now?: Date | number;
      /** The `webhook-id`; default: derived from the body's SHA-256. */
      id?: string;
    }
  | { provider: 'onfido' | 'complycube' | 'idenfy' }
);

/**
 * The headers the provider would send with a webhook of `body` (lower-case
 * names, `content-type` first): to test your own webhook routes.
 */
export function signWebhook(options: { provider?: 'veriff'; body: Payload; secret: Secret; apiKey?: string }): WebhookHeaders;
export function signWebhook(options: SignWebhookOptions): SignedWebhookHeaders;

/** Options of {@link explainRequest}: a request as {@link signRequest} takes it, the secret and a signature optional. */
export interface ExplainRequestOptions {
  provider: RequestProvider;
  /** Upper-cased, as signing does. */
  method: string;
  /** Absolute URL. */
  url: string;
  /** The exact bytes sent. Omit for GET. */
  body?: Payload;
  /** FaceVerify signs it, so it is required there; Veriff and Sumsub sign none. */
  apiKey?: string;
  /** With it, the answer has the `signature` this request is signed with. */
  secret?: Secret;
  /** Default `'application/json'`. */
  contentType?: string;
  /** Veriff only. Default `'hmac'`. */
  scheme?: 'hmac' | 'legacy';
  /** FaceVerify only. Default `'whatwg'`. */
  urlMode?: UrlMode;
  /** Sumsub only: the time signed at (`X-App-Access-Ts` × 1000, or a `Date`); default: the clock. */
  now?: Date | number;
  /** A signature received or computed elsewhere (64 hex digits) to check against `secret`. */
  signature?: string;
}

/** What a request signs and, with a secret and a signature, why they do or do not match. */
export interface RequestExplanation {
  /** The header the signature is sent in: `'X-HMAC-SIGNATURE'`, `'x-hmac-signature'`, `'X-App-Access-Sig'`, … */
  header: string;
  /** What the message is: `'the raw body'`, `'the id in the path'`, `'the canonical string …'`, `'the string-to-sign …'`. */
  label: string;
  /** Exactly the text signed (bytes that are not UTF-8 appear as U+FFFD; the signature covers the real bytes). */
  message: string;
  /** With `secret`: the signature of `message`, lowercase hex. */
  signature?: string;
  /** With `signature`: whether it is the signature of this request with `secret`. */
  matches?: boolean;
  /**
   * With `signature`, when it does not match: each single change that would
   * make it match (the method in lower case, the other `urlMode`, a final
   * newline in the body, whitespace around the secret, …), in words. Empty
   * when none of the usual differences explains it.
   */
  differences?: string[];
}

/**
 * Shows exactly what {@link signRequest} would sign for this request (the
 * same checks, the same message) and, given `secret` and `signature`, says
 * whether they match and what differs when they do not.
 */
export function explainRequest(options: ExplainRequestOptions): RequestExplanation;

/**
 * Resolves when the module is ready. Both entries are ready once imported
 * (Node compiles the wasm synchronously, the browser entry awaits it at top
 * level); this exists so shared code can await it unconditionally.
 */
export function init(): Promise<void>;
