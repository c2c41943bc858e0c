// Small helpers shared by the demo server's route modules: reading a request
// body, answering JSON or HTML, and recording the reason a request got the
// answer it did (printed on the request's log line, never a secret).

/** Largest request body the demo accepts (the providers' bodies are tiny). */
export const MAX_BODY_BYTES = 64 * 1024;

/** Thrown by readBody when the body is larger than MAX_BODY_BYTES. */
export class BodyTooLarge extends Error {}

/** The raw request body as a Buffer: the exact bytes received, never decoded. */
export async function readBody(req, limit = MAX_BODY_BYTES) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Answers `value` as JSON; `reason` goes to the log line, `headersOf(body)` adds headers (a signature of the body). */
export function sendJson(res, status, value, reason = '', headersOf = () => ({})) {
  res.reason = reason;
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...headersOf(body),
  });
  res.end(body);
}

/**
 * A provider-style error: `{"status":"fail","reason":…,"hint":…}`. The reason
 * is short and stable (tests and the page match it); the hint explains it.
 */
export function sendFail(res, status, reason, hint) {
  sendJson(res, status, hint ? { status: 'fail', reason, hint } : { status: 'fail', reason }, reason);
}

/** Security headers for the HTML pages the demo serves. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

export function sendHtml(res, status, html, reason = '', headers = {}) {
  res.reason = reason;
  res.writeHead(status, { ...PAGE_HEADERS, 'content-length': Buffer.byteLength(html), ...headers });
  res.end(html);
}

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `true` when `req` carries a media type of `type` (parameters such as charset allowed). */
export function hasMediaType(req, type) {
  const value = req.headers['content-type'];
  return typeof value === 'string' && value.split(';')[0].trim().toLowerCase() === type;
}

/**
 * `false` when a browser sent the request from another origin. Requests
 * without an Origin header (curl, Node) pass: the check stops other web
 * pages from driving the demo's own routes through a visitor's browser.
 */
export function sameOrigin(req) {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
