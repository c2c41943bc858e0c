// An edge function as `vercel dev` serves it (a default-exported handler):
// GET runs the conformance check, POST verifies a webhook.
import * as kyc from 'kyc-sign';
import cases from '../../conformance/cases.generated.js';
import { conform } from '../../conformance/conformance.js';
import { handleWebhook } from '../../conformance/webhook.js';

export default function handler(request) {
  return request.method === 'POST' ? handleWebhook(kyc, request) : Response.json(conform(kyc, cases));
}
