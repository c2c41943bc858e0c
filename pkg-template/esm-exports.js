
// ---------------------------------------------------------------- exports
// The ES module entries (browser, Deno, edge) end here; each begins with the
// few lines that load `wasm` its own way.

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
  explainRequest,
} = createApi(wasm);

export { KycError, KycTypeError, KycRangeError };

/** The module is ready on import in every entry; kept for code that awaits it. */
export function init() {
  return Promise.resolve();
}
