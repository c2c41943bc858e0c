// Webhooks of every provider through the built package:
//
//   - every case of tests/vectors/webhooks.json (official vectors named there);
//   - a differential test per provider: random bodies (Unicode, bytes, large)
//     signed by an independent node:crypto recipe and verified by the package,
//     and the package's signWebhook checked by the recipe;
//   - the official Node verifiers from npm (Onfido, ComplyCube, Stripe,
//     Standard Webhooks) on the same cases, both ways;
//   - a tamper matrix per provider: body, timestamp, id and signature each
//     changed, timestamps at ±(tolerance ± 1) s, key rotation, headers in any
//     case, repeated, as arrays and as a Headers instance.
//
// KYC_SEED=<seed> reproduces a run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { Rng, SEED, assertKycError, esm as kyc, show } from './helpers.mjs';

const require = createRequire(import.meta.url);
const { verifyWebhook, signWebhook } = kyc;

const CASES = 2_000;
const TOLERANCE_S = 300;

// ---------------------------------------------------------------- the vectors

const VECTORS = JSON.parse(readFileSync(new URL('../vectors/webhooks.json', import.meta.url), 'utf8'));

test('webhooks.json: every vector is accepted or refused as it says', (t) => {
  const perProvider = {};
  for (const c of VECTORS.cases) {
    const options = { provider: c.provider, headers: c.headers, body: c.body, secrets: c.secret };
    if (c.now !== undefined) options.now = c.now * 1000;
    if (c.expected === 'valid') {
      assert.deepEqual(verifyWebhook(options), JSON.parse(c.body), c.name);
    } else {
      assert.throws(() => verifyWebhook(options), (e) => e instanceof kyc.KycError, c.name);
    }
    perProvider[c.provider] = (perProvider[c.provider] ?? 0) + 1;
  }
  t.diagnostic(`vectors per provider: ${JSON.stringify(perProvider)}`);
});

// ---------------------------------------------------------------- the recipes
//
// Each provider's documented recipe written again with node:crypto, knowing
// nothing of the package: sign(body bytes, secret, time) gives the headers,
// verify(headers, body bytes, secret) says whether they match.

const hmac = (hash, key, ...parts) => {
  const mac = createHmac(hash, key);
  for (const part of parts) mac.update(part);
  return mac;
};
const lower = (headers) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
const timestampedHeader = (secret, body, ts) => `t=${ts},v1=${hmac('sha256', secret, `${ts}.`, body).digest('hex')}`;
const timestampedValid = (header, secret, body) => {
  const t = /(?:^|,)t=(\d+)/.exec(header)?.[1];
  const v1 = [...header.matchAll(/v1=([0-9a-f]+)/g)].map((m) => m[1]);
  return t !== undefined && v1.includes(hmac('sha256', secret, `${t}.`, body).digest('hex'));
};
const standardKey = (secret) => Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
const SUMSUB_HASHES = { HMAC_SHA1_HEX: 'sha1', HMAC_SHA256_HEX: 'sha256', HMAC_SHA512_HEX: 'sha512' };

/** One body-HMAC header: Onfido, ComplyCube, iDenfy (and Veriff, with its API key). */
const bodyHmacRecipe = (header) => ({
  sign: (body, secret) => ({ [header]: hmac('sha256', secret, body).digest('hex') }),
  verify: (headers, body, secret) => lower(headers)[header] === hmac('sha256', secret, body).digest('hex'),
});

