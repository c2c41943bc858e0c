// Types of kyc-sign/hono (the same text serves the import and the require entry).
import type { Context, MiddlewareHandler } from 'hono';
import type { BodyWebhookOptions, KycError, TimestampedWebhookOptions, VeriffWebhook, VeriffWebhookOptions } from 'kyc-sign';

/** verifyWebhook's options without `headers` and `body`, which the middleware reads from the request. */
type FromRequest<T> = T extends unknown ? Omit<T, 'headers' | 'body'> : never;

/**
 * A refusal: the {@link KycError} verifyWebhook threw, with the HTTP status the
 * default answer uses: 401, 413 for a body past `limit` (`KYC_TOO_LONG`), 415
 * for a compressed one (`KYC_INVALID_VALUE`), or 500 for `KYC_BODY_NOT_RAW`
 * (the server is set up wrong, and providers retry a 5xx).
 */
export type WebhookError = KycError & { status: 401 | 413 | 415 | 500 };

/** The middleware's own options. */
export interface HonoWebhookOptions {
  /** Answers a refusal instead of the default, which is `error.status` with the JSON `{ "code": error.code }`. */
  onError?: (error: WebhookError, c: Context) => Response | Promise<Response>;
  /**
   * The largest body read, in bytes; default 1 MiB. The body is read as a
   * stream and no further than that: a larger one is refused with 413
   * `KYC_TOO_LONG`, unverified.
   */
  limit?: number;
}

/** Options of {@link verifyWebhooks}: verifyWebhook's (provider, secrets, apiKey, tolerance, …) and the middleware's. */
export type VerifyWebhooksOptions = FromRequest<VeriffWebhookOptions | TimestampedWebhookOptions | BodyWebhookOptions> &
  HonoWebhookOptions;

/** What the middleware sets: `c.get('kyc')` is the verified event. */
export type KycVariables<T> = { Variables: { kyc: T } };

/**
 * A Hono middleware that reads the raw body (up to `limit` bytes), verifies
 * it with `verifyWebhook` and sets `c.get('kyc')` to the parsed event (a
 * `VeriffWebhook` for Veriff, `unknown` for the other providers unless named:
 * `verifyWebhooks<MyEvent>(…)`). A body already read as parsed data
 * (`c.req.formData()`), or as text that does not encode back to the bytes
 * received, is refused with `KYC_BODY_NOT_RAW`; a compressed one with 415. Web APIs
 * only: Workers, Bun, Deno and Node. Throws now, not per request, for options
 * verifyWebhook would refuse.
 */
export function verifyWebhooks<T = VeriffWebhook>(
  options: FromRequest<VeriffWebhookOptions> & HonoWebhookOptions,
): MiddlewareHandler<KycVariables<T>>;
export function verifyWebhooks<T = unknown>(options: VerifyWebhooksOptions): MiddlewareHandler<KycVariables<T>>;
