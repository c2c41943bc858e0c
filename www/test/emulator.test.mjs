// The provider emulator on its own: every route accepts a correctly signed
// request and rejects one whose body, path, query or key differs by one byte
// from what was signed. Requests are signed here with node:crypto from the
// providers' recipes (test/helpers.mjs), then once more with kyc-sign, so the
// library and the emulator are checked against each other too.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  DEMO_CREDENTIALS, FACEVERIFY, FACEVERIFY_BODY, VERIFF, VERIFF_BODY, faceVerifyRaw, faceVerifyWhatwg, flipAt, flipByte, kyc, send, startDemo,
  veriffHmac, veriffLegacy,
} from './helpers.mjs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JSON_TYPE = { 'Content-Type': 'application/json' };

let whatwg; // emulator expecting FaceVerify's whatwg URL mode (the default)
let raw; // emulator started in raw mode

before(async () => {
  whatwg = await startDemo();
  raw = await startDemo({ urlMode: 'raw' });
});
after(async () => {
  await whatwg?.close();
  await raw?.close();
});

/** POST /v1/sessions signed over `signedBody`, sending `sentBody`. */
function veriffPost(server, { signedBody = VERIFF_BODY, sentBody = signedBody, key = VERIFF.apiKey, secret = VERIFF.secret, legacy = false, path = '/v1/sessions', headers = {} } = {}) {
  const signature = legacy ? { 'X-SIGNATURE': veriffLegacy(signedBody, secret) } : { 'X-HMAC-SIGNATURE': veriffHmac(signedBody, secret) };
  return send(server.origin, {
    method: 'POST',
    path,
    headers: { ...JSON_TYPE, 'X-AUTH-CLIENT': key, ...signature, ...headers },
    body: sentBody,
  });
}

/** POST /api/v1/session: the canonical string is built from `signed*`, the request from `sent*`. */
function faceVerifyPost(server, {
  signedPath = '/api/v1/session', sentPath = signedPath, signedBody = FACEVERIFY_BODY, sentBody = signedBody,
  signedKey = FACEVERIFY.apiKey, sentKey = signedKey, secret = FACEVERIFY.secret, mode = 'whatwg',
  contentType = 'application/json', sentContentType = contentType,
} = {}) {
  const sign = mode === 'raw' ? faceVerifyRaw : faceVerifyWhatwg;
  const signature = sign('POST', `http://emulator.test${signedPath}`, signedBody, contentType, signedKey, secret);
  return send(server.origin, {
    method: 'POST',
    path: sentPath,
    headers: { 'Content-Type': sentContentType, 'x-auth-client': sentKey, 'x-hmac-signature': signature },
    body: sentBody,
  });
}

/** GET /v1/sessions/{id}/decision signed over `signedId`. */
function decisionGet(server, { signedId, sentId = signedId, key = VERIFF.apiKey, secret = VERIFF.secret, legacy = false, query = '' }) {
  const signature = legacy ? { 'X-SIGNATURE': veriffLegacy(signedId, secret) } : { 'X-HMAC-SIGNATURE': veriffHmac(signedId, secret) };
  return send(server.origin, {
    path: `/v1/sessions/${sentId}/decision${query}`,
    headers: { ...JSON_TYPE, 'X-AUTH-CLIENT': key, ...signature },
  });
}

function assertRejected(response, status, reason) {
  assert.equal(response.status, status, response.text);
  assert.equal(response.json?.status, 'fail');
  assert.equal(response.json?.reason, reason);
}

// ---------------------------------------------------------------- Veriff POST /v1/sessions

