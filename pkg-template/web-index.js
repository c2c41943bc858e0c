// Browser (and bundler, Deno) entry. Top-level await fetches and instantiates
// the wasm module once, so every export is ready as soon as this import
// resolves, exactly as in Node. init() is kept for code that awaits it.
import initWasm, * as wasm from './kyc_sign.js';

await initWasm({ module_or_path: new URL('./kyc_sign_bg.wasm', import.meta.url) });

const api = withFastPaths(wasm);

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
  signWebhook,
} = api;

export function init() {
  return Promise.resolve();
}
