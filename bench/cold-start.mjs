// Cold start: a fresh `node` process that loads the package and computes one
// signature, against the same process with node:crypto. The two alternate,
// run after run, and the difference of medians is reported.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const RUNS = process.argv.includes('--smoke') ? 2 : 31;
const SCRIPTS = {
  'kyc-sign': `console.log(require(${JSON.stringify(PKG)}).generateHmacSignature('{"a":1}', 'secret'))`,
  'node:crypto': `console.log(require('node:crypto').createHmac('sha256', 'secret').update('{"a":1}').digest('hex'))`,
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const times = Object.fromEntries(Object.keys(SCRIPTS).map((name) => [name, []]));
const outputs = new Set();
for (let i = 0; i < RUNS; i++) {
  for (const [name, script] of Object.entries(SCRIPTS)) {
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    times[name].push(Number(process.hrtime.bigint() - start) / 1e6);
    if (run.status !== 0) throw new Error(`${name} failed: ${run.stderr}`);
    outputs.add(run.stdout.trim());
  }
}
if (outputs.size !== 1) throw new Error(`the two processes printed different signatures: ${[...outputs].join(', ')}`);
const ours = median(times['kyc-sign']);
const theirs = median(times['node:crypto']);
console.log(`cold start, median of ${RUNS} fresh processes each (whole process, wall time):`);
console.log(`| process | median |\n| --- | --- |`);
console.log(`| node -e (kyc-sign, one signature) | ${ours.toFixed(1)} ms |`);
console.log(`| node -e (node:crypto, one signature) | ${theirs.toFixed(1)} ms |`);
console.log(`| **difference** | **${(ours - theirs).toFixed(1)} ms** |`);