describe('Veriff POST /v1/sessions', () => {
  test('a correct X-HMAC-SIGNATURE creates a session (201, provider-shaped answer)', async () => {
    const r = await veriffPost(whatwg);
    assert.equal(r.status, 201, r.text);
    const { status, verification } = r.json;
    assert.equal(status, 'success');
    assert.deepEqual(Object.keys(verification), ['id', 'url', 'vendorData', 'host', 'status', 'sessionToken']);
    assert.match(verification.id, UUID);
    assert.equal(verification.host, whatwg.origin);
    assert.equal(verification.url, `${whatwg.origin}/v/${verification.sessionToken}`);
    assert.equal(verification.vendorData, 'user-42');
    assert.equal(verification.status, 'created');
  });

  test('the response is signed as Veriff signs it: x-hmac-signature over the raw body, with x-auth-client', async () => {
    const r = await veriffPost(whatwg);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.headers['x-auth-client'], VERIFF.apiKey);
    assert.equal(r.headers['x-hmac-signature'], createHmac('sha256', VERIFF.secret).update(r.text).digest('hex'), 'node:crypto over the bytes received');
    assert.equal(kyc.verifyResponse({ provider: 'veriff', headers: r.headers, body: r.text, secrets: VERIFF.secret, apiKey: VERIFF.apiKey }).status, 'success');
    assert.throws(() => kyc.verifyResponse({ provider: 'veriff', headers: r.headers, body: r.text.replace('created', 'approved'), secrets: VERIFF.secret }), { code: 'KYC_SIGNATURE_MISMATCH' });
  });

  test('a correct legacy X-SIGNATURE creates a session', async () => {
    const r = await veriffPost(whatwg, { legacy: true });
    assert.equal(r.status, 201, r.text);
  });

  test('the raw bytes are verified, not a re-serialisation (spaces, non-ASCII kept)', async () => {
    const body = '{ "verification" : { "person": { "firstName": "Zoë", "lastName": "Åström 👋" } } }';
    assert.equal((await veriffPost(whatwg, { signedBody: body })).status, 201);
    assert.equal((await veriffPost(whatwg, { signedBody: body, legacy: true })).status, 201);
    // The same object serialised differently is other bytes: rejected.
    assertRejected(await veriffPost(whatwg, { signedBody: body, sentBody: JSON.stringify(JSON.parse(body)) }), 401, 'signature mismatch');
  });

  test('one byte changed in the body → 401 signature mismatch (both schemes)', async () => {
    const tampered = flipAt(VERIFF_BODY, 'John');
    assert.notEqual(tampered, VERIFF_BODY);
    assertRejected(await veriffPost(whatwg, { sentBody: tampered }), 401, 'signature mismatch');
    assertRejected(await veriffPost(whatwg, { sentBody: tampered, legacy: true }), 401, 'signature mismatch');
  });

  test('one byte changed in the key → 401 unknown X-AUTH-CLIENT', async () => {
    assertRejected(await veriffPost(whatwg, { key: flipByte(VERIFF.apiKey, 0) }), 401, 'unknown X-AUTH-CLIENT');
    assertRejected(await veriffPost(whatwg, { key: flipByte(VERIFF.apiKey, VERIFF.apiKey.length - 1) }), 401, 'unknown X-AUTH-CLIENT');
  });

  test('one byte changed in the secret → 401 signature mismatch, and the secret is never echoed', async () => {
    const wrong = flipByte(VERIFF.secret, 3);
    for (const legacy of [false, true]) {
      const r = await veriffPost(whatwg, { secret: wrong, legacy });
      assertRejected(r, 401, 'signature mismatch');
      assert.ok(!r.text.includes(VERIFF.secret) && !r.text.includes(wrong), r.text);
    }
  });

  test('one byte changed in the path → 404: no session is created', async () => {
    const r = await veriffPost(whatwg, { path: flipByte('/v1/sessions', 11) });
    assertRejected(r, 404, 'not found');
  });

  test('the query is not part of Veriff\'s signed message: a changed query is accepted, as by Veriff', async () => {
    // Veriff signs the body alone; what it does not sign it cannot protect.
    assert.equal((await veriffPost(whatwg, { path: '/v1/sessions?ref=a' })).status, 201);
    assert.equal((await veriffPost(whatwg, { path: '/v1/sessions?ref=b' })).status, 201);
  });

  test('missing headers and malformed signatures → 401 with a reason', async () => {
    assertRejected(await send(whatwg.origin, { method: 'POST', path: '/v1/sessions', headers: JSON_TYPE, body: VERIFF_BODY }),
      401, 'missing X-AUTH-CLIENT');
    assertRejected(await send(whatwg.origin, { method: 'POST', path: '/v1/sessions', headers: { ...JSON_TYPE, 'X-AUTH-CLIENT': VERIFF.apiKey }, body: VERIFF_BODY }),
      401, 'missing X-HMAC-SIGNATURE');
    const good = veriffHmac(VERIFF_BODY, VERIFF.secret);
    for (const bad of [good.slice(0, 63), `${good}0`, `${good.slice(0, 63)}g`, '']) {
      assertRejected(await veriffPost(whatwg, { headers: { 'X-HMAC-SIGNATURE': bad } }), 401, 'malformed signature');
    }
    // Upper-case hex is the same signature.
    assert.equal((await veriffPost(whatwg, { headers: { 'X-HMAC-SIGNATURE': good.toUpperCase() } })).status, 201);
    // Both headers sent: both must hold.
    assertRejected(await veriffPost(whatwg, { headers: { 'X-SIGNATURE': '0'.repeat(64) } }), 401, 'signature mismatch');
  });

  test('a correctly signed body that is not JSON, or lacks verification → 400', async () => {
    assertRejected(await veriffPost(whatwg, { signedBody: '{"verification":' }), 400, 'body is not valid JSON');
    assertRejected(await veriffPost(whatwg, { signedBody: '{"person":{}}' }), 400, 'missing verification');
    assertRejected(await veriffPost(whatwg, { signedBody: '{"verification":"x"}' }), 400, 'missing verification');
    assertRejected(await veriffPost(whatwg, { signedBody: '[]' }), 400, 'missing verification');
    assertRejected(await veriffPost(whatwg, { signedBody: '{}', headers: { 'Content-Type': 'text/plain' } }), 415, 'Content-Type must be application/json');
  });

  test('a badly signed malformed body is 401, not 400: authentication comes first', async () => {
    assertRejected(await veriffPost(whatwg, { signedBody: '{}', sentBody: 'not json' }), 401, 'signature mismatch');
  });

  test('other methods → 405', async () => {
    const r = await send(whatwg.origin, { method: 'GET', path: '/v1/sessions' });
    assertRejected(r, 405, 'method not allowed');
    assert.equal(r.headers.allow, 'POST');
  });
});

