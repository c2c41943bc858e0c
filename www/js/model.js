// Pure pieces of the demo shared by the page (browser) and the demo server
// (Node): where each provider's session endpoint lives, how form values become
// buildSessionBody options, and which form field an error `path` points at.
// No DOM here, so the server imports this module too.

/** Session-creation path of each provider, appended to the API base URL. */
export const SESSION_PATHS = Object.freeze({
  veriff: '/v1/sessions',
  faceverify: '/api/v1/session',
  sumsub: '/resources/applicants',
});

/** The providers' real API base URLs, offered as suggestions on the page. */
export const REAL_BASE_URLS = Object.freeze({
  veriff: 'https://stationapi.veriff.com',
  faceverify: 'https://start.faceverify.ai',
  sumsub: 'https://api.sumsub.com',
});

/**
 * `baseUrl` + `path` (+ `?query`), exactly as text: nothing re-encoded, so
 * that what is signed is what the user typed. One trailing slash of the base
 * and one leading `?` of the query are dropped.
 */
export function endpointUrl(baseUrl, path, query = '') {
  const q = query.startsWith('?') ? query.slice(1) : query;
  return baseUrl.replace(/\/$/, '') + path + (q === '' ? '' : `?${q}`);
}

/** URL of Veriff's decision endpoint for a session id. */
export function decisionUrl(baseUrl, sessionId) {
  return endpointUrl(baseUrl, `/v1/sessions/${encodeURIComponent(sessionId)}/decision`);
}

/**
 * buildSessionBody options (without `provider`) from the form's string values.
 * An empty input means "absent", so the field is omitted; values are never
 * trimmed (the library signs exactly what it is given).
 */
export function sessionFields(provider, values) {
  const given = (name) => (values[name] === undefined || values[name] === '' ? undefined : values[name]);
  const compact = (object) => {
    const out = {};
    for (const [k, v] of Object.entries(object)) if (v !== undefined) out[k] = v;
    return Object.keys(out).length === 0 ? undefined : out;
  };
  if (provider === 'faceverify') {
    return compact({ country: given('fvCountry'), uniqueIdentifier: given('fvUniqueIdentifier') }) ?? {};
  }
  if (provider === 'sumsub') {
    return compact({ externalUserId: given('ssExternalUserId'), levelName: given('ssLevelName') }) ?? {};
  }
  return compact({
    callback: given('callback'),
    person: compact({ firstName: given('firstName'), lastName: given('lastName') }),
    document: compact({ type: given('documentType'), country: given('documentCountry') }),
    vendorData: given('vendorData'),
    lang: given('lang'),
  }) ?? {};
}

/**
 * The session request's body. kyc-sign builds Veriff's and FaceVerify's
 * (checking every field); Sumsub's applicant body is one field, written
 * here, and kyc-sign signs exactly these bytes.
 */
export function sessionBody(kyc, provider, fields) {
  if (provider !== 'sumsub') return kyc.buildSessionBody({ provider, ...fields });
  return JSON.stringify({ externalUserId: fields.externalUserId ?? '' });
}

/** The query a session request carries: FaceVerify's typed one, Sumsub's level. */
export function sessionQuery(provider, fields, typedQuery = '') {
  if (provider === 'faceverify') return typedQuery;
  if (provider === 'sumsub') return `levelName=${encodeURIComponent(fields.levelName ?? '')}`;
  return '';
}

/** Form field (its `name`) each library error path points at, per provider. */
const FIELD_FOR_PATH = {
  veriff: {
    callback: 'callback',
    'person.firstName': 'firstName',
    'person.lastName': 'lastName',
    'document.type': 'documentType',
    'document.country': 'documentCountry',
    vendorData: 'vendorData',
    lang: 'lang',
    apiKey: 'veriffApiKey',
    secret: 'veriffSecret',
    url: 'baseUrl',
  },
  faceverify: {
    country: 'fvCountry',
    uniqueIdentifier: 'fvUniqueIdentifier',
    apiKey: 'fvApiKey',
    secret: 'fvSecret',
    url: 'baseUrl',
    xAuthClient: 'fvApiKey',
  },
  sumsub: {
    apiKey: 'ssApiKey',
    secret: 'ssSecret',
    url: 'baseUrl',
  },
};

/** The form field an error's `path` concerns, or null when no single field does. */
export function fieldForPath(provider, path) {
  return FIELD_FOR_PATH[provider]?.[path] ?? null;
}

/** The session URL in a provider's success answer (Veriff `verification.url`, FaceVerify `url`). */
export function sessionUrlOf(json) {
  const url = json?.verification?.url ?? json?.url;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
}

/** The session id in a provider's success answer. */
export function sessionIdOf(json) {
  return json?.verification?.id ?? json?.sessionId ?? json?.id ?? null;
}
