// The package writes strings straight into wasm memory. These cases stress
// exactly what that special-cases: sizes around its first guess,
// multi-byte and astral text that overflows it, memory growth between calls,
// typed-array views, and that no secret is left behind in wasm memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

import { ON_WEB_ENTRY } from './helpers.mjs';

const require = createRequire(import.meta.url);
// The entry under test and the wasm-bindgen glue it loaded (one module
// instance, so its memory is the entry's): the Node entry's SIMD build, or
// with KYC_TEST_ENTRY=web the browser entry's baseline build.
const kyc = ON_WEB_ENTRY ? await import('../../pkg/web/index.js') : require('../../pkg');
const raw = ON_WEB_ENTRY ? await import('../../pkg/web/kyc_sign.js') : require('../../pkg/node/kyc_sign.cjs');

const hmac = (key, data) => createHmac('sha256', key).update(data).digest('hex');
const legacy = (data, key) => createHash('sha256').update(data).update(key).digest('hex');

test('strings around the first-guess sizes, ASCII and multi-byte', () => {
  const pieces = ['a', 'é', '中', '😀', '\u0000', '\u007f', '\u0080', '\u07ff', '\u0800', '\uffff'];
  for (const length of [0, 1, 4095, 4096, 4097, 10_000, 70_000]) {
    for (const piece of pieces) {
      const text = piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
      // A slice can end in half a surrogate pair: that string is not well formed and is refused.
      if (!text.isWellFormed()) continue;
      assert.equal(kyc.generateHmacSignature(text, 'k'), hmac('k', text), `${length} × ${JSON.stringify(piece)}`);
      assert.equal(kyc.generateSignature(text, 'k'), legacy(text, 'k'));
    }
  }
});

test('mixed text whose multi-byte part starts after the ASCII guess runs out', () => {
  const text = 'a'.repeat(5000) + '😀'.repeat(5000) + 'é'.repeat(3000);
  assert.equal(kyc.generateHmacSignature(text, 'sécret 😀'), hmac('sécret 😀', text));
  const signer = kyc.createSigner({ provider: 'veriff', apiKey: 'k', secret: 'sécret 😀' });
  assert.equal(signer.hmac(text), hmac('sécret 😀', text));
  signer.free();
});

test('a small call after a huge one, and views into larger buffers', () => {
  const huge = 'x'.repeat(8 * 1024 * 1024);
  assert.equal(kyc.generateHmacSignature(huge, 'k'), hmac('k', huge));
  assert.equal(kyc.generateHmacSignature('tiny', 'k'), hmac('k', 'tiny'));
  const backing = Buffer.from('0123456789abcdef');
  const view = backing.subarray(3, 9);
  assert.equal(kyc.generateHmacSignature(view, backing.subarray(0, 2)), hmac(backing.subarray(0, 2), view));
});

test('lone surrogates still get the coded error, not a signature of U+FFFD', () => {
  for (const [payload, secret, path] of [['a\ud800', 'k', 'payload'], ['ok', '\udc00', 'secret']]) {
    assert.throws(() => kyc.generateHmacSignature(payload, secret), { name: 'RangeError', code: 'KYC_LONE_SURROGATE', path });
  }
});

function memoryContains(needle) {
  const memory = new Uint8Array(raw.linearMemory().buffer);
  const first = needle[0];
  for (let i = memory.indexOf(first); i !== -1; i = memory.indexOf(first, i + 1)) {
    if (needle.every((b, j) => memory[i + j] === b)) return true;
  }
  return false;
}

test('no secret is left in wasm memory after signing', () => {
  const secrets = ['Zx9-secret-of-a-flat-call-7Qp', 'Yw8-secret-of-a-failed-call-6Ro', 'Xv7-secret-held-by-a-signer-5Sn', 'Wu6-secret-before-a-failed-write-4Tm'];
  kyc.generateHmacSignature('payload', secrets[0]);
  kyc.generateSignature('payload', secrets[0]);
  // A call that fails on its payload still wipes the secret written before it.
  assert.throws(() => kyc.generateHmacSignature(1, secrets[1]), { code: 'KYC_INVALID_TYPE' });
  kyc.generateHmacSignature(new Uint8Array([1, 2, 3]), Buffer.from(secrets[1]));
  // The buffer grows while the secret, written first, is in it.
  kyc.generateHmacSignature('y'.repeat(20 * 1024 * 1024), secrets[0]);
  // The secret is written, then the payload cannot be (its buffer is detached).
  const detached = new Uint8Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.throws(() => kyc.generateHmacSignature(detached, secrets[3]), { code: 'KYC_INVALID_VALUE' });
  assert.equal(memoryContains([...Buffer.from(secrets[3])]), false, 'a secret written before a failed write was left behind');
  const signer = kyc.createSigner({ provider: 'veriff', apiKey: 'k', secret: secrets[2] });
  signer.hmac('payload');
  assert.equal(memoryContains([...Buffer.from(secrets[2])]), true, 'a live signer keeps its secret (legacy scheme needs it)');
  signer.free();
  for (const secret of secrets) {
    assert.equal(memoryContains([...Buffer.from(secret)]), false, `${secret} was found in wasm memory`);
  }
});

