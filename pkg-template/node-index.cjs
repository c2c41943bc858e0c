'use strict';
// Node entry (require). The wasm module is compiled synchronously on load,
// so every function is ready to call at once; init() exists so code shared
// with the browser entry can await it unconditionally.
const api = withFastPaths(supportsSimd() ? require('./simd/kyc_sign.cjs') : require('./kyc_sign.cjs'));

module.exports = {
  generateSignature: api.generateSignature,
  generateHmacSignature: api.generateHmacSignature,
  generateHmac: api.generateHmac,
  canonicalString: api.canonicalString,
  buildSessionBody: api.buildSessionBody,
  signRequest: api.signRequest,
  createSigner: api.createSigner,
  verifySignature: api.verifySignature,
  verifyWebhook: api.verifyWebhook,
  signWebhook: api.signWebhook,
  init: () => Promise.resolve(),
};
