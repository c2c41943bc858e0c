// A Next.js route handler on the edge runtime.
import * as kyc from 'kyc-sign';
import cases from '../../../../../conformance/cases.generated.js';
import { conform } from '../../../../../conformance/conformance.js';
import { handleWebhook } from '../../../../../conformance/webhook.js';

export const runtime = 'edge';
export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json(conform(kyc, cases));
}

export function POST(request) {
  return handleWebhook(kyc, request);
}
