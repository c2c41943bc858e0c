// The demo server: one node:http server that routes each request to the
// provider emulator, the demo's own backend routes, or the static files, and
// logs one line per request (method, path, status, reason; never a header,
// a query string or a secret).

import { createServer } from 'node:http';
import { loadConfig } from './config.mjs';
import { createDemoApi } from './demo-api.mjs';
import { createEmulator } from './emulator.mjs';
import { BodyTooLarge, sendFail } from './http.mjs';
import { serveStatic } from './static.mjs';

/**
 * The demo listens on loopback only, and answers only requests addressed to
 * a loopback name. A page on another site whose name resolves to 127.0.0.1
 * (DNS rebinding) sends its own name as Host: without this check it could
 * read /demo/config.json, which holds the demo's credentials.
 */
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/**
 * Creates (does not start) the demo server.
 *
 * @param {object} [options]
 * @param {Record<string, string|undefined>} [options.env] environment for credentials and URL mode (default process.env)
 * @param {'whatwg'|'raw'} [options.urlMode] FaceVerify URL mode the emulator expects (overrides KYC_DEMO_URL_MODE)
 * @param {object} [options.credentials] `{ veriff: {apiKey, secret}, faceverify: {apiKey, secret} }` overrides
 * @param {(line: string) => void} [options.log] receives each request's log line (default console.log)
 */
export function createDemoServer({ env, urlMode, credentials, log = console.log } = {}) {
  const config = loadConfig({ env, urlMode, credentials });
  const emulator = createEmulator(config);
  const api = createDemoApi(config);

  const server = createServer(async (req, res) => {
    let url;
    try {
      url = new URL(req.url, 'http://demo.invalid');
    } catch {
      url = new URL('http://demo.invalid/');
    }
    res.on('close', () => {
      const reason = res.writableFinished ? (res.reason ?? '') : 'connection closed early';
      log(`${new Date().toISOString().slice(11, 23)} ${req.method} ${url.pathname} ${res.statusCode}${reason ? ` ${reason}` : ''}`);
    });

    const host = req.headers.host;
    if (typeof host !== 'string' || !LOOPBACK_HOST.test(host)) {
      sendFail(res, 421, 'the demo answers only requests addressed to localhost, 127.0.0.1 or [::1]');
      return;
    }
    const origin = `http://${host}`;
    try {
      if (await emulator.handle(req, res, { url, origin })) return;
      if (await api.handle(req, res, { url, origin })) return;
      if (await serveStatic(req, res, url)) return;
      sendFail(res, 404, 'not found');
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
      } else if (err instanceof BodyTooLarge) {
        sendFail(res, 413, 'body too large');
      } else {
        console.error(err);
        sendFail(res, 500, 'internal error');
      }
    }
  });
  return { server, config, emulator };
}

/**
 * Creates the demo server and listens on `host:port` (port 0: any free port).
 * Resolves to `{ server, config, emulator, origin, close() }`.
 */
export async function startDemoServer({ port = 0, host = '127.0.0.1', ...options } = {}) {
  const demo = createDemoServer(options);
  await new Promise((resolve, reject) => {
    demo.server.once('error', reject);
    demo.server.listen(port, host, () => {
      demo.server.off('error', reject);
      resolve();
    });
  });
  const origin = `http://${host}:${demo.server.address().port}`;
  const close = () => new Promise((resolve) => {
    demo.server.close(() => resolve());
    demo.server.closeAllConnections();
  });
  return { ...demo, origin, close };
}
