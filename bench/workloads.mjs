// The benchmark's inputs and the implementations compared on each workload.
// Every implementation's output is checked against node:crypto before timing.
import { createHash, createHmac, timingSafeEqual, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hmac as nobleHmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { createHMAC, createSHA256 } from 'hash-wasm';

/** A 36-character secret, as Veriff issues them. */
export const SECRET = '5f7e3c1a-9b2d-4e8f-a6c4-0d1b2e3f4a5b';

/** A typical Veriff session body: 260 bytes. */
export function veriffBody() {
  const body = JSON.stringify({
    verification: {
      callback: 'https://example.com/kyc/callback?user=42',
      person: { firstName: 'John', lastName: 'Smith', idNumber: '123456789' },
      document: { type: 'PASSPORT', country: 'EE' },
      vendorData: 'user-42-order-1001',
      lang: 'en',
      features: ['selfid'],
      timestamp: '2026-11-21T10:00:00.123Z',
    },
  });
  return body.padEnd(260, ' ').slice(0, 260);
}

/** A base64-like body of `size` bytes (a media upload). */
export function base64Body(size) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let state = 0x9e3779b9;
  const chars = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    state ^= state << 13; state ^= state >>> 17; state ^= state << 5;
    chars[i] = alphabet.charCodeAt((state >>> 0) % 64);
  }
  return new TextDecoder().decode(chars);
}

export const nodeHmacHex = (secret, data) => createHmac('sha256', secret).update(data).digest('hex');
export const nodeLegacyHex = (data, secret) => createHash('sha256').update(data).update(secret).digest('hex');

/** What a Node webhook route does with node:crypto alone: recompute, compare in constant time. */
export function nodeVerify(secret, data, signatureHex) {
  const expected = createHmac('sha256', secret).update(data).digest();
  const given = Buffer.from(signatureHex, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The FaceVerify provider's own Node sample, verbatim in behaviour. */
export function faceVerifyNodeSample(httpMethod, url, body, contentType, xAuthClient, secretKey) {
  const requestUrl = new URL(url);
  const requestPath = requestUrl.pathname;
  const queryParams = requestUrl.searchParams.toString();
  const dataToHash = `${httpMethod}\n${requestPath}\n${queryParams}\n${xAuthClient}\n${contentType}\n${body}`;
  return createHmac('sha256', secretKey).update(dataToHash).digest('hex');
}

/** hash-wasm's fast path: one HMAC instance per secret, re-initialised per message. */
export async function hashWasmPeers(secret) {
  const hmac = await createHMAC(createSHA256(), secret);
  const sha = await createSHA256();
  return {
    hmacHex(data) {
      hmac.init();
      hmac.update(data);
      return hmac.digest('hex');
    },
    legacyHex(data, key) {
      sha.init();
      sha.update(data);
      sha.update(key);
      return sha.digest('hex');
    },
  };
}

/** @noble/hashes, encoding included (it takes bytes). */
export const noble = {
  hmacHex: (secret, data) =>
    bytesToHex(nobleHmac(nobleSha256, typeof secret === 'string' ? utf8ToBytes(secret) : secret,
      typeof data === 'string' ? utf8ToBytes(data) : data)),
  legacyHex: (data, secret) =>
    bytesToHex(nobleSha256.create().update(typeof data === 'string' ? utf8ToBytes(data) : data).update(utf8ToBytes(secret)).digest()),
};

/** Web Crypto HMAC with an imported key, hex out (await included, as callers pay it). */
export async function webCryptoHmac(secret) {
  const key = await webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const encoder = new TextEncoder();
  return async (data) => {
    const mac = await webcrypto.subtle.sign('HMAC', key, typeof data === 'string' ? encoder.encode(data) : data);
    return Buffer.from(mac).toString('hex');
  };
}

/**
 * The provider signature vectors (tests/vectors/providers.json), which the Rust
 * and package tests read too. The node:crypto oracles above judge every
 * contender, so they must reproduce each vector first: checked when this
 * module loads, before anything is timed.
 */
export const PROVIDER_VECTORS = JSON.parse(
  readFileSync(new URL('../tests/vectors/providers.json', import.meta.url), 'utf8'),
).cases;

function oracleSignature(v) {
  if (v.provider === 'faceverify') {
    // The Node sample reads URLs as whatwg mode does; raw-mode vectors are not its to check.
    return v.urlMode === 'whatwg' ? faceVerifyNodeSample(v.method, v.url, v.body, v.contentType, v.apiKey, v.secret) : undefined;
  }
  return v.scheme === 'hmac' ? nodeHmacHex(v.secret, v.payload) : nodeLegacyHex(v.payload, v.secret);
}

const oracleChecked = { hmac: 0, legacy: 0, faceverify: 0 };
for (const v of PROVIDER_VECTORS) {
  const got = oracleSignature(v);
  if (got === undefined) continue;
  if (got !== v.signature) {
    throw new Error(`bench/workloads.mjs: the node:crypto oracle gives ${got} for ${v.name}, tests/vectors/providers.json says ${v.signature}`);
  }
  oracleChecked[v.provider === 'faceverify' ? 'faceverify' : v.scheme]++;
}
for (const [kind, n] of Object.entries(oracleChecked)) {
  if (n === 0) throw new Error(`bench/workloads.mjs: tests/vectors/providers.json has no ${kind} vector to check the oracles with`);
}
