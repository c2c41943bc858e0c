// The provider emulator: Veriff's and FaceVerify's session APIs, as strict as
// the real ones about authentication. Every signature check here is written
// directly on node:crypto, from the providers' documents, and never calls
// kyc-sign: the emulator is a second, independent implementation, so a
// request it accepts was signed correctly, not merely consistently.
//
//   Veriff      POST /v1/sessions                  X-HMAC-SIGNATURE = HMAC-SHA256(secret, raw body)
//                                                  or legacy X-SIGNATURE = SHA-256(raw body ‖ secret)
//               GET  /v1/sessions/{id}/decision    the same two schemes over the session id
//   FaceVerify  POST /api/v1/session               x-hmac-signature = HMAC-SHA256(secret,
//                                                  METHOD\nPATH\nQUERY\nAPIKEY\nCONTENT-TYPE\nBODY)
//   Sumsub      POST /resources/applicants         X-App-Access-Sig = HMAC-SHA256(secret, ts + METHOD
//                                                  + request target + body), X-App-Access-Ts within 60 s
//   All         GET  /v/{token}                    the hosted "verification session" page
//               POST /v/{token}/decision           approve or decline it (form on that page)
//   Webhooks    POST /emulator/webhooks/send       the emulator posts a signed webhook of
//                                                  { provider, tamper } to the demo's own
//                                                  /demo/webhooks/{provider} and reports the answer

import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { escapeHtml, hasMediaType, readBody, sameOrigin, sendFail, sendHtml, sendJson } from './http.mjs';
import { signedWebhook, WEBHOOK_PROVIDERS } from './webhook-sender.mjs';

/** How far X-App-Access-Ts may be from the emulator's clock, as Sumsub allows. */
const SUMSUB_WINDOW_S = 60;

const HEX_SHA256 = /^[0-9a-f]{64}$/i;
const MAX_SESSIONS = 1000;
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// ---------------------------------------------------------------- signatures

function hmacSha256(secret, ...parts) {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'));
  for (const part of parts) mac.update(part);
  return mac.digest();
}