const RECIPES = {
  veriff: bodyHmacRecipe('x-hmac-signature'),
  sumsub: {
    sign: (body, secret, _ts, rng) => {
      const algorithm = rng.pick(Object.keys(SUMSUB_HASHES));
      const digest = hmac(SUMSUB_HASHES[algorithm], secret, body).digest('hex');
      return rng.chance(0.2) && algorithm === 'HMAC_SHA256_HEX'
        ? { 'x-payload-digest': digest } // the default when the header is absent
        : { 'x-payload-digest': digest, 'x-payload-digest-alg': algorithm };
    },
    signOptions: (rng) => ({ algorithm: rng.pick(Object.keys(SUMSUB_HASHES)) }),
    verify: (headers, body, secret) => {
      const h = lower(headers);
      const hash = SUMSUB_HASHES[h['x-payload-digest-alg'] ?? 'HMAC_SHA256_HEX'];
      return h['x-payload-digest'] === hmac(hash, secret, body).digest('hex');
    },
  },
  onfido: bodyHmacRecipe('x-sha2-signature'),
  complycube: bodyHmacRecipe('complycube-signature'),
  idenfy: bodyHmacRecipe('idenfy-signature'),
  stripe: {
    timestamped: true,
    secret: (rng) => `whsec_${rng.hex(32)}`,
    sign: (body, secret, ts) => ({ 'stripe-signature': timestampedHeader(secret, body, ts) }),
    verify: (headers, body, secret) => timestampedValid(lower(headers)['stripe-signature'], secret, body),
  },
  persona: {
    timestamped: true,
    sign: (body, secret, ts) => ({ 'persona-signature': timestampedHeader(secret, body, ts) }),
    verify: (headers, body, secret) => timestampedValid(lower(headers)['persona-signature'], secret, body),
  },
  'standard-webhooks': {
    timestamped: true,
    secret: (rng) => `whsec_${Buffer.from(rng.bytes(rng.range(16, 64))).toString('base64')}`,
    sign: (body, secret, ts, rng) => {
      const id = `msg_${rng.hex(12)}`;
      const signature = hmac('sha256', standardKey(secret), `${id}.${ts}.`, body).digest('base64');
      return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${signature}` };
    },
    signOptions: (rng) => (rng.chance(0.5) ? { id: `msg_${rng.hex(10)}` } : {}),
    verify: (headers, body, secret) => {
      const h = lower(headers);
      const expected = hmac('sha256', standardKey(secret), `${h['webhook-id']}.${h['webhook-timestamp']}.`, body);
      return h['webhook-signature'].split(' ').includes(`v1,${expected.digest('base64')}`);
    },
  },
};

test('the recipes cover every provider the package knows', () => {
  assertKycError(() => verifyWebhook({ provider: 'nope', headers: {}, body: '{}', secrets: 'k' }), {
    code: 'KYC_UNKNOWN_PROVIDER',
    message: new RegExp(Object.keys(RECIPES).map((p) => `"${p}"`).join('.*')),
  });
});

// ---------------------------------------------------------------- random cases

/** A JSON body: text, or its UTF-8 bytes; now and then large. */
function randomBody(rng) {
  const value = rng.weighted([
    [50, () => ({ id: rng.hex(8), text: rng.unicodeString(80) })],
    [25, () => rng.unicodeString(300)],
    [15, () => Array.from({ length: rng.range(1, 20) }, () => rng.unicodeString(20))],
    [10, () => ({ large: rng.unicodeStringOf(rng.range(2000, 40_000)) })],
  ]);
  const text = rng.chance(0.3) ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  return { text, parsed: JSON.parse(text), sent: rng.chance(0.4) ? new TextEncoder().encode(text) : text };
}

/** A secret with nothing to trim around it (those are refused with a clear message). */
const defaultSecret = (rng) => rng.pick([() => rng.hex(32), () => `k${rng.unicodeString(40)}k`, () => '😀'.repeat(5)])();

function* cases(provider, seedOffset) {
  const rng = new Rng(SEED + seedOffset);
  const recipe = RECIPES[provider];
  for (let i = 0; i < CASES; i++) {
    const secret = (recipe.secret ?? defaultSecret)(rng);
    const ts = rng.range(1_500_000_000, 2_000_000_000);
    // The receiver's clock, within the tolerance either way.
    const nowMs = ts * 1000 + rng.range(-TOLERANCE_S * 1000 + 1000, TOLERANCE_S * 1000);
    yield { rng, secret, ts, nowMs, body: randomBody(rng) };
  }
}

for (const [index, [provider, recipe]] of Object.entries(RECIPES).entries()) {
  test(`${provider}: ${CASES} bodies signed by a node:crypto recipe verify, and signWebhook's headers pass the recipe`, () => {
    for (const { rng, secret, ts, nowMs, body } of cases(provider, index * 7919)) {
      const headers = recipe.sign(body.text, secret, ts, rng);
      const options = { provider, headers, body: body.sent, secrets: secret };
      if (recipe.timestamped) options.now = nowMs;
      const parsed = verifyWebhook(options);
      assert.deepEqual(parsed, body.parsed, `seed ${SEED}: ${provider} ${show(body.text, 80)}`);

      const signOptions = { provider, body: body.sent, secret, ...(recipe.signOptions?.(rng) ?? {}) };
      if (recipe.timestamped) signOptions.now = new Date(ts * 1000 + rng.int(1000));
      const signed = signWebhook(signOptions);
      assert.equal(signed['content-type'], 'application/json');
      assert.ok(recipe.verify(signed, body.text, secret), `seed ${SEED}: ${provider} signed ${show(signed)}`);
      if (recipe.timestamped) {
        const t = lower(signed)['webhook-timestamp'] ?? /t=(\d+)/.exec(Object.values(signed).join(' '))[1];
        assert.equal(t, String(ts), 'timestamps are whole seconds, rounded down');
      }
    }
  });
}

