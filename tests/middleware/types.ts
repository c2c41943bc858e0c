// Type tests of the middleware subpaths, as a TypeScript user imports them
// (the packed package in ./node_modules, the frameworks' own types): compiled
// by `tsc -p tests/middleware` in `make test-middleware`. A line marked as an
// expected error must fail to compile, or tsc fails.
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import type { KycErrorCode, VeriffDecision, VeriffWebhook } from 'kyc-sign';
import { verifyWebhooks as expressWebhooks } from 'kyc-sign/express';
import { verifyWebhooks as fastifyWebhooks } from 'kyc-sign/fastify';
import { verifyWebhooks as honoWebhooks } from 'kyc-sign/hono';
import { withWebhook } from 'kyc-sign/next';

declare const secret: string;

// ---------------------------------------------------------------- express
const app = express();
app.post('/webhooks/veriff', expressWebhooks({ provider: 'veriff', secrets: secret, apiKey: 'k' }), (req, res) => {
  const event = req.kyc as VeriffWebhook;
  // @ts-expect-error req.kyc is unknown until narrowed
  console.log(req.kyc.verification);
  res.json({ received: 'verification' in event ? event.verification.id : event.id });
});
app.post(
  '/webhooks/stripe',
  express.raw({ type: '*/*' }),
  expressWebhooks({
    provider: 'stripe',
    secrets: [secret, 'old'],
    tolerance: 600,
    limit: 65536,
    onError(error, req, res, next) {
      const code: KycErrorCode = error.code;
      const status: 401 | 500 = error.status;
      res.status(status).json({ code, path: req.path });
      next();
    },
  }),
  (req, res) => res.sendStatus(200),
);
// @ts-expect-error the middleware reads the request's own headers
expressWebhooks({ provider: 'onfido', secrets: secret, headers: {} });
// @ts-expect-error Onfido's signature carries no timestamp
expressWebhooks({ provider: 'onfido', secrets: secret, tolerance: 60 });
// @ts-expect-error not a provider kyc-sign verifies
expressWebhooks({ provider: 'faceverify', secrets: secret });

// ---------------------------------------------------------------- fastify
const server = Fastify();
server.register(async (webhooks) => {
  await webhooks.register(fastifyWebhooks({ provider: 'sumsub', secrets: secret }));
  webhooks.post('/webhooks/sumsub', async (request) => {
    const kyc: unknown = request.kyc;
    return { ok: kyc !== null };
  });
});
server.register(
  fastifyWebhooks({
    provider: 'persona',
    secrets: secret,
    now: Date.now(),
    onError: async (error, request, reply) => reply.code(error.status).send({ code: error.code, url: request.url }),
  }),
);
// `limit` is the bodyLimit of the plugin's parser.
fastifyWebhooks({ provider: 'onfido', secrets: secret, limit: 65536 });
// @ts-expect-error a number of bytes, not a string
fastifyWebhooks({ provider: 'onfido', secrets: secret, limit: '64kb' });
server.register(
  fastifyWebhooks({
    provider: 'onfido',
    secrets: secret,
    onError: (error, _request, reply) => {
      const status: 401 | 415 | 500 = error.status;
      return reply.code(status).send({ code: error.code });
    },
  }),
);

// ---------------------------------------------------------------- hono
const hono = new Hono();
hono.post('/webhooks/veriff', honoWebhooks({ provider: 'veriff', secrets: secret }), (c) => {
  const event = c.get('kyc'); // a VeriffWebhook
  return c.json({ id: 'verification' in event ? event.verification.id : event.id });
});
hono.post('/webhooks/onfido', honoWebhooks<{ payload: { action: string } }>({ provider: 'onfido', secrets: secret }), (c) =>
  c.json({ action: c.get('kyc').payload.action }),
);
hono.post('/webhooks/complycube', honoWebhooks({ provider: 'complycube', secrets: secret, limit: 65536, onError: (error) => {
  const status: 401 | 413 | 415 | 500 = error.status;
  return new Response(null, { status });
} }), (c) => c.text('ok'));
// @ts-expect-error a number of bytes
honoWebhooks({ provider: 'onfido', secrets: secret, limit: '64kb' });
hono.post('/webhooks/idenfy', honoWebhooks({ provider: 'idenfy', secrets: secret, onError: (error, c) => c.json({ code: error.code }, 401) }), (c) => {
  const event = c.get('kyc');
  // @ts-expect-error another provider's event is unknown until named or narrowed
  console.log(event.status);
  return c.text('ok');
});

// ---------------------------------------------------------------- next
export const POST = withWebhook<VeriffDecision>({ provider: 'veriff', secrets: secret }, async (decision, request) => {
  const status: 'approved' | 'declined' | 'resubmission_requested' | 'expired' | 'abandoned' | 'review' = decision.verification.status;
  return Response.json({ status, url: request.url });
});
export const PUT = withWebhook(
  { provider: 'standard-webhooks', secrets: secret, onError: (error) => Response.json({ code: error.code }, { status: error.status }) },
  async (event, _request, context) => Response.json({ event, params: await context.params }),
);
const route: (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> = POST;
export const PATCH = withWebhook({ provider: 'onfido', secrets: secret, limit: 65536 }, async () => new Response());
// @ts-expect-error a number of bytes
withWebhook({ provider: 'onfido', secrets: secret, limit: '64kb' }, async () => new Response());
// @ts-expect-error the handler must answer with a Response
withWebhook({ provider: 'onfido', secrets: secret }, async () => 'ok');
// @ts-expect-error the route reads the request's own body
withWebhook({ provider: 'onfido', secrets: secret, body: '{}' }, async () => new Response());

export { app, server, hono, route };
