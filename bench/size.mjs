// What each runtime loads: the entry, the wasm-bindgen glue and the wasm it
// picks (inlined as base64 in all but the edge entry), raw and gzip -9.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../pkg/', import.meta.url));
const TARGETS = {
  'node, bun (SIMD, inlined)': ['node/index.cjs', 'node/kyc_sign.cjs', 'node/kyc_sign_bg.wasm.cjs'],
  'browser, bundlers (baseline, inlined)': ['web/index.js', 'web/kyc_sign.js', 'web/kyc_sign_bg.wasm.js'],
  'deno (SIMD, inlined)': ['web/deno.js', 'web/simd/kyc_sign.js', 'web/simd/kyc_sign_bg.wasm.js'],
  'workerd, edge-light (SIMD .wasm module)': ['web/edge.js', 'web/simd/kyc_sign.js', 'web/simd/kyc_sign_bg.wasm'],
};
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

console.log('| target | file | raw | gzip -9 |\n| --- | --- | --- | --- |');
for (const [target, files] of Object.entries(TARGETS)) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(PKG + file);
    const zipped = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gzip += zipped;
    console.log(`| ${target} | ${file} | ${kb(bytes.length)} | ${kb(zipped)} |`);
  }
  console.log(`| **${target}** | **total** | **${kb(raw)}** | **${kb(gzip)}** |`);
}
