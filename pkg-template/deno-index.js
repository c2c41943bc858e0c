// Deno entry: the SIMD build (Deno's V8 always has wasm SIMD), inlined, so
// importing needs no --allow-read or --allow-env.
import * as wasm from './simd/kyc_sign.js';
import wasmBytes from './simd/kyc_sign_bg.wasm.js';

wasm.initSync({ module: new WebAssembly.Module(wasmBytes()) });