// ---------------------------------------------------------------- Veriff GET /v1/sessions/{id}/decision

describe('Veriff GET /v1/sessions/{id}/decision', () => {
  let session;
  before(async () => {
    session = (await veriffPost(whatwg)).json.verification;
  });

  test('signed over the session id: no decision yet → verification null', async () => {
    const r = await decisionGet(whatwg, { signedId: session.id });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'success', verification: null });
    assert.equal((await decisionGet(whatwg, { signedId: session.id, legacy: true })).status, 200);
  });

  test('one byte changed in the path (the id) → 401 signature mismatch', async () => {
    const r = await decisionGet(whatwg, { signedId: session.id, sentId: flipByte(session.id, 0) });
    assertRejected(r, 401, 'signature mismatch');
    const legacy = await decisionGet(whatwg, { signedId: session.id, sentId: flipByte(session.id, 35), legacy: true });
    assertRejected(legacy, 401, 'signature mismatch');
  });

  test('one byte changed in the key → 401; wrong secret → 401', async () => {
    assertRejected(await decisionGet(whatwg, { signedId: session.id, key: flipByte(VERIFF.apiKey, 5) }), 401, 'unknown X-AUTH-CLIENT');
    assertRejected(await decisionGet(whatwg, { signedId: session.id, secret: flipByte(VERIFF.secret, 5) }), 401, 'signature mismatch');
  });

  test('the query is not part of the signed message (Veriff signs the id only)', async () => {
    assert.equal((await decisionGet(whatwg, { signedId: session.id, query: '?x=1' })).status, 200);
  });

  test('a correctly signed unknown id → 404', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    assertRejected(await decisionGet(whatwg, { signedId: unknown }), 404, 'session not found');
  });

  test('approving on the session page makes the decision available, shaped like Veriff\'s', async () => {
    const fresh = (await veriffPost(whatwg)).json.verification;
    const page = await send(whatwg.origin, { path: new URL(fresh.url).pathname });
    assert.equal(page.status, 200);
    assert.match(page.text, /Verification session/);
    const decide = await send(whatwg.origin, {
      method: 'POST',
      path: `${new URL(fresh.url).pathname}/decision`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: whatwg.origin },
      body: 'decision=approved',
    });
    assert.equal(decide.status, 303);
    const r = await decisionGet(whatwg, { signedId: fresh.id });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'success');
    assert.equal(r.json.verification.id, fresh.id);
    assert.equal(r.json.verification.status, 'approved');
    assert.equal(r.json.verification.code, 9001);
    assert.equal(r.json.verification.vendorData, 'user-42');
    assert.equal(r.json.verification.person.firstName, 'John');
  });

  test('the session page refuses a decision posted from another origin', async () => {
    const fresh = (await veriffPost(whatwg)).json.verification;
    const r = await send(whatwg.origin, {
      method: 'POST',
      path: `${new URL(fresh.url).pathname}/decision`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://evil.example' },
      body: 'decision=approved',
    });
    assertRejected(r, 403, 'cross-origin form');
  });
});