test('no webhook secret, nor a Standard Webhooks key decoded from one, is left in wasm memory', () => {
  const providers = ['veriff', 'sumsub', 'onfido', 'persona', 'complycube', 'idenfy', 'stripe', 'standard-webhooks'];
  const body = '{"event":"memory-probe"}';
  const leftovers = [];
  for (const provider of providers) {
    // Distinctive bytes per provider and per rotation slot; for Standard
    // Webhooks they are the key, and the secret is their base64 after whsec_.
    const keys = [0, 1, 2].map((slot) => Buffer.from(`Q${slot}-${provider}-memory-key-8Hj`.slice(0, 24)));
    const secrets = keys.map((key) =>
      provider === 'standard-webhooks' ? `whsec_${key.toString('base64')}` : provider === 'stripe' ? `whsec_${key}` : `${key}`,
    );
    const extra = provider === 'veriff' ? { apiKey: 'api-key' } : {};
    const headers = kyc.signWebhook({ provider, body, secret: secrets[1], ...extra });
    assert.deepEqual(kyc.verifyWebhook({ provider, headers, body, secrets, ...extra }), JSON.parse(body), provider);
    assert.throws(() => kyc.verifyWebhook({ provider, headers, body: `${body} `, secrets, ...extra }), { code: 'KYC_SIGNATURE_MISMATCH' });
    for (const [i, key] of keys.entries()) {
      if (memoryContains([...key.subarray(0, 16)])) leftovers.push(`${provider}: key ${i}`);
      if (memoryContains([...Buffer.from(secrets[i])])) leftovers.push(`${provider}: secret ${i}`);
    }
  }
  assert.deepEqual(leftovers, []);
});

test('a library call made from inside a call (a replaced URL or Date.now) corrupts nothing', () => {
  const OriginalURL = globalThis.URL;
  const originalNow = Date.now;
  const NOW = 1463646625597;
  // Not plain, so the runtime's URL reads it: that is where user code runs.
  const url = 'https://start.faceverify.ai/api/v1/./session?q=a b&x=~';
  const body = '{"country":"US","uniqueIdentifier":"user123"}';
  const u = new OriginalURL(url);
  const expected = hmac('outer-secret', `POST\n${u.pathname}\n${u.searchParams.toString()}\nkey\napplication/json\n${body}`);
  const nestedPayload = 'n'.repeat(300);
  const nested = [];
  // As a polyfill or test double might: call the library, swallow any error.
  const callLibrary = () => {
    try {
      nested.push(kyc.generateHmacSignature(nestedPayload, 'nested-secret'));
    } catch (error) {
      nested.push(error);
    }
  };
  try {
    globalThis.URL = class extends OriginalURL {
      constructor(...args) {
        callLibrary();
        super(...args);
      }
    };
    Date.now = () => {
      callLibrary();
      return NOW;
    };
    assert.equal(kyc.generateHmac('POST', url, body, 'application/json', 'key', 'outer-secret'), expected);
    const request = { method: 'POST', url, body, contentType: 'application/json' };
    const signed = kyc.signRequest({ provider: 'faceverify', apiKey: 'key', secret: 'outer-secret', ...request });
    assert.equal(signed.headers['x-hmac-signature'], expected);
    const signer = kyc.createSigner({ provider: 'faceverify', apiKey: 'key', secret: 'outer-secret' });
    assert.equal(signer.sign(request).headers['x-hmac-signature'], expected);
    signer.free();
    const built = kyc.buildSessionBody({ provider: 'veriff', callback: 'https://example.com/a/../done?x=~', lang: 'en' });
    const timestamp = new Date(NOW).toISOString();
    assert.equal(built, JSON.stringify({ verification: { callback: 'https://example.com/a/../done?x=~', lang: 'en', timestamp } }));
  } finally {
    globalThis.URL = OriginalURL;
    Date.now = originalNow;
  }
  assert.ok(nested.length >= 4, `user code ran ${nested.length} times`);
  for (const result of nested) assert.equal(result, hmac('nested-secret', nestedPayload));
  // And the library still works normally afterwards.
  assert.equal(kyc.generateHmacSignature('after', 'k'), hmac('k', 'after'));
});

