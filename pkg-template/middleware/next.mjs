// kyc-sign/next: withWebhook(options, handler) wraps a Next.js App Router
// route handler. It reads the raw bytes (the request's body stream, up to
// `limit` bytes), verifies them with verifyWebhook and calls handler(event,
// request, context). A refusal answers 401 { code } unless
// options.onError(error, request) returns a Response. Web APIs only: the
// Node and edge runtimes alike.
import { answerResponse, byteLimit, check, compressed, contentEncoding, kycError, notRaw, readLimited, settle, tooLarge } from './common.mjs';

const CONSUMED =
  'the request body was already read (request.json(), request.text() or request.formData()) before ' +
  'withWebhook, so the bytes the provider signed are gone. Let withWebhook read it: it reads the ' +
  'body itself (as request.arrayBuffer() would) and hands the handler the parsed event';

const INFLATE =
  'Have the sender send it uncompressed, or inflate it (DecompressionStream) into a new Request without ' +
  'the Content-Encoding header before calling the route';

export function withWebhook(options, handler) {
  const { own, verify } = settle(options, ['onError', 'limit']);
  if (typeof handler !== 'function') {
    throw kycError('KYC_INVALID_TYPE', 'handler', `expected a function (event, request) => Response, got ${handler === null ? 'null' : `a ${typeof handler}`}`);
  }
  const limit = byteLimit(own);
  const onError = own.onError ?? answerResponse;

  return async function webhookRoute(request, context) {
    const result = await read(request, verify, limit);
    if (result.error) {
      const response = await onError(result.error, request);
      if (!(response instanceof Response)) throw result.error; // onError must answer
      return response;
    }
    return handler(result.event, request, context);
  };
}

async function read(request, verify, limit) {
  if (request.bodyUsed) return { error: notRaw(CONSUMED) };
  // Bytes as sent: compressed ones are not what the provider signed.
  const encoding = contentEncoding((name) => request.headers.get(name));
  if (encoding !== undefined) return { error: compressed(encoding, INFLATE) };
  const bytes = await readLimited(request.body, limit, request.headers.get('content-length'));
  if (bytes === null) return { error: tooLarge(limit) };
  return check(verify, request.headers, bytes);
}
