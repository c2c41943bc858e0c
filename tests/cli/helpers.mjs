// The command line as a user runs it: pkg/ packed with `npm pack`, the
// tarball installed (offline: the package has no dependencies) in a scratch
// project, and every command run there as `npx kyc-sign …`.
//
// Each run's stdout and stderr are checked for every secret the tests use,
// so no test can let a command print one unnoticed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG_DIR = join(ROOT, 'pkg');

/** Distinctive secrets and keys: none can appear in any output by chance. */
export const CREDENTIALS = {
  veriff: { apiKey: 'cli-veriff-key-4d1c', secret: 'cli-veriff-SECRET-q7Zr2wX9' },
  faceverify: { apiKey: 'cli-faceverify-key-88e0', secret: 'cli-faceverify-SECRET-Lm3pV6tB' },
  sumsub: { apiKey: 'sbx:cli-sumsub-token-19af', secret: 'cli-sumsub-SECRET-Hk5nR8yC' },
};
export const WEBHOOK_SECRETS = {
  veriff: CREDENTIALS.veriff.secret,
  sumsub: 'cli-sumsub-webhook-SECRET-Pa4wQ1sD',
  onfido: 'cli-onfido-SECRET-Tz6uE3jF',
  complycube: 'cli-complycube-SECRET-Bv2kM7gH',
  idenfy: 'cli-idenfy-SECRET-Wy9cN4xJ',
  stripe: 'whsec_cliStripeSECRETRq8dL5vK',
  persona: 'wbhsec_cli-persona-SECRET-Ue1hS6mP',
  'standard-webhooks': `whsec_${Buffer.from('cli-standard-webhooks-SECRET-Gx3bY7nQ').toString('base64')}`,
};
/** Every secret, and the forms a careless program might print them in. */
const SECRETS = [...Object.values(CREDENTIALS).map((c) => c.secret), ...Object.values(WEBHOOK_SECRETS), 'cli-rotated-old-SECRET-Ko2iZ9aL']
  .flatMap((s) => [s, Buffer.from(s).toString('hex'), Buffer.from(s).toString('base64')]);
export const OLD_SECRET = 'cli-rotated-old-SECRET-Ko2iZ9aL';
/** Another secret of each provider's shape (Standard Webhooks' is whsec_ and base64). */
export const otherSecret = (provider) => (provider === 'standard-webhooks' ? `whsec_${Buffer.from(OLD_SECRET).toString('base64')}` : OLD_SECRET);

/** What the runs printed, for the final count. */
export const runs = { count: 0, checked: 0 };

let project;

/**
 * Packs pkg/ and installs the tarball in a scratch project. Returns the
 * project's directory, where files for --body and friends are written too.
 */
export function installPackage() {
  assert.ok(existsSync(join(PKG_DIR, 'bin', 'kyc-sign.mjs')), 'pkg/ is built with its bin (make build)');
  const dir = mkdtempSync(join(tmpdir(), 'kyc-sign-cli-'));
  const packed = spawnSync('npm', ['pack', PKG_DIR, '--pack-destination', dir, '--silent'], { encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack wrote a tarball');
  project = join(dir, 'project');
  spawnSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'cli-scratch', private: true, type: 'module' }));
  const installed = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', join(dir, tarball)], {
    cwd: project,
    encoding: 'utf8',
  });
  assert.equal(installed.status, 0, installed.stderr);
  return { dir, project, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment without any KYC_ variable of the machine's, plus `env`. */
function environment(env) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KYC_')));
  return { ...clean, ...env };
}

/**
 * `kyc-sign ...args` in the scratch project, as `npx kyc-sign` (with `npx`)
 * or through the link npm installed in node_modules/.bin, which is what npx
 * runs, without npx's own half second. Returns `{ status, stdout, stderr }`;
 * asserts no secret was printed.
 */
export function kycSign(args, { env = {}, input, raw = false, npx = false } = {}) {
  // npx offline: it must find the installed package, never fetch one.
  const [command, prefix] = npx ? ['npx', ['kyc-sign']] : [join(project, 'node_modules', '.bin', 'kyc-sign'), []];
  const result = spawnSync(command, [...prefix, ...args], {
    cwd: project,
    env: environment(npx ? { npm_config_offline: 'true', ...env } : env),
    input,
    encoding: raw ? 'buffer' : 'utf8',
    timeout: 30_000,
  });
  runs.count++;
  const printed = `${result.stdout}\n${result.stderr}`;
  for (const secret of SECRETS) {
    assert.ok(!printed.includes(secret), `kyc-sign ${args[0]} printed a secret`);
  }
  runs.checked++;
  return { status: result.status, stdout: result.stdout, stderr: raw ? result.stderr.toString('utf8') : result.stderr };
}

/** Writes `content` to `name` in the scratch project; returns the name (relative to it). */
export function file(name, content) {
  writeFileSync(join(project, name), content);
  return name;
}

export const projectDir = () => project;

export const hmacHex = (secret, ...parts) => {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
};

/** Asserts an error line: one line, `kyc-sign: CODE: …`. */
export function assertError(result, status, code, pattern) {
  assert.equal(result.status, status, `exit status (stderr: ${result.stderr})`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line: ${result.stderr}`);
  assert.match(lines[0], new RegExp(`^kyc-sign: ${code}: `), result.stderr);
  if (pattern) assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
}
