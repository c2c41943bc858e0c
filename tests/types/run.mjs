// `make test-types`: the package's types, as installed, under every
// TypeScript a user may have, with `--strict`:
//
//   TypeScript   5.4, the latest 5.x, 6.x and 7.x (tests/types/package.json,
//                installed from its lock into tests/types/node_modules once)
//   resolution   node16 (module node16), nodenext (nodenext), bundler (esnext)
//   environment  node      @types/node, lib ["es2022"]
//                node-dom  @types/node, lib ["es2022", "dom"]
//                dom       no @types/node, lib ["es2022", "dom"]
//                es2022    no @types/node, lib ["es2022"] alone
//
// Each configuration compiles, in a consumer project made in a temporary
// directory (node_modules/kyc-sign a link to pkg/, so "kyc-sign" resolves
// through package.json "exports", never `paths`; skipLibCheck off where
// @types/node is not, so the declarations themselves are checked):
//
//   - the fixtures tests/types/*.ts and cjs.cts (CommonJS, node16/nodenext
//     only: the "require" condition and types/index.d.cts). A line
//     `// @ts-expect-error TS2353|TS2769 why` must fail to compile, on the line
//     below it, with one of those codes, and no other line may fail;
//   - every ```ts block of README.md, which must compile without a diagnostic;
//   - every ```js block of README.md, checked as JavaScript (`checkJs`, the
//     same --strict). Strict mode reports what JavaScript leaves untyped (a
//     caught `err`, a webhook's parsed JSON before it is given a type, an
//     untyped parameter, what @types/node or Fastify leave `unknown` or
//     nullable); those, and only those, are listed in readme-js.expected.json
//     with the reason for each. Any other diagnostic fails, and so does a
//     listed one that no configuration reports any more. (Some occur only in
//     some environments: `Response#json()` is `Promise<any>` in lib "dom" and
//     `Promise<unknown>` in @types/node.)
//
// Examples go where their runtime is (see readme.mjs): `node` examples with
// @types/node, `web` ones also with lib "dom", `es` ones everywhere.
// Options: --only=7 (TypeScript versions whose key starts so), --jobs=N, --keep,
// --pkg=DIR (a copy of pkg/ with other types, to see these tests fail).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { readmeExamples } from './readme.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
// --pkg=DIR: another build of the package (to see the tests fail on older types).
const PKG = args.pkg ? resolve(String(args.pkg)) : join(ROOT, 'pkg');

const VERSIONS = ['5.4', '5', '6', '7']; // keys of tests/types/package.json: typescript-<key>
const RESOLUTIONS = [
  { moduleResolution: 'node16', module: 'node16' },
  { moduleResolution: 'nodenext', module: 'nodenext' },
  // As Vite's and Next.js's templates set it.
  { moduleResolution: 'bundler', module: 'esnext', isolatedModules: true },
];
const ENVIRONMENTS = [
  { name: 'node', types: ['node'], lib: ['es2022'], runs: ['node', 'web', 'es'] },
  { name: 'node-dom', types: ['node'], lib: ['es2022', 'dom'], runs: ['node', 'web', 'es'] },
  { name: 'dom', types: [], lib: ['es2022', 'dom'], runs: ['web', 'es'] },
  { name: 'es2022', types: [], lib: ['es2022'], runs: ['es'] },
];
// The fixtures, and the runtime each needs (as for the README's examples).
const FIXTURES = [
  { file: 'webhooks.ts', env: 'es' },
  { file: 'requests.ts', env: 'es' },
  { file: 'fetch.ts', env: 'web' },
  { file: 'node.ts', env: 'node' },
  { file: 'cjs.cts', env: 'es', commonjs: true },
  // What a Node project declares for the environment variables the README's examples read.
  { file: 'env.d.ts', env: 'node', declarations: true },
];

const failures = [];
const fail = (message) => failures.push(message);

// ---------------------------------------------------------------- install

