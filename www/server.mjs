#!/usr/bin/env node
// kyc-sign demo: serves the demo page and the built package, the provider
// emulator (Veriff and FaceVerify session APIs with fake credentials) and the
// "sign on the server" backend, on http://127.0.0.1:8080/.
//
//   node www/server.mjs [--port N] [--url-mode whatwg|raw]
//
// Environment: PORT, KYC_DEMO_URL_MODE, KYC_DEMO_VERIFF_KEY, KYC_DEMO_VERIFF_SECRET,
// KYC_DEMO_FACEVERIFY_KEY, KYC_DEMO_FACEVERIFY_SECRET, KYC_DEMO_SUMSUB_TOKEN, KYC_DEMO_SUMSUB_SECRET
// (see www/README.md).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoServer } from './server/app.mjs';
import { PKG_DIR } from './server/static.mjs';

function fail(message) {
  console.error(`kyc-sign demo: ${message}`);
  process.exit(1);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string' },
      'url-mode': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(`${err.message}\nusage: node www/server.mjs [--port N] [--url-mode whatwg|raw]`);
}
if (args.help) {
  console.log('usage: node www/server.mjs [--port N] [--url-mode whatwg|raw]\nsee www/README.md');
  process.exit(0);
}

const portText = args.port ?? process.env.PORT ?? '8080';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535) fail(`port must be a number from 0 to 65535, got ${JSON.stringify(portText)}`);
if (!existsSync(join(PKG_DIR, 'web', 'index.js'))) {
  fail(`the package is not built (${join(PKG_DIR, 'web', 'index.js')} is missing): run \`make build\` first, or \`make demo\``);
}

let demo;
try {
  demo = await startDemoServer({ port, urlMode: args['url-mode'] });
} catch (err) {
  if (err.code === 'EADDRINUSE') fail(`port ${port} is in use: set another with PORT=… (or --port …)`);
  fail(err.message);
}

const { config, origin } = demo;
const fromEnv = config.fromEnv.filter((name) => !name.endsWith('URL_MODE'));
console.log(`
kyc-sign demo running. Open ${origin}/

  emulator   Veriff      POST /v1/sessions, GET /v1/sessions/{id}/decision
             FaceVerify  POST /api/v1/session (URL mode: ${config.urlMode})
             Sumsub      POST /resources/applicants (X-App-Access-Ts within 60 s)
             webhooks    POST /emulator/webhooks/send posts a signed webhook of any of 8 providers
                         to the demo route /demo/webhooks/{provider}, which verifies it
  credentials ${fromEnv.length ? `from ${fromEnv.join(', ')} (shown to the page for browser signing: use test credentials only)` : 'built-in fake demo credentials (see www/README.md)'}

Press Ctrl+C to stop. One line per request follows.
`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await demo.close();
    process.exit(0);
  });
}
