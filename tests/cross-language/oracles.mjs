// The oracle processes: each provider recipe in its own language, run once
// over every case (JSON lines in on stdin, one JSON line out per case, then a
// version line), plus sha256sum/openssl over files.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const ORACLE_DIR = join(HERE, 'oracles');

/** Kill an oracle that runs longer than this (ms). */
const TIMEOUT = 120_000;

/** When set (e.g. in CI), a missing interpreter fails the suite instead of skipping it. */
export const REQUIRE_ORACLES = process.env.KYC_REQUIRE_ORACLES === '1';

/** `{ found: true, version }` when `command --version` (or `args`) runs, else `{ found: false }`. */
export function probe(command, args = ['--version']) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return { found: false };
  return { found: true, version: (r.stdout || r.stderr).split('\n')[0].trim() };
}

export const PYTHON = 'python3';
export const PHP = process.env.PHP ?? 'php';

/**
 * Skips `t` with a message when `tool` is missing (or fails it under
 * KYC_REQUIRE_ORACLES=1). Returns whether the tool is there.
 */
export function requireTool(t, tool, why, hint) {
  if (tool.found) return true;
  const message = `${why} is not installed, so this oracle did not run (0 cases compared). ${hint}`;
  if (REQUIRE_ORACLES) throw new Error(`${message} (KYC_REQUIRE_ORACLES=1)`);
  t.skip(message);
  return false;
}

/**
 * Runs `command args` once with `lines` (objects) as JSON lines on stdin.
 * Resolves to `{ version, meta, results }`: one parsed line per input line;
 * `meta` is the last line (the version and anything else the oracle reports).
 */
export function runJsonLines(command, args, lines, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT);
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (status !== 0) {
        reject(new Error(`${command} ${args.join(' ')} exited with ${status ?? signal}: ${stderr.slice(0, 2000)}`));
        return;
      }
      const text = Buffer.concat(out).toString('utf8');
      const parsed = text.trimEnd().split('\n').map((line) => JSON.parse(line));
      const last = parsed.pop();
      if (!last || typeof last.version !== 'string' || parsed.length !== lines.length) {
        reject(new Error(`${command}: expected ${lines.length} results and a version line, got ${parsed.length + 1} lines; stderr: ${stderr.slice(0, 2000)}`));
        return;
      }
      resolve({ version: last.version.split(' ')[0], meta: last, results: parsed, stderr });
    });
    child.stdin.on('error', () => {}); // a crash is reported by 'close'
    child.stdin.end(lines.map((line) => JSON.stringify(line)).join('\n') + (lines.length ? '\n' : ''));
  });
}

/** FaceVerify's Python sample over `cases` ({ method, url, body, contentType, apiKey, secret }). */
export function runPythonFaceVerify(cases) {
  return runJsonLines(PYTHON, [join(ORACLE_DIR, 'faceverify.py')], cases, { PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1', PYTHONHASHSEED: '0' });
}

/**
 * FaceVerify's PHP sample over the same cases. `-n`: no php.ini, so local
 * settings cannot change what runs (json and hash are always built in).
 */
export function runPhpFaceVerify(cases) {
  return runJsonLines(PHP, ['-n', '-d', 'error_reporting=E_ALL', '-d', 'display_errors=stderr', join(ORACLE_DIR, 'faceverify.php')], cases);
}

/** Veriff's legacy recipe with Python's hashlib over `lines` ({payload, secret} text or {payloadHex, secretHex}). */
export function runPythonLegacy(lines) {
  return runJsonLines(PYTHON, [join(ORACLE_DIR, 'legacy.py')], lines, { PYTHONIOENCODING: 'utf-8', PYTHONUTF8: '1' });
}

/**
 * Writes each buffer to its own file (`f0`, `f1`, …) in a fresh temporary
 * folder, awaits `fn(dir, names)`, then removes the folder.
 */
export async function withFiles(buffers, fn) {
  const dir = mkdtempSync(join(tmpdir(), 'kyc-cross-language-'));
  try {
    const names = buffers.map((buffer, i) => {
      const name = `f${i}`;
      writeFileSync(join(dir, name), buffer);
      return name;
    });
    return await fn(dir, names);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `command ...args f0 f1 …` once in `dir` (relative names keep the
 * argument list short: ~70 kB for 10,000 files) and returns one lowercase
 * hex digest per name, read from lines `parseLine` splits into [name, hex].
 */
function digestFiles(command, args, dir, names, parseLine) {
  const r = spawnSync(command, [...args, ...names], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28, timeout: TIMEOUT });
  if (r.error || r.status !== 0) throw new Error(`${command} failed (${r.error?.message ?? r.status}): ${r.stderr}`);
  const byName = new Map();
  for (const line of r.stdout.trimEnd().split('\n')) {
    const [name, digest] = parseLine(line);
    byName.set(name, digest);
  }
  return names.map((name) => byName.get(name));
}

/** coreutils `sha256sum f0 f1 …`, one run: lines are `<hex>  <name>`. */
export function sha256sumFiles(dir, names) {
  return digestFiles('sha256sum', [], dir, names, (line) => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`sha256sum: unexpected line ${JSON.stringify(line)}`);
    return [m[2], m[1]];
  });
}

/** `openssl dgst -sha256 -r f0 f1 …`, one run: lines are `<hex> *<name>`. */
export function opensslFiles(dir, names) {
  return digestFiles('openssl', ['dgst', '-sha256', '-r'], dir, names, (line) => {
    const m = /^([0-9a-f]{64}) \*?(.+)$/.exec(line);
    if (!m) throw new Error(`openssl: unexpected line ${JSON.stringify(line)}`);
    return [m[2], m[1]];
  });
}
