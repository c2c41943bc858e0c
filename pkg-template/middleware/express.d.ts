// Types of kyc-sign/express (the same text serves the import and the require entry).
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { BodyWebhookOptions, KycError, TimestampedWebhookOptions, VeriffWebhookOptions } from 'kyc-sign';

/** verifyWebhook's options without `headers` and `body`, which the middleware reads from the request. */
type FromRequest<T> = T extends unknown ? Omit<T, 'headers' | 'body'> : never;

/**
 * A refusal: the {@link KycError} verifyWebhook threw, with the HTTP status the
 * default answer uses: 401, or 500 for `KYC_BODY_NOT_RAW` (the server is set
 * up wrong, and providers retry a 5xx). A body past `limit` (`KYC_TOO_LONG`,
 * 413) or compressed (`KYC_INVALID_VALUE`, 415) is not a refusal: it goes to
 * `next`, as `express.raw()`'s errors do.
 */
export type WebhookError = KycError & { status: 401 | 500 };

/** The middleware's own options. */
export interface ExpressWebhookOptions {
  /**
   * Answers a refusal instead of the default, which is `error.status` with the
   * JSON `{ "code": error.code }`. It must answer, or call `next`: the `next` it
   * gets passes the refusal on to Express's error handling when called with no
   * error (or `'route'`), so the request never reaches the route unverified.
   */
  onError?: (error: WebhookError, req: Request, res: Response, next: NextFunction) => void | Promise<void>;
  /**
   * The largest body read, in bytes; default 1 MiB. A larger one is passed to
   * `next` as a `KYC_TOO_LONG` {@link KycError} with `status` 413, as
   * `express.raw()` does past its limit.
   */
  limit?: number;
}

/** Options of {@link verifyWebhooks}: verifyWebhook's (provider, secrets, apiKey, tolerance, …) and the middleware's. */
export type VerifyWebhooksOptions = FromRequest<VeriffWebhookOptions | TimestampedWebhookOptions | BodyWebhookOptions> &
  ExpressWebhookOptions;

/**
 * An Express middleware that reads the request's raw body itself (or takes the
 * `Buffer` of an `express.raw()` in front of it), verifies it with
 * `verifyWebhook` and sets `req.kyc` to the parsed event; `req.body` is then
 * the raw `Buffer`. A body already parsed (`express.json()` in front of it) is
 * refused with `KYC_BODY_NOT_RAW`. Throws now, not per request, for options
 * verifyWebhook would refuse.
 */
export function verifyWebhooks(options: VerifyWebhooksOptions): RequestHandler;

declare global {
  namespace Express {
    interface Request {
      /** The verified webhook's parsed JSON, set by kyc-sign/express's `verifyWebhooks`. Narrow it before use. */
      kyc?: unknown;
    }
  }
}
