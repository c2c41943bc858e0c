// Sumsub request signing: the string to sign of Sumsub's documentation, then
// random requests against an independent node:crypto recipe that reads the
// request target as fetch sends it (new URL, without the fragment).
//
// KYC_SEED=<seed> reproduces a run.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { Rng, SEED, assertKycError, esm as kyc, show } from './helpers.mjs';

const { signRequest, createSigner } = kyc;
const CASES = 5_000;

test("Sumsub's documented string to sign", () => {
  const url =
    'https://api.sumsub.com/resources/accessTokens?userId=cfd20712-24a2-4c7d-9ab0-146f3c142335&levelName=basic-kyc-level&ttlInSecs=600';
  const stringToSign =
    '1607551635POST/resources/accessTokens?userId=cfd20712-24a2-4c7d-9ab0-146f3c142335&levelName=basic-kyc-level&ttlInSecs=600';
  const signed = signRequest({ provider: 'sumsub', method: 'post', url, apiKey: 'sbx:app-token', secret: 'secret-key', now: 1607551635999 });
  assert.deepEqual(signed, {
    method: 'POST',
    url,
    headers: {
      'X-App-Token': 'sbx:app-token',
      'X-App-Access-Ts': '1607551635',
      'X-App-Access-Sig': createHmac('sha256', 'secret-key').update(stringToSign).digest('hex'),
    },
  });
});

test('tests/vectors/sumsub-requests.json: each case signs to its signature, or not when it is made the wrong way', () => {
  const { cases } = JSON.parse(readFileSync(new URL('../vectors/sumsub-requests.json', import.meta.url), 'utf8'));
  assert.ok(cases.length >= 3);
  for (const c of cases) {
    const request = {
      provider: 'sumsub',
      method: c.method,
      url: `https://api.sumsub.com${c.path}`,
      apiKey: 'sbx:token',
      secret: c.secret,
      now: Number(c.headers['X-App-Access-Ts']) * 1000,
    };
    if (c.body !== '') request.body = c.body;
    const { headers } = signRequest(request);
    assert.equal(headers['X-App-Access-Ts'], c.headers['X-App-Access-Ts'], c.name);
    assert.equal(headers['X-App-Access-Sig'] === c.headers['X-App-Access-Sig'], c.expected === 'valid', c.name);
  }
});

/** Sumsub's recipe: ts + METHOD + the target fetch sends + the body bytes. */
function recipe({ method, url, body, secret, nowMs }) {
  const parsed = new URL(url);
  const target = parsed.href.slice(parsed.origin.length).replace(/#.*$/s, '');
  const ts = String(Math.floor(nowMs / 1000));
  const mac = createHmac('sha256', secret).update(ts + method.toUpperCase() + target);
  if (body !== undefined) mac.update(body);
  return { ts, signature: mac.digest('hex') };
}

const PATHS = ['/resources/applicants', '/resources/applicants/-/levels', '/a b', '/Zoë', '/%7E/x', '/😀', '/a/./b/../c', ''];
const QUERIES = ['', '?', '?#top', '?levelName=basic-kyc-level', '?a=1&a=2', '?q=a b', '?x=é&y=%20', '?k=😀', "?'=\"", '?a=b#frag'];

test(`${CASES} random Sumsub requests match the recipe`, () => {
  const rng = new Rng(SEED + 31);
  const signer = createSigner({ provider: 'sumsub', apiKey: 'sbx:token', secret: 'reused-secret' });
  try {
    for (let i = 0; i < CASES; i++) {
      const method = rng.pick(['get', 'GET', 'post', 'POST', 'patch', 'PUT', 'delete']);
      const url = `https://api.sumsub.com${rng.pick(PATHS)}${rng.pick(QUERIES)}`;
      const hasBody = method.toUpperCase() !== 'GET' && rng.chance(0.7);
      const text = hasBody ? rng.unicodeString(rng.chance(0.1) ? 20_000 : 200) : undefined;
      const body = hasBody && rng.chance(0.3) ? new TextEncoder().encode(text) : text;
      const nowMs = rng.range(1_500_000_000_000, 2_000_000_000_000);
      const secret = rng.chance(0.5) ? 'reused-secret' : rng.hex(32);
      const request = { provider: 'sumsub', method, url, apiKey: 'sbx:token', secret, now: rng.chance(0.5) ? nowMs : new Date(nowMs) };
      if (hasBody) request.body = body;
      if (/\?(#|$)/.test(url)) {
        // An empty query: browsers send "/a?", Node's fetch "/a"; refused rather than signed for one of them.
        assertKycError(() => signRequest(request), { code: 'KYC_INVALID_URL', path: 'url', message: 'empty query' });
        continue;
      }
      const signed = secret === 'reused-secret' && rng.chance(0.5)
        ? signer.sign({ method, url, body: request.body, now: nowMs })
        : signRequest(request);
      const expected = recipe({ method, url, body: text, secret, nowMs });
      const context = `seed ${SEED} case ${i}: ${method} ${show(url)}`;
      assert.equal(signed.headers['X-App-Access-Ts'], expected.ts, context);
      assert.equal(signed.headers['X-App-Access-Sig'], expected.signature, context);
      assert.equal(signed.headers['X-App-Token'], 'sbx:token');
      assert.equal('Content-Type' in signed.headers, hasBody && text !== '', `${context}: Content-Type only with a body`);
    }
  } finally {
    signer.free();
  }
});

test('the clock when now is absent; now refused for providers that sign no time', () => {
  const before = Math.floor(Date.now() / 1000);
  const signed = signRequest({ provider: 'sumsub', method: 'GET', url: 'https://api.sumsub.com/resources/status', apiKey: 't', secret: 's' });
  const ts = Number(signed.headers['X-App-Access-Ts']);
  assert.ok(ts >= before && ts <= Math.floor(Date.now() / 1000), `ts ${ts}`);
  assertKycError(
    () => signRequest({ provider: 'veriff', method: 'GET', url: 'https://api.veriff.me/v1/sessions/x', apiKey: 't', secret: 's', now: 1 }),
    { code: 'KYC_INVALID_VALUE', path: 'now', message: 'Veriff signs no timestamp' },
  );
  assertKycError(
    () => signRequest({ provider: 'sumsub', method: 'GET', url: 'https://api.sumsub.com/x', apiKey: 't', secret: 's', now: new Date(NaN) }),
    { path: 'now' },
  );
});