// ---------------------------------------------------------------- FaceVerify POST /api/v1/session

describe('FaceVerify POST /api/v1/session', () => {
  test('a correct x-hmac-signature creates a session (200 with a session URL)', async () => {
    const r = await faceVerifyPost(whatwg);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'success');
    assert.match(r.json.sessionId, UUID);
    assert.match(r.json.url, new RegExp(`^${whatwg.origin}/v/[\\w-]+$`));
    assert.equal((await send(whatwg.origin, { path: new URL(r.json.url).pathname })).status, 200);
  });

  for (const [mode, server] of [['whatwg', () => whatwg], ['raw', () => raw]]) {
    describe(`emulator in ${mode} mode`, () => {
      const opts = { mode };
      test('correct signature, with a query → 200', async () => {
        assert.equal((await faceVerifyPost(server(), { ...opts, signedPath: '/api/v1/session?ref=abc&n=1' })).status, 200);
      });
      test('one byte changed in the body → 401', async () => {
        assertRejected(await faceVerifyPost(server(), { ...opts, sentBody: flipAt(FACEVERIFY_BODY, 'user123') }), 401, 'signature mismatch');
      });
      test('one byte changed in the path → 401', async () => {
        assertRejected(await faceVerifyPost(server(), { ...opts, signedPath: '/api/v1/sessioo', sentPath: '/api/v1/session' }), 401, 'signature mismatch');
        assertRejected(await faceVerifyPost(server(), { ...opts, signedPath: '/api/v2/session', sentPath: '/api/v1/session' }), 401, 'signature mismatch');
      });
      test('one byte changed in the query → 401', async () => {
        assertRejected(await faceVerifyPost(server(), { ...opts, signedPath: '/api/v1/session?ref=abc', sentPath: '/api/v1/session?ref=abd' }), 401, 'signature mismatch');
        assertRejected(await faceVerifyPost(server(), { ...opts, signedPath: '/api/v1/session', sentPath: '/api/v1/session?a' }), 401, 'signature mismatch');
      });
      test('one byte changed in the key → 401 (in the header: unknown key; in the signed string: mismatch)', async () => {
        assertRejected(await faceVerifyPost(server(), { ...opts, sentKey: flipByte(FACEVERIFY.apiKey, 2) }), 401, 'unknown x-auth-client');
        assertRejected(await faceVerifyPost(server(), { ...opts, signedKey: flipByte(FACEVERIFY.apiKey, 2), sentKey: FACEVERIFY.apiKey }), 401, 'signature mismatch');
      });
      test('a changed Content-Type or secret → 401', async () => {
        assertRejected(await faceVerifyPost(server(), { ...opts, sentContentType: 'application/json; charset=utf-8' }), 401, 'signature mismatch');
        assertRejected(await faceVerifyPost(server(), { ...opts, secret: flipByte(FACEVERIFY.secret, 0) }), 401, 'signature mismatch');
      });
    });
  }

  test('the URL mode matters exactly when the query needs re-encoding', async () => {
    const path = '/api/v1/session?tag=~x&flag';
    // Node sample: tag=%7Ex&flag= ; Python sample: tag=~x&flag
    assert.equal((await faceVerifyPost(whatwg, { signedPath: path })).status, 200);
    assert.equal((await faceVerifyPost(raw, { signedPath: path, mode: 'raw' })).status, 200);
    assertRejected(await faceVerifyPost(whatwg, { signedPath: path, mode: 'raw' }), 401, 'signature mismatch');
    assertRejected(await faceVerifyPost(raw, { signedPath: path }), 401, 'signature mismatch');
    // A plain query agrees in both modes.
    assert.equal((await faceVerifyPost(raw, { signedPath: '/api/v1/session?ref=abc' })).status, 200);
  });

  test('missing headers → 401 with a reason', async () => {
    assertRejected(await send(whatwg.origin, { method: 'POST', path: '/api/v1/session', headers: JSON_TYPE, body: FACEVERIFY_BODY }),
      401, 'missing x-auth-client');
    assertRejected(await send(whatwg.origin, { method: 'POST', path: '/api/v1/session', headers: { ...JSON_TYPE, 'x-auth-client': FACEVERIFY.apiKey }, body: FACEVERIFY_BODY }),
      401, 'missing x-hmac-signature');
  });

  test('a correctly signed malformed body → 400; badly signed → 401', async () => {
    const cases = [
      ['{"country":"US",', 'malformed body: not valid JSON'],
      ['[]', 'malformed body: expected a JSON object'],
      ['{"country":"usa","uniqueIdentifier":"u"}', 'malformed body: country must be an ISO 3166-1 alpha-2 code such as "US"'],
      ['{"country":"US"}', 'malformed body: uniqueIdentifier must be a non-empty string'],
      ['{"country":"US","uniqueIdentifier":"u","extra":1}', 'malformed body: unknown field "extra"'],
    ];
    for (const [body, reason] of cases) {
      assertRejected(await faceVerifyPost(whatwg, { signedBody: body }), 400, reason);
      assertRejected(await faceVerifyPost(whatwg, { signedBody: FACEVERIFY_BODY, sentBody: body }), 401, 'signature mismatch');
    }
  });
});