function installTypeScripts() {
  const lock = readFileSync(join(HERE, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex');
  const stamp = join(HERE, 'node_modules', '.kyc-sign-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  console.log('tests/types: installing the TypeScript versions (npm ci)');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: HERE, stdio: 'inherit' });
  if (ci.status !== 0) throw new Error('npm ci in tests/types failed');
  writeFileSync(stamp, hash);
}

// ---------------------------------------------------------------- the consumer project

function linkInto(dir, name, target) {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  rmSync(join(dir, name), { force: true, recursive: true });
  symlinkSync(target, join(dir, name), 'dir');
}

/** Copies a fixture, turning `// @ts-expect-error TSnnnn…` into expectations for the line below. */
function fixture(text, file) {
  const expectations = new Map();
  const lines = text.split('\n').map((line, i) => {
    if (/@ts-ignore|@ts-nocheck/.test(line)) fail(`${file}:${i + 1}: use // @ts-expect-error TSnnnn, not @ts-ignore/@ts-nocheck`);
    const m = /^(\s*)\/\/ @ts-expect-error\b(.*)$/.exec(line);
    if (!m) return line;
    const codes = /^\s+((?:TS\d+)(?:\|TS\d+)*)\s/.exec(`${m[2]} `);
    if (!codes) fail(`${file}:${i + 1}: say which error is expected: // @ts-expect-error TSnnnn why`);
    else expectations.set(i + 2, codes[1].split('|'));
    return `${m[1]}// expected:${m[2]}`;
  });
  return { text: lines.join('\n'), expectations };
}

function makeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'kyc-sign-types-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  linkInto(dir, 'node_modules/kyc-sign', PKG);
  for (const name of readdirSync(join(HERE, 'node_modules', '@types'))) linkInto(dir, `node_modules/@types/${name}`, join(HERE, 'node_modules', '@types', name));
  linkInto(dir, 'node_modules/undici-types', join(HERE, 'node_modules', 'undici-types'));
  // Fastify ships its own types; it and its dependencies are the workspace's.
  linkInto(dir, 'node_modules/fastify', join(ROOT, 'node_modules', 'fastify'));

  const sources = [];
  mkdirSync(join(dir, 'fixtures'));
  for (const f of FIXTURES) {
    const { text, expectations } = fixture(readFileSync(join(HERE, f.file), 'utf8'), f.file);
    writeFileSync(join(dir, 'fixtures', f.file), text);
    sources.push({ ...f, path: `fixtures/${f.file}`, label: `tests/types/${f.file}`, expectations, kind: 'fixture' });
  }
  mkdirSync(join(dir, 'readme'));
  for (const ex of readmeExamples()) {
    const name = `example-${String(ex.n).padStart(2, '0')}.${ex.lang}`;
    // A ```ts block with no import or export would be a script: make it a module.
    writeFileSync(join(dir, 'readme', name), ex.lang === 'ts' ? `${ex.code}\nexport {};\n` : ex.code);
    sources.push({ ...ex, path: `readme/${name}`, label: `README.md:${ex.line} (${ex.lang} example ${ex.n})`, kind: `readme-${ex.lang}`, lines: ex.code.split('\n') });
  }
  return { dir, sources };
}

// ---------------------------------------------------------------- one configuration

function configurations() {
  const versions = VERSIONS.filter((v) => !args.only || String(args.only).split(',').some((o) => v.startsWith(o)));
  const out = [];
  for (const version of versions) {
    for (const resolution of RESOLUTIONS) {
      for (const env of ENVIRONMENTS) out.push({ version, resolution, env, id: `ts${version}-${resolution.moduleResolution}-${env.name}` });
    }
  }
  return out;
}

function writeConfig(project, config) {
  const files = project.sources
    .filter((s) => config.env.runs.includes(s.env) && (!s.commonjs || config.resolution.moduleResolution !== 'bundler'))
    .map((s) => s.path);
  const { moduleResolution, module, ...rest } = config.resolution;
  const compilerOptions = {
    strict: true,
    noEmit: true,
    target: 'es2022',
    lib: config.env.lib,
    types: config.env.types,
    module,
    moduleResolution,
    ...rest,
    allowJs: true,
    checkJs: true,
    // The package's declarations are checked where they are the only ones
    // besides TypeScript's own libs; with @types/node (62,000 lines with
    // Fastify's) as most projects do, which takes half the time.
    skipLibCheck: config.env.types.length > 0,
    skipDefaultLibCheck: true,
    forceConsistentCasingInFileNames: true,
  };
  writeFileSync(join(project.dir, `tsconfig.${config.id}.json`), JSON.stringify({ compilerOptions, files }, null, 2));
  return files;
}

function run(project, config) {
  const files = writeConfig(project, config);
  const tsc = join(HERE, 'node_modules', `typescript-${config.version}`, 'bin', 'tsc');
  const started = Date.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [tsc, '-p', `tsconfig.${config.id}.json`, '--pretty', 'false', '--listFiles'], { cwd: project.dir });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (status) => done({ ...config, files, status, out, ms: Date.now() - started }));
  });
}

