// Node (and Bun) entry, require. The wasm module (the SIMD build: every Node
// from 16.4 runs wasm SIMD) is inlined and compiled synchronously on load, so
// every function is ready at once, and a server bundler that moves this file
// (Turbopack, webpack, esbuild, ncc) has no .wasm file to lose. init() exists
// so code shared with other entries can await it unconditionally.
const api = createApi(require('./kyc_sign.cjs'));

module.exports = { ...api, KycError, KycTypeError, KycRangeError, init: () => Promise.resolve() };
