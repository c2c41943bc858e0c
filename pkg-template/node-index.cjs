// Node entry (require). The wasm module is compiled synchronously on load,
// so every function is ready to call at once; init() exists so code shared
// with the browser entry can await it unconditionally.
const api = createApi(supportsSimd() ? require('./simd/kyc_sign.cjs') : require('./kyc_sign.cjs'));

module.exports = { ...api, KycError, KycTypeError, KycRangeError, init: () => Promise.resolve() };