/** `{ file, line, code, message }` for each diagnostic; the files tsc read. */
function parse(project, out) {
  const diagnostics = [];
  const listed = [];
  for (const line of out.split('\n')) {
    const located = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(line);
    const global = /^error (TS\d+): (.*)$/.exec(line);
    if (located) diagnostics.push({ file: resolve(project.dir, located[1]), line: Number(located[2]), code: located[4], message: located[5] });
    else if (global) diagnostics.push({ file: null, line: 0, code: global[1], message: global[2] });
    else if (/^\s/.test(line) && diagnostics.length) diagnostics.at(-1).message += `\n${line}`;
    else if (line.startsWith('/')) listed.push(line);
    else if (line.trim()) diagnostics.push({ file: null, line: 0, code: '?', message: line });
  }
  return { diagnostics, listed };
}

function check(project, result, jsExpected, jsUsed) {
  const where = `${result.id}`;
  const { diagnostics, listed } = parse(project, result.out);
  const byFile = new Map();
  let matched = 0;
  for (const d of diagnostics) {
    const source = d.file && project.sources.find((s) => resolve(project.dir, s.path) === d.file);
    if (!source) {
      fail(`${where}: ${d.file ? relative(ROOT, d.file) : '(tsc)'}${d.line ? `:${d.line}` : ''} ${d.code} ${d.message}`);
      continue;
    }
    if (!byFile.has(source)) byFile.set(source, []);
    byFile.get(source).push(d);
  }
  for (const path of result.files) {
    const source = project.sources.find((s) => s.path === path);
    const found = byFile.get(source) ?? [];
    if (source.kind === 'fixture') {
      for (const d of found) {
        const codes = source.expectations.get(d.line);
        if (codes?.includes(d.code)) matched++;
        else fail(`${where}: ${source.label}:${d.line} ${d.code} ${d.message}${codes ? ` (expected ${codes.join(' or ')})` : ''}`);
      }
      for (const [line, codes] of source.expectations) {
        if (!found.some((d) => d.line === line && codes.includes(d.code))) {
          fail(`${where}: ${source.label}:${line} compiles, but must fail with ${codes.join(' or ')}`);
        }
      }
    } else if (source.kind === 'readme-ts') {
      for (const d of found) fail(`${where}: ${source.label}, line ${d.line} of the block: ${d.code} ${d.message}`);
    } else {
      // A JavaScript example: each diagnostic must be listed (and each listed one occur somewhere: below).
      const want = new Map();
      source.lines.forEach((text, i) => {
        for (const e of jsExpected) if (e.line === text.trim()) want.set(`${i + 1} ${e.code}`, (want.get(`${i + 1} ${e.code}`) ?? 0) + e.count);
      });
      const got = new Map();
      for (const d of found) got.set(`${d.line} ${d.code}`, (got.get(`${d.line} ${d.code}`) ?? 0) + 1);
      for (const [key, n] of got) {
        const [line, code] = key.split(' ');
        const text = source.lines[line - 1].trim();
        if (n <= (want.get(key) ?? 0)) {
          matched += n;
          jsUsed.add(`${code} ${text}`);
        } else {
          const message = found.find((d) => `${d.line} ${d.code}` === key).message;
          fail(`${where}: ${source.label}, line ${line} of the block (${JSON.stringify(text)}): ${n} × ${code}, listed ${want.get(key) ?? 0}: ${message}`);
        }
      }
    }
  }
  // "kyc-sign" was resolved through exports to pkg/types, index.d.cts for CommonJS.
  const real = (f) => realpathSync(join(PKG, 'types', f));
  const wantTypes = ['index.d.ts', ...(result.files.some((f) => f.endsWith('.cts')) ? ['index.d.cts'] : [])];
  for (const f of wantTypes) if (!listed.includes(real(f))) fail(`${where}: tsc did not read pkg/types/${f}`);
  if (result.status !== 0 && diagnostics.length === 0) fail(`${where}: tsc exited with ${result.status}:\n${result.out}`);
  return { matched, diagnostics: diagnostics.length };
}

