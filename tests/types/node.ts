// The package with Node's own types (@types/node): Buffer bodies and
// secrets, IncomingHttpHeaders, OutgoingHttpHeaders. Compiled by
// tests/types/run.mjs in the configurations with @types/node.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { signRequest, signWebhook, verifyWebhook, generateHmacSignature, type HeadersLike } from 'kyc-sign';

const body = Buffer.from('{"verification":{}}');
const secret = Buffer.from(process.env.KYC_SECRET ?? 'secret');
const hmac: string = generateHmacSignature(body, secret);

const signed = signRequest({ provider: 'veriff', method: 'POST', url: 'https://stationapi.veriff.com/v1/sessions', body, apiKey: 'k', secret });
const sameBuffer: Buffer | undefined = signed.body;
const outgoing: OutgoingHttpHeaders = signed.headers;
// Buffer.from gives a Buffer<ArrayBuffer> (TypeScript 5.7+), which fetch takes as it is.
await fetch(signed.url, signed);
httpRequest(signed.url, { method: signed.method, headers: signed.headers }).end(signed.body);

const webhook: OutgoingHttpHeaders = signWebhook({ body, secret });
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const incoming: IncomingHttpHeaders = req.headers;
    const headers: HeadersLike = incoming;
    const event = verifyWebhook({ headers, body: Buffer.concat(chunks), secrets: [secret, 'old'] });
    res.end('action' in event ? event.action : event.verification.status);
  });
});

export { hmac, sameBuffer, outgoing, webhook, server };
