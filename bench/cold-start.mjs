// Cold start: a fresh `node` process that loads the package and computes one
// signature, against the same process with node:crypto. The two alternate,
// run after run; the figure is the median of the pairwise differences, which
// a shared machine's drift moves far less than the difference of medians.
// Then, in further fresh processes, where the time goes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const smoke = process.argv.includes('--smoke');
const RUNS = smoke ? 2 : 61;
const SCRIPTS = {
  'kyc-sign': `console.log(require(${JSON.stringify(PKG)}).generateHmacSignature('{"a":1}', 'secret'))`,
  'node:crypto': `console.log(require('node:crypto').createHmac('sha256', 'secret').update('{"a":1}').digest('hex'))`,
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function wallMs(args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed: ${run.stderr}`);
  return { ms, out: run.stdout.trim() };
}

const times = { 'kyc-sign': [], 'node:crypto': [] };
const differences = [];
const outputs = new Set();
for (let i = 0; i < RUNS; i++) {
  // Alternate which goes first, so neither always inherits a warm cache.
  const order = i % 2 ? ['node:crypto', 'kyc-sign'] : ['kyc-sign', 'node:crypto'];
  const pair = {};
  for (const name of order) {
    const { ms, out } = wallMs(['-e', SCRIPTS[name]]);
    pair[name] = ms;
    times[name].push(ms);
    outputs.add(out);
  }
  differences.push(pair['kyc-sign'] - pair['node:crypto']);
}
if (outputs.size !== 1) throw new Error(`the two processes printed different signatures: ${[...outputs].join(', ')}`);

console.log(`cold start, ${RUNS} fresh processes of each, alternating (whole process, wall time):`);
console.log('| process | median |\n| --- | --- |');
console.log(`| node -e (kyc-sign, one signature) | ${median(times['kyc-sign']).toFixed(1)} ms |`);
console.log(`| node -e (node:crypto, one signature) | ${median(times['node:crypto']).toFixed(1)} ms |`);
console.log(`| **difference, median of the ${RUNS} pairs** | **${median(differences).toFixed(1)} ms** |`);

// Where the time goes: the phases of loading, each process timing itself.
// The module is compiled twice (the second copy made distinct so V8's module
// cache misses): the first compile also pays V8's one-time WebAssembly set-up.
const WASM = `${PKG}node/simd/kyc_sign_bg.wasm`;
const PHASES = `
const t = [performance.now()];
const bytes = require('fs').readFileSync(${JSON.stringify(WASM)}); t.push(performance.now());
new WebAssembly.Module(bytes); t.push(performance.now());
new WebAssembly.Module(Buffer.concat([bytes, Buffer.from([0, 2, 1, 120])])); t.push(performance.now());
const k = require(${JSON.stringify(PKG)}); t.push(performance.now());
k.generateHmacSignature('{"a":1}', 'secret'); t.push(performance.now());
console.log(JSON.stringify(t.slice(1).map((x, i) => x - t[i])));`;
const NAMES = [
  'read the .wasm',
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
