// A CommonJS consumer: under moduleResolution node16 and nodenext this
// resolves through the "require" condition of "exports" to types/index.d.cts.
import kyc = require('kyc-sign');

const request = kyc.signRequest({ provider: 'faceverify', method: 'POST', url: 'https://start.faceverify.ai/api/v1/session', body: '{}', apiKey: 'k', secret: 's', urlMode: 'raw' });
const headers: Record<string, string> = kyc.signWebhook({ provider: 'onfido', body: '{}', secret: 's' });
// @ts-expect-error TS2353 scheme is Veriff's
kyc.signRequest({ provider: 'faceverify', method: 'POST', url: 'https://start.faceverify.ai/api/v1/session', apiKey: 'k', secret: 's', scheme: 'hmac' });
const isKycError = (err: unknown): err is kyc.KycError => err instanceof kyc.KycError;

export = { request, headers, isKycError };
