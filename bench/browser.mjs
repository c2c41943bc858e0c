// W1 and W2 in headless Chromium (Debian's /usr/bin/chromium): kyc-sign's
// browser build against Web Crypto's crypto.subtle.sign with an imported key,
// await included, as a page pays it. Outputs are checked against node:crypto.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { SECRET, veriffBody, base64Body, nodeHmacHex } from './workloads.mjs';

const smoke = process.argv.includes('--smoke');
const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const TYPES = { '.js': 'text/javascript', '.wasm': 'application/wasm' };
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
  let bytes;
  try {
    bytes = await readFile(join(PKG, path));
  } catch {
    return res.writeHead(404).end();
  }
  res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(bytes);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const workloads = [
    { name: 'W1 HMAC, 260 B string', body: veriffBody(), iterations: smoke ? 10 : 20_000 },
    { name: 'W2 HMAC, 5 MiB string', body: base64Body(5 * 1024 * 1024), iterations: smoke ? 1 : 15 },
  ];
  console.log(`| workload (Chromium ${browser.version()}) | implementation | median | ratio |\n| --- | --- | --- | --- |`);
  for (const w of workloads) {
    const result = await page.evaluate(async ({ body, secret, iterations, rounds }) => {
      const kyc = await import('/web/index.js');
      const signer = kyc.createSigner({ provider: 'veriff', apiKey: 'key', secret });
      const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
      const contenders = {
        'kyc-sign createSigner().hmac': async () => signer.hmac(body),
        'kyc-sign generateHmacSignature': async () => kyc.generateHmacSignature(body, secret),
        'Web Crypto subtle.sign': async () => hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))),
      };
      const outputs = {};
      const times = Object.fromEntries(Object.keys(contenders).map((n) => [n, []]));
      for (const [name, fn] of Object.entries(contenders)) outputs[name] = await fn();
      for (let r = 0; r < rounds; r++) {
        for (const [name, fn] of Object.entries(contenders)) {
          const start = performance.now();
          for (let i = 0; i < iterations; i++) await fn();
          times[name].push(((performance.now() - start) / iterations) * 1e6);
        }
      }
      return { outputs, times };
    }, { body: w.body, secret: SECRET, iterations: w.iterations, rounds: smoke ? 1 : 5 });
    const expected = nodeHmacHex(SECRET, w.body);
    for (const [name, out] of Object.entries(result.outputs)) {
      if (out !== expected) throw new Error(`${w.name} / ${name}: ${out} !== ${expected}`);
    }
    const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    const best = Math.min(median(result.times['kyc-sign createSigner().hmac']), median(result.times['kyc-sign generateHmacSignature']));
    for (const [name, ts] of Object.entries(result.times)) {
      const ns = median(ts);
      const shown = ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(2)} µs`;
      console.log(`| ${w.name} | ${name} | ${shown} | ${name.startsWith('kyc') ? 'ours' : `${(ns / best).toFixed(2)}×`} |`);
    }
  }
  console.log('\nall browser outputs agreed with node:crypto');
} finally {
  await browser.close();
  server.close();
}