// ---------------------------------------------------------------- official verifiers

const { WebhookEventVerifier } = require('@onfido/api');
const { EventVerifier } = require('@complycube/api');
const { Webhook } = require('standardwebhooks');
const stripe = require('stripe')('sk_test_kyc_sign_never_used');

/** Runs `fn` with Date.now at `ms` (standardwebhooks reads the clock itself). */
function at(ms, fn) {
  const realNow = Date.now;
  Date.now = () => ms;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

const OFFICIAL = {
  onfido: {
    verify: (headers, text, secret) => new WebhookEventVerifier(secret).readPayload(text, lower(headers)['x-sha2-signature']),
  },
  complycube: {
    verify: (headers, text, secret) => new EventVerifier(secret).constructEvent(text, lower(headers)['complycube-signature']),
  },
  stripe: {
    verify: (headers, text, secret, nowMs) =>
      stripe.webhooks.constructEvent(text, lower(headers)['stripe-signature'], secret, TOLERANCE_S, undefined, nowMs),
    sign: (text, secret, ts) => ({
      'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: text, secret, timestamp: ts }),
    }),
  },
  'standard-webhooks': {
    verify: (headers, text, secret, nowMs) => at(nowMs, () => new Webhook(secret).verify(text, lower(headers))),
    sign: (text, secret, ts, rng) => {
      const id = `msg_${rng.hex(12)}`;
      const signature = new Webhook(secret).sign(id, new Date(ts * 1000), text);
      return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature };
    },
  },
};

for (const [index, [provider, official]] of Object.entries(OFFICIAL).entries()) {
  const recipe = RECIPES[provider];
  test(`${provider}: the official npm verifier accepts signWebhook's headers${official.sign ? ', and the package accepts its own' : ''}`, () => {
    let checked = 0;
    for (const { rng, secret, ts, nowMs, body } of cases(provider, 104_729 + index)) {
      const signOptions = { provider, body: body.sent, secret };
      if (recipe.timestamped) signOptions.now = ts * 1000;
      const signed = signWebhook(signOptions);
      official.verify(signed, body.text, secret, nowMs); // throws on a mismatch
      if (official.sign) {
        const headers = official.sign(body.text, secret, ts, rng);
        assert.deepEqual(verifyWebhook({ provider, headers, body: body.sent, secrets: secret, now: nowMs }), body.parsed);
      }
      checked++;
    }
    assert.equal(checked, CASES);
  });
}

