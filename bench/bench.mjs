// kyc-sign against node:crypto, Web Crypto, @noble/hashes, hash-wasm and the
// providers' official webhook verifiers (bench/webhook-workloads.mjs), in
// one process, side by side. Prints medians and, per workload, the ratio of
// each peer's median time to ours (> 1 means kyc-sign is faster).
//
//   node bench/bench.mjs            full run (several minutes)
//   node bench/bench.mjs --smoke    a few iterations: checks every output agrees
import { measure } from 'mitata';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  SECRET, veriffBody, base64Body, nodeHmacHex, nodeLegacyHex, nodeVerify, faceVerifyNodeSample,
  hashWasmPeers, noble, webCryptoHmac,
} from './workloads.mjs';
import { webhookWorkloads } from './webhook-workloads.mjs';

const smoke = process.argv.includes('--smoke');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const kyc = createRequire(import.meta.url)('../pkg');
const OPTIONS = smoke
  ? { min_samples: 2, max_samples: 3, min_cpu_time: 1e6, warmup_samples: 1, batch_samples: 1 }
  : { min_cpu_time: 100e6 };
// Contenders are measured in turn, round after round, and each ratio is taken
// within a round: a shared machine's drift then hits both sides of a ratio.
const ROUNDS = smoke ? 1 : Number(process.env.BENCH_ROUNDS ?? 7);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const hashWasm = await hashWasmPeers(SECRET);
const webHmac = await webCryptoHmac(SECRET);
const encoder = new TextEncoder();
const W1 = veriffBody();
const W1_BYTES = encoder.encode(W1);
const W3 = base64Body(64 * 1024);
const W2 = base64Body(5 * 1024 * 1024);
const W2_BYTES = encoder.encode(W2);
const W2_SIGNATURE = nodeHmacHex(SECRET, W2);

const FV_URL = 'https://start.faceverify.ai/api/v1/session?source=web&ref=campaign-2026&lang=en';
const FV_BODY = '{"country":"US","uniqueIdentifier":"user123"}';
const FV_KEY = 'a1b2c3d4-e5f6-4a5b-8c9d-0e1f2a3b4c5d';
const SESSION_FIELDS = {
  callback: 'https://example.com/kyc/callback?user=42',
  person: { firstName: 'John', lastName: 'Smith' },
  vendorData: 'user-42-order-1001',
  lang: 'en',
  features: ['selfid'],
  timestamp: '2026-11-21T10:00:00.123Z',
};

// The software limit: the same Rust core built natively with the CPU's SHA
// extensions disabled (`make bench` builds it), timed by itself per round.
const NATIVE_SOFT = fileURLToPath(new URL('../target/native-bench/release/kyc-sign-native-bench', import.meta.url));
function nativeSoft(bytes) {
  if (!existsSync(NATIVE_SOFT)) return null;
  const run = () => {
    const out = spawnSync(NATIVE_SOFT, [String(bytes), smoke ? '1' : '9'], { encoding: 'utf8' });
    const [ns, hex] = out.stdout.trim().split(' ');
    return { ns: Number(ns), hex };
  };
  return { external: run };
}

const signer = typeof kyc.createSigner === 'function'
  ? kyc.createSigner({ provider: 'veriff', apiKey: FV_KEY, secret: SECRET })
  : null;

