// Every ```js block of README.md runs as a test, importing the built package
// by its name through a node_modules link, as a user's project would. Each
// `// => text` line must equal what the console.log just above it printed.
// `fetch` is replaced by a fake Veriff that checks the signature it receives
// and signs its response, as Veriff and the demo emulator do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

const ENV = {
  VERIFF_API_KEY: 'demo-veriff-key',
  VERIFF_SECRET: 'demo-veriff-secret',
  SUMSUB_APP_TOKEN: 'sbx:demo-app-token',
  SUMSUB_SECRET_KEY: 'demo-sumsub-secret',
  WEBHOOK_SECRET: 'demo-webhook-secret',
  STRIPE_WEBHOOK_SECRET: 'whsec_demo-stripe-secret',
  STANDARD_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
};

// A stand-in for Veriff's API that verifies what it is sent, on node:crypto.
// Requests to any other host (the examples' own local servers) go through.
const FAKE_FETCH = `
import { createHmac } from 'node:crypto';
const realFetch = globalThis.fetch;
globalThis.fetch = async (url, init) => {
  if (new URL(url).hostname !== 'stationapi.veriff.com') return realFetch(url, init);
  const expected = createHmac('sha256', process.env.VERIFF_SECRET).update(init.body).digest('hex');
  if (init.headers['X-HMAC-SIGNATURE'] !== expected || init.headers['X-AUTH-CLIENT'] !== process.env.VERIFF_API_KEY) {
    return new Response(JSON.stringify({ status: 'fail', message: 'signature mismatch' }), { status: 401 });
  }
  // Veriff signs its responses too: x-hmac-signature over the raw body.
  const body = JSON.stringify({ status: 'success', verification: {
    id: 'f04bdb47-d3be-4b28-b028-a652feb060b5', url: 'https://magic.veriff.me/v/sample-session', status: 'created' } });
  const signature = createHmac('sha256', process.env.VERIFF_SECRET).update(body).digest('hex');
  return new Response(body, { status: 201, headers: { 'content-type': 'application/json', 'x-auth-client': process.env.VERIFF_API_KEY, 'x-hmac-signature': signature } });
};
`;

function expectedOutput(code) {
  return [...code.matchAll(/^\s*\/\/ => (.*)$/gm)].map((m) => m[1]);
}

test('README has JavaScript examples to run', () => {
  assert.ok(blocks.length >= 9, `found ${blocks.length} js blocks`);
});

const dir = mkdtempSync(join(tmpdir(), 'kyc-sign-readme-'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(join(ROOT, 'pkg'), join(dir, 'node_modules', 'kyc-sign'), 'dir');
// The web frameworks the webhook examples use, from the workspace's devDependencies.
for (const framework of ['express', 'fastify']) {
  symlinkSync(join(ROOT, 'node_modules', framework), join(dir, 'node_modules', framework), 'dir');
}
writeFileSync(join(dir, 'fake-fetch.mjs'), FAKE_FETCH);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

blocks.forEach((code, i) => {
  const firstLine = code.split('\n').find((l) => l && !l.startsWith('import')) ?? '';
  test(`README example ${i + 1}: ${firstLine.slice(0, 60)}`, () => {
    const file = join(dir, `example-${i + 1}.mjs`);
    writeFileSync(file, code);
    const run = spawnSync(process.execPath, ['--import', './fake-fetch.mjs', file], {
      cwd: dir,
      env: { ...process.env, ...ENV },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `example ${i + 1} failed:\n${run.stderr}`);
    const printed = run.stdout.trimEnd().split('\n').filter(Boolean);
    const expected = expectedOutput(code);
    assert.ok(expected.length > 0, 'each example states its output with // =>');
    assert.deepEqual(printed, expected);
  });
});