// What user code and the engine can do to a call, each found by a fuzzing
// review: every case must end in the right answer or a KycError with its
// code, and the next call must work.

const isKyc = (code) => (error) => error instanceof kyc.KycError && error.code === code;
const stillWorks = () => assert.equal(kyc.generateHmacSignature('abc', 'k'), hmac('k', 'abc'));

test('a Uint8Array subclass whose length lies is read as what it holds, and overwrites nothing', () => {
  class Short extends Uint8Array {
    get length() {
      return 0;
    }
  }
  const signer = kyc.createSigner({ provider: 'veriff', apiKey: 'k', secret: 'signer-secret' });
  const lying = new Short(16384).fill(7);
  assert.equal(kyc.generateHmacSignature(lying, 's'), hmac('s', Buffer.alloc(16384, 7)));
  class Throwing extends Uint8Array {
    get length() {
      throw new Error('length getter');
    }
  }
  assert.equal(kyc.generateHmacSignature(new Throwing(3), 's'), hmac('s', Buffer.alloc(3)));
  stillWorks();
  assert.equal(signer.hmac('x'), hmac('signer-secret', 'x'));
  signer.free();
});

test('a detached Uint8Array is refused with its code, also once the check is optimised', () => {
  // Resizable buffers warm up the engine's typed-array paths (Node 20 then
  // reported a detached array's old length).
  if (typeof ArrayBuffer.prototype.resize === 'function') {
    for (let i = 0; i < 20_000; i++) {
      kyc.generateHmacSignature(new Uint8Array(new ArrayBuffer(7, { maxByteLength: 64 })), 'k');
      kyc.generateHmacSignature(new Uint8Array(7), 'k');
    }
  }
  const detached = new Uint8Array(16);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.throws(() => kyc.generateHmacSignature(detached, 's'), isKyc('KYC_INVALID_VALUE'));
  assert.throws(() => kyc.signWebhook({ provider: 'onfido', body: detached, secret: 's' }), isKyc('KYC_INVALID_VALUE'));
  stillWorks();
});

test('a getter that detaches a byte array read before it gives a coded error, and wipes what was written', () => {
  const body = new Uint8Array(Buffer.from('{}'));
  const options = {
    provider: 'onfido',
    body,
    get secret() {
      structuredClone(body.buffer, { transfer: [body.buffer] });
      return 'secret';
    },
  };
  assert.throws(() => kyc.signWebhook(options), isKyc('KYC_INVALID_VALUE'));
  // The secret is written before the body, whose copy then fails: the core
  // never runs, so the entry wipes what it had written.
  const secret = 'Zq8-secret-written-before-a-detached-body-3Lp';
  const later = new Uint8Array(Buffer.from('{"a":1}'));
  const detachLater = {
    provider: 'onfido',
    secret,
    body: later,
    get id() {
      structuredClone(later.buffer, { transfer: [later.buffer] });
      return undefined;
    },
  };
  assert.throws(() => kyc.signWebhook(detachLater), isKyc('KYC_INVALID_VALUE'));
  assert.equal(memoryContains([...Buffer.from(secret)]), false, 'the secret was left in wasm memory');
  stillWorks();
});

test('an object that only claims to be an ArrayBuffer is not read as bytes', () => {
  const headers = kyc.signWebhook({ provider: 'onfido', body: '{"amount":1}', secret: 'k' });
  const fake = Object.create(ArrayBuffer.prototype, { length: { get: () => 2 }, 0: { get: () => 123 }, 1: { get: () => 125 } });
  assert.throws(() => kyc.verifyWebhook({ provider: 'onfido', headers, body: fake, secrets: 'k' }), isKyc('KYC_INVALID_TYPE'));
  stillWorks();
});