// ---------------------------------------------------------------- tamper matrix

const TAMPER_BODY = '{"event":"verification.completed","id":"5b3b5a2e","name":"Zoë 😀"}';
const T0 = 1_750_000_000;

/** Headers for TAMPER_BODY signed at T0 by `secret`, by the recipe. */
function signedHeaders(provider, secret) {
  return RECIPES[provider].sign(TAMPER_BODY, secret, T0, new Rng(1));
}

function secretFor(provider, n) {
  return (RECIPES[provider].secret ?? (() => `secret-${n}-${'x'.repeat(n)}`))(new Rng(n));
}

/** The header whose value is a signature, and the other headers. */
function signatureHeaderOf(headers) {
  const name = Object.keys(headers).find((k) => /signature|digest$/.test(k));
  return name;
}

function verifyAt(provider, headers, body, secrets, nowMs = T0 * 1000) {
  const options = { provider, headers, body, secrets };
  if (RECIPES[provider].timestamped) options.now = nowMs;
  return verifyWebhook(options);
}

/** Changes one character of a signature into another of the same alphabet. */
function changeOneCharacter(value, at) {
  const chars = [...value];
  const c = chars[at];
  chars[at] = c === '0' ? '1' : c === 'a' ? 'b' : c === 'A' ? 'B' : '0';
  return chars.join('');
}

