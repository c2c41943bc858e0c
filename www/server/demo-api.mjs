// The demo's own backend routes:
//
//   GET  /demo/config.json     the demo credentials and URL mode, so the page
//                              fills its form from the server's environment
//   POST /demo/api/sessions    "sign on the server": the page sends only form
//                              fields; this builds the body and signs it with
//                              the package's Node build, then forwards it
//   POST /demo/api/decision    the same for Veriff's GET …/decision
//   POST /demo/webhooks/{provider}
//                              a webhook route: verifies the raw body with
//                              verifyWebhook and the provider's webhook secret
//
// This is the pattern production code should follow: the secret stays here.

import { createRequire } from 'node:module';
import { decisionUrl, endpointUrl, SESSION_PATHS, sessionBody, sessionQuery } from '../js/model.js';
import { WEBHOOK_PROVIDERS } from './webhook-sender.mjs';
import { hasMediaType, readBody, sameOrigin, sendFail, sendJson } from './http.mjs';

/** Hosts the server forwards to besides loopback: the providers' real APIs. */
const PROVIDER_HOSTS = new Set(['stationapi.veriff.com', 'api.veriff.me', 'start.faceverify.ai', 'api.sumsub.com']);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const UPSTREAM_TIMEOUT_MS = 15_000;

let kyc;
/**
 * The package through its Node CommonJS entry, as `require('kyc-sign')` would
 * load it: '../../pkg' resolves as a package directory (its package.json
 * `main`, node/index.cjs). Loaded on first use, so the server starts (and
 * says what is missing) even before `make build`.
 */
export function loadPackage() {
  kyc ??= createRequire(import.meta.url)('../../pkg');
  return kyc;
}

/** Why the server refuses to forward to `baseUrl`, or null when it may. */
function forwardProblem(baseUrl) {
  let url;
  try {
    url = new URL(baseUrl);
  } catch {
    return 'base URL is not an absolute URL';
  }
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return null;
  if (url.protocol === 'https:' && PROVIDER_HOSTS.has(url.hostname)) return null;
  return `the demo server forwards only to loopback or to ${[...PROVIDER_HOSTS].map((h) => `https://${h}`).join(', ')}`;
}

/** Whether a Veriff response's signature matches its raw body: `{ verified }`, and the code when not. */
export function responseSignature(lib, headers, body, { apiKey, secret }) {
  try {
    lib.verifyResponse({ provider: 'veriff', headers, body, secrets: secret, apiKey });
    return { verified: true };
  } catch (err) {
    return { verified: false, code: err.code, message: err.message };
  }
}

/** A library error as JSON for the page (its message never holds a secret). */
function libraryError(err) {
  if (typeof err?.code !== 'string' || !err.code.startsWith('KYC_')) throw err;
  return { status: 'fail', reason: err.code, error: { name: err.name, code: err.code, path: err.path, message: err.message } };
}

/** Sends the signed request and returns the envelope the page shows. */
async function forward(signed) {
  const response = await fetch(signed.url, {
    method: signed.method,
    headers: signed.headers,
    body: signed.body,
    redirect: 'manual',
    signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
  });
  return {
    request: { method: signed.method, url: signed.url, headers: signed.headers, body: signed.body ?? null },
    response: { status: response.status, statusText: response.statusText, body: await response.text() },
    headers: response.headers,
  };
}