// ---------------------------------------------------------------- kyc-sign against the emulator

describe('requests signed by kyc-sign are accepted', () => {
  test('Veriff session, HMAC and legacy (signRequest + fetch)', async () => {
    const body = kyc.buildSessionBody({ provider: 'veriff', person: { firstName: 'Zoë', lastName: 'Smith' }, vendorData: 'user-42' });
    for (const scheme of ['hmac', 'legacy']) {
      const signed = kyc.signRequest({ provider: 'veriff', method: 'POST', url: `${whatwg.origin}/v1/sessions`, body, apiKey: VERIFF.apiKey, secret: VERIFF.secret, scheme });
      const r = await fetch(signed.url, signed);
      assert.equal(r.status, 201, `${scheme}: ${await r.text()}`);
    }
  });

  test('Veriff GET /v1/sessions/{id}/decision signed by signRequest (HMAC and legacy)', async () => {
    const body = kyc.buildSessionBody({ provider: 'veriff', vendorData: 'user-42' });
    const created = kyc.signRequest({ provider: 'veriff', method: 'POST', url: `${whatwg.origin}/v1/sessions`, body, apiKey: VERIFF.apiKey, secret: VERIFF.secret });
    const { verification } = await (await fetch(created.url, created)).json();
    for (const scheme of ['hmac', 'legacy']) {
      const signed = kyc.signRequest({
        provider: 'veriff', method: 'GET', url: `${whatwg.origin}/v1/sessions/${verification.id}/decision`, apiKey: VERIFF.apiKey, secret: VERIFF.secret, scheme,
      });
      assert.equal(signed.body, undefined);
      const r = await fetch(signed.url, signed);
      assert.equal(r.status, 200, `${scheme}: ${await r.clone().text()}`);
      assert.deepEqual(await r.json(), { status: 'success', verification: null });
    }
  });

  test('FaceVerify in each URL mode, with a query the modes disagree on', async () => {
    const body = kyc.buildSessionBody({ provider: 'faceverify', country: 'US', uniqueIdentifier: 'user123' });
    for (const [mode, server, other] of [['whatwg', whatwg, raw], ['raw', raw, whatwg]]) {
      const sign = (origin) => kyc.signRequest({
        provider: 'faceverify', method: 'POST', url: `${origin}/api/v1/session?tag=~x&flag`, body, apiKey: FACEVERIFY.apiKey, secret: FACEVERIFY.secret, urlMode: mode,
      });
      const ok = sign(server.origin);
      assert.equal((await fetch(ok.url, ok)).status, 200, `${mode} signature at the ${mode} emulator`);
      const wrong = sign(other.origin);
      assert.equal((await fetch(wrong.url, wrong)).status, 401, `${mode} signature at the other emulator`);
    }
  });
});