/** Each workload: the expected output (from node:crypto) and the contenders. */
const workloads = [
  {
    name: 'W1 HMAC, 260 B string',
    expected: nodeHmacHex(SECRET, W1),
    ours: {
      'kyc-sign createSigner().hmac': signer && (() => signer.hmac(W1)),
      'kyc-sign generateHmacSignature': () => kyc.generateHmacSignature(W1, SECRET),
    },
    peers: {
      'node:crypto createHmac': () => nodeHmacHex(SECRET, W1),
      'hash-wasm (reused)': () => hashWasm.hmacHex(W1),
      '@noble/hashes': () => noble.hmacHex(SECRET, W1),
      'Web Crypto subtle.sign': () => webHmac(W1),
    },
  },
  {
    name: 'W1 HMAC, 260 B Uint8Array',
    expected: nodeHmacHex(SECRET, W1),
    ours: {
      'kyc-sign createSigner().hmac': signer && (() => signer.hmac(W1_BYTES)),
      'kyc-sign generateHmacSignature': () => kyc.generateHmacSignature(W1_BYTES, SECRET),
    },
    peers: {
      'node:crypto createHmac': () => nodeHmacHex(SECRET, W1_BYTES),
      'hash-wasm (reused)': () => hashWasm.hmacHex(W1_BYTES),
      '@noble/hashes': () => noble.hmacHex(SECRET, W1_BYTES),
    },
  },
  {
    name: 'W1 legacy SHA-256, 260 B string',
    expected: nodeLegacyHex(W1, SECRET),
    ours: { 'kyc-sign generateSignature': () => kyc.generateSignature(W1, SECRET) },
    peers: {
      'node:crypto createHash': () => nodeLegacyHex(W1, SECRET),
      'hash-wasm (reused)': () => hashWasm.legacyHex(W1, SECRET),
      '@noble/hashes': () => noble.legacyHex(W1, SECRET),
    },
  },
  {
    name: 'W1-FV generateHmac',
    expected: faceVerifyNodeSample('POST', FV_URL, FV_BODY, 'application/json', FV_KEY, SECRET),
    ours: { 'kyc-sign generateHmac': () => kyc.generateHmac('POST', FV_URL, FV_BODY, 'application/json', FV_KEY, SECRET) },
    peers: { "provider's Node sample": () => faceVerifyNodeSample('POST', FV_URL, FV_BODY, 'application/json', FV_KEY, SECRET) },
  },
  {
    name: 'W1-build session body + sign',
    expected: nodeHmacHex(SECRET, JSON.stringify({ verification: SESSION_FIELDS })),
    ours: {
      'kyc-sign buildSessionBody + sign': () =>
        kyc.generateHmacSignature(kyc.buildSessionBody({ provider: 'veriff', ...SESSION_FIELDS }), SECRET),
    },
    peers: { 'JSON.stringify + createHmac': () => nodeHmacHex(SECRET, JSON.stringify({ verification: SESSION_FIELDS })) },
  },
  {
    name: 'W3 HMAC, 64 KiB string',
    expected: nodeHmacHex(SECRET, W3),
    ours: {
      'kyc-sign createSigner().hmac': signer && (() => signer.hmac(W3)),
      'kyc-sign generateHmacSignature': () => kyc.generateHmacSignature(W3, SECRET),
    },
    peers: {
      'node:crypto createHmac': () => nodeHmacHex(SECRET, W3),
      'hash-wasm (reused)': () => hashWasm.hmacHex(W3),
      '@noble/hashes': () => noble.hmacHex(SECRET, W3),
    },
  },
  {
    name: 'W2 HMAC, 5 MiB string',
    expected: nodeHmacHex(SECRET, W2),
    ours: {
      'kyc-sign generateHmacSignature': () => kyc.generateHmacSignature(W2, SECRET),
    },
    peers: {
      'native Rust core, no SHA extensions': nativeSoft(W2.length),
      'node:crypto createHmac': () => nodeHmacHex(SECRET, W2),
      'hash-wasm (reused)': () => hashWasm.hmacHex(W2),
      '@noble/hashes': () => noble.hmacHex(SECRET, W2),
    },
  },
  {
    name: 'W2 HMAC, 5 MiB Uint8Array',
    expected: nodeHmacHex(SECRET, W2_BYTES),
    ours: { 'kyc-sign generateHmacSignature': () => kyc.generateHmacSignature(W2_BYTES, SECRET) },
    peers: {
      'node:crypto createHmac': () => nodeHmacHex(SECRET, W2_BYTES),
      'hash-wasm (reused)': () => hashWasm.hmacHex(W2_BYTES),
      '@noble/hashes': () => noble.hmacHex(SECRET, W2_BYTES),
    },
  },
  {
    // Receiving a large webhook: the body arrives as a string or a Buffer.
    name: 'W2 verify, 5 MiB',
    expected: true,
    ours: {
      'kyc-sign verifySignature (string)': () => kyc.verifySignature({ payload: W2, signature: W2_SIGNATURE, secrets: SECRET }),
      'kyc-sign verifySignature (Uint8Array)': () => kyc.verifySignature({ payload: W2_BYTES, signature: W2_SIGNATURE, secrets: SECRET }),
    },
    peers: {
      'node:crypto createHmac + timingSafeEqual (string)': () => nodeVerify(SECRET, W2, W2_SIGNATURE),
      'hash-wasm (reused) + string compare': () => hashWasm.hmacHex(W2) === W2_SIGNATURE,
    },
  },
  ...webhookWorkloads(kyc),
];

function format(ns) {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

const rows = [];
let mismatches = 0;
for (const w of workloads) {
  if (only && !w.name.includes(only)) continue;
  const contenders = [
    ...Object.entries(w.ours).filter(([, fn]) => fn).map(([name, fn]) => ({ name, fn, ours: true })),
    ...Object.entries(w.peers).filter(([, fn]) => fn).map(([name, fn]) => ({ name, fn, ours: false })),
  ];
  for (const c of contenders) {
    const out = c.fn.external ? c.fn.external().hex : await c.fn();
    if (out !== w.expected) {
      mismatches++;
      console.error(`MISMATCH ${w.name} / ${c.name}: ${out} !== ${w.expected}`);
    }
  }
  for (const c of contenders) c.rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) c.rounds.push(c.fn.external ? c.fn.external().ns : (await measure(c.fn, OPTIONS)).p50);
  }
  const ours = contenders.filter((c) => c.ours);
  const bestPerRound = contenders[0].rounds.map((_, r) => Math.min(...ours.map((c) => c.rounds[r])));
  for (const c of contenders) c.median = median(c.rounds);
  const fastestOurs = ours.reduce((a, b) => (a.median <= b.median ? a : b));
  for (const c of contenders) {
    const ratio = median(c.rounds.map((t, r) => t / bestPerRound[r]));
    const label = c.ours ? (c === fastestOurs ? 'ours (best)' : 'ours') : `${ratio.toFixed(2)}×`;
    rows.push([w.name, c.name, format(c.median), label]);
  }
}

console.log(`\nkyc-sign benchmark — Node ${process.version}, ${new Date().toISOString()}${smoke ? ' (smoke: timings meaningless)' : ''}`);
console.log(`ratio = median over ${ROUNDS} rounds of (peer median / best kyc-sign median in that round); > 1: kyc-sign is faster\n`);
console.log('| workload | implementation | median | ratio |\n| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (mismatches) {
  console.error(`\n${mismatches} output(s) disagreed with node:crypto`);
  process.exit(1);
}
console.log(`\nall ${rows.length} outputs agreed with node:crypto`);
