// The environment variables the README's examples read, as a Node project in
// TypeScript declares its own (tests/js/readme.test.mjs sets them when it runs
// the examples). Without it, `process.env.X` is `string | undefined`, which
// `apiKey: string` and `secret: Secret` rightly refuse under --strict.
declare global {
  namespace NodeJS {
    interface ProcessEnv {
      VERIFF_API_KEY: string;
      VERIFF_SECRET: string;
      SUMSUB_APP_TOKEN: string;
      SUMSUB_SECRET_KEY: string;
      WEBHOOK_SECRET: string;
      STRIPE_WEBHOOK_SECRET: string;
      STANDARD_WEBHOOK_SECRET: string;
    }
  }
}

export {};
