'use strict';
// Node entry (require). The wasm module is compiled synchronously on load,
// so every function is ready to call at once; init() exists so code shared
// with the browser entry can await it unconditionally.
const wasm = require('./kyc_sign.cjs');

module.exports = {
  generateSignature: wasm.generateSignature,
  generateHmacSignature: wasm.generateHmacSignature,
  generateHmac: wasm.generateHmac,
  canonicalString: wasm.canonicalString,
  buildSessionBody: wasm.buildSessionBody,
  signRequest: wasm.signRequest,
  createSigner: wasm.createSigner,
  verifySignature: wasm.verifySignature,
  verifyWebhook: wasm.verifyWebhook,
  signWebhook: wasm.signWebhook,
  init: () => Promise.resolve(),
};