for (const provider of Object.keys(RECIPES)) {
  const recipe = RECIPES[provider];
  test(`${provider}: tamper matrix`, () => {
    const secret = secretFor(provider, 1);
    const headers = signedHeaders(provider, secret);
    const signatureHeader = signatureHeaderOf(headers);
    assert.ok(signatureHeader, `a signature header among ${Object.keys(headers)}`);
    assert.deepEqual(verifyAt(provider, headers, TAMPER_BODY, secret), JSON.parse(TAMPER_BODY));

    // One byte of the body.
    const bytes = new TextEncoder().encode(TAMPER_BODY);
    for (let i = 0; i < bytes.length; i++) {
      const tampered = bytes.slice();
      tampered[i] ^= 0x01;
      assert.throws(() => verifyAt(provider, headers, tampered, secret), (e) => e instanceof kyc.KycError, `byte ${i}`);
    }

    // Each character of the signature value (after any `t=…,v1=` or `v1,` prefix).
    const value = headers[signatureHeader];
    const start = value.lastIndexOf('=', value.length - 3) + 1 || value.indexOf(',') + 1;
    for (let i = Math.max(start, 0); i < value.length; i++) {
      if (value[i] === '=' && i >= value.length - 2) continue; // base64 padding
      const changed = { ...headers, [signatureHeader]: changeOneCharacter(value, i) };
      assertKycError(() => verifyAt(provider, changed, TAMPER_BODY, secret), { code: 'KYC_SIGNATURE_MISMATCH' }, `char ${i}: `);
    }

    // Rotation: the old and the new secret both verify in either order; an unknown one does not.
    const other = secretFor(provider, 2);
    assert.deepEqual(verifyAt(provider, headers, TAMPER_BODY, [other, secret]), JSON.parse(TAMPER_BODY));
    assert.deepEqual(verifyAt(provider, headers, TAMPER_BODY, [secret, other]), JSON.parse(TAMPER_BODY));
    assertKycError(() => verifyAt(provider, headers, TAMPER_BODY, [other, secretFor(provider, 3)]), {
      code: 'KYC_SIGNATURE_MISMATCH',
    });

    // Header names in any case, values as arrays, and a fetch Headers instance.
    const upper = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toUpperCase(), v]));
    assert.deepEqual(verifyAt(provider, upper, TAMPER_BODY, secret), JSON.parse(TAMPER_BODY));
    const arrays = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]));
    assert.deepEqual(verifyAt(provider, arrays, TAMPER_BODY, secret), JSON.parse(TAMPER_BODY));
    assert.deepEqual(verifyAt(provider, new Headers(headers), TAMPER_BODY, secret), JSON.parse(TAMPER_BODY));

    // Repeated: a header with one value per signature (as arrays give it) is
    // tried value by value; a timestamped header, which carries its own list,
    // must come once.
    const repeated = { ...headers, [signatureHeader]: [changeOneCharacter(value, value.length - 5), value] };
    if (recipe.timestamped) {
      assertKycError(() => verifyAt(provider, repeated, TAMPER_BODY, secret), { code: 'KYC_INVALID_VALUE', message: /sent 2 times/ });
    } else {
      assert.deepEqual(verifyAt(provider, repeated, TAMPER_BODY, secret), JSON.parse(TAMPER_BODY));
    }

    // More values than any header is sent with is refused, not cut short:
    // in one array, across spellings of the name, or past the longest array
    // the package reads.
    const flood = { ...headers, [signatureHeader]: [...Array(64).fill('0'.repeat(64)), value] };
    assertKycError(() => verifyAt(provider, flood, TAMPER_BODY, secret), {
      code: 'KYC_TOO_LONG',
      message: new RegExp(`headers\\.${signatureHeader}: brings .+ to 65 values`),
    });
    const spread = { ...headers, [signatureHeader.toUpperCase()]: Array(40).fill('0'.repeat(64)), [signatureHeader]: [...Array(40).fill('0'.repeat(64)), value] };
    assertKycError(() => verifyAt(provider, spread, TAMPER_BODY, secret), { code: 'KYC_TOO_LONG' });
    const huge = { ...headers, [signatureHeader]: Array(20_000).fill(value) };
    assertKycError(() => verifyAt(provider, huge, TAMPER_BODY, secret), { code: 'KYC_TOO_LONG' });

    // No signature header at all.
    const { [signatureHeader]: _, ...unsigned } = headers;
    assertKycError(() => verifyAt(provider, unsigned, TAMPER_BODY, secret), { code: 'KYC_SIGNATURE_MISSING' });

    if (recipe.timestamped) {
      // The signed timestamp changed: the signature no longer matches.
      const retimed = JSON.parse(JSON.stringify(headers).replaceAll(String(T0), String(T0 + 1)));
      assertKycError(() => verifyAt(provider, retimed, TAMPER_BODY, secret), { code: 'KYC_SIGNATURE_MISMATCH' });
      // ±(tolerance ± 1) s. Stripe's own verifier refuses only old messages; so does the package.
      for (const [offset, ok] of [
        [TOLERANCE_S - 1, true],
        [TOLERANCE_S, true],
        [TOLERANCE_S + 1, false],
        [-(TOLERANCE_S - 1), true],
        [-TOLERANCE_S, true],
        [-(TOLERANCE_S + 1), provider === 'stripe'],
      ]) {
        const run = () => verifyAt(provider, headers, TAMPER_BODY, secret, (T0 + offset) * 1000);
        if (ok) assert.deepEqual(run(), JSON.parse(TAMPER_BODY), `now = t + ${offset}`);
        else {
          const error = assertKycError(run, { code: 'KYC_TIMESTAMP_OUT_OF_TOLERANCE' }, `now = t + ${offset}: `);
          assert.match(error.message, new RegExp(`${Math.abs(offset)} s (old|in the future)`));
          assert.ok(!error.message.includes(secret), 'the message never holds the secret');
        }
      }
      // A tolerance of their own.
      assert.deepEqual(
        verifyWebhook({ provider, headers, body: TAMPER_BODY, secrets: secret, now: (T0 + 1000) * 1000, tolerance: 1000 }),
        JSON.parse(TAMPER_BODY),
      );
    }
    if (provider === 'standard-webhooks') {
      const renamed = { ...headers, 'webhook-id': `${headers['webhook-id']}x` };
      assertKycError(() => verifyAt(provider, renamed, TAMPER_BODY, secret), { code: 'KYC_SIGNATURE_MISMATCH' });
    }
  });
}

