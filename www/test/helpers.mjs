// Shared pieces of the demo's tests: a demo server on a free port that
// records its log lines, a raw HTTP client (the request target is sent
// verbatim, which fetch would not do), and signers written from the
// providers' documents on node:crypto, independent of kyc-sign and of the
// emulator's own code.

import { request as httpRequest } from 'node:http';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { startDemoServer } from '../server/app.mjs';
import { DEMO_CREDENTIALS } from '../server/config.mjs';

export { DEMO_CREDENTIALS };
export const VERIFF = DEMO_CREDENTIALS.veriff;
export const FACEVERIFY = DEMO_CREDENTIALS.faceverify;

/** kyc-sign's Node build, loaded the way the demo server loads it. */
export const kyc = createRequire(import.meta.url)('../../pkg');

/**
 * Starts a demo server on 127.0.0.1 and a free port, ignoring the machine's
 * KYC_DEMO_* variables unless `env` is given. `lines` collects its log.
 */
export async function startDemo(options = {}) {
  const lines = [];
  const demo = await startDemoServer({ env: {}, log: (line) => lines.push(line), ...options });
  return { ...demo, lines, port: demo.server.address().port };
}

/**
 * One HTTP request with the request target sent exactly as given.
 * Resolves to `{ status, headers, text, json }` (json undefined when the body is not JSON).
 */
export function send(origin, { method = 'GET', path = '/', headers = {}, body } = {}) {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------- independent signers

/** Veriff X-HMAC-SIGNATURE: hex HMAC-SHA256(secret, message). */
export const veriffHmac = (message, secret) => createHmac('sha256', secret).update(message).digest('hex');

/** Veriff legacy X-SIGNATURE, as the provider's JavaScript sample: SHA-256(payload ‖ secret). */
export const veriffLegacy = (message, secret) => createHash('sha256').update(Buffer.from(message, 'utf8')).update(Buffer.from(secret, 'utf8')).digest('hex');

/** FaceVerify's Node sample, verbatim in substance (PATH and QUERY from WHATWG URL). */
export function faceVerifyWhatwg(httpMethod, url, body, contentType, xAuthClient, secretKey) {
  const requestUrl = new URL(url);
  const dataToHash = `${httpMethod}\n${requestUrl.pathname}\n${requestUrl.searchParams.toString()}\n${xAuthClient}\n${contentType}\n${body}`;
  return createHmac('sha256', secretKey).update(dataToHash).digest('hex');
}

/** FaceVerify's Python sample: urlparse's path and query, the text as written. */
export function faceVerifyRaw(httpMethod, url, body, contentType, xAuthClient, secretKey) {
  const afterHost = url.replace(/^[a-z]+:\/\/[^/?#]*/i, '');
  const noFragment = afterHost.split('#', 1)[0];
  const at = noFragment.indexOf('?');
  const path = at < 0 ? noFragment : noFragment.slice(0, at);
  const query = at < 0 ? '' : noFragment.slice(at + 1);
  const dataToHash = `${httpMethod}\n${path}\n${query}\n${xAuthClient}\n${contentType}\n${body}`;
  return createHmac('sha256', secretKey).update(dataToHash, 'utf8').digest('hex');
}

/** `text` with the character at `index` changed to its neighbour (one byte, for ASCII). */
export function flipByte(text, index) {
  if (index < 0 || index >= text.length) throw new RangeError(`no character ${index} in ${JSON.stringify(text)}`);
  return text.slice(0, index) + String.fromCharCode(text.charCodeAt(index) ^ 1) + text.slice(index + 1);
}

/** Same as flipByte, at the first occurrence of `needle`. */
export function flipAt(text, needle) {
  return flipByte(text, text.indexOf(needle));
}

export const VERIFF_BODY = '{"verification":{"callback":"https://example.com/kyc/done","person":{"firstName":"John","lastName":"Smith"},"vendorData":"user-42","lang":"en","timestamp":"2026-11-21T10:00:00.123Z"}}';
export const FACEVERIFY_BODY = '{"country":"US","uniqueIdentifier":"user123"}';
