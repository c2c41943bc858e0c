// Node entry (import): the same instance as require('kyc-sign'), so the two
// module systems never load the wasm twice.
import { createRequire } from 'node:module';

const api = createRequire(import.meta.url)('./index.cjs');

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
  KycError,
  KycTypeError,
  KycRangeError,
  init,
} = api;
