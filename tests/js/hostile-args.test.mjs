// Hostile arguments: every export, every argument position (and every field
// of the options objects), replaced by each value below. Each call must either
// return the right answer (computed by an independent model) or throw a
// TypeError/RangeError with a `KYC_` code and a path, never a
// WebAssembly.RuntimeError or a foreign error; a valid call right after each
// failure must still give the known-good answer; no message may contain the
// secret; Object.prototype must come out unchanged.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  errorSummary,
  esm,
  hmacHex,
  isKycError,
  providerNodeSample,
  providerNodeSampleDataToHash,
  sha256Hex,
  show,
  veriffLegacySignature,
  whatwgAccepts,
} from './helpers.mjs';

const SECRET = 'kyc-HOSTILE-secret-7f3a9c2e';
const API_KEY = 'api-key-1';
const FV_URL = 'https://start.faceverify.ai/api/v1/session?b=2&a=1';
const VERIFF_URL = 'https://api.veriff.me/v1/sessions';
const BODY = '{"country":"US","uniqueIdentifier":"user123"}';
const HUGE = 'x'.repeat(16 * 1024 * 1024);

// ---------------------------------------------------------------- the hostile values

const prototypeBefore = snapshotObjectPrototype();

/** A Proxy every one of whose traps throws. */
function throwingProxy() {
  const handler = new Proxy({}, { get: (_, trap) => () => { throw new Error(`proxy trap ${String(trap)} threw`); } });
  return new Proxy({}, handler);
}

function hostileValues() {
  return [
    ['undefined', undefined],
    ['null', null],
    ['0', 0],
    ['NaN', NaN],
    ['-1', -1],
    ['a BigInt', 10n],
    ['a Symbol', Symbol('kyc')],
    ['a function', () => 'x'],
    ['{}', {}],
    ['[]', []],
    ['a Map', new Map([['urlMode', 'raw']])],
    ['an object with a throwing getter', { get x() { throw new Error('getter threw'); } }],
    ['a Proxy whose traps throw', throwingProxy()],
    ['a frozen object', Object.freeze({ frozen: true })],
    ['a 16 MiB string', HUGE],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', '\uDC00'],
    ['NUL bytes', 'a\u0000b\u0000'],
    ['{"__proto__": …} from JSON.parse', JSON.parse('{"__proto__": {"polluted": "yes", "urlMode": "raw", "provider": "veriff", "isAdmin": true}}')],
  ];
}

/** Extra values for secret positions: the secret itself, slightly wrong, must never be echoed. */
const SECRET_VARIANTS = [
  ['the secret with a trailing newline', `${SECRET}\n`],
  ['the secret with a lone surrogate', `${SECRET}\uD800`],
  ['the secret padded with spaces', ` ${SECRET} `],
];

// ---------------------------------------------------------------- an independent model of the contract

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const ok = (value) => ({ ok: true, value });
const fail = (code, path, cls) => ({ ok: false, code, path, cls });

/** `instanceof Uint8Array` without letting a Proxy's getPrototypeOf trap throw out of the model. */
function isBytes(v) {
  try {
    return v instanceof Uint8Array;
  } catch {
    return false;
  }
}

/** The first own key of a plain object whose getter throws, if any. */
function throwingKey(v) {
  for (const key of Object.keys(v)) {
    try {
      void v[key];
    } catch {
      return key;
    }
  }
  return undefined;
}

function isPlainObject(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  try {
    const proto = Object.getPrototypeOf(v);
    return proto === null || proto === Object.prototype;
  } catch {
    return false;
  }
}

/** A wrong type; `undefined` where a value is required reads as missing. */
function wrongType(v, path) {
  return fail(v === undefined ? 'KYC_MISSING_FIELD' : 'KYC_INVALID_TYPE', path, TypeError);
}

