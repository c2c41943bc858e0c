// Writes a .wasm file as a module that returns its bytes, so that every entry
// but the edge one compiles it synchronously on import: no top-level await, no
// file for a bundler to emit or a server to serve, nothing for a server
// bundler (Turbopack, esbuild, ncc) to lose, and no file-system or network
// permission in Deno. OUT.js is an ES module; OUT.cjs is CommonJS (Node).
//
//   node wasm/inline.mjs IN.wasm OUT.js|OUT.cjs
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output] = process.argv.slice(2);
const bytes = readFileSync(input);
const header = `// ${input.split('/').pop()} (${bytes.length} bytes), inlined as base64 by wasm/inline.mjs.
// A function, so the decoded bytes can be collected once compiled.
const base64 = '${bytes.toString('base64')}';
`;

// `base64` is named once: a minifier that inlines constants (bun build
// --minify does) would otherwise copy the whole string to each use.
const esm = `${header}
export default function wasmBytes() {
  return decode(base64);
}

function decode(text) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
`;

const cjs = `'use strict';
${header}
module.exports = function wasmBytes() {
  return Buffer.from(base64, 'base64');
};
`;

writeFileSync(output, output.endsWith('.cjs') ? cjs : esm);
