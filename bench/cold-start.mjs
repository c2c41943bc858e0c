// Cold start: a fresh `node` process that loads the package and computes one
// signature, against the same process with node:crypto (and, for scale, with
// hash-wasm, another WebAssembly package). They alternate, run after run; a
// figure is the median of the differences within each round, which a shared
// machine's drift moves far less than a difference of medians. Then, in
// further fresh processes, where the time goes.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const smoke = process.argv.includes('--smoke');
const RUNS = smoke ? 2 : 61;
const HASH_WASM = createRequire(import.meta.url).resolve('hash-wasm');
const SCRIPTS = {
  'kyc-sign': `console.log(require(${JSON.stringify(PKG)}).generateHmacSignature('{"a":1}', 'secret'))`,
  'node:crypto': `console.log(require('node:crypto').createHmac('sha256', 'secret').update('{"a":1}').digest('hex'))`,
  'hash-wasm': `const { createHMAC, createSHA256 } = require(${JSON.stringify(HASH_WASM)});
    createHMAC(createSHA256(), 'secret').then((h) => { h.init(); h.update('{"a":1}'); console.log(h.digest('hex')); })`,
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function wallMs(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  return { ms, out: run.stdout.trim() };
}

const NAMES_IN_TURN = Object.keys(SCRIPTS);
const times = Object.fromEntries(NAMES_IN_TURN.map((name) => [name, []]));
const overNode = { 'kyc-sign': [], 'hash-wasm': [] };
const outputs = new Set();
for (let i = 0; i < RUNS; i++) {
  // Rotate which goes first, so none always inherits a warm cache.
  const order = NAMES_IN_TURN.map((_, j) => NAMES_IN_TURN[(i + j) % NAMES_IN_TURN.length]);
  const round = {};
  for (const name of order) {
    const { ms, out } = wallMs(['-e', SCRIPTS[name]]);
    round[name] = ms;
    times[name].push(ms);
    outputs.add(out);
  }
  for (const name of Object.keys(overNode)) overNode[name].push(round[name] - round['node:crypto']);
}
if (outputs.size !== 1) throw new Error(`the processes printed different signatures: ${[...outputs].join(', ')}`);

console.log(`cold start, ${RUNS} fresh processes of each, in turn (whole process, wall time):`);
console.log('| process (load, one HMAC signature) | median | over node:crypto, median of the rounds |\n| --- | --- | --- |');
for (const name of NAMES_IN_TURN) {
  const over = overNode[name] ? `${median(overNode[name]).toFixed(1)} ms` : '—';
  const label = name === 'kyc-sign' ? `**${name}**` : name;
  console.log(`| ${label} | ${median(times[name]).toFixed(1)} ms | ${name === 'kyc-sign' ? `**${over}**` : over} |`);
}

// Where the time goes: the phases of loading, each process timing itself.
// The module is compiled twice (the second copy made distinct so V8's module
// cache misses): the first compile also pays V8's one-time WebAssembly set-up.
const WASM = `${PKG}node/kyc_sign_bg.wasm.cjs`;
const PHASES = `
const t = [performance.now()];
const bytes = require(${JSON.stringify(WASM)})(); t.push(performance.now());
new WebAssembly.Module(bytes); t.push(performance.now());
new WebAssembly.Module(Buffer.concat([bytes, Buffer.from([0, 2, 1, 120])])); t.push(performance.now());
const k = require(${JSON.stringify(PKG)}); t.push(performance.now());
k.generateHmacSignature('{"a":1}', 'secret'); t.push(performance.now());
console.log(JSON.stringify(t.slice(1).map((x, i) => x - t[i])));`;
const NAMES = [
  'load and decode the inlined .wasm (base64)',
  'first compile (with V8\'s one-time wasm set-up)',
  'compile again (the module alone)',
  'require the package (glue, instantiation; its compile is cached here)',
  'first signature',
];
const phases = NAMES.map(() => []);
for (let i = 0; i < (smoke ? 1 : 21); i++) {
  JSON.parse(wallMs(['-e', PHASES]).out).forEach((ms, p) => phases[p].push(ms));
}
console.log('\nwhere the time goes (in-process, median of fresh processes):');
console.log('| phase | median |\n| --- | --- |');
NAMES.forEach((name, p) => console.log(`| ${name} | ${median(phases[p]).toFixed(2)} ms |`));
