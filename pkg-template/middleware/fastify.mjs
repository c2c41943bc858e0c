// kyc-sign/fastify: verifyWebhooks(options) is a Fastify plugin. Registered
// in the encapsulation context that holds the webhook routes, it keeps every
// body there as the raw Buffer (a '*' content-type parser with parseAs:
// 'buffer'), verifies it with verifyWebhook before validation and decorates
// request.kyc with the parsed event. A refusal answers 401 { code } unless
// options.onError(error, request, reply) is given. `limit` is the bodyLimit of
// that parser: Fastify refuses a larger body itself (413).
import { check, compressed, contentEncoding, notRaw, answerBody, settle } from './common.mjs';

const NOT_RAW =
  'request.body was parsed by a content-type parser (such as Fastify\'s default JSON parser) before ' +
  'verifyWebhooks, and its raw bytes, which are what the provider signed, are gone. Register verifyWebhooks in ' +
  'the same context as the route and add no other content-type parser there: it keeps bodies raw with ' +
  "addContentTypeParser('*', { parseAs: 'buffer' }, …)";

const INFLATE =
  'Fastify does not inflate request bodies: have the sender send it uncompressed, or inflate it in a ' +
  'preParsing hook that also removes the Content-Encoding header';

export function verifyWebhooks(options) {
  // Fastify has its own bodyLimit (the server's, default 1 MiB): `limit`, when
  // given, is the bodyLimit of the plugin's parser, and a route's own wins.
  const { own, verify } = settle(options, ['onError', 'limit']);
  const onError = own.onError ?? answer;
  const parserOptions = own.limit === undefined ? { parseAs: 'buffer' } : { parseAs: 'buffer', bodyLimit: own.limit };

  function kycWebhooks(instance, _options, done) {
    // The context's routes receive their bodies as bytes, whatever their content type.
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', parserOptions, keepRaw);
    if (!instance.hasRequestDecorator('kyc')) instance.decorateRequest('kyc', null);

    instance.addHook('preValidation', async (request, reply) => {
      const body = request.body;
      const encoding = contentEncoding((name) => request.headers[name]);
      let result;
      if (body !== undefined && body !== null && !(body instanceof Uint8Array)) result = { error: notRaw(NOT_RAW) };
      // The parser's bytes are the stream's: compressed ones are not what the provider signed.
      else if (encoding !== undefined) result = { error: compressed(encoding, INFLATE) };
      else if (body === undefined || body === null) result = check(verify, request.headers, new Uint8Array(0));
      else result = check(verify, request.headers, body);
      if (!result.error) {
        request.kyc = result.event;
        return;
      }
      await onError(result.error, request, reply);
      // An onError that neither answered nor threw must not let the request through.
      if (!reply.sent) throw result.error;
      return reply;
    });
    done();
  }
  // Like fastify-plugin: the parser, decorator and hook apply to the context
  // the plugin is registered in, which holds the routes, not to a child of it.
  kycWebhooks[Symbol.for('skip-override')] = true;
  kycWebhooks[Symbol.for('fastify.display-name')] = 'kyc-sign';
  return kycWebhooks;
}

function keepRaw(_request, body, done) {
  done(null, body);
}

/** The default refusal: the error's status (401, 415 for a compressed body, 500 for one that was not raw) and `{ "code": … }`. */
function answer(error, _request, reply) {
  reply.code(error.status).header('content-type', 'application/json; charset=utf-8').send(answerBody(error));
}
