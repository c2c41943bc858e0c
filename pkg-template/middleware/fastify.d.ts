// Types of kyc-sign/fastify (the same text serves the import and the require entry).
import type { FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import type { BodyWebhookOptions, KycError, TimestampedWebhookOptions, VeriffWebhookOptions } from 'kyc-sign';

/** verifyWebhook's options without `headers` and `body`, which the plugin reads from the request. */
type FromRequest<T> = T extends unknown ? Omit<T, 'headers' | 'body'> : never;

/**
 * A refusal: the {@link KycError} verifyWebhook threw, with the HTTP status the
 * default answer uses: 401, 415 for a compressed body (`KYC_INVALID_VALUE`:
 * Fastify does not inflate request bodies), or 500 for `KYC_BODY_NOT_RAW` (the
 * server is set up wrong, and providers retry a 5xx).
 */
export type WebhookError = KycError & { status: 401 | 415 | 500 };

/** The plugin's own options. */
export interface FastifyWebhookOptions {
  /**
   * Answers a refusal instead of the default, which is `error.status` with the
   * JSON `{ "code": error.code }`. It must send a reply or throw; if it does
   * neither, the error is thrown for Fastify's error handler.
   */
  onError?: (error: WebhookError, request: FastifyRequest, reply: FastifyReply) => unknown;
  /**
   * The largest body read, in bytes: the `bodyLimit` of the plugin's content-type
   * parser. Default: Fastify's own `bodyLimit` (1 MiB unless the server sets
   * another); a route's `bodyLimit` still wins. Fastify refuses a larger body
   * itself, with 413 `FST_ERR_CTP_BODY_TOO_LARGE`.
   */
  limit?: number;
}

/** Options of {@link verifyWebhooks}: verifyWebhook's (provider, secrets, apiKey, tolerance, …) and the plugin's. */
export type VerifyWebhooksOptions = FromRequest<VeriffWebhookOptions | TimestampedWebhookOptions | BodyWebhookOptions> &
  FastifyWebhookOptions;

/**
 * A Fastify plugin for the encapsulation context it is registered in (as
 * fastify-plugin would make it): the routes of that context receive every body
 * as the raw `Buffer`, each request is verified with `verifyWebhook` before
 * validation, and `request.kyc` is the parsed event. Register it in a context
 * of its own that holds the webhook routes. Throws now, not per request, for
 * options verifyWebhook would refuse.
 */
export function verifyWebhooks(options: VerifyWebhooksOptions): FastifyPluginCallback;

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified webhook's parsed JSON, set by kyc-sign/fastify's `verifyWebhooks` (`null` outside its routes). Narrow it before use. */
    kyc: unknown;
  }
}
