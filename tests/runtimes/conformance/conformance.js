// The same small check in every runtime and bundle of the matrix: each case's
// inputs go through the package, and its answer must equal what node:crypto
// computed outside (cases.mjs). Plain JavaScript, no runtime's own APIs, so
// it runs unchanged in Node, Bun, Deno, workerd, edge-runtime, Next.js and
// the browser. Returns { passed, failures }; a runtime passes when failures
// is empty and passed equals the number of cases.

const revive = (value) => (value && Array.isArray(value.bytes) ? new Uint8Array(value.bytes) : value);
const reviveOptions = (options) => Object.fromEntries(Object.entries(options).map(([key, value]) => [key, revive(value)]));

function check(kyc, c) {
  let result;
  try {
    result = c.options ? kyc[c.call](reviveOptions(c.options)) : kyc[c.call](...c.args.map(revive));
  } catch (error) {
    if (c.code === undefined) return `threw ${error?.code ?? ''} ${error?.message ?? error}`;
    if (!(error instanceof kyc.KycError)) return `threw something that is not a KycError: ${error}`;
    if (error.code !== c.code) return `threw ${error.code}, expected ${c.code}`;
    return null;
  }
  if (c.code !== undefined) return `returned, expected ${c.code}`;
  if ('result' in c && result !== c.result) return `returned ${result}, expected ${c.result}`;
  if (c.headers) {
    for (const [name, value] of Object.entries(c.headers)) {
      if (result.headers[name] !== value) return `header ${name} is ${result.headers[name]}, expected ${value}`;
    }
  }
  if (c.event && JSON.stringify(result) !== JSON.stringify(c.event)) return `event ${JSON.stringify(result)}`;
  return null;
}

export function conform(kyc, cases) {
  const failures = [];
  for (const c of cases) {
    const failure = check(kyc, c);
    if (failure !== null) failures.push(`${c.name}: ${failure}`);
  }
  // A signWebhook round trip: what the package signs, it verifies.
  const roundTrip = kyc.signWebhook({ provider: 'stripe', body: '{"a":1}', secret: 'whsec_round_trip' });
  const event = kyc.verifyWebhook({ provider: 'stripe', headers: roundTrip, body: '{"a":1}', secrets: 'whsec_round_trip' });
  if (event.a !== 1) failures.push('signWebhook round trip');
  return { passed: cases.length + 1 - failures.length, total: cases.length + 1, failures };
}
