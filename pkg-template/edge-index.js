// Cloudflare Workers (workerd) and Vercel Edge (edge-light) entry. Both refuse
// to compile wasm from bytes at run time; their bundlers (wrangler, Next.js,
// vercel) turn a `.wasm?module` import into a WebAssembly.Module compiled at
// deploy time. Their V8 has SIMD, so only that build is shipped here.
import * as wasm from './simd/kyc_sign.js';
import wasmModule from './simd/kyc_sign_bg.wasm?module';

// edge-runtime (`vercel dev`) compiles the module outside its sandbox, in
// another realm, where wasm-bindgen's `instanceof WebAssembly.Module` fails
// and it would compile the "bytes" again, which the sandbox forbids.
if (!(wasmModule instanceof WebAssembly.Module) && Object.prototype.toString.call(wasmModule) === '[object WebAssembly.Module]') {
  Object.setPrototypeOf(wasmModule, WebAssembly.Module.prototype);
}
wasm.initSync({ module: wasmModule });
