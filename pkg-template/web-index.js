// Browser and bundler entry (Vite, webpack, esbuild, Rollup, Parcel, bun build).
// The baseline .wasm is inlined and compiled synchronously on import: no
// top-level await (which iife/cjs outputs and older targets cannot have) and
// no separate file for a bundler to emit. The baseline rather than the SIMD
// build, because one file must load in every engine; see "Runtimes" in the README.
import * as wasm from './kyc_sign.js';
import wasmBytes from './kyc_sign_bg.wasm.js';

wasm.initSync({ module: new WebAssembly.Module(wasmBytes()) });