/** Reads the page's JSON request; answers the error and returns undefined when it is unusable. */
async function readInput(req, res) {
  if (!sameOrigin(req)) return void sendFail(res, 403, 'cross-origin request');
  if (!hasMediaType(req, 'application/json')) return void sendFail(res, 415, 'Content-Type must be application/json');
  let input;
  try {
    input = JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    return void sendFail(res, 400, 'body is not valid JSON');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return void sendFail(res, 400, 'expected a JSON object');
  const problem = forwardProblem(String(input.baseUrl));
  if (problem) return void sendFail(res, 400, problem);
  return input;
}

/**
 * @param {{credentials: object, urlMode: string, fromEnv: string[]}} config
 * @returns {{ handle(req, res, ctx): Promise<boolean> }}
 */
export function createDemoApi(config) {
  const { credentials } = config;

  async function createSession(req, res) {
    const input = await readInput(req, res);
    if (!input) return;
    const { provider } = input;
    if (!Object.hasOwn(SESSION_PATHS, provider)) return sendFail(res, 400, 'provider must be veriff, faceverify or sumsub');
    const fields = input.session;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return sendFail(res, 400, 'session must be an object');

    const lib = loadPackage();
    let signed;
    try {
      const body = sessionBody(lib, provider, fields);
      const options = { veriff: { scheme: input.scheme ?? 'hmac' }, faceverify: { urlMode: input.urlMode ?? config.urlMode }, sumsub: {} };
      signed = lib.signRequest({
        provider,
        method: 'POST',
        url: endpointUrl(input.baseUrl, SESSION_PATHS[provider], sessionQuery(provider, fields, String(input.query ?? ''))),
        body,
        apiKey: credentials[provider].apiKey,
        secret: credentials[provider].secret,
        ...options[provider],
      });
    } catch (err) {
      const answer = libraryError(err);
      return sendJson(res, 422, answer, answer.reason);
    }
    await relay(res, signed, provider);
  }

  async function getDecision(req, res) {
    const input = await readInput(req, res);
    if (!input) return;
    if (typeof input.sessionId !== 'string' || !/^[\w-]{1,100}$/.test(input.sessionId)) {
      return sendFail(res, 400, 'sessionId must be a session id');
    }
    let signed;
    try {
      signed = loadPackage().signRequest({
        provider: 'veriff',
        method: 'GET',
        url: decisionUrl(input.baseUrl, input.sessionId),
        apiKey: credentials.veriff.apiKey,
        secret: credentials.veriff.secret,
        scheme: input.scheme ?? 'hmac',
      });
    } catch (err) {
      const answer = libraryError(err);
      return sendJson(res, 422, answer, answer.reason);
    }
    await relay(res, signed, 'veriff');
  }

  async function relay(res, signed, provider) {
    let forwarded;
    try {
      forwarded = await forward(signed);
    } catch (err) {
      const why = err?.name === 'TimeoutError' ? 'timed out' : (err?.cause?.code ?? err?.message ?? 'error');
      return sendFail(res, 502, `provider unreachable: ${why}`);
    }
    const { headers, ...envelope } = forwarded;
    // Veriff signs its responses: check the raw body before the page trusts verification.url.
    if (provider === 'veriff' && envelope.response.status < 300) {
      envelope.responseSignature = responseSignature(loadPackage(), headers, envelope.response.body, credentials.veriff);
    }
    sendJson(res, 200, envelope, `forwarded, provider answered ${envelope.response.status}`);
  }

  // A webhook route as production code writes one: the raw body, the
  // headers as received, every secret of a rotation; 401 with the code when
  // the signature does not hold.
  async function receiveWebhook(req, res, provider) {
    const body = await readBody(req);
    try {
      const event = loadPackage().verifyWebhook({ provider, headers: req.headers, body, secrets: config.webhookSecrets[provider] });
      sendJson(res, 200, { verified: true, event }, `webhook ${provider} verified`);
    } catch (err) {
      const { reason, error } = libraryError(err);
      sendJson(res, 401, { verified: false, code: reason, message: error.message }, `webhook ${provider} refused ${reason}`);
    }
  }

  async function handle(req, res, { url }) {
    const webhook = /^\/demo\/webhooks\/([a-z-]+)$/.exec(url.pathname);
    if (webhook && WEBHOOK_PROVIDERS.includes(webhook[1])) {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      await receiveWebhook(req, res, webhook[1]);
      return true;
    }
    switch (url.pathname) {
      case '/demo/config.json':
        if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
        sendJson(res, 200, {
          veriff: credentials.veriff,
          faceverify: credentials.faceverify,
          sumsub: credentials.sumsub,
          urlMode: config.urlMode,
          credentialsFrom: config.fromEnv.some((n) => !n.endsWith('URL_MODE')) ? 'environment' : 'built-in demo defaults',
        }, 'config');
        return true;
      case '/demo/api/sessions':
        if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
        await createSession(req, res);
        return true;
      case '/demo/api/decision':
        if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
        await getDecision(req, res);
        return true;
      default:
        return false;
    }
  }

  return { handle };
}

function methodNotAllowed(res, allow) {
  res.setHeader('allow', allow);
  sendFail(res, 405, 'method not allowed');
  return true;
}
