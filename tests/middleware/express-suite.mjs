// kyc-sign/express in Express, on a real server on 127.0.0.1: for every
// provider a signed, a tampered and a pre-parsed webhook, and the same
// middleware through require(). express.test.mjs runs these tests in Express 5
// and express4.test.mjs in Express 4 (the versions tests/middleware/package-lock.json
// pins, Express 4 under the alias express4).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { deflateSync, gzipSync } from 'node:zlib';

import { verifyWebhooks } from 'kyc-sign/express';
import { KycError } from 'kyc-sign';

import { PROVIDER_NAMES, PROVIDERS, assertNoSecret, assertTolerancePassesThrough, expectedEvent, optionsFor, post, signed, tampered, versionOf } from './helpers.mjs';

const require = createRequire(import.meta.url);

/** The tests of kyc-sign/express in `express`, the module of the package `name` (`express` or `express4`), of major version `major`. */
export function expressSuite(express, name, major) {
  const VERSION = versionOf(name);
  const label = `express ${major}`;

  const app = express();
  const seen = [];
  const received = (req, res) => {
    seen.push({ bodyIsBuffer: Buffer.isBuffer(req.body), path: req.path });
    res.json({ event: req.kyc, rawLength: Buffer.isBuffer(req.body) ? req.body.length : null });
  };
  for (const provider of PROVIDER_NAMES) {
    // As the README says: the middleware alone reads the body.
    app.post(`/webhooks/${provider}`, verifyWebhooks(optionsFor(provider)), received);
    // express.raw() in front of it: its Buffer is taken as it is.
    app.post(`/raw/${provider}`, express.raw({ type: '*/*' }), verifyWebhooks(optionsFor(provider)), received);
    // The usual mistake: express.json() in front of it.
    app.post(`/parsed/${provider}`, express.json(), verifyWebhooks(optionsFor(provider)), received);
  }
  // What Express 4's body parsers leave on a request of another content type: {} and the stream unread.
  const placeholder = (req, res, next) => {
    req.body = {};
    next();
  };
  app.post('/placeholder/onfido', placeholder, verifyWebhooks(optionsFor('onfido')), received);
  // The same from the real parser: express.json() meets a text/plain body (Express 4: {}, Express 5: undefined).
  app.post('/json-skipped/onfido', express.json(), verifyWebhooks(optionsFor('onfido')), received);
  // A replaced answer, which sees the error itself.
  const onError = (error, req, res) => {
    res.status(418).json({ code: error.code, status: error.status, message: error.message, kyc: error instanceof KycError });
  };
  app.post('/on-error/parsed', express.json(), verifyWebhooks({ ...optionsFor('onfido'), onError }), received);
  app.post('/on-error/tampered', verifyWebhooks({ ...optionsFor('onfido'), onError }), received);
  // An onError that hands the error to Express's error handling.
  app.post('/on-error/next', verifyWebhooks({ ...optionsFor('onfido'), onError: (error, req, res, next) => next(error) }), received);
  // An onError that calls next() with no error, or next('route'): the refusal goes on, never the request.
  const reached = [];
  const mustNotRun = (req, res) => {
    reached.push({ path: req.path, kyc: req.kyc });
    res.json({ reached: true });
  };
  app.post('/on-error/next-empty', verifyWebhooks({ ...optionsFor('onfido'), onError: (e, q, s, n) => n() }), mustNotRun);
  app.post('/on-error/next-route', verifyWebhooks({ ...optionsFor('onfido'), onError: (e, q, s, n) => n('route') }), mustNotRun);
  app.post('/on-error/next-route', mustNotRun);
  // Falsy errors, a throw of nothing and a rejection with 'route': Express would take each as "go on".
  const falsy = {
    'next-false': (e, q, s, n) => n(false),
    'next-zero': (e, q, s, n) => n(0),
    'throws-undefined': () => {
      throw undefined;
    },
    'rejects-route': () => Promise.reject('route'),
  };
  for (const [name, onErrorOf] of Object.entries(falsy)) {
    app.post(`/on-error/${name}`, verifyWebhooks({ ...optionsFor('onfido'), onError: onErrorOf }), mustNotRun);
    app.post(`/on-error/${name}`, mustNotRun);
  }
  // verifyWebhook's own options pass through: a tolerance of an hour.
  app.post('/tolerant/stripe', verifyWebhooks(optionsFor('stripe', { tolerance: 3600 })), received);
  // A small body limit.
  app.post('/limited/onfido', verifyWebhooks({ ...optionsFor('onfido'), limit: 64 }), received);
  // The CommonJS entry, as require('kyc-sign/express') gives it.
  app.post('/cjs/veriff', require('kyc-sign/express').verifyWebhooks(optionsFor('veriff')), received);
  // Express's error handler: answers what reached next(error).
  app.use((error, req, res, _next) => {
    res.status(error.status ?? 500).json({
      handler: 'express',
      code: error.code ?? null,
      type: error.type ?? null,
      kyc: error instanceof KycError,
      message: error.message,
    });
  });

  let server;
  let base;
  before(async () => {
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve, reject) => server.once('listening', resolve).once('error', reject));
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  test(`express ${VERSION}: the middleware is what the README says`, () => {
    assert.match(VERSION, new RegExp(`^${major}\\.`));
    assert.equal(typeof verifyWebhooks, 'function');
    assert.equal(require('kyc-sign/express').verifyWebhooks.length, 1);
  });

  for (const provider of PROVIDER_NAMES) {
    test(`${label}: ${provider}: a signed webhook reaches the handler with req.kyc`, async () => {
      for (const route of ['webhooks', 'raw']) {
        const answer = await post(`${base}/${route}/${provider}`, signed(provider));
        assert.equal(answer.status, 200, `${route}: ${answer.text}`);
        assert.deepEqual(answer.json.event, expectedEvent(provider), route);
        assert.equal(answer.json.rawLength, Buffer.byteLength(PROVIDERS[provider].body), `${route}: req.body is the raw Buffer`);
      }
    });

    test(`${label}: ${provider}: a tampered webhook is refused with 401 KYC_SIGNATURE_MISMATCH`, async () => {
      for (const route of ['webhooks', 'raw']) {
        const answer = await post(`${base}/${route}/${provider}`, tampered(provider));
        assert.equal(answer.status, 401, route);
        assert.deepEqual(answer.json, { code: 'KYC_SIGNATURE_MISMATCH' }, route);
        assert.match(answer.type, /^application\/json/);
      }
    });

    test(`${label}: ${provider}: a body parsed by express.json() is refused with KYC_BODY_NOT_RAW`, async () => {
      const answer = await post(`${base}/parsed/${provider}`, signed(provider));
      assert.equal(answer.status, 500);
      assert.deepEqual(answer.json, { code: 'KYC_BODY_NOT_RAW' });
    });
  }

  test(`${label}: a missing signature and a stale timestamp have their own codes`, async () => {
    const { body } = signed('onfido');
    const missing = await post(`${base}/webhooks/onfido`, { headers: { 'content-type': 'application/json' }, body });
    assert.deepEqual([missing.status, missing.json], [401, { code: 'KYC_SIGNATURE_MISSING' }]);
    const wrongClient = signed('veriff');
    wrongClient.headers['x-auth-client'] = 'someone-else';
    const client = await post(`${base}/webhooks/veriff`, wrongClient);
    assert.deepEqual([client.status, client.json], [401, { code: 'KYC_AUTH_CLIENT_MISMATCH' }]);
    await assertTolerancePassesThrough(base);
  });

  test(`${label}: the {} Express 4's parsers leave on an unread request is not taken for a parsed body`, async () => {
    const answer = await post(`${base}/placeholder/onfido`, signed('onfido'));
    assert.deepEqual([answer.status, answer.json.event], [200, expectedEvent('onfido')]);
    const bad = await post(`${base}/placeholder/onfido`, tampered('onfido'));
    assert.deepEqual([bad.status, bad.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
    // express.json() itself in front, and a body of another type: the stream is still unread.
    const { headers, body } = signed('onfido');
    const text = { headers: { ...headers, 'content-type': 'text/plain' }, body };
    const skipped = await post(`${base}/json-skipped/onfido`, text);
    assert.deepEqual([skipped.status, skipped.json.event, skipped.json.rawLength], [200, expectedEvent('onfido'), Buffer.byteLength(body)]);
    const forged = await post(`${base}/json-skipped/onfido`, { ...tampered('onfido'), headers: { ...tampered('onfido').headers, 'content-type': 'text/plain' } });
    assert.deepEqual([forged.status, forged.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
  });

  test(`${label}: onError replaces the answer and gets the KycError, whose message names express.raw`, async () => {
    const parsed = await post(`${base}/on-error/parsed`, signed('onfido'));
    assert.equal(parsed.status, 418);
    assert.equal(parsed.json.code, 'KYC_BODY_NOT_RAW');
    assert.equal(parsed.json.status, 500);
    assert.equal(parsed.json.kyc, true);
    assert.match(parsed.json.message, /express\.json\(\)/);
    assert.match(parsed.json.message, /express\.raw\(\{ type: '\*\/\*' \}\)/);
    assertNoSecret(parsed.text, 'the KYC_BODY_NOT_RAW message');

    const bad = await post(`${base}/on-error/tampered`, tampered('onfido'));
    assert.deepEqual([bad.status, bad.json.code, bad.json.status, bad.json.kyc], [418, 'KYC_SIGNATURE_MISMATCH', 401, true]);
    assertNoSecret(bad.text, 'the KYC_SIGNATURE_MISMATCH message');

    const next = await post(`${base}/on-error/next`, tampered('onfido'));
    assert.deepEqual([next.status, next.json.handler, next.json.code, next.json.type], [401, 'express', 'KYC_SIGNATURE_MISMATCH', null]);
  });

  test(`${label}: an onError that calls next() (with nothing, false, 0 or 'route'), throws or rejects passes the refusal on; the route never runs`, async () => {
    const paths = ['next-empty', 'next-route', 'next-false', 'next-zero', 'throws-undefined', 'rejects-route'].map((name) => `/on-error/${name}`);
    for (const path of paths) {
      const forged = tampered('onfido');
      forged.body = forged.body.replace('check.completed', 'check.forged__');
      const answer = await post(`${base}${path}`, forged);
      assert.deepEqual([answer.status, answer.json.handler, answer.json.code], [401, 'express', 'KYC_SIGNATURE_MISMATCH'], path);
      const unsigned = await post(`${base}${path}`, { headers: { 'content-type': 'application/json' }, body: '{"forged": true}' });
      assert.deepEqual([unsigned.status, unsigned.json.code], [401, 'KYC_SIGNATURE_MISSING'], path);
    }
    assert.deepEqual(reached, [], 'a route ran for a request that was not verified');
  });

  test(`${label}: a body over \`limit\` goes to Express as a 413 KYC_TOO_LONG, unread`, async () => {
    const answer = await post(`${base}/limited/onfido`, signed('onfido'));
    assert.deepEqual(
      [answer.status, answer.json.handler, answer.json.code, answer.json.type, answer.json.kyc],
      [413, 'express', 'KYC_TOO_LONG', 'entity.too.large', true],
    );
    assert.match(answer.json.message, /^body: larger than the limit of 64 bytes/);
    // Sent in chunks, with no Content-Length: stopped as it arrives.
    const { headers, body } = signed('onfido');
    const bytes = new TextEncoder().encode(body);
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 16) controller.enqueue(bytes.slice(i, i + 16));
        controller.close();
      },
    });
    const response = await fetch(`${base}/limited/onfido`, { method: 'POST', headers, body: stream, duplex: 'half' });
    const chunked = await response.json();
    assert.deepEqual([response.status, chunked.code, chunked.type], [413, 'KYC_TOO_LONG', 'entity.too.large']);
  });

  test(`${label}: a compressed body is refused with 415 unless express.raw() inflated it first`, async () => {
    for (const [encoding, compress] of [['gzip', gzipSync], ['deflate', deflateSync]]) {
      const { headers, body } = signed('onfido');
      const sent = { headers: { ...headers, 'content-encoding': encoding }, body: compress(body) };
      // The middleware reads the stream: the compressed bytes are not the signed ones.
      const refused = await post(`${base}/webhooks/onfido`, sent);
      assert.deepEqual(
        [refused.status, refused.json.handler, refused.json.code, refused.json.type, refused.json.kyc],
        [415, 'express', 'KYC_INVALID_VALUE', 'encoding.unsupported', true],
        encoding,
      );
      assert.match(refused.json.message, /^headers\.content-encoding: the body is sent with Content-Encoding: /);
      assert.match(refused.json.message, /express\.raw\(\{ type: '\*\/\*' \}\)/);
      // express.raw() in front inflates it: the same bytes are verified.
      const inflated = await post(`${base}/raw/onfido`, sent);
      assert.deepEqual([inflated.status, inflated.json.event], [200, expectedEvent('onfido')], encoding);
      const forged = await post(`${base}/raw/onfido`, { ...sent, body: compress(tampered('onfido').body) });
      assert.deepEqual([forged.status, forged.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }], encoding);
    }
    // Any coding but identity, in any case, is refused when the middleware reads the stream.
    const listed = signed('onfido');
    const both = await post(`${base}/webhooks/onfido`, { headers: { ...listed.headers, 'content-encoding': 'identity, GZIP' }, body: gzipSync(listed.body) });
    assert.deepEqual([both.status, both.json.code], [415, 'KYC_INVALID_VALUE']);
    const identity = signed('onfido');
    identity.headers['content-encoding'] = 'identity';
    const plain = await post(`${base}/webhooks/onfido`, identity);
    assert.deepEqual([plain.status, plain.json.event], [200, expectedEvent('onfido')]);
  });

  test(`${label}: the CommonJS entry (require) verifies the same way`, async () => {
    const ok = await post(`${base}/cjs/veriff`, signed('veriff'));
    assert.deepEqual([ok.status, ok.json.event], [200, expectedEvent('veriff')]);
    const bad = await post(`${base}/cjs/veriff`, tampered('veriff'));
    assert.deepEqual([bad.status, bad.json], [401, { code: 'KYC_SIGNATURE_MISMATCH' }]);
  });

  test(`${label}: options verifyWebhook refuses throw when the middleware is made, not per request`, () => {
    const cases = [
      [{ provider: 'nope', secrets: 's' }, 'KYC_UNKNOWN_PROVIDER'],
      [{ provider: 'onfido' }, 'KYC_MISSING_FIELD'],
      [{ provider: 'onfido', secrets: [] }, 'KYC_EMPTY'],
      [{ provider: 'onfido', secrets: 's', tolerance: 60 }, 'KYC_INVALID_VALUE'],
      [{ provider: 'stripe', secrets: 's', tolerence: 60 }, 'KYC_UNKNOWN_FIELD'],
      [{ provider: 'stripe', secrets: 's', tolerance: 'soon' }, 'KYC_INVALID_TYPE'],
    ];
    for (const [options, code] of cases) {
      assert.throws(() => verifyWebhooks(options), (error) => error instanceof KycError && error.code === code, code);
    }
    assert.throws(() => verifyWebhooks(null), (error) => error instanceof KycError && error.code === 'KYC_INVALID_TYPE');
    assert.ok(seen.length > 0 && seen.every((s) => s.bodyIsBuffer));
  });

  test(`${label}: the middleware's own options are refused as KycErrors with a code, when it is made`, () => {
    const cases = [
      [{ onError: 'yes' }, 'KYC_INVALID_TYPE', TypeError, /^onError: expected a function, got a string$/],
      [{ limit: -1 }, 'KYC_INVALID_VALUE', RangeError, /^limit: expected a whole number of bytes/],
      [{ limit: 1.5 }, 'KYC_INVALID_VALUE', RangeError, /^limit: /],
      [{ limit: '1mb' }, 'KYC_INVALID_TYPE', TypeError, /^limit: expected a number of bytes, got a string$/],
      [{ limit: null }, 'KYC_INVALID_TYPE', TypeError, /^limit: /],
      [{ body: '{}' }, 'KYC_UNKNOWN_FIELD', TypeError, /^body: the middleware reads the request's own body/],
      [{ headers: {} }, 'KYC_UNKNOWN_FIELD', TypeError, /^headers: /],
    ];
    for (const [extra, code, kind, message] of cases) {
      assert.throws(
        () => verifyWebhooks({ ...optionsFor('onfido'), ...extra }),
        (error) => error instanceof KycError && error instanceof kind && error.code === code && message.test(error.message),
        JSON.stringify(extra),
      );
      try {
        verifyWebhooks({ ...optionsFor('onfido'), ...extra });
      } catch (error) {
        assert.equal(error.path, Object.keys(extra)[0]);
        assertNoSecret(error.message, code);
      }
    }
    assert.throws(() => verifyWebhooks(7), (error) => error instanceof KycError && error.code === 'KYC_INVALID_TYPE');
    verifyWebhooks({ ...optionsFor('onfido'), limit: 0 }); // 0 is a limit: only empty bodies
  });
}
