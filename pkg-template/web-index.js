// Browser (and bundler, Deno) entry. Top-level await fetches and instantiates
// the wasm module once, so every export is ready as soon as this import
// resolves, exactly as in Node. init() is kept for code that awaits it.
const wasm = supportsSimd() ? await import('./simd/kyc_sign.js') : await import('./kyc_sign.js');
await wasm.default({
  module_or_path: supportsSimd()
    ? new URL('./simd/kyc_sign_bg.wasm', import.meta.url)
    : new URL('./kyc_sign_bg.wasm', import.meta.url),
});

export const {
  generateSignature,
  generateHmacSignature,
  generateHmac,
  canonicalString,
  buildSessionBody,
  signRequest,
  createSigner,
  verifySignature,
  verifyWebhook,
  verifyResponse,
  signWebhook,
} = createApi(wasm);

export { KycError, KycTypeError, KycRangeError };

export function init() {
  return Promise.resolve();
}