function sha256(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `null` when `header` is the hex form of `expected` (compared in constant time), else the reason. */
function compareSignature(header, expected) {
  if (!HEX_SHA256.test(header)) return 'malformed signature';
  return timingSafeEqual(Buffer.from(header, 'hex'), expected) ? null : 'signature mismatch';
}

/**
 * Veriff's two schemes over `message` (the raw body, or the session id).
 * Returns `null` when the request is authentic, else `{ reason, hint }`.
 */
function checkVeriffSignature(req, message, secret, what) {
  const hmac = req.headers['x-hmac-signature'];
  const legacy = req.headers['x-signature'];
  if (hmac === undefined && legacy === undefined) {
    return { reason: 'missing X-HMAC-SIGNATURE', hint: `sign ${what} and send X-HMAC-SIGNATURE (or the legacy X-SIGNATURE)` };
  }
  if (hmac !== undefined) {
    const reason = compareSignature(hmac, hmacSha256(secret, message));
    if (reason) return { reason, hint: `X-HMAC-SIGNATURE must be the hex HMAC-SHA256 of ${what}, keyed with your API secret` };
  }
  if (legacy !== undefined) {
    const reason = compareSignature(legacy, sha256(message, Buffer.from(secret, 'utf8')));
    if (reason) return { reason, hint: `X-SIGNATURE must be the hex SHA-256 of ${what} followed by your API secret` };
  }
  return null;
}

/**
 * PATH and QUERY of FaceVerify's canonical string, taken from the request
 * target as the server received it. `whatwg`: the provider's Node sample
 * (`new URL(…).pathname`, `.searchParams.toString()`); `raw`: its Python and
 * PHP samples (the text as written, split at the first `?`).
 */
export function targetParts(target, urlMode) {
  if (urlMode === 'raw') {
    const at = target.indexOf('?');
    return at < 0 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
  }
  const url = new URL(target, 'http://emulator.invalid');
  return { path: url.pathname, query: url.searchParams.toString() };
}

// ---------------------------------------------------------------- bodies

/** The body as JSON, or `undefined` when it is not strict UTF-8 JSON. */
function parseJson(raw) {
  try {
    return JSON.parse(STRICT_UTF8.decode(raw));
  } catch {
    return undefined;
  }
}

const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `null` when a FaceVerify body is well formed, else why it is not. */
function faceVerifyBodyProblem(body) {
  if (body === undefined) return 'malformed body: not valid JSON';
  if (!isPlainObject(body)) return 'malformed body: expected a JSON object';
  const unknown = Object.keys(body).find((k) => k !== 'country' && k !== 'uniqueIdentifier');
  if (unknown !== undefined) return `malformed body: unknown field ${JSON.stringify(unknown)}`;
  if (typeof body.country !== 'string' || !/^[A-Z]{2}$/.test(body.country)) {
    return 'malformed body: country must be an ISO 3166-1 alpha-2 code such as "US"';
  }
  if (typeof body.uniqueIdentifier !== 'string' || body.uniqueIdentifier === '') {
    return 'malformed body: uniqueIdentifier must be a non-empty string';
  }
  return null;
}

// ---------------------------------------------------------------- the emulator

/**
 * @param {object} options
 * @param {{veriff: {apiKey: string, secret: string}, faceverify: {apiKey: string, secret: string}}} options.credentials
 * @param {'whatwg'|'raw'} options.urlMode what FaceVerify's PATH and QUERY are taken as
 * @returns {{ handle(req, res, ctx): Promise<boolean>, sessions: Map<string, object> }}
 *   `handle` answers and returns true when the request is one of the emulator's routes.
 */
export function createEmulator({ credentials, urlMode, webhookSecrets }) {
  const sessions = new Map(); // id → session
  const byToken = new Map(); // token → session

  function remember(session) {
    if (sessions.size >= MAX_SESSIONS) {
      const oldest = sessions.values().next().value;
      sessions.delete(oldest.id);
      byToken.delete(oldest.token);
    }
    sessions.set(session.id, session);
    byToken.set(session.token, session);
  }

  function newSession(provider, origin, fields) {
    const token = randomBytes(24).toString('base64url');
    const session = {
      provider,
      id: randomUUID(),
      token,
      url: `${origin}/v/${token}`,
      createdAt: new Date().toISOString(),
      decision: null,
      ...fields,
    };
    remember(session);
    return session;
  }

  /** Checks the API key header; answers 401 and returns null when it is wrong. */
  function authenticate(req, res, provider, header) {
    const key = req.headers[header.toLowerCase()];
    if (key === undefined) {
      sendFail(res, 401, `missing ${header}`, `send your API key in the ${header} header`);
      return null;
    }
    if (key !== credentials[provider].apiKey) {
      sendFail(res, 401, `unknown ${header}`, `${header} is not an API key this ${{ veriff: 'Veriff', faceverify: 'FaceVerify', sumsub: 'Sumsub' }[provider]} emulator knows`);
      return null;
    }
    return { key, secret: credentials[provider].secret };
  }

  // Veriff signs its API responses as it signs webhooks: x-auth-client and
  // x-hmac-signature, the hex HMAC-SHA256 of the raw response body.
  function signedBy(auth) {
    return (body) => ({ 'x-auth-client': auth.key, 'x-hmac-signature': hmacSha256(auth.secret, body).toString('hex') });
  }

  // Veriff POST /v1/sessions
  async function veriffCreate(req, res, origin) {
    const auth = authenticate(req, res, 'veriff', 'X-AUTH-CLIENT');
    if (!auth) return;
    const raw = await readBody(req);
    const bad = checkVeriffSignature(req, raw, auth.secret, 'the raw request body');
    if (bad) return sendFail(res, 401, bad.reason, bad.hint);
    if (!hasMediaType(req, 'application/json')) {
      return sendFail(res, 415, 'Content-Type must be application/json');
    }
    const body = parseJson(raw);
    if (body === undefined) return sendFail(res, 400, 'body is not valid JSON');
    if (!isPlainObject(body) || !isPlainObject(body.verification)) {
      return sendFail(res, 400, 'missing verification', 'the body must be {"verification":{…}}');
    }
    const v = body.verification;
    const person = isPlainObject(v.person) ? v.person : {};
    const session = newSession('veriff', origin, {
      person: { firstName: person.firstName ?? null, lastName: person.lastName ?? null },
      document: isPlainObject(v.document) ? v.document : {},
      vendorData: v.vendorData ?? null,
      endUserId: v.endUserId ?? null,
    });
    sendJson(res, 201, {
      status: 'success',
      verification: {
        id: session.id,
        url: session.url,
        vendorData: session.vendorData,
        host: origin,
        status: 'created',
        sessionToken: session.token,
      },
    }, 'session created', signedBy(auth));
  }

  // Veriff GET /v1/sessions/{id}/decision: the id is signed as it appears in the request target.
  function veriffDecision(req, res, id) {
    const auth = authenticate(req, res, 'veriff', 'X-AUTH-CLIENT');
    if (!auth) return;
    const bad = checkVeriffSignature(req, Buffer.from(id, 'utf8'), auth.secret, 'the session id');
    if (bad) return sendFail(res, 401, bad.reason, bad.hint);
    const session = sessions.get(id);
    if (!session || session.provider !== 'veriff') return sendFail(res, 404, 'session not found');
    if (!session.decision) return sendJson(res, 200, { status: 'success', verification: null }, 'no decision yet', signedBy(auth));
    sendJson(res, 200, decisionBody(session), `decision ${session.decision.status}`, signedBy(auth));
  }

  // FaceVerify POST /api/v1/session
  async function faceVerifyCreate(req, res, origin) {
    const auth = authenticate(req, res, 'faceverify', 'x-auth-client');
    if (!auth) return;
    const signature = req.headers['x-hmac-signature'];
    if (signature === undefined) {
      return sendFail(res, 401, 'missing x-hmac-signature', 'sign METHOD\\nPATH\\nQUERY\\nAPIKEY\\nCONTENT-TYPE\\nBODY and send it as x-hmac-signature');
    }
    const raw = await readBody(req);
    const { path, query } = targetParts(req.url, urlMode);
    const head = `${req.method}\n${path}\n${query}\n${auth.key}\n${req.headers['content-type'] ?? ''}\n`;
    const reason = compareSignature(signature, hmacSha256(auth.secret, Buffer.from(head, 'utf8'), raw));
    if (reason) {
      return sendFail(res, 401, reason,
        `x-hmac-signature must be the hex HMAC-SHA256 of METHOD\\nPATH\\nQUERY\\nAPIKEY\\nCONTENT-TYPE\\nBODY, with PATH and QUERY read the ${urlMode} way`);
    }
    const body = parseJson(raw);
    const problem = faceVerifyBodyProblem(body);
    if (problem) return sendFail(res, 400, problem);
    const session = newSession('faceverify', origin, {
      person: { firstName: null, lastName: null },
      uniqueIdentifier: body.uniqueIdentifier,
      country: body.country,
    });
    sendJson(res, 200, {
      status: 'success',
      sessionId: session.id,
      url: session.url,
      country: session.country,
      uniqueIdentifier: session.uniqueIdentifier,
    }, 'session created');
  }

  // POST /v/{token}/decision (the form on the session page)
  async function decide(req, res, session) {
    if (!sameOrigin(req)) return sendFail(res, 403, 'cross-origin form');
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    const status = form.get('decision');
    if (status !== 'approved' && status !== 'declined') return sendFail(res, 400, 'decision must be approved or declined');
    session.decision = { status, time: new Date().toISOString(), attemptId: randomUUID() };
    res.reason = `session ${status}`;
    res.writeHead(303, { location: `/v/${session.token}`, 'cache-control': 'no-store' }).end();
  }

  // Sumsub POST /resources/applicants?levelName=…: the signature covers the
  // request target exactly as received (path and query), after ts and method.
  async function sumsubCreateApplicant(req, res) {
    const auth = authenticate(req, res, 'sumsub', 'X-App-Token');
    if (!auth) return;
    const raw = await readBody(req);
    const ts = req.headers['x-app-access-ts'];
    if (typeof ts !== 'string' || !/^\d{1,12}$/.test(ts)) {
      return sendFail(res, 401, 'missing X-App-Access-Ts', 'send the time of signing in whole seconds since the epoch');
    }
    const skew = Math.floor(Date.now() / 1000) - Number(ts);
    if (Math.abs(skew) > SUMSUB_WINDOW_S) {
      return sendFail(res, 401, 'X-App-Access-Ts out of window', `it is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'in the future'}; Sumsub allows ${SUMSUB_WINDOW_S} s`);
    }
    const signature = req.headers['x-app-access-sig'] ?? '';
    const reason = compareSignature(signature, hmacSha256(auth.secret, ts, req.method, req.url, raw));
    if (reason) {
      return sendFail(res, 401, reason, 'X-App-Access-Sig must be the hex HMAC-SHA256 of ts + METHOD + path and query + body');
    }
    const body = parseJson(raw);
    if (!isPlainObject(body) || typeof body.externalUserId !== 'string' || body.externalUserId === '') {
      return sendFail(res, 400, 'malformed body', 'expected {"externalUserId": "…"}');
    }
    const levelName = new URL(req.url, 'http://emulator.invalid').searchParams.get('levelName');
    if (!levelName) return sendFail(res, 400, 'missing levelName', 'add ?levelName=… to the URL');
    const id = randomBytes(12).toString('hex');
    sendJson(res, 201, {
      id,
      createdAt: new Date().toISOString().replace('T', ' ').slice(0, 19),
      externalUserId: body.externalUserId,
      levelName,
      review: { reviewStatus: 'init' },
    }, 'applicant created');
  }

  // POST /emulator/webhooks/send { provider, tamper }: sends one signed
  // webhook to the demo's own route and reports what it answered.
  async function sendWebhook(req, res, origin) {
    if (!sameOrigin(req)) return sendFail(res, 403, 'cross-origin request');
    let input;
    try {
      input = JSON.parse((await readBody(req)).toString('utf8'));
    } catch {
      return sendFail(res, 400, 'body is not valid JSON');
    }
    const provider = input?.provider;
    if (!WEBHOOK_PROVIDERS.includes(provider)) return sendFail(res, 400, `provider must be one of ${WEBHOOK_PROVIDERS.join(', ')}`);
    const sent = signedWebhook(provider, {
      secret: webhookSecrets[provider],
      apiKey: credentials.veriff.apiKey,
      id: randomUUID(),
      tamper: input.tamper === true,
    });
    const response = await fetch(`${origin}/demo/webhooks/${provider}`, {
      method: 'POST',
      headers: sent.headers,
      body: sent.body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let answer = null;
    try {
      answer = JSON.parse(text);
    } catch { /* not JSON */ }
    sendJson(res, 200, { sent, delivered: { status: response.status, answer, text: answer ? undefined : text } }, `webhook ${provider} answered ${response.status}`);
  }

  async function handle(req, res, { url, origin }) {
    const path = url.pathname;
    const rawPath = req.url.split('?', 1)[0];

    if (path === '/resources/applicants') {
      if (allow(req, res, 'POST')) await sumsubCreateApplicant(req, res);
      return true;
    }
    if (path === '/emulator/webhooks/send') {
      if (allow(req, res, 'POST')) await sendWebhook(req, res, origin);
      return true;
    }

    if (path === '/v1/sessions') {
      if (allow(req, res, 'POST')) await veriffCreate(req, res, origin);
      return true;
    }
    const decision = /^\/v1\/sessions\/([^/]+)\/decision$/.exec(rawPath);
    if (decision) {
      if (allow(req, res, 'GET')) veriffDecision(req, res, decision[1]);
      return true;
    }
    if (path === '/api/v1/session') {
      if (allow(req, res, 'POST')) await faceVerifyCreate(req, res, origin);
      return true;
    }
    const page = /^\/v\/([\w-]+)(\/decision)?$/.exec(path);
    if (page) {
      const session = byToken.get(page[1]);
      if (page[2]) {
        if (!allow(req, res, 'POST')) return true;
        if (!session) sendFail(res, 404, 'session not found');
        else await decide(req, res, session);
      } else if (allow(req, res, 'GET', 'HEAD')) {
        if (!session) sendHtml(res, 404, sessionPage(null), 'session not found', SESSION_PAGE_HEADERS);
        else sendHtml(res, 200, sessionPage(session), 'session page', SESSION_PAGE_HEADERS);
      }
      return true;
    }
    return false;
  }

  return { handle, sessions };
}

function allow(req, res, ...methods) {
  if (methods.includes(req.method)) return true;
  res.setHeader('allow', methods.join(', '));
  sendFail(res, 405, 'method not allowed');
  return false;
}

/** A decision shaped like Veriff's `GET /v1/sessions/{id}/decision` answer. */
function decisionBody(session) {
  const approved = session.decision.status === 'approved';
  return {
    status: 'success',
    verification: {
      id: session.id,
      attemptId: session.decision.attemptId,
      code: approved ? 9001 : 9102,
      status: session.decision.status,
      reason: approved ? null : 'Physical document not used',
      reasonCode: approved ? null : 102,
      vendorData: session.vendorData,
      endUserId: session.endUserId,
      acceptanceTime: session.createdAt,
      decisionTime: session.decision.time,
      person: {
        firstName: session.person.firstName,
        lastName: session.person.lastName,
        dateOfBirth: null,
        idNumber: null,
        nationality: null,
      },
      document: {
        number: session.document.number ?? null,
        type: session.document.type ?? null,
        country: session.document.country ?? null,
        validFrom: null,
        validUntil: null,
      },
      comments: [],
      additionalVerifiedData: {},
    },
    technicalData: { ip: null },
  };
}

// ---------------------------------------------------------------- the hosted session page

const SESSION_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; img-src data:; form-action 'self'; frame-ancestors 'self'; base-uri 'none'",
};

function sessionPage(session) {
  const head = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verification session · kyc-sign demo</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/style.css">
</head>
<body class="session-page">
<main class="card session-card">`;
  const foot = `<p class="muted small">This page stands in for the provider's hosted flow. Nothing is verified and nothing leaves this machine.</p>
</main>
</body>
</html>
`;
  if (!session) {
    return `${head}
<h1>Session not found</h1>
<p>This link is unknown or has expired (the emulator keeps sessions in memory until it restarts).</p>
${foot}`;
  }
  const provider = session.provider === 'veriff' ? 'Veriff' : 'FaceVerify';
  const who = session.provider === 'veriff'
    ? [session.person.firstName, session.person.lastName].filter((s) => s).join(' ') || '—'
    : `${session.uniqueIdentifier} (${session.country})`;
  const rows = [
    ['Session id', `<code>${escapeHtml(session.id)}</code>`],
    [session.provider === 'veriff' ? 'Person' : 'Unique identifier', escapeHtml(who)],
    ...(session.provider === 'veriff' ? [['Vendor data', escapeHtml(session.vendorData ?? '—')]] : []),
    ['Created', escapeHtml(session.createdAt)],
  ];
  const status = session.decision?.status ?? 'created';
  const action = session.decision
    ? `<p>Decision recorded at ${escapeHtml(session.decision.time)}.${session.provider === 'veriff'
      ? ' <code>GET /v1/sessions/{id}/decision</code> now returns it.' : ''}</p>`
    : `<form method="post" action="/v/${escapeHtml(session.token)}/decision" class="decide">
<p>In the real flow the person now photographs a document and their face. Here you decide the outcome:</p>
<div class="actions">
<button type="submit" name="decision" value="approved">Approve</button>
<button type="submit" name="decision" value="declined" class="secondary">Decline</button>
</div>
</form>`;
  return `${head}
<p class="eyebrow">${provider} emulator</p>
<h1>Verification session</h1>
<p><span class="pill pill-${status}">${status}</span></p>
<dl class="facts">
${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('\n')}
</dl>
${action}
${foot}`;
}
