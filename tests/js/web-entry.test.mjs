// The browser entry (pkg/web/index.js) in headless Chromium: served over
// loopback HTTP as a page would load it, compared with Node's results.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };

// Flags for running as root on a machine whose network reaches only registries.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let server;
let browser;
let origin;

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>kyc-sign</title>');
      return;
    }
    try {
      const body = await readFile(join(PKG, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  if (existsSync(CHROMIUM)) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the web entry loads without top-level await and signs like node:crypto', async (t) => {
  if (!browser) {
    t.skip(`no Chromium at ${CHROMIUM}: run \`make test\`, which installs it`);
    return;
  }
  const page = await browser.newPage();
  await page.goto(origin + '/');
  const result = await page.evaluate(async () => {
    const k = await import('/web/index.js');
    await k.init();
    const out = {
      exports: Object.keys(k).sort(),
      hasBuffer: typeof globalThis.Buffer !== 'undefined',
      fv: k.generateHmac('POST', 'https://start.faceverify.ai/api/v1/session?q=a b&x=~',
        '{"country":"US","uniqueIdentifier":"user123"}', 'application/json', 'key', 'secret'),
      hmac: k.generateHmacSignature(new TextEncoder().encode('héllo 👋'), 'secret'),
      // A multi-byte string, written into wasm memory with encodeInto.
      hmacString: k.generateHmacSignature('héllo 👋'.repeat(2000), 'sécret'),
    };
    // The browser entry carries the baseline (non-SIMD) build; Deno's entry,
    // which loads here too, carries the SIMD one.
    const simd = await import('/web/deno.js');
    out.simdHmac = simd.generateHmacSignature(new TextEncoder().encode('héllo 👋'), 'secret');
    // URLs that are not plain go to the browser's own URL parser.
    out.urls = [
      'https://start.faceverify.ai/api/v1/../session/./x?q=a b&x=~&&bare&e=%zz#frag',
      'HTTPS://EXAMPLE.com:443/a%2e%2E/b\\c?x=1+2&y=é',
      'https://xn--nxasmq6b.com/p?a=1',
      'https://user:pw@[::1]:8443/p;q?z',
      'wss://h/a/../../b?',
      'https://exa mple.com/',
      'https://h:99999/',
    ].map((url) => {
      let expected;
      try {
        const u = new URL(url);
        expected = `POST\n${u.pathname}\n${u.searchParams.toString()}\nkey\ntext/plain\nbody`;
      } catch {
        expected = 'refused';
      }
      let ours;
      try {
        ours = k.canonicalString('POST', url, 'body', 'text/plain', 'key');
      } catch (e) {
        ours = e.code === 'KYC_INVALID_URL' ? 'refused' : `${e.code}: ${e.message}`;
      }
      return { url, ours, expected };
    });
    try {
      k.buildSessionBody({ provider: 'veriff', callback: 'not a url' });
    } catch (e) {
      out.error = { name: e.name, code: e.code, path: e.path };
    }
    return out;
  });
  await page.close();

  assert.equal(result.hasBuffer, false, 'a real browser has no Buffer');
  const nodeExports = Object.keys(createRequire(import.meta.url)('../../pkg')).sort();
  assert.deepEqual(result.exports, nodeExports, 'the browser entry exports what the Node entry does');
  const u = new URL('https://start.faceverify.ai/api/v1/session?q=a b&x=~');
  const data = `POST\n${u.pathname}\n${u.searchParams.toString()}\nkey\napplication/json\n{"country":"US","uniqueIdentifier":"user123"}`;
  assert.equal(result.fv, createHmac('sha256', 'secret').update(data).digest('hex'));
  assert.equal(result.hmac, createHmac('sha256', 'secret').update('héllo 👋').digest('hex'));
  assert.equal(result.simdHmac, result.hmac, 'the SIMD build agrees with the baseline build');
  assert.equal(result.hmacString, createHmac('sha256', 'sécret').update('héllo 👋'.repeat(2000)).digest('hex'));
  assert.deepEqual(result.error, { name: 'RangeError', code: 'KYC_INVALID_URL', path: 'callback' });
  for (const { url, ours, expected } of result.urls) assert.equal(ours, expected, `whatwg mode in Chromium: ${url}`);
  assert.ok(result.urls.some((u) => u.expected === 'refused') && result.urls.some((u) => u.expected !== 'refused'));
});