test('sumsub: each algorithm of X-Payload-Digest-Alg, and one outside the three', () => {
  for (const [algorithm, hash] of Object.entries(SUMSUB_HASHES)) {
    const digest = createHmac(hash, 'k').update(TAMPER_BODY).digest('hex');
    const headers = { 'X-Payload-Digest': digest, 'X-Payload-Digest-Alg': algorithm };
    assert.deepEqual(verifyWebhook({ provider: 'sumsub', headers, body: TAMPER_BODY, secrets: 'k' }), JSON.parse(TAMPER_BODY));
    assert.deepEqual(signWebhook({ provider: 'sumsub', body: TAMPER_BODY, secret: 'k', algorithm }), {
      'content-type': 'application/json',
      'x-payload-digest': digest,
      'x-payload-digest-alg': algorithm,
    });
  }
  assertKycError(
    () => verifyWebhook({ provider: 'sumsub', headers: { 'X-Payload-Digest': 'ab', 'X-Payload-Digest-Alg': 'HMAC_MD5_HEX' }, body: '{}', secrets: 'k' }),
    { code: 'KYC_UNSUPPORTED_ALGORITHM', path: 'headers', message: 'HMAC_MD5_HEX' },
  );
  assertKycError(() => signWebhook({ provider: 'sumsub', body: '{}', secret: 'k', algorithm: 'SHA256' }), {
    code: 'KYC_UNSUPPORTED_ALGORITHM',
    path: 'algorithm',
  });
});

test('options that do not apply to a provider are refused, naming the option', () => {
  assertKycError(() => verifyWebhook({ provider: 'onfido', headers: {}, body: '{}', secrets: 'k', tolerance: 10 }), {
    code: 'KYC_INVALID_VALUE',
    path: 'tolerance',
  });
  assertKycError(() => signWebhook({ provider: 'stripe', body: '{}', secret: 'whsec_x', algorithm: 'HMAC_SHA1_HEX' }), {
    code: 'KYC_INVALID_VALUE',
    path: 'algorithm',
  });
  assertKycError(() => verifyWebhook({ provider: 'persona', headers: {}, body: '{}', secrets: 'k', colour: 1 }), {
    code: 'KYC_UNKNOWN_FIELD',
  });
});

test('a secret with no key in it is refused, so a webhook signed under the empty key is never accepted', () => {
  const body = '{"evil":1}';
  const ts = String(T0);
  const emptyKey = (content) => createHmac('sha256', Buffer.alloc(0)).update(content).digest();
  // Standard Webhooks: whsec_ + an unset variable, or a key of zero bytes only (HMAC pads with zeros).
  const forged = {
    'webhook-id': 'msg_1',
    'webhook-timestamp': ts,
    'webhook-signature': `v1,${emptyKey(`msg_1.${ts}.${body}`).toString('base64')}`,
  };
  for (const [secrets, path] of [['whsec_', 'secrets'], ['whsec_AA==', 'secrets'], [['whsec_a2V5', 'whsec_'], 'secrets[1]']]) {
    assertKycError(() => verifyAt('standard-webhooks', forged, body, secrets), { code: 'KYC_INVALID_VALUE', path });
  }
  // Stripe signs with the whole secret text: whsec_ alone is a key anyone can guess.
  const stripeForged = { 'stripe-signature': `t=${ts},v1=${createHmac('sha256', 'whsec_').update(`${ts}.${body}`).digest('hex')}` };
  assertKycError(() => verifyAt('stripe', stripeForged, body, 'whsec_'), { code: 'KYC_INVALID_VALUE', path: 'secrets' });
  assertKycError(() => signWebhook({ provider: 'stripe', body, secret: 'whsec_' }), { code: 'KYC_INVALID_VALUE', path: 'secret' });
  // And the empty secret itself, for every provider.
  for (const provider of Object.keys(RECIPES)) {
    assertKycError(() => verifyAt(provider, {}, body, ''), { code: 'KYC_INVALID_VALUE', path: 'secrets' });
    assertKycError(() => verifyAt(provider, {}, body, ['k', '']), { code: 'KYC_INVALID_VALUE', path: 'secrets[1]' });
  }
});

