// kyc-sign/express: verifyWebhooks(options) is an Express middleware that
// reads the request's raw bytes itself, verifies them with verifyWebhook and
// puts the parsed event on req.kyc. A refusal answers 401 { code } unless
// options.onError(error, req, res, next) is given.
import { byteLimit, check, compressed, contentEncoding, notRaw, answerBody, settle, tooLarge } from './common.mjs';

const NOT_RAW =
  'req.body was already parsed by a body parser (such as express.json()) before verifyWebhooks, and its ' +
  'raw bytes, which are what the provider signed, are gone. Mount verifyWebhooks before any body parser for ' +
  "this route, or give it the raw bytes with express.raw({ type: '*/*' }) in front of it";

const CONSUMED =
  'the request stream was already read before verifyWebhooks (by a body parser or another middleware) and ' +
  'req.body holds no bytes. Mount verifyWebhooks before any body parser for this route, or give it the raw ' +
  "bytes with express.raw({ type: '*/*' }) in front of it";

const INFLATE = "Put express.raw({ type: '*/*' }) in front of verifyWebhooks on this route: it inflates gzip, deflate (and br in Express 5) first";

export function verifyWebhooks(options) {
  const { own, verify } = settle(options, ['onError', 'limit']);
  const limit = byteLimit(own);
  const onError = own.onError ?? answer;

  return function kycWebhooks(req, res, next) {
    const fail = (error) => {
      // Whatever onError passes on, throws or rejects with, Express must see
      // an error: next() with nothing (or false, 0, ''), next('route') and
      // next('router') would each send the request on unverified, so they
      // pass the refusal on instead.
      const passOn = (err) => next(err && err !== 'route' && err !== 'router' ? err : error);
      try {
        Promise.resolve(onError(error, req, res, passOn)).catch(passOn);
      } catch (thrown) {
        passOn(thrown);
      }
    };
    const body = req.body;
    const unread = !req.readableEnded && !req.readableDidRead;
    if (isBytes(body)) {
      finish(body);
      return;
    }
    // Express 4's body parsers set req.body to {} on a request they leave
    // unread (another content type): the stream still holds the bytes.
    if (body !== undefined && body !== null && !(unread && isEmptyObject(body))) {
      fail(notRaw(NOT_RAW));
      return;
    }
    if (!unread) {
      fail(notRaw(CONSUMED));
      return;
    }
    // The stream's bytes are what was sent: compressed ones are not what the
    // provider signed, and are refused (415) as body-parser refuses an
    // encoding it cannot inflate, through Express's error handling.
    const encoding = contentEncoding((name) => req.headers[name]);
    if (encoding !== undefined) {
      req.resume(); // drained, not kept
      next(asBodyParserError(compressed(encoding, INFLATE), 'encoding.unsupported'));
      return;
    }
    readBody(req, limit).then((raw) => {
      req.body = raw;
      finish(raw);
    }, next);

    function finish(raw) {
      let result;
      try {
        result = check(verify, req.headers, raw);
      } catch (error) {
        next(error);
        return;
      }
      if (result.error) {
        fail(result.error);
        return;
      }
      req.kyc = result.event;
      next();
    }
  };
}

/** The default refusal: the error's status (401, or 500 for a body that was not raw) and `{ "code": … }`. */
function answer(error, req, res) {
  res.statusCode = error.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(answerBody(error));
}

function isBytes(value) {
  return value instanceof Uint8Array; // a Buffer too
}

function isEmptyObject(value) {
  return typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype && Object.keys(value).length === 0;
}

/** The request's bytes as received; a 413 error past `limit` (checked on content-length first, then as it arrives). */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(asBodyParserError(tooLarge(limit), 'entity.too.large'));
      req.resume(); // drained, not kept
      return;
    }
    const chunks = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        req.resume();
        reject(asBodyParserError(tooLarge(limit), 'entity.too.large'));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      const error = new Error('the request was aborted before its body ended');
      error.code = 'ECONNABORTED';
      error.status = 400;
      reject(error);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * The KycError (KYC_TOO_LONG 413, KYC_INVALID_VALUE 415) as body-parser's own
 * errors look: Express's error handling answers it with its status, and
 * `type` is body-parser's name for the same failure.
 */
function asBodyParserError(error, type) {
  error.statusCode = error.status;
  error.expose = true;
  error.type = type;
  return error;
}
