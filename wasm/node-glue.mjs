// wasm-bindgen's Node glue reads `${__dirname}/kyc_sign_bg.wasm` when it is
// required. Server bundlers (Turbopack, webpack, esbuild, ncc) move the code
// and that path breaks (Next.js: ENOENT /ROOT/node_modules/…). This rewrites
// the glue to take the bytes from the inlined module beside it instead, and
// fails the build if the glue no longer reads the file the way it did.
//
//   node wasm/node-glue.mjs IN.js OUT.cjs
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const READ = "const wasmPath = `${__dirname}/kyc_sign_bg.wasm`;\nconst wasmBytes = require('fs').readFileSync(wasmPath);\n";
const glue = readFileSync(input, 'utf8');
if (glue.split(READ).length !== 2) {
  console.error(`${input}: the wasm-bindgen glue no longer reads its .wasm as wasm/node-glue.mjs expects; update it`);
  process.exit(1);
}
writeFileSync(output, glue.replace(READ, "const wasmBytes = require('./kyc_sign_bg.wasm.cjs')();\n"));