test('edge cases: rotation sets, joined repeated headers, other hashes, out-of-range times', () => {
  const body = TAMPER_BODY;
  // Persona during a rotation: a stale set first, a fresh one second; each set is signed over its own t.
  const stale = timestampedHeader('old-secret', body, T0 - 10_000);
  const fresh = timestampedHeader('new-secret', body, T0);
  const rotation = { 'persona-signature': `${stale} ${fresh}` };
  assert.deepEqual(verifyAt('persona', rotation, body, ['new-secret', 'old-secret']), JSON.parse(body));
  assertKycError(() => verifyAt('persona', rotation, body, 'old-secret'), { code: 'KYC_TIMESTAMP_OUT_OF_TOLERANCE', message: '10000 s old' });
  // t is signed as sent.
  const padded = { 'persona-signature': `t=0${T0},v1=${hmac('sha256', 'k', `0${T0}.`, body).digest('hex')}` };
  assert.deepEqual(verifyAt('persona', padded, body, 'k'), JSON.parse(body));

  // A repeated header as Node and Headers join it: "a, b".
  const signature = hmac('sha256', 'k', body).digest('hex');
  const joined = { 'x-sha2-signature': `${'0'.repeat(64)}, ${signature}` };
  assert.deepEqual(verifyWebhook({ provider: 'onfido', headers: joined, body, secrets: 'k' }), JSON.parse(body));
  const headers = new Headers();
  headers.append('Idenfy-Signature', '0'.repeat(64));
  headers.append('Idenfy-Signature', signature);
  assert.deepEqual(verifyWebhook({ provider: 'idenfy', headers, body, secrets: 'k' }), JSON.parse(body));

  // Sumsub's SHA-1 and SHA-512 digests: a wrong secret is diagnosed as one, not as a malformed header.
  for (const [algorithm, hash] of [['HMAC_SHA1_HEX', 'sha1'], ['HMAC_SHA512_HEX', 'sha512']]) {
    const digest = { 'x-payload-digest': hmac(hash, 'k', body).digest('hex'), 'x-payload-digest-alg': algorithm };
    const error = assertKycError(() => verifyWebhook({ provider: 'sumsub', headers: digest, body, secrets: 'other' }), { code: 'KYC_SIGNATURE_MISMATCH', path: 'body' });
    assert.doesNotMatch(error.message, /hex digits/);
  }

  // Times no Date can hold are refused by name, wherever they are given.
  const stripeHeaders = signedHeaders('stripe', 'whsec_k');
  for (const now of [1e19, -1e300, Number.NaN]) {
    assertKycError(() => verifyWebhook({ provider: 'stripe', headers: stripeHeaders, body, secrets: 'whsec_k', now }), { path: 'now' });
    assertKycError(() => kyc.signRequest({ provider: 'sumsub', method: 'GET', url: 'https://api.sumsub.com/x', apiKey: 't', secret: 's', now }), { path: 'now' });
  }
  assertKycError(() => verifyWebhook({ provider: 'stripe', headers: stripeHeaders, body, secrets: 'whsec_k', now: T0 * 1000, tolerance: 1e19 * -1 }), { path: 'tolerance' });
  assertKycError(() => signWebhook({ provider: 'standard-webhooks', body, secret: RECIPES['standard-webhooks'].secret(new Rng(1)), id: 'a\nb' }), { path: 'id' });
});