// ---------------------------------------------------------------- serving and logging

describe('static files and logging', () => {
  test('the page and the browser build are served with the right types', async () => {
    const page = await send(whatwg.origin, { path: '/' });
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'], /^text\/html/);
    assert.match(page.headers['content-security-policy'], /'wasm-unsafe-eval'/);
    assert.match(page.text, /Create session/);
    const entry = await send(whatwg.origin, { path: '/pkg/web/index.js' });
    assert.equal(entry.status, 200);
    assert.match(entry.headers['content-type'], /^text\/javascript/);
    const wasm = await send(whatwg.origin, { method: 'HEAD', path: '/pkg/web/simd/kyc_sign_bg.wasm' });
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm');
  });

  test('nothing outside the page and pkg/ is served', async () => {
    for (const path of ['/pkg/..%2f..%2fCargo.toml', '/pkg/%2e%2e/Makefile', '/js/..%2fserver.mjs', '/server/config.mjs', '/test/helpers.mjs', '/package.json', '/js/%00']) {
      assert.equal((await send(whatwg.origin, { path })).status, 404, path);
    }
  });

  test('one log line per request: method, path, status, reason; no query, header or secret', async () => {
    const demo = await startDemo();
    try {
      await veriffPost(demo, { path: '/v1/sessions?token=QUERY-MUST-NOT-BE-LOGGED' });
      await veriffPost(demo, { secret: 'wrong-secret-MUST-NOT-BE-LOGGED' });
      await send(demo.origin, { path: '/nope' });
      assert.equal(demo.lines.length, 3, demo.lines.join('\n'));
      assert.match(demo.lines[0], /^\d\d:\d\d:\d\d\.\d{3} POST \/v1\/sessions 201 session created$/);
      assert.match(demo.lines[1], /^\d\d:\d\d:\d\d\.\d{3} POST \/v1\/sessions 401 signature mismatch$/);
      assert.match(demo.lines[2], /^\d\d:\d\d:\d\d\.\d{3} GET \/nope 404 not found$/);
      const all = demo.lines.join('\n');
      for (const secret of [VERIFF.secret, 'MUST-NOT-BE-LOGGED', VERIFF.apiKey]) assert.ok(!all.includes(secret), secret);
    } finally {
      await demo.close();
    }
  });

  test('the session page escapes what the API was sent', async () => {
    const body = JSON.stringify({ verification: { person: { firstName: '<img src=x onerror=alert(1)>', lastName: '"&' } } });
    const created = await veriffPost(whatwg, { signedBody: body });
    const page = await send(whatwg.origin, { path: new URL(created.json.verification.url).pathname });
    assert.ok(!page.text.includes('<img src=x'), 'markup from the body must be escaped');
    assert.match(page.text, /&#60;img src=x onerror=alert\(1\)&#62; &#34;&#38;/);
    assert.match(page.headers['content-security-policy'], /default-src 'none'/);
  });
});

// ---------------------------------------------------------------- Sumsub

const SUMSUB = DEMO_CREDENTIALS.sumsub;
const SUMSUB_BODY = '{"externalUserId":"user-42"}';
const SUMSUB_TARGET = '/resources/applicants?levelName=basic-kyc-level';

/** POST /resources/applicants signed with node:crypto over ts + METHOD + target + body. */
function sumsubPost(server, { ts = Math.floor(Date.now() / 1000), signedTarget = SUMSUB_TARGET, sentTarget = signedTarget, signedBody = SUMSUB_BODY, sentBody = signedBody, token = SUMSUB.apiKey, secret = SUMSUB.secret } = {}) {
  const signature = createHmac('sha256', secret).update(`${ts}POST${signedTarget}${signedBody}`).digest('hex');
  return send(server.origin, {
    method: 'POST',
    path: sentTarget,
    headers: { ...JSON_TYPE, 'X-App-Token': token, 'X-App-Access-Ts': String(ts), 'X-App-Access-Sig': signature },
    body: sentBody,
  });
}

describe('Sumsub POST /resources/applicants', () => {
  test('a request signed by the documented recipe creates an applicant', async () => {
    const r = await sumsubPost(whatwg);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.externalUserId, 'user-42');
    assert.equal(r.json.levelName, 'basic-kyc-level');
  });

  test('one byte of body, path, query or token changed is refused', async () => {
    for (const [what, options] of [
      ['body', { sentBody: flipAt(SUMSUB_BODY, 'user') }],
      ['path', { sentTarget: SUMSUB_TARGET.replace('applicants', 'applicantS') }],
      ['query', { sentTarget: `${SUMSUB_TARGET}x` }],
      ['secret', { secret: `${SUMSUB.secret}x` }],
    ]) {
      const r = await sumsubPost(whatwg, options);
      assert.equal(r.status, what === 'path' ? 404 : 401, `${what}: ${r.text}`);
    }
    assert.equal((await sumsubPost(whatwg, { token: 'sbx:someone-else' })).status, 401);
  });

  test('X-App-Access-Ts outside 60 s of the clock is refused, either way', async () => {
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await sumsubPost(whatwg, { ts: now - 55 })).status, 201);
    const old = await sumsubPost(whatwg, { ts: now - 120 });
    assert.equal(old.status, 401);
    assert.match(old.json.hint, /120 s old/);
    assert.equal((await sumsubPost(whatwg, { ts: now + 120 })).status, 401);
  });

  test("kyc-sign's signRequest is accepted, and a signature from a minute ago is not", async () => {
    const url = `${whatwg.origin}${SUMSUB_TARGET}`;
    const fresh = kyc.signRequest({ provider: 'sumsub', method: 'POST', url, body: SUMSUB_BODY, apiKey: SUMSUB.apiKey, secret: SUMSUB.secret });
    assert.equal((await fetch(fresh.url, fresh)).status, 201);
    const stale = kyc.signRequest({ provider: 'sumsub', method: 'POST', url, body: SUMSUB_BODY, apiKey: SUMSUB.apiKey, secret: SUMSUB.secret, now: Date.now() - 61_000 });
    assert.equal((await fetch(stale.url, stale)).status, 401);
  });
});

