// The demo's own backend: the config route the page fills its form from, and
// "sign on the server", which signs with kyc-sign's Node build and forwards.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../server/config.mjs';
import { DEMO_CREDENTIALS, FACEVERIFY, VERIFF, send, startDemo } from './helpers.mjs';

let demo;
before(async () => {
  demo = await startDemo();
});
after(() => demo?.close());

function post(server, path, value, headers = {}) {
  return send(server.origin, {
    method: 'POST',
    path,
    headers: { 'Content-Type': 'application/json', Origin: server.origin, ...headers },
    body: JSON.stringify(value),
  });
}

const VERIFF_FIELDS = { callback: 'https://example.com/kyc/done', person: { firstName: 'John', lastName: 'Smith' }, vendorData: 'user-42', lang: 'en' };

describe('GET /demo/config.json', () => {
  test('gives the built-in fake credentials and the URL mode', async () => {
    const r = await send(demo.origin, { path: '/demo/config.json' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, {
      veriff: VERIFF,
      faceverify: FACEVERIFY,
      sumsub: DEMO_CREDENTIALS.sumsub,
      urlMode: 'whatwg',
      credentialsFrom: 'built-in demo defaults',
    });
    assert.match(VERIFF.secret, /not-real/);
  });

  test('a request addressed to another name (DNS rebinding) is refused, with nothing of the config', async () => {
    const { port } = new URL(demo.origin);
    for (const host of [`attacker.example:${port}`, 'attacker.example', `127.0.0.1.nip.io:${port}`, `localhost.attacker.example:${port}`]) {
      const r = await send(demo.origin, { path: '/demo/config.json', headers: { Host: host } });
      assert.equal(r.status, 421, host);
      assert.doesNotMatch(r.text, /not-real|secret/, host);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      const r = await send(demo.origin, { path: '/demo/config.json', headers: { Host: host } });
      assert.equal(r.status, 200, host);
    }
  });

  test('environment variables flow through to the page and the emulator', async () => {
    const env = {
      KYC_DEMO_VERIFF_KEY: 'env-veriff-key',
      KYC_DEMO_VERIFF_SECRET: 'env-veriff-secret',
      KYC_DEMO_FACEVERIFY_KEY: 'env-fv-key',
      KYC_DEMO_FACEVERIFY_SECRET: 'env-fv-secret',
      KYC_DEMO_URL_MODE: 'raw',
    };
    const custom = await startDemo({ env });
    try {
      const r = await send(custom.origin, { path: '/demo/config.json' });
      assert.equal(r.json.veriff.apiKey, 'env-veriff-key');
      assert.equal(r.json.faceverify.secret, 'env-fv-secret');
      assert.equal(r.json.urlMode, 'raw');
      assert.equal(r.json.credentialsFrom, 'environment');
      const signed = await post(custom, '/demo/api/sessions', { provider: 'veriff', session: VERIFF_FIELDS, baseUrl: custom.origin });
      assert.equal(signed.json.response.status, 201);
      assert.equal(signed.json.request.headers['X-AUTH-CLIENT'], 'env-veriff-key');
      // The default demo key is not known to this emulator.
      const stale = await post(demo, '/demo/api/sessions', { provider: 'veriff', session: VERIFF_FIELDS, baseUrl: custom.origin });
      assert.equal(stale.json.response.status, 401);
      assert.equal(JSON.parse(stale.json.response.body).reason, 'unknown X-AUTH-CLIENT');
    } finally {
      await custom.close();
    }
  });

  test('an unknown URL mode is refused at start', () => {
    assert.throws(() => loadConfig({ env: { KYC_DEMO_URL_MODE: 'python' } }), /must be "whatwg" or "raw"/);
    assert.equal(loadConfig({ env: { KYC_DEMO_URL_MODE: 'raw' }, urlMode: 'whatwg' }).urlMode, 'whatwg', 'the start option wins');
  });
});

describe('POST /demo/api/sessions (sign on the server)', () => {
  test('Veriff, both schemes: signed on the server, forwarded, 201 from the emulator', async () => {
    for (const [scheme, header] of [['hmac', 'X-HMAC-SIGNATURE'], ['legacy', 'X-SIGNATURE']]) {
      demo.lines.length = 0;
      const r = await post(demo, '/demo/api/sessions', { provider: 'veriff', session: VERIFF_FIELDS, scheme, baseUrl: demo.origin });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.response.status, 201, r.json.response.body);
      assert.match(r.json.request.headers[header], /^[0-9a-f]{64}$/);
      assert.equal(JSON.parse(r.json.request.body).verification.vendorData, 'user-42');
      assert.ok(!r.text.includes(VERIFF.secret), 'the secret never leaves the server');
      assert.deepEqual(demo.lines.map((l) => l.replace(/^\S+ /, '')), [
        'POST /v1/sessions 201 session created',
        'POST /demo/api/sessions 200 forwarded, provider answered 201',
      ]);
    }
  });

  test('FaceVerify in the emulator\'s URL mode, with a query', async () => {
    const raw = await startDemo({ urlMode: 'raw' });
    try {
      const r = await post(raw, '/demo/api/sessions', {
        provider: 'faceverify', session: { country: 'US', uniqueIdentifier: 'user123' }, urlMode: 'raw', baseUrl: raw.origin, query: 'tag=~x&flag',
      });
      assert.equal(r.json.response.status, 200, r.json.response.body);
      assert.equal(r.json.request.url, `${raw.origin}/api/v1/session?tag=~x&flag`);
      const wrongMode = await post(raw, '/demo/api/sessions', {
        provider: 'faceverify', session: { country: 'US', uniqueIdentifier: 'user123' }, urlMode: 'whatwg', baseUrl: raw.origin, query: 'tag=~x&flag',
      });
      assert.equal(wrongMode.json.response.status, 401);
    } finally {
      await raw.close();
    }
  });

  test('a field the library refuses → 422 with its code and path, and nothing is forwarded', async () => {
    demo.lines.length = 0;
    const r = await post(demo, '/demo/api/sessions', { provider: 'veriff', session: { ...VERIFF_FIELDS, callback: 'not a url' }, baseUrl: demo.origin });
    assert.equal(r.status, 422);
    assert.equal(r.json.error.code, 'KYC_INVALID_URL');
    assert.equal(r.json.error.path, 'callback');
    assert.equal(r.json.error.name, 'RangeError');
    assert.deepEqual(demo.lines.map((l) => l.replace(/^\S+ /, '')), ['POST /demo/api/sessions 422 KYC_INVALID_URL']);

    const unknown = await post(demo, '/demo/api/sessions', { provider: 'faceverify', session: { country: 'US', firstname: 'x' }, baseUrl: demo.origin });
    assert.equal(unknown.json.error.code, 'KYC_UNKNOWN_FIELD');
  });

  test('refuses cross-origin pages, other content types, odd input and foreign hosts', async () => {
    const ok = { provider: 'veriff', session: VERIFF_FIELDS, baseUrl: demo.origin };
    assert.equal((await post(demo, '/demo/api/sessions', ok, { Origin: 'http://evil.example' })).status, 403);
    assert.equal((await post(demo, '/demo/api/sessions', ok, { 'Content-Type': 'text/plain' })).status, 415);
    assert.equal((await post(demo, '/demo/api/sessions', { ...ok, provider: 'acme' })).status, 400);
    assert.equal((await post(demo, '/demo/api/sessions', { ...ok, session: 'x' })).status, 400);
    const foreign = await post(demo, '/demo/api/sessions', { ...ok, baseUrl: 'http://example.com' });
    assert.equal(foreign.status, 400);
    assert.match(foreign.json.reason, /forwards only to loopback or to https:\/\/stationapi\.veriff\.com/);
    assert.equal((await send(demo.origin, { path: '/demo/api/sessions' })).status, 405);
  });

  test('an unreachable provider → 502 with a reason', async () => {
    const gone = await startDemo();
    const origin = gone.origin;
    await gone.close();
    const r = await post(demo, '/demo/api/sessions', { provider: 'veriff', session: VERIFF_FIELDS, baseUrl: origin });
    assert.equal(r.status, 502);
    assert.match(r.json.reason, /^provider unreachable/);
  });
});

describe('POST /demo/api/decision', () => {
  test('signs Veriff\'s GET …/decision on the server', async () => {
    const created = await post(demo, '/demo/api/sessions', { provider: 'veriff', session: VERIFF_FIELDS, baseUrl: demo.origin });
    const { id } = JSON.parse(created.json.response.body).verification;
    const r = await post(demo, '/demo/api/decision', { sessionId: id, baseUrl: demo.origin });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.request.method, 'GET');
    assert.equal(r.json.response.status, 200);
    assert.deepEqual(JSON.parse(r.json.response.body), { status: 'success', verification: null });
    assert.equal((await post(demo, '/demo/api/decision', { sessionId: '../x', baseUrl: demo.origin })).status, 400);
  });
});