/** The outcome of reading one argument of a given kind: the value, or the expected error. */
function read(kind, v, path) {
  if (typeof v === 'string' && !v.isWellFormed()) {
    // A string where a string is allowed: the lone surrogate is the error. Elsewhere either error is right.
    return fail(kind === 'object' || kind === 'options' ? ['KYC_LONE_SURROGATE', 'KYC_INVALID_TYPE'] : 'KYC_LONE_SURROGATE', path);
  }
  switch (kind) {
    case 'string':
      return typeof v === 'string' ? ok(v) : wrongType(v, path);
    case 'bytes':
      return typeof v === 'string' || isBytes(v) ? ok(v) : wrongType(v, path);
    case 'method':
      if (typeof v !== 'string') return wrongType(v, path);
      return TOKEN.test(v) ? ok(v.toUpperCase()) : fail('KYC_INVALID_METHOD', path, RangeError);
    case 'url':
      if (typeof v !== 'string') return wrongType(v, path);
      return whatwgAccepts(v) ? ok(v) : fail('KYC_INVALID_URL', path, RangeError);
    case 'options': // { urlMode?: 'whatwg' | 'raw' } | null | undefined
      if (v === undefined || v === null) return ok('whatwg');
      if (!isPlainObject(v)) return wrongType(v, path);
      {
        const unknown = Object.keys(v).find((k) => k !== 'urlMode');
        if (unknown !== undefined) return fail('KYC_UNKNOWN_FIELD', `${path}.${unknown}`, TypeError);
        let urlMode;
        try {
          urlMode = v.urlMode;
        } catch {
          return fail('KYC_INVALID_TYPE', `${path}.urlMode`, TypeError);
        }
        return enumValue(urlMode, ['whatwg', 'raw'], `${path}.urlMode`, 'whatwg');
      }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
}

function enumValue(v, allowed, path, fallback) {
  if (v === undefined) return ok(fallback);
  if (typeof v === 'string' && !v.isWellFormed()) return fail('KYC_LONE_SURROGATE', path, RangeError);
  if (typeof v !== 'string') return fail('KYC_INVALID_TYPE', path, TypeError);
  return allowed.includes(v) ? ok(v) : fail('KYC_INVALID_VALUE', path, RangeError);
}

/** Reads each argument in turn; returns the first failure or the values. */
function readAll(specs) {
  const values = [];
  for (const [kind, v, path] of specs) {
    const r = read(kind, v, path);
    if (!r.ok) return r;
    values.push(r.value);
  }
  return ok(values);
}

/** PATH and QUERY as written, for the one URL raw mode is exercised with here. */
function rawDataToHash(method, url, body, contentType, apiKey) {
  assert.equal(url, FV_URL, 'raw mode is modelled for FV_URL only');
  return `${method}\n/api/v1/session\nb=2&a=1\n${apiKey}\n${contentType}\n${body}`;
}

function faceVerifyData(method, url, body, contentType, apiKey, mode) {
  const bodyText = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  return mode === 'raw' ? rawDataToHash(method, url, bodyText, contentType, apiKey) : providerNodeSampleDataToHash(method, url, bodyText, contentType, apiKey);
}

const MODELS = {
  generateSignature(payload, secret) {
    let message;
    if (typeof payload === 'string' || isBytes(payload)) {
      const r = read('bytes', payload, 'payload');
      if (!r.ok) return r;
      message = payload;
    } else if (isPlainObject(payload)) {
      try {
        message = JSON.stringify(payload);
      } catch {
        return fail(undefined, 'payload');
      }
      if (typeof message !== 'string') return fail(undefined, 'payload');
    } else {
      return wrongType(payload, 'payload');
    }
    const s = read('bytes', secret, 'secret');
    return s.ok ? ok(veriffLegacySignature(message, secret)) : s;
  },

  generateHmacSignature(payload, secret) {
    const r = readAll([['bytes', payload, 'payload'], ['bytes', secret, 'secret']]);
    return r.ok ? ok(hmacHex(secret, payload)) : r;
  },

  canonicalString(httpMethod, url, body, contentType, xAuthClient, options) {
    const r = readAll([
      ['string', httpMethod, 'httpMethod'], ['string', url, 'url'], ['bytes', body, 'body'],
      ['string', contentType, 'contentType'], ['string', xAuthClient, 'xAuthClient'], ['options', options, 'options'],
    ]);
    if (!r.ok) return r;
    const mode = r.value[5];
    const method = read('method', httpMethod, 'httpMethod');
    if (!method.ok) return method;
    if (mode === 'whatwg') {
      const u = read('url', url, 'url');
      if (!u.ok) return u;
    }
    return ok(faceVerifyData(method.value, url, body, contentType, xAuthClient, mode));
  },

  generateHmac(httpMethod, url, body, contentType, xAuthClient, secretKey, options) {
    const data = MODELS.canonicalString(httpMethod, url, body, contentType, xAuthClient, options);
    if (!data.ok) return data;
    const s = read('bytes', secretKey, 'secretKey');
    if (!s.ok) return s;
    // The body may be bytes: sign the canonical bytes, not its U+FFFD rendering.
    return ok(hmacHex(secretKey, data.value));
  },

  buildSessionBody(options) {
    if (!isPlainObject(options)) {
      return typeof options === 'string' && !options.isWellFormed()
        ? fail(['KYC_LONE_SURROGATE', 'KYC_INVALID_TYPE'], 'options')
        : wrongType(options, 'options');
    }
    return sessionBodyModel(options);
  },

  signRequest(options) {
    if (!isPlainObject(options)) {
      return typeof options === 'string' && !options.isWellFormed()
        ? fail(['KYC_LONE_SURROGATE', 'KYC_INVALID_TYPE'], 'options')
        : wrongType(options, 'options');
    }
    return signRequestModel(options);
  },
};

const SIGN_REQUEST_KEYS = ['provider', 'method', 'url', 'body', 'apiKey', 'secret', 'contentType', 'scheme', 'urlMode'];

/** A header value fetch() and the providers accept: non-empty, no control characters, no outer whitespace. */
function headerValue(v, path) {
  const r = read('string', v, path);
  if (!r.ok) return r;
  if (v === '' || /[\u0000-\u001f\u007f-\u009f]/.test(v) || v.trim() !== v) return fail('KYC_INVALID_VALUE', path, RangeError);
  return r;
}

function signRequestModel(o) {
  let keys;
  try {
    keys = Object.keys(o);
  } catch {
    return fail(undefined, undefined);
  }
  const unknown = keys.find((k) => !SIGN_REQUEST_KEYS.includes(k));
  if (unknown !== undefined) return fail('KYC_UNKNOWN_FIELD', unknown, TypeError);
  const get = Object.create(null);
  for (const key of SIGN_REQUEST_KEYS) {
    try {
      get[key] = o[key];
    } catch {
      return fail('KYC_INVALID_TYPE', key, TypeError);
    }
  }
  const provider = enumValue(get.provider, ['veriff', 'faceverify'], 'provider', undefined);
  if (!provider.ok) return provider.code === 'KYC_INVALID_VALUE' ? fail('KYC_UNKNOWN_PROVIDER', 'provider', RangeError) : provider;
  if (provider.value === undefined) return fail(['KYC_MISSING_FIELD', 'KYC_INVALID_TYPE'], 'provider', TypeError);
  const method = read('method', get.method, 'method');
  if (!method.ok) return method.code === 'KYC_INVALID_METHOD' ? fail('KYC_INVALID_METHOD', undefined, RangeError) : method;
  const url = read('string', get.url, 'url');
  if (!url.ok) return url;
  if (get.body !== undefined) {
    const body = read('bytes', get.body, 'body');
    if (!body.ok) return body;
    if (method.value === 'GET') return fail('KYC_INVALID_VALUE', 'body', RangeError);
  }
  const apiKey = headerValue(get.apiKey, 'apiKey');
  if (!apiKey.ok) return apiKey;
  const secret = read('bytes', get.secret, 'secret');
  if (!secret.ok) return secret;
  const secretBytes = Buffer.from(get.secret);
  if (secretBytes.length === 0 || /^[ \t\n\f\r]|[ \t\n\f\r]$/.test(secretBytes.toString('latin1'))) return fail('KYC_INVALID_VALUE', 'secret', RangeError);
  const contentType = get.contentType === undefined ? ok('application/json') : headerValue(get.contentType, 'contentType');
  if (!contentType.ok) return contentType;
  const scheme = enumValue(get.scheme, ['hmac', 'legacy'], 'scheme', 'hmac');
  if (!scheme.ok) return scheme;
  const urlMode = enumValue(get.urlMode, ['whatwg', 'raw'], 'urlMode', 'whatwg');
  if (!urlMode.ok) return urlMode;

  const body = get.body ?? '';
  let headers;
  if (provider.value === 'veriff') {
    if (!whatwgAccepts(get.url) || !['http:', 'https:'].includes(new URL(get.url).protocol)) return fail('KYC_INVALID_URL', 'url', RangeError);
    if (!['POST', 'PUT', 'PATCH'].includes(method.value)) return fail(['KYC_UNSIGNABLE_REQUEST', 'KYC_INVALID_METHOD'], undefined, RangeError);
    headers = scheme.value === 'hmac'
      ? { 'Content-Type': contentType.value, 'X-AUTH-CLIENT': get.apiKey, 'X-HMAC-SIGNATURE': hmacHex(get.secret, body) }
      : { 'Content-Type': contentType.value, 'X-AUTH-CLIENT': get.apiKey, 'X-SIGNATURE': sha256Hex(body, get.secret) };
  } else {
    if (urlMode.value === 'whatwg' && !whatwgAccepts(get.url)) return fail('KYC_INVALID_URL', 'url', RangeError);
    const data = faceVerifyData(method.value, get.url, body, contentType.value, get.apiKey, urlMode.value);
    headers = { 'Content-Type': contentType.value, 'x-auth-client': get.apiKey, 'x-hmac-signature': hmacHex(get.secret, data) };
  }
  const request = { method: method.value, url: get.url, headers };
  if (get.body !== undefined) request.body = get.body;
  return ok(request);
}

const COUNTRY_OK = new Set(['US', 'EE', 'DE']);

/** Only the fields the hostile tests replace are modelled; anything else is left to the session-body suite. */
function sessionBodyModel(o) {
  let keys;
  try {
    keys = Object.keys(o);
  } catch {
    return fail(undefined, undefined);
  }
  // A null-prototype record: a "__proto__" key must not change what `get` inherits.
  const get = Object.create(null);
  for (const key of keys) {
    try {
      get[key] = o[key];
    } catch {
      return fail('KYC_INVALID_TYPE', key, TypeError);
    }
  }
  const provider = get.provider;
  if (provider === undefined) {
    const known = keys.filter((k) => get[k] !== undefined);
    return known.length === 0 || known.every((k) => ['country', 'uniqueIdentifier', 'provider'].includes(k))
      ? fail('KYC_MISSING_FIELD', 'provider', TypeError)
      : fail(['KYC_MISSING_FIELD', 'KYC_UNKNOWN_FIELD'], undefined, TypeError);
  }
  if (provider === null) return fail(['KYC_NULL_FIELD', 'KYC_INVALID_TYPE'], 'provider', TypeError);
  if (isPlainObject(provider) && throwingKey(provider) !== undefined) return fail('KYC_INVALID_TYPE', `provider.${throwingKey(provider)}`, TypeError);
  if (typeof provider === 'string' && !provider.isWellFormed()) return fail('KYC_LONE_SURROGATE', 'provider', RangeError);
  if (typeof provider !== 'string') return fail('KYC_INVALID_TYPE', 'provider', TypeError);
  if (provider !== 'veriff' && provider !== 'faceverify') return fail('KYC_UNKNOWN_PROVIDER', 'provider', RangeError);
  const allowed = provider === 'faceverify' ? ['provider', 'country', 'uniqueIdentifier'] : ['provider', 'person', 'vendorData', 'timestamp'];
  const unknown = keys.find((k) => !allowed.includes(k));
  if (unknown !== undefined) return fail('KYC_UNKNOWN_FIELD', unknown, TypeError);

  const text = (v, path, rule) => {
    if (v === null) return fail('KYC_NULL_FIELD', path, TypeError);
    // Nested objects are read before their type is checked: a throwing getter is named by its own path.
    if (isPlainObject(v) && throwingKey(v) !== undefined) return fail('KYC_INVALID_TYPE', `${path}.${throwingKey(v)}`, TypeError);
    if (typeof v === 'string' && !v.isWellFormed()) return fail('KYC_LONE_SURROGATE', path, RangeError);
    if (typeof v !== 'string') return fail('KYC_INVALID_TYPE', path, TypeError);
    return rule(v) ?? ok(v);
  };
  if (provider === 'faceverify') {
    const out = {};
    for (const [key, rule] of [
      ['country', (v) => (COUNTRY_OK.has(v) ? undefined : fail('KYC_INVALID_COUNTRY', 'country', RangeError))],
      ['uniqueIdentifier', (v) => (v === '' ? fail('KYC_INVALID_VALUE', 'uniqueIdentifier', RangeError) : undefined)],
    ]) {
      if (get[key] === undefined) continue;
      const r = text(get[key], key, rule);
      if (!r.ok) return r;
      out[key] = r.value;
    }
    return ok(JSON.stringify(out));
  }
  // Veriff, with a fixed timestamp: person.firstName and vendorData are what gets replaced.
  const verification = {};
  if (get.person !== undefined) {
    if (!isPlainObject(get.person)) {
      return get.person === null ? fail('KYC_NULL_FIELD', 'person', TypeError) : fail(['KYC_INVALID_TYPE', 'KYC_LONE_SURROGATE'], 'person');
    }
    const first = get.person.firstName;
    const personKeys = Object.keys(get.person);
    if (personKeys.some((k) => k !== 'firstName')) return fail('KYC_UNKNOWN_FIELD', `person.${personKeys.find((k) => k !== 'firstName')}`, TypeError);
    verification.person = {};
    if (first !== undefined) {
      const r = text(first, 'person.firstName', () => undefined);
      if (!r.ok) return r;
      verification.person.firstName = r.value;
    }
  }
  if (get.vendorData !== undefined) {
    const r = text(get.vendorData, 'vendorData', (v) => ([...v].length > 1000 ? fail('KYC_TOO_LONG', 'vendorData', RangeError) : undefined));
    if (!r.ok) return r;
    verification.vendorData = r.value;
  }
  verification.timestamp = get.timestamp;
  return ok(JSON.stringify({ verification }));
}

// ---------------------------------------------------------------- the positions

const FV_OPTIONS = { provider: 'faceverify', method: 'POST', url: FV_URL, body: BODY, apiKey: API_KEY, secret: SECRET };
const VERIFF_OPTIONS = { provider: 'veriff', method: 'POST', url: VERIFF_URL, body: BODY, apiKey: API_KEY, secret: SECRET, contentType: 'application/json', scheme: 'hmac' };
const FV_BODY_OPTIONS = { provider: 'faceverify', country: 'US', uniqueIdentifier: 'user123' };
const VERIFF_BODY_OPTIONS = { provider: 'veriff', person: { firstName: 'John' }, vendorData: 'v', timestamp: '2016-05-19T08:30:25.597Z' };

/**
 * Every position to attack: which export, a label, the valid arguments, and a
 * function putting a value in that position. `secretPosition` marks where the
 * secret goes.
 */
function positions() {
  const list = [];
  const positional = {
    generateSignature: [['payload', 'secret'], [BODY, SECRET]],
    generateHmacSignature: [['payload', 'secret'], [BODY, SECRET]],
    generateHmac: [['httpMethod', 'url', 'body', 'contentType', 'xAuthClient', 'secretKey', 'options'], ['POST', FV_URL, BODY, 'application/json', API_KEY, SECRET, undefined]],
    canonicalString: [['httpMethod', 'url', 'body', 'contentType', 'xAuthClient', 'options'], ['POST', FV_URL, BODY, 'application/json', API_KEY, undefined]],
    buildSessionBody: [['options'], [FV_BODY_OPTIONS]],
    signRequest: [['options'], [FV_OPTIONS]],
  };
  for (const [name, [params, valid]] of Object.entries(positional)) {
    params.forEach((param, i) => {
      list.push({
        name,
        label: `argument ${i + 1} (${param})`,
        valid,
        secretPosition: param === 'secret' || param === 'secretKey',
        place: (v) => valid.map((a, j) => (j === i ? v : a)),
      });
    });
  }
  // Option fields, one at a time.
  const fields = [
    ['signRequest', 'faceverify options', FV_OPTIONS, Object.keys(FV_OPTIONS).concat(['contentType', 'urlMode'])],
    ['signRequest', 'veriff options', VERIFF_OPTIONS, Object.keys(VERIFF_OPTIONS)],
    ['buildSessionBody', 'faceverify options', FV_BODY_OPTIONS, Object.keys(FV_BODY_OPTIONS)],
    ['buildSessionBody', 'veriff options', VERIFF_BODY_OPTIONS, ['vendorData', 'person.firstName']],
  ];
  for (const [name, what, base, keys] of fields) {
    for (const key of keys) {
      list.push({
        name,
        label: `${what} field ${key}`,
        valid: [base],
        secretPosition: key === 'secret',
        place: (v) => [key.includes('.') ? { ...base, person: { ...base.person, firstName: v } } : { ...base, [key]: v }],
      });
    }
    // The options object itself with a throwing getter on a known key.
    list.push({
      name,
      label: `${what} with a throwing getter on "${keys[0]}"`,
      valid: [base],
      secretPosition: false,
      custom: true,
      place: () => {
        const o = { ...base };
        Object.defineProperty(o, keys[0].split('.')[0], { enumerable: true, get() { throw new Error('getter threw'); } });
        return [o];
      },
    });
  }
  list.push({
    name: 'generateHmac',
    label: 'options with a throwing urlMode getter',
    valid: positional.generateHmac[1],
    secretPosition: false,
    custom: true,
    place: () => ['POST', FV_URL, BODY, 'application/json', API_KEY, SECRET, { get urlMode() { throw new Error('getter threw'); } }],
  });
  return list;
}

// ---------------------------------------------------------------- checking one call

function sameValue(got, expected) {
  try {
    assert.deepStrictEqual(got, expected);
    return true;
  } catch {
    return false;
  }
}

function checkCall(name, args, problems, label) {
  const expected = MODELS[name](...args);
  let got;
  try {
    got = { ok: true, value: esm[name](...args) };
  } catch (error) {
    got = { ok: false, error };
  }
  const where = `${name} with ${label}`;
  if (got.ok) {
    if (!expected.ok) problems.push(`${where}: returned ${show(got.value, 80)}, expected ${show({ code: expected.code, path: expected.path })}`);
    else if (!sameValue(got.value, expected.value)) problems.push(`${where}: returned ${show(got.value, 120)}, expected ${show(expected.value, 120)}`);
    else if (name === 'signRequest' && 'body' in expected.value && got.value.body !== args[0].body) problems.push(`${where}: body is not the very value passed`);
    return got;
  }
  const e = got.error;
  if (!isKycError(e)) {
    problems.push(`${where}: threw a foreign error ${show(errorSummary(e))} (${e instanceof WebAssembly.RuntimeError ? 'WebAssembly.RuntimeError' : e?.constructor?.name})`);
    return got;
  }
  if (String(e.message).includes(SECRET) || String(e.stack).includes(SECRET)) problems.push(`${where}: the error message contains the secret`);
  if (expected.ok) {
    problems.push(`${where}: threw ${show(errorSummary(e))}, expected ${show(expected.value, 120)}`);
    return got;
  }
  const codes = [expected.code].flat().filter(Boolean);
  if (codes.length && !codes.includes(e.code)) problems.push(`${where}: code ${e.code}, expected ${codes.join(' or ')} (${show(errorSummary(e))})`);
  if (expected.path !== undefined && e.path !== expected.path) problems.push(`${where}: path ${show(e.path)}, expected ${show(expected.path)} (${show(errorSummary(e))})`);
  if (expected.cls && !(e instanceof expected.cls)) problems.push(`${where}: a ${e.constructor.name}, expected a ${expected.cls.name} (${show(errorSummary(e))})`);
  return got;
}

/** The known-good answers, from the models (themselves built on node:crypto and the samples). */
function knownGood(name, valid) {
  const expected = MODELS[name](...valid);
  assert.ok(expected.ok, `the valid call of ${name} is valid`);
  return expected.value;
}

function reportProblems(problems) {
  assert.deepEqual(problems, [], `${problems.length} problem(s):\n${problems.join('\n')}`);
}

// ---------------------------------------------------------------- tests

const ALL_POSITIONS = positions();

for (const name of ['generateSignature', 'generateHmacSignature', 'generateHmac', 'canonicalString', 'buildSessionBody', 'signRequest']) {
  test(`${name}: every hostile value in every position returns the right answer or throws a coded error`, async (t) => {
    const problems = [];
    let calls = 0;
    let thrown = 0;
    for (const position of ALL_POSITIONS.filter((p) => p.name === name)) {
      const good = knownGood(name, position.valid);
      const values = position.custom ? [['(see label)', undefined]] : hostileValues().concat(position.secretPosition ? SECRET_VARIANTS : []);
      for (const [valueLabel, value] of values) {
        const args = position.place(value);
        const label = position.custom ? position.label : `${valueLabel} as ${position.label}`;
        const got = checkCall(name, args, problems, label);
        calls++;
        if (!got.ok) {
          thrown++;
          // The module still works right after a failure.
          let after;
          try {
            after = esm[name](...position.valid);
          } catch (e) {
            after = e;
          }
          if (!sameValue(after, good)) problems.push(`${name} after ${label}: the valid call gave ${show(after, 120)}, expected ${show(good, 120)}`);
        }
      }
    }
    t.diagnostic(`${calls} hostile calls (${thrown} threw), each followed by a valid call when it threw`);
    reportProblems(problems);
  });
}

test('lone surrogates in string arguments are RangeError KYC_LONE_SURROGATE naming the argument', () => {
  const cases = [
    ['generateSignature', ['a\uD800', SECRET], 'payload'],
    ['generateSignature', [BODY, '\uDC00'], 'secret'],
    ['generateHmacSignature', ['x\uDBFF', SECRET], 'payload'],
    ['generateHmac', ['POST', `${FV_URL}\uD800`, BODY, 'application/json', API_KEY, SECRET], 'url'],
    ['generateHmac', ['POST', FV_URL, '\uDC00x', 'application/json', API_KEY, SECRET], 'body'],
    ['generateHmac', ['POST', FV_URL, BODY, 'application/json', API_KEY, `${SECRET}\uD800`], 'secretKey'],
    ['canonicalString', ['POST', FV_URL, BODY, 'text/\uD800', API_KEY], 'contentType'],
    ['canonicalString', ['POST', FV_URL, BODY, 'application/json', '\uDFFFkey'], 'xAuthClient'],
    ['buildSessionBody', [{ provider: 'faceverify', uniqueIdentifier: 'u\uD800' }], 'uniqueIdentifier'],
    ['buildSessionBody', [{ provider: 'veriff', person: { lastName: '\uDC00' } }], 'person.lastName'],
    ['signRequest', [{ ...FV_OPTIONS, apiKey: 'k\uD800' }], 'apiKey'],
    ['signRequest', [{ ...FV_OPTIONS, body: '\uD83D' }], 'body'],
  ];
  for (const [name, args, path] of cases) {
    let error;
    try {
      esm[name](...args);
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof RangeError, `${name} → ${path}: expected a RangeError, got ${show(errorSummary(error))}`);
    assert.equal(error.code, 'KYC_LONE_SURROGATE', `${name} → ${path}`);
    assert.equal(error.path, path, `${name} → ${path}`);
  }
});

test('a well-formed U+FFFD is not mistaken for a lone surrogate', () => {
  assert.equal(esm.generateHmacSignature('\uFFFD', '\uFFFD'), hmacHex('\uFFFD', '\uFFFD'));
  assert.equal(esm.generateHmac('POST', FV_URL, '\uFFFD', 'application/json', API_KEY, SECRET), providerNodeSample('POST', FV_URL, '\uFFFD', 'application/json', API_KEY, SECRET));
});

test('Object.prototype is unchanged after the prototype-pollution attempts', () => {
  assert.deepStrictEqual(snapshotObjectPrototype(), prototypeBefore);
  const probe = {};
  for (const key of ['polluted', 'urlMode', 'provider', 'isAdmin']) assert.equal(probe[key], undefined, key);
});

function snapshotObjectPrototype() {
  return Reflect.ownKeys(Object.prototype).map((key) => {
    const d = Object.getOwnPropertyDescriptor(Object.prototype, key);
    return [key, d.value, d.get, d.set, d.writable, d.enumerable, d.configurable];
  });
}
