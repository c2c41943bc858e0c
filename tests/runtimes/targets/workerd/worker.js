// A Cloudflare Worker: GET runs the conformance check, POST verifies a webhook.
import * as kyc from 'kyc-sign';
import cases from '../../conformance/cases.generated.js';
import { conform } from '../../conformance/conformance.js';
import { handleWebhook } from '../../conformance/webhook.js';

export default {
  fetch(request) {
    return request.method === 'POST' ? handleWebhook(kyc, request) : Response.json(conform(kyc, cases));
  },
};
