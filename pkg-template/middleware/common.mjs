// What the four webhook middleware share (kyc-sign/express, /fastify, /hono,
// /next): splitting their options from verifyWebhook's, checking the latter
// once when the middleware is made, the errors of a request whose body cannot
// be verified (already parsed, compressed, too large), the bounded read of a
// Web stream and the default answer as a Response. Every check and message of
// a verification is the core's, and every error here is a KycError the core
// made, with its code: no failure leaves without one.
import { verifyWebhook, KycError } from 'kyc-sign';

/** Bodies larger than this (bytes) are refused unless `limit` says otherwise, as express.raw() does. */
const DEFAULT_LIMIT = 1024 * 1024;

/**
 * Calls of verifyWebhook the core refuses with each code the middleware
 * reports itself: the error is the core's (a KycError, of the class the
 * code is thrown as) and is then given the middleware's path and message.
 * Nothing of the caller's options reaches them, so no message holds a secret.
 */
const PROBES = {
  KYC_INVALID_TYPE: () => verifyWebhook(null),
  KYC_UNKNOWN_FIELD: () => verifyWebhook({ provider: 'onfido', secrets: 'x', headers: {}, body: '', unknownField: 1 }),
  KYC_INVALID_VALUE: () => verifyWebhook({ provider: 'onfido', secrets: 'x', headers: {}, body: '', tolerance: 1 }),
  KYC_TOO_LONG: () => verifyWebhook({ provider: 'onfido', secrets: new Array(65).fill('x'), headers: {}, body: '' }),
  KYC_BODY_NOT_RAW: () => verifyWebhook({ provider: 'onfido', secrets: 'x', headers: {}, body: {} }),
};

/**
 * The KycError of `code` (one of PROBES), about `path`, saying `reason`; its
 * message is `path: reason`, as the core's are. `status` is the HTTP status
 * the default answer uses (none for an error about the options).
 */
export function kycError(code, path, reason, status) {
  let error;
  try {
    PROBES[code]();
  } catch (thrown) {
    error = thrown;
  }
  if (!(error instanceof KycError) || error.code !== code) throw error ?? new Error(`kyc-sign: no ${code} from the core`);
  error.message = `${path}: ${reason}`;
  error.path = path;
  if (typeof Error.captureStackTrace === 'function') Error.captureStackTrace(error, kycError);
  if (status !== undefined) error.status = status;
  return error;
}

/**
 * Splits `options` into the middleware's own keys (`own`) and verifyWebhook's
 * (everything else: provider, secrets, apiKey, tolerance, now, …). Those are
 * checked now, by the core, on an empty message: a wrong provider, a missing
 * secret or an unknown option throws here, when the app starts, instead of
 * failing every webhook later. An own `limit`, when given, is checked here
 * too (see byteLimit for its default). Returns the own options and `verify(headers, body)`,
 * the verification of one request.
 */
export function settle(options, own) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    verifyWebhook(options); // the core says what is wrong with it
    throw kycError('KYC_INVALID_TYPE', 'options', `expected an object, got ${describe(options)}`);
  }
  const mine = {};
  const theirs = {};
  for (const key of Object.keys(options)) {
    if (own.includes(key)) mine[key] = options[key];
    else if (key !== 'headers' && key !== 'body') theirs[key] = options[key];
    else throw kycError('KYC_UNKNOWN_FIELD', key, `the middleware reads the request's own ${key}; leave it out of its options`);
  }
  if (mine.onError !== undefined && typeof mine.onError !== 'function') {
    throw kycError('KYC_INVALID_TYPE', 'onError', `expected a function, got ${describe(mine.onError)}`);
  }
  if (mine.limit !== undefined) {
    const limit = mine.limit;
    if (typeof limit !== 'number') throw kycError('KYC_INVALID_TYPE', 'limit', `expected a number of bytes, got ${describe(limit)}`);
    if (!Number.isSafeInteger(limit) || limit < 0) {
      throw kycError('KYC_INVALID_VALUE', 'limit', `expected a whole number of bytes, 0 or more, got ${String(limit)}`);
    }
  }
  try {
    verifyWebhook({ ...theirs, headers: {}, body: '' });
  } catch (error) {
    // A TypeError or RangeError is about the options; a plain Error (no
    // signature header) is what an empty message must give.
    if (error instanceof TypeError || error instanceof RangeError) throw error;
  }
  return { own: mine, verify: (headers, body) => verifyWebhook({ ...theirs, headers, body }) };
}

/** The `limit` of the own options, or the default of 1 MiB, as express.raw() has. */
export function byteLimit(own) {
  return own.limit ?? DEFAULT_LIMIT;
}

/**
 * Runs `verify` and marks a refusal with the HTTP status to answer: 401. An
 * error that is not the library's (a bug) is thrown as it is.
 */
export function check(verify, headers, body) {
  try {
    return { event: verify(headers, body) };
  } catch (error) {
    if (!(error instanceof KycError)) throw error;
    error.status = 401;
    return { error };
  }
}

/**
 * The `KYC_BODY_NOT_RAW` error, made by the core (so it is `instanceof
 * KycError` with its code) and given `message`, which names the framework's
 * way to keep the body raw. Its status is 500: the server is set up wrong,
 * not the sender, and providers retry a 5xx, so no webhook is lost once it
 * is fixed.
 */
export function notRaw(message) {
  return kycError('KYC_BODY_NOT_RAW', 'body', message, 500);
}

/**
 * `KYC_TOO_LONG` with status 413: a body past `limit` bytes, refused before
 * it is verified (and unread past the limit).
 */
export function tooLarge(limit) {
  const error = kycError('KYC_TOO_LONG', 'body', `larger than the limit of ${limit} bytes (the \`limit\` option of the webhook middleware)`, 413);
  error.limit = limit;
  return error;
}

/**
 * The request's Content-Encoding when it is not identity (`gzip`, `br`, …),
 * else undefined. `get` reads a header by its lower-case name.
 */
export function contentEncoding(get) {
  const value = get('content-encoding');
  if (value === undefined || value === null) return undefined;
  const codings = String(value).split(',').map((coding) => coding.trim().toLowerCase()).filter(Boolean);
  return codings.every((coding) => coding === 'identity') ? undefined : String(value).trim();
}

/**
 * `KYC_INVALID_VALUE` with status 415: a compressed body read from the
 * stream, whose bytes are not the ones the provider signed. `inflate` says
 * what would inflate it first, for the message.
 */
export function compressed(encoding, inflate) {
  return kycError(
    'KYC_INVALID_VALUE',
    'headers.content-encoding',
    `the body is sent with Content-Encoding: ${encoding}, and the webhook middleware verifies the bytes it reads ` +
      `without inflating them: the provider signed the uncompressed body. ${inflate}`,
    415,
  );
}

/**
 * Reads a Web ReadableStream (a Request's body) up to `limit` bytes: the
 * bytes, or `null` as soon as more arrive (the stream is then cancelled, not
 * read to its end). A Content-Length past the limit is refused unread.
 */
export function readLimited(stream, limit, declaredLength) {
  return readStream(stream, limit, declaredLength);
}

async function readStream(stream, limit, declaredLength) {
  const declared = declaredLength === null || declaredLength === undefined ? NaN : Number(declaredLength);
  if (declared > limit) {
    stream?.cancel().catch(() => {});
    return null;
  }
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** The default answer's body: the error's code, and nothing else. */
export function answerBody(error) {
  return JSON.stringify({ code: error.code });
}

/** The default refusal as a Response (Hono, Next.js): the error's status and `{ "code": … }`. */
export function answerResponse(error) {
  return new Response(answerBody(error), {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
