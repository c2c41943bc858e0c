// kyc-sign/next in a real build: withWebhook on the Node.js runtime.
import { withWebhook } from 'kyc-sign/next';
import { WEBHOOK_SECRET } from '../../../../../conformance/cases.generated.js';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const POST = withWebhook({ provider: 'stripe', secrets: WEBHOOK_SECRET }, (event) => Response.json({ verified: true, id: event.id }));