// ---------------------------------------------------------------- main

const started = Date.now();
installTypeScripts();
// An editor opening tests/types resolves "kyc-sign" the same way.
if (!args.pkg) linkInto(HERE, 'node_modules/kyc-sign', PKG);
for (const f of args.pkg ? [] : ['index.d.ts', 'index.d.cts']) {
  if (!existsSync(join(PKG, 'types', f)) || readFileSync(join(PKG, 'types', f), 'utf8') !== readFileSync(join(ROOT, 'pkg-template', 'index.d.ts'), 'utf8')) {
    console.error(`pkg/types/${f} is not pkg-template/index.d.ts: run make build`);
    process.exit(1);
  }
}
const jsExpected = JSON.parse(readFileSync(join(HERE, 'readme-js.expected.json'), 'utf8')).expected;
const jsUsed = new Set();
const project = makeProject();
const queue = configurations();
const jobs = Number(args.jobs) || Math.max(2, availableParallelism());
const results = [];
await Promise.all(Array.from({ length: jobs }, async () => {
  while (queue.length) results.push(await run(project, queue.shift()));
}));

const versionOf = {};
let checked = 0;
let expectedErrors = 0;
for (const result of results.sort((a, b) => a.id.localeCompare(b.id))) {
  const { matched } = check(project, result, jsExpected, jsUsed);
  checked += result.files.length;
  expectedErrors += matched;
  const v = (versionOf[result.version] ??= { configs: 0, files: 0, ms: 0, name: /Version (\S+)/.exec(spawnSync(process.execPath, [join(HERE, 'node_modules', `typescript-${result.version}`, 'bin', 'tsc'), '--version'], { encoding: 'utf8' }).stdout)?.[1] });
  v.configs++;
  v.files += result.files.length;
  v.ms += result.ms;
}
if (!args.only) {
  for (const e of jsExpected) if (!jsUsed.has(`${e.code} ${e.line}`)) fail(`readme-js.expected.json lists ${e.code} for ${JSON.stringify(e.line)}, which no README example reports: remove it`);
}

for (const key of VERSIONS.filter((k) => versionOf[k])) {
  const v = versionOf[key];
  console.log(`TypeScript ${v.name} (typescript-${key}): ${v.configs} configurations, ${v.files} files, ${(v.ms / 1000).toFixed(1)} s of tsc`);
}
const examples = project.sources.filter((s) => s.kind !== 'fixture');
const mustFail = project.sources.reduce((n, s) => n + (s.expectations?.size ?? 0), 0);
console.log(`${results.length} configurations (${RESOLUTIONS.map((r) => r.moduleResolution).join(', ')} × ${ENVIRONMENTS.map((e) => e.name).join(', ')}), ${checked} file compilations: ` +
  `${FIXTURES.length} fixtures with ${mustFail} lines that must fail, ${examples.length} README examples (${examples.filter((e) => e.lang === 'ts').length} ts); ` +
  `${expectedErrors} expected diagnostics seen, ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failures.length) {
  console.error(`\n${failures.length} type test failure(s):\n${failures.join('\n')}\n(the consumer project: ${project.dir})`);
  process.exit(1);
}
if (!args.keep) rmSync(project.dir, { recursive: true, force: true });
else console.log(`kept ${project.dir}`);
