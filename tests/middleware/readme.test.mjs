// The README's "Webhook middleware" examples, run as a user runs them: each
// ```js block of that section (and the ```js hono one, which
// tests/js/readme.test.mjs skips because Hono is installed only here) is
// written into ./node_modules/.readme/ and run by Node, so `kyc-sign/…` is
// the packed package and `express`, `fastify`, `hono` the pinned frameworks.
// Each `// => text` line must equal what the example printed just above it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('\n## Webhook middleware\n');
const end = readme.indexOf('\n## ', start + 1);
const section = readme.slice(start, end);
const blocks = [...section.matchAll(/^```js( hono)?\n([\s\S]*?)^```$/gm)].map((m) => m[2]);

const ENV = {
  VERIFF_SECRET: 'demo-veriff-secret',
  WEBHOOK_SECRET: 'demo-webhook-secret',
  STRIPE_WEBHOOK_SECRET: 'whsec_demo-stripe-secret',
};

const dir = new URL('./node_modules/.readme/', import.meta.url);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

test('the README has a Webhook middleware section with an example per framework', () => {
  assert.ok(start > 0, 'no "## Webhook middleware" section');
  for (const subpath of ['kyc-sign/express', 'kyc-sign/fastify', 'kyc-sign/hono', 'kyc-sign/next']) {
    assert.equal(blocks.filter((code) => code.includes(`from '${subpath}'`)).length, 1, subpath);
  }
});

blocks.forEach((code, i) => {
  const subpath = /from '(kyc-sign\/[a-z]+)'/.exec(code)?.[1] ?? 'kyc-sign';
  test(`README middleware example ${i + 1} (${subpath}) prints what it says`, () => {
    const file = new URL(`example-${i + 1}.mjs`, dir);
    writeFileSync(file, code);
    const run = spawnSync(process.execPath, [fileURLToPath(file)], {
      cwd: fileURLToPath(dir),
      env: { ...process.env, ...ENV },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 0, `example ${i + 1} failed:\n${run.stderr}`);
    const expected = [...code.matchAll(/^\s*\/\/ => (.*)$/gm)].map((m) => m[1]);
    assert.ok(expected.length > 0, 'each example states its output with // =>');
    assert.deepEqual(run.stdout.trimEnd().split('\n').filter(Boolean), expected);
    for (const secret of Object.values(ENV)) assert.ok(!run.stdout.includes(secret), 'an example printed a secret');
  });
});
