// A webhook endpoint in Web APIs only, served by each server runtime of the
// matrix: the runner posts a Stripe-style event signed with node:crypto over
// loopback, and a tampered copy. The raw bytes of the request are verified,
// never a parsed copy.
import { WEBHOOK_SECRET } from './cases.generated.js';

export async function handleWebhook(kyc, request) {
  const body = new Uint8Array(await request.arrayBuffer());
  try {
    const event = kyc.verifyWebhook({ provider: 'stripe', headers: request.headers, body, secrets: WEBHOOK_SECRET });
    return Response.json({ verified: true, id: event.id });
  } catch (error) {
    if (!(error instanceof kyc.KycError)) throw error;
    return Response.json({ verified: false, code: error.code }, { status: 401 });
  }
}
