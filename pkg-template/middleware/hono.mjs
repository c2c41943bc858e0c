// kyc-sign/hono: verifyWebhooks(options) is a Hono middleware that reads the
// raw bytes (the request's body stream, up to `limit` bytes), verifies them
// with verifyWebhook and sets the parsed event as c.get('kyc'). A refusal
// answers 401 { code } unless options.onError(error, c) returns a Response.
// Web APIs only, as Hono: it runs on Workers, Bun, Deno and Node.
import { answerResponse, byteLimit, check, compressed, contentEncoding, notRaw, readLimited, settle, tooLarge } from './common.mjs';

const NOT_RAW =
  'the body was already read as parsed data (c.req.formData(), or c.req.json() in a Hono that caches the ' +
  'parsed JSON) before verifyWebhooks, and Hono would hand back a re-serialised copy, not the bytes the provider signed. Put ' +
  'verifyWebhooks before any validator or body parsing on this route: it reads the body itself';

const CONSUMED =
  "the request body stream was already read outside Hono's body cache (c.req.raw.json(), c.req.raw.text(), …) " +
  'before verifyWebhooks, so the bytes the provider signed are gone. Put verifyWebhooks first on this route: ' +
  'it reads the body itself';

const TEXT_CHANGED =
  'the body was already read as text (c.req.text(), or c.req.json() or a json validator, which keep that text) ' +
  'before verifyWebhooks, and that text does not encode back to the bytes received: a UTF-8 byte order mark or ' +
  'bytes that are not UTF-8 do not survive the decoding, so the bytes the provider signed are gone. Put ' +
  'verifyWebhooks before any validator or body parsing on this route: it reads the body itself';

const INFLATE =
  'Have the sender send it uncompressed, or inflate it (DecompressionStream) before verifyWebhooks in a ' +
  'middleware that also removes the Content-Encoding header';

export function verifyWebhooks(options) {
  const { own, verify } = settle(options, ['onError', 'limit']);
  const limit = byteLimit(own);
  const onError = own.onError ?? answerResponse;

  return async function kycWebhooks(c, next) {
    const result = await read(c, verify, limit);
    if (result.error) {
      const response = await onError(result.error, c);
      if (!(response instanceof Response)) throw result.error; // onError must answer
      return response;
    }
    c.set('kyc', result.event);
    await next();
  };
}

async function read(c, verify, limit) {
  const headers = c.req.raw.headers;
  // Hono keeps what was read of the body, and c.req.arrayBuffer() gives the
  // bytes back from the first thing kept: an ArrayBuffer or a Blob is the
  // bytes received, text (what c.req.json() keeps) their UTF-8 decoding,
  // parsed form data or JSON (older Hono) a re-serialised copy.
  const cache = c.req.bodyCache ?? {};
  const first = Object.keys(cache)[0];
  if (first === undefined && c.req.raw.bodyUsed) return { error: notRaw(CONSUMED) };
  if (first !== undefined && first !== 'arrayBuffer' && first !== 'blob' && first !== 'text') return { error: notRaw(NOT_RAW) };
  // Bytes as sent: compressed ones are not what the provider signed.
  const encoding = contentEncoding((name) => headers.get(name));
  if (encoding !== undefined) return { error: compressed(encoding, INFLATE) };

  if (first === undefined) {
    const bytes = await readLimited(c.req.raw.body, limit, headers.get('content-length'));
    if (bytes === null) return { error: tooLarge(limit) };
    // Kept where Hono keeps a body, so the route can still read it (c.req.json(), …).
    cache.arrayBuffer = Promise.resolve(bytes.buffer);
    return check(verify, headers, bytes);
  }
  if (first !== 'text') {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.byteLength > limit) return { error: tooLarge(limit) };
    return check(verify, headers, bytes);
  }
  // Text: its UTF-8 encoding is the bytes received unless the decoding lost
  // something (a byte order mark, bytes that are not UTF-8, which became
  // U+FFFD). A Content-Length that differs shows it; otherwise the bytes are
  // verified, and a mismatch on a text holding U+FFFD is put down to it.
  // Either way the request is refused: only bytes the provider signed pass.
  const text = await cache.text;
  const bytes = new TextEncoder().encode(text);
  if (bytes.byteLength > limit) return { error: tooLarge(limit) };
  const declared = (headers.get('content-length') ?? '').trim();
  if (/^[0-9]+$/.test(declared) && Number(declared) !== bytes.byteLength) return { error: notRaw(TEXT_CHANGED) };
  const result = check(verify, headers, bytes);
  if (result.error?.code === 'KYC_SIGNATURE_MISMATCH' && text.includes('\uFFFD')) return { error: notRaw(TEXT_CHANGED) };
  return result;
}
