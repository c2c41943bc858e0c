// Demo configuration: which fake credentials the emulator accepts and which
// FaceVerify URL mode it expects. Values come from explicit options, then the
// environment, then the built-in demo defaults below.

/**
 * Built-in demo credentials. They are fake: they exist only so the page works
 * with no typing, and no real provider has ever issued them.
 */
export const DEMO_CREDENTIALS = Object.freeze({
  veriff: Object.freeze({
    apiKey: 'demo-veriff-key-0000-not-real',
    secret: 'demo-veriff-secret-0000-not-real',
  }),
  faceverify: Object.freeze({
    apiKey: 'demo-faceverify-key-0000-not-real',
    secret: 'demo-faceverify-secret-0000-not-real',
  }),
  sumsub: Object.freeze({
    apiKey: 'sbx:demo-sumsub-app-token-0000-not-real',
    secret: 'demo-sumsub-secret-0000-not-real',
  }),
});

/**
 * The secret of each provider's webhooks, shared by the emulator (which
 * sends them) and the demo's webhook route (which verifies them). Veriff
 * signs webhooks with the integration's API secret; Stripe's and Standard
 * Webhooks' secrets have their providers' shapes (`whsec_`, base64 after it).
 */
export const DEMO_WEBHOOK_SECRETS = Object.freeze({
  veriff: DEMO_CREDENTIALS.veriff.secret,
  sumsub: 'demo-sumsub-webhook-secret-not-real',
  onfido: 'demo-onfido-webhook-token-not-real',
  complycube: 'demo-complycube-webhook-secret-not-real',
  idenfy: 'demo-idenfy-signing-key-not-real',
  stripe: 'whsec_demoStripeSecretNotReal0000',
  persona: 'wbhsec_demo-persona-secret-not-real',
  'standard-webhooks': 'whsec_ZGVtby1zdGFuZGFyZC13ZWJob29rcy1ub3QtcmVhbA==',
});

/** Environment variables read, by provider and credential. */
export const ENV_NAMES = Object.freeze({
  veriff: { apiKey: 'KYC_DEMO_VERIFF_KEY', secret: 'KYC_DEMO_VERIFF_SECRET' },
  faceverify: { apiKey: 'KYC_DEMO_FACEVERIFY_KEY', secret: 'KYC_DEMO_FACEVERIFY_SECRET' },
  sumsub: { apiKey: 'KYC_DEMO_SUMSUB_TOKEN', secret: 'KYC_DEMO_SUMSUB_SECRET' },
  urlMode: 'KYC_DEMO_URL_MODE',
});

export const URL_MODES = ['whatwg', 'raw'];

/**
 * Resolves the configuration.
 *
 * @param {object} [options]
 * @param {Record<string, string|undefined>} [options.env] environment to read (default `process.env`)
 * @param {'whatwg'|'raw'} [options.urlMode] FaceVerify URL mode; overrides KYC_DEMO_URL_MODE
 * @param {{veriff?: object, faceverify?: object}} [options.credentials] overrides env and defaults
 * @returns {{urlMode: string, credentials: object, fromEnv: string[]}}
 *   `fromEnv` names the variables that were used (names only, never values).
 */
export function loadConfig({ env = process.env, urlMode, credentials = {} } = {}) {
  const fromEnv = [];
  const pick = (name, fallback) => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    fromEnv.push(name);
    return value;
  };

  const resolved = {};
  for (const provider of ['veriff', 'faceverify', 'sumsub']) {
    const names = ENV_NAMES[provider];
    resolved[provider] = Object.freeze({
      apiKey: credentials[provider]?.apiKey ?? pick(names.apiKey, DEMO_CREDENTIALS[provider].apiKey),
      secret: credentials[provider]?.secret ?? pick(names.secret, DEMO_CREDENTIALS[provider].secret),
    });
  }

  const mode = urlMode ?? pick(ENV_NAMES.urlMode, 'whatwg');
  if (!URL_MODES.includes(mode)) {
    throw new RangeError(`FaceVerify URL mode must be "whatwg" or "raw", got ${JSON.stringify(mode)} (${ENV_NAMES.urlMode} or --url-mode)`);
  }
  const webhookSecrets = Object.freeze({ ...DEMO_WEBHOOK_SECRETS, veriff: resolved.veriff.secret });
  return { urlMode: mode, credentials: Object.freeze(resolved), webhookSecrets, fromEnv };
}
