// The same subpaths through require() (the .d.cts types): a CommonJS project.
import express = require('express');
import expressMiddleware = require('kyc-sign/express');
import fastifyPlugin = require('kyc-sign/fastify');
import honoMiddleware = require('kyc-sign/hono');
import nextRoute = require('kyc-sign/next');

const app = express();
app.post('/webhooks/onfido', expressMiddleware.verifyWebhooks({ provider: 'onfido', secrets: 's' }), (req, res) => {
  res.json({ verified: req.kyc !== undefined });
});
const plugin = fastifyPlugin.verifyWebhooks({ provider: 'complycube', secrets: 's' });
const middleware = honoMiddleware.verifyWebhooks({ provider: 'veriff', secrets: 's' });
const handler = nextRoute.withWebhook({ provider: 'veriff', secrets: 's' }, async (event) => Response.json(event));
// @ts-expect-error secrets are required
expressMiddleware.verifyWebhooks({ provider: 'onfido' });

export = { app, plugin, middleware, handler };
