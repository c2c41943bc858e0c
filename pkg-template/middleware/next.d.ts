// Types of kyc-sign/next (the same text serves the import and the require entry).
import type { BodyWebhookOptions, KycError, TimestampedWebhookOptions, VeriffWebhook, VeriffWebhookOptions } from 'kyc-sign';

/** verifyWebhook's options without `headers` and `body`, which the route reads from the request. */
type FromRequest<T> = T extends unknown ? Omit<T, 'headers' | 'body'> : never;

/**
 * A refusal: the {@link KycError} verifyWebhook threw, with the HTTP status the
 * default answer uses: 401, 413 for a body past `limit` (`KYC_TOO_LONG`), 415
 * for a compressed one (`KYC_INVALID_VALUE`), or 500 for `KYC_BODY_NOT_RAW`
 * (the server is set up wrong, and providers retry a 5xx).
 */
export type WebhookError = KycError & { status: 401 | 413 | 415 | 500 };

/** The route's own options. */
export interface NextWebhookOptions {
  /** Answers a refusal instead of the default, which is `error.status` with the JSON `{ "code": error.code }`. */
  onError?: (error: WebhookError, request: Request) => Response | Promise<Response>;
  /**
   * The largest body read, in bytes; default 1 MiB. The body is read as a
   * stream and no further than that: a larger one is refused with 413
   * `KYC_TOO_LONG`, unverified.
   */
  limit?: number;
}

/** Options of {@link withWebhook}: verifyWebhook's (provider, secrets, apiKey, tolerance, …) and the route's. */
export type WithWebhookOptions = FromRequest<VeriffWebhookOptions | TimestampedWebhookOptions | BodyWebhookOptions> &
  NextWebhookOptions;

/** The second argument Next.js gives a route handler: the dynamic segments' values. */
export type NextRouteContext = { params: Promise<Record<string, string | string[]>> };

/**
 * The handler of a verified webhook: its parsed event, the request (its body
 * already read) and Next's context (which Next.js always passes; a test that
 * calls the route with a request alone passes none).
 */
export type WebhookHandler<T, C> = (event: T, request: Request, context: C) => Response | Promise<Response>;

/**
 * An App Router route handler (`export const POST = withWebhook(…)`) that reads
 * the raw body (up to `limit` bytes), verifies it with `verifyWebhook` and
 * calls `handler(event, request, context)` with the parsed event (a
 * `VeriffWebhook` for Veriff, `unknown` for the other providers unless named:
 * `withWebhook<MyEvent>(…)`). Web APIs only: the Node and edge runtimes.
 * Throws now, not per request, for options verifyWebhook would refuse.
 */
export function withWebhook<T = VeriffWebhook, C = NextRouteContext>(
  options: FromRequest<VeriffWebhookOptions> & NextWebhookOptions,
  handler: WebhookHandler<T, C>,
): (request: Request, context?: C) => Promise<Response>;
export function withWebhook<T = unknown, C = NextRouteContext>(
  options: WithWebhookOptions,
  handler: WebhookHandler<T, C>,
): (request: Request, context?: C) => Promise<Response>;
