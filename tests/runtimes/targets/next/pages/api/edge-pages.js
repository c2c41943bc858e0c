// A Pages Router API route on the edge runtime (the App Router's edge route
// handler cannot be built with webpack in Next.js 16.4: see README.md here).
import * as kyc from 'kyc-sign';
import cases from '../../../../conformance/cases.generated.js';
import { conform } from '../../../../conformance/conformance.js';
import { handleWebhook } from '../../../../conformance/webhook.js';

export const config = { runtime: 'edge' };

export default function handler(request) {
  return request.method === 'POST' ? handleWebhook(kyc, request) : Response.json(conform(kyc, cases));
}