// ---------------------------------------------------------------- webhooks

describe('POST /emulator/webhooks/send: a signed webhook of each provider to the demo route', () => {
  const PROVIDERS = ['veriff', 'sumsub', 'onfido', 'complycube', 'idenfy', 'stripe', 'persona', 'standard-webhooks'];
  const post = (value) => send(whatwg.origin, {
    method: 'POST',
    path: '/emulator/webhooks/send',
    headers: { ...JSON_TYPE, Origin: whatwg.origin },
    body: JSON.stringify(value),
  });

  for (const provider of PROVIDERS) {
    test(`${provider}: verified by the route with kyc-sign; the same webhook tampered is refused`, async () => {
      const ok = await post({ provider });
      assert.equal(ok.status, 200, ok.text);
      assert.equal(ok.json.delivered.status, 200, JSON.stringify(ok.json.delivered));
      assert.deepEqual(ok.json.delivered.answer.event, JSON.parse(ok.json.sent.body));
      const bad = await post({ provider, tamper: true });
      assert.equal(bad.json.delivered.status, 401);
      assert.equal(bad.json.delivered.answer.code, 'KYC_SIGNATURE_MISMATCH');
    });
  }

  test('an unknown provider and a cross-origin request are refused', async () => {
    assert.equal((await post({ provider: 'acme' })).status, 400);
    const cross = await send(whatwg.origin, { method: 'POST', path: '/emulator/webhooks/send', headers: { ...JSON_TYPE, Origin: 'https://evil.example' }, body: '{"provider":"onfido"}' });
    assert.equal(cross.status, 403);
  });
});