test('verifyWebhook hands back the bytes it verified, whatever user code does to the buffer meanwhile', () => {
  const signed = '{"amount":1}';
  const headers = kyc.signWebhook({ provider: 'onfido', body: signed, secret: 'whk' });
  // Not a plain object: the entry reads it with its get(), as it reads Headers.
  class HeadersThatRun {
    constructor(run) {
      this.run = run;
    }
    get(name) {
      this.run();
      return headers[name.toLowerCase()];
    }
  }
  const headersThatRun = (run) => new HeadersThatRun(run);
  const body = new Uint8Array(Buffer.from(signed));
  const rewritten = kyc.verifyWebhook({ provider: 'onfido', headers: headersThatRun(() => body.set(Buffer.from('{"amount":9}'))), body, secrets: 'whk' });
  assert.deepEqual(rewritten, { amount: 1 });
  const detachable = new Uint8Array(Buffer.from(signed));
  const detach = () => detachable.byteLength && structuredClone(detachable.buffer, { transfer: [detachable.buffer] });
  assert.deepEqual(kyc.verifyWebhook({ provider: 'onfido', headers: headersThatRun(detach), body: detachable, secrets: 'whk' }), { amount: 1 });
});

test('an array whose length is not a number (a Proxy) gives a coded error', () => {
  const symbolLength = new Proxy([], { get: (target, key) => (key === 'length' ? Symbol('n') : target[key]) });
  const throwingLength = new Proxy([], { get: (target, key) => (key === 'length' ? { valueOf() { throw new Error('boom'); } } : target[key]) });
  for (const array of [symbolLength, throwingLength]) {
    assert.throws(() => kyc.generateHmacSignature(array, 's'), isKyc('KYC_INVALID_TYPE'));
    assert.throws(() => kyc.signWebhook({ provider: 'onfido', body: array, secret: 's' }), (e) => e instanceof kyc.KycError);
    assert.throws(() => kyc.verifyWebhook({ provider: 'onfido', headers: {}, body: '{}', secrets: array }), (e) => e instanceof kyc.KycError);
  }
  stillWorks();
});

test('the stack running out inside a call leaves the next calls working', () => {
  const url = 'https://start.faceverify.ai/api/v1/session?q=a b'; // read with the runtime's URL: a call out of wasm
  const expected = kyc.generateHmac('POST', url, '{}', 'application/json', 'key', 'secret');
  let outcomes = 0;
  const nearTheLimit = (n) => {
    try {
      nearTheLimit(n + 1);
    } catch {
      // the stack ran out below
    }
    try {
      kyc.generateHmac('POST', url, '{}', 'application/json', 'key', 'secret');
    } catch {
      // out of stack here too, or the URL call failed for it
    }
    outcomes++;
  };
  const stackPointer = raw.instanceExports().__stack_pointer;
  const resting = stackPointer.value;
  nearTheLimit(0);
  assert.ok(outcomes > 100);
  // The stops lowered Rust's stack pointer; the next outermost call puts it
  // back (else some thousands of stops would exhaust that stack).
  stillWorks();
  assert.equal(stackPointer.value, resting);
  assert.equal(kyc.generateHmac('POST', url, '{}', 'application/json', 'key', 'secret'), expected);
  assert.equal(kyc.signWebhook({ provider: 'onfido', body: '{}', secret: 'k' })['x-sha2-signature'], hmac('k', '{}'));
});

test('a body that is a huge sparse array, or a view a resizable buffer shrank from under, is refused by its code', () => {
  const headers = kyc.signWebhook({ provider: 'onfido', body: '{}', secret: 'k' });
  // Never turned into bytes: an array of 2^32 - 1 holes would take the process down.
  assert.throws(() => kyc.verifyWebhook({ provider: 'onfido', headers, body: new Array(2 ** 32 - 1), secrets: 'k' }), isKyc('KYC_BODY_NOT_RAW'));
  if (typeof ArrayBuffer.prototype.resize === 'function') {
    const buffer = new ArrayBuffer(8, { maxByteLength: 16 });
    const view = new Uint8Array(buffer, 4, 4);
    buffer.resize(2);
    assert.throws(() => kyc.generateHmacSignature(view, 's'), (e) => isKyc('KYC_INVALID_VALUE')(e) && e.path === 'payload');
    assert.throws(() => kyc.verifyWebhook({ provider: 'onfido', headers, body: view, secrets: 'k' }), (e) => isKyc('KYC_INVALID_VALUE')(e) && e.path === 'body');
  }
  stillWorks();
});

test('arrays of arrays are described up to a bound, not for minutes', () => {
  // 16 million values: without the bound, each call below took minutes.
  const big = Array(4000).fill(Array(4000).fill('x'));
  assert.throws(() => kyc.generateHmacSignature(big, 's'), isKyc('KYC_INVALID_TYPE'));
  assert.throws(
    () => kyc.buildSessionBody({ provider: 'veriff', features: big }),
    (e) => isKyc('KYC_TOO_LONG')(e) && /100000 values/.test(e.message) && e.path.startsWith('features['),
  );
  stillWorks();
});
