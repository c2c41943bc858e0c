// buildSessionBody: the output is JSON.stringify of the same fields in the
// documented order, whatever order and text the input had; every field rule
// refuses with the right error class, code and path.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Mismatches, Rng, SEED, assertKycError, callOutcome, esm, outcome } from './helpers.mjs';
import { vectorCase } from './vectors.mjs';

const { buildSessionBody } = esm;

const VERIFF_CASES = 3000;
const FACEVERIFY_CASES = 2000;

// The documented order of every object in the bodies.
const VERIFF_ORDER = ['callback', 'person', 'document', 'address', 'vendorData', 'endUserId', 'lang', 'features', 'timestamp'];
const PERSON_ORDER = ['firstName', 'lastName', 'idNumber', 'phoneNumber', 'gender', 'dateOfBirth', 'email', 'maritalStatus', 'isDeceased'];
const DOCUMENT_ORDER = ['number', 'type', 'country', 'idCardType', 'firstIssue'];
const ADDRESS_ORDER = ['fullAddress'];
const FACEVERIFY_ORDER = ['country', 'uniqueIdentifier'];

const ISO_MILLIS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** `JSON.stringify` of `object` with its keys taken in `order` (nested orders by key). */
function ordered(object, order, nested = {}) {
  const out = {};
  for (const key of order) {
    if (!(key in object)) continue;
    out[key] = nested[key] ? ordered(object[key], nested[key]) : object[key];
  }
  return out;
}

function expectedVeriffBody(fields, timestamp) {
  const verification = ordered({ ...fields, timestamp }, VERIFF_ORDER, {
    person: PERSON_ORDER,
    document: DOCUMENT_ORDER,
    address: ADDRESS_ORDER,
  });
  return JSON.stringify({ verification });
}

// ---------------------------------------------------------------- valid random values

const COUNTRIES = ['US', 'GB', 'DE', 'EE', 'FR', 'JP', 'BR', 'IN', 'ZA', 'AX', 'BQ', 'CW', 'SS', 'SX', 'AQ', 'VA', 'UM', 'PS'];
const LANGS = ['en', 'et', 'de', 'ru', 'fil', 'pt-BR', 'zh-Hant', 'es-419', 'en-GB'];
const DOCUMENT_TYPES = ['PASSPORT', 'ID_CARD', 'RESIDENCE_PERMIT', 'DRIVERS_LICENSE', 'VISA', 'OTHER'];
const MARITAL_STATUSES = ['single', 'married', 'divorced', 'widowed'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const pad = (n, width) => String(n).padStart(width, '0');
const isLeap = (y) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (y, m) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];

function randomDate(rng) {
  if (rng.chance(0.1)) return `${pad(rng.pick([2000, 2024, 1996, 400, 1600]), 4)}-02-29`;
  const year = rng.chance(0.8) ? rng.range(1900, 2030) : rng.range(1, 9999);
  const month = rng.range(1, 12);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(rng.range(1, daysIn(year, month)), 2)}`;
}

function randomIsoTimestamp(rng) {
  const time = `${pad(rng.range(0, 23), 2)}:${pad(rng.range(0, 59), 2)}:${pad(rng.range(0, 59), 2)}`;
  const fraction = rng.weighted([[60, () => `.${pad(rng.int(1000), 3)}`], [20, ''], [20, () => `.${Array.from({ length: rng.range(1, 9) }, () => rng.int(10)).join('')}`]]);
  const offset = rng.weighted([[70, 'Z'], [30, () => `${rng.pick(['+', '-'])}${pad(rng.range(0, 23), 2)}:${pad(rng.range(0, 59), 2)}`]]);
  return `${randomDate(rng)}T${time}${fraction}${offset}`;
}

const YEAR_0000 = Date.parse('0000-01-01T00:00:00.000Z');
const END_OF_9999 = Date.parse('9999-12-31T23:59:59.999Z');

/** A Date within years 0000–9999 (the rest of the Date range has its own test). */
function randomDateObject(rng) {
  const ms = rng.chance(0.7) ? rng.range(0, 4102444800000) : YEAR_0000 + Math.floor(rng.next() * (END_OF_9999 - YEAR_0000 + 1));
  return new Date(ms);
}

function randomUuid(rng) {
  const uuid = [8, 4, 4, 4, 12].map((n) => rng.hex(n)).join('-');
  return rng.chance(0.2) ? uuid.toUpperCase() : uuid;
}

// Internationalised hosts are written as xn-- (例え.jp below): the library refuses them otherwise.
const CALLBACK_HOSTS = ['this.is.your.redirect.url', 'example.com', 'localhost:3000', '127.0.0.1:8080', '[::1]:8443', 'xn--r8jz45g.jp', 'sub.example.org'];
const CALLBACK_PATH_CHARS = [...'abcXYZ019-._~!$&\'()*+,;=:@/', '%20', 'é', '中', '😀'];

function randomCallback(rng) {
  let url = `${rng.pick(['https', 'http', 'HTTPS'])}://${rng.pick(CALLBACK_HOSTS)}`;
  const segments = rng.int(4);
  for (let i = 0; i < segments; i++) url += '/' + Array.from({ length: rng.int(6) }, () => rng.pick(CALLBACK_PATH_CHARS)).join('');
  if (rng.chance(0.3)) url += `?user=${rng.int(1e6)}&next=%2Fhome`;
  if (rng.chance(0.1)) url += '#done';
  return url;
}

/** Arbitrary text for the free-text fields: controls, quotes, backslashes, U+2028, astral, empty. */
function freeText(rng) {
  return rng.weighted([
    [70, () => rng.unicodeString(30)],
    [10, ''],
    [10, () => rng.pick(['John', 'Smith', 'O\'Brien "Jr."', 'back\\slash', 'line\nbreak', 'tab\there', '\u2028\u2029', '</script>', '😀👩‍👩‍👧'])],
    [10, () => rng.unicodeString(300)],
  ]);
}

function randomVendorData(rng) {
  return rng.weighted([
    [70, () => rng.unicodeString(100)],
    [10, () => rng.unicodeStringOf(1000)],
    [10, () => '😀'.repeat(1000)], // 1000 code points, 2000 UTF-16 units: allowed
    [10, () => 'x'.repeat(rng.range(990, 1000))],
  ]);
}

const PERSON_VALUES = {
  firstName: freeText,
  lastName: freeText,
  idNumber: freeText,
  phoneNumber: freeText,
  gender: (rng) => rng.pick(['M', 'F']),
  dateOfBirth: randomDate,
  email: freeText,
  maritalStatus: (rng) => rng.pick(MARITAL_STATUSES),
  isDeceased: (rng) => rng.chance(0.5),
};
const DOCUMENT_VALUES = {
  number: (rng) => Array.from({ length: rng.range(1, 20) }, () => rng.pick([...ALNUM])).join(''),
  type: (rng) => rng.pick(DOCUMENT_TYPES),
  country: (rng) => rng.pick(COUNTRIES),
  idCardType: freeText,
  firstIssue: randomDate,
};

/** Random fields from `generators`, keys in random order (as the input gives them). */
function randomFields(rng, generators, p = 0.5) {
  const fields = {};
  for (const key of rng.subset(Object.keys(generators), p)) fields[key] = generators[key](rng);
  return fields;
}

/** The same object with its keys shuffled and, sometimes, `undefined` values for absent keys. */
function asInput(rng, fields, allKeys, extra = {}) {
  const present = { ...fields, ...extra };
  const entries = Object.entries(present);
  for (const key of allKeys) if (!(key in present) && rng.chance(0.05)) entries.push([key, undefined]);
  return Object.fromEntries(rng.shuffle(entries));
}

function randomVeriffCase(rng) {
  const fields = {};
  const input = {};
  const generators = {
    callback: randomCallback,
    person: (r) => randomFields(r, PERSON_VALUES),
    document: (r) => randomFields(r, DOCUMENT_VALUES),
    address: (r) => (r.chance(0.8) ? { fullAddress: freeText(r) } : {}),
    vendorData: randomVendorData,
    endUserId: randomUuid,
    lang: (r) => r.pick(LANGS),
    features: (r) => Array.from({ length: r.int(4) }, () => r.weighted([[50, 'selfid'], [50, () => r.unicodeString(10) || 'x']])),
  };
  for (const key of rng.subset(Object.keys(generators), 0.45)) fields[key] = generators[key](rng);
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'person') input[key] = asInput(rng, value, PERSON_ORDER);
    else if (key === 'document') input[key] = asInput(rng, value, DOCUMENT_ORDER);
    else input[key] = value;
  }
  const timestampKind = rng.weighted([[50, 'string'], [35, 'date'], [15, 'omitted']]);
  const extra = { provider: 'veriff' };
  if (rng.chance(0.1)) extra.kind = 'session';
  if (timestampKind === 'string') extra.timestamp = randomIsoTimestamp(rng);
  if (timestampKind === 'date') extra.timestamp = randomDateObject(rng);
  return { fields, input: asInput(rng, input, VERIFF_ORDER, extra), timestampKind };
}

// ---------------------------------------------------------------- tests

test('the provider example comes out byte for byte', () => {
  // tests/vectors/session-bodies.json: the provider document's body, its input keys reversed.
  const example = vectorCase('session-bodies.json', 'veriff_provider_example_reversed_input');
  assert.equal(buildSessionBody({ provider: 'veriff', ...example.input }), example.body);
});

test(`random Veriff bodies equal JSON.stringify in the documented order (${VERIFF_CASES} cases)`, (t) => {
  const rng = Rng.for('veriff-body');
  const mismatches = new Mismatches('buildSessionBody (veriff) vs JSON.stringify');
  const counts = { string: 0, date: 0, omitted: 0 };
  for (let i = 0; i < VERIFF_CASES; i++) {
    const { fields, input, timestampKind } = randomVeriffCase(rng);
    counts[timestampKind]++;
    if (timestampKind !== 'omitted') {
      const ts = input.timestamp instanceof Date ? input.timestamp.toISOString() : input.timestamp;
      mismatches.check(callOutcome('buildSessionBody', [input]), { ok: true, value: expectedVeriffBody(fields, ts) }, i, input);
      continue;
    }
    // No timestamp: the body carries "now", taken between these two readings.
    const before = Date.now();
    const ours = outcome(() => buildSessionBody(input));
    const after = Date.now();
    let expected = { ok: false, code: 'a body with the current time' };
    if (ours.ok) {
      const ts = JSON.parse(ours.value).verification?.timestamp;
      const ms = Date.parse(ts);
      if (typeof ts === 'string' && ISO_MILLIS.test(ts) && ms >= before && ms <= after) {
        expected = { ok: true, value: expectedVeriffBody(fields, ts) };
      } else {
        expected = { ok: false, code: `a timestamp between ${new Date(before).toISOString()} and ${new Date(after).toISOString()}` };
      }
    }
    mismatches.check(ours, expected, i, input);
  }
  t.diagnostic(`seed ${SEED}: ${VERIFF_CASES} Veriff bodies compared (timestamps: ${counts.string} strings, ${counts.date} Dates, ${counts.omitted} omitted)`);
  mismatches.assertNone();
});

test(`random FaceVerify bodies equal JSON.stringify in the documented order (${FACEVERIFY_CASES} cases)`, (t) => {
  const rng = Rng.for('faceverify-body');
  const mismatches = new Mismatches('buildSessionBody (faceverify) vs JSON.stringify');
  for (let i = 0; i < FACEVERIFY_CASES; i++) {
    const fields = randomFields(rng, {
      country: (r) => r.pick(COUNTRIES),
      uniqueIdentifier: (r) => freeText(r) || 'user123',
    }, 0.7);
    const extra = { provider: 'faceverify' };
    if (rng.chance(0.1)) extra.kind = 'session';
    const input = asInput(rng, fields, FACEVERIFY_ORDER, extra);
    mismatches.check(callOutcome('buildSessionBody', [input]), { ok: true, value: JSON.stringify(ordered(fields, FACEVERIFY_ORDER)) }, i, input);
  }
  t.diagnostic(`seed ${SEED}: ${FACEVERIFY_CASES} FaceVerify bodies compared`);
  mismatches.assertNone();
});

test('a Date timestamp is written as its toISOString()', () => {
  for (const iso of ['2016-05-19T08:30:25.597Z', '1970-01-01T00:00:00.000Z', '1969-12-31T23:59:59.999Z', '2024-02-29T23:59:59.999Z', '0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
    const date = new Date(iso);
    assert.equal(buildSessionBody({ provider: 'veriff', timestamp: date }), `{"verification":{"timestamp":"${date.toISOString()}"}}`);
  }
});

test('a Date outside years 0000-9999 is refused: no provider accepts a six-digit year', () => {
  for (const ms of [8.64e15, -8.64e15, 253402300800000, -62167219200001]) {
    assertKycError(() => buildSessionBody({ provider: 'veriff', timestamp: new Date(ms) }),
      { cls: RangeError, code: 'KYC_INVALID_TIMESTAMP', path: 'timestamp' }, `${new Date(ms).toISOString()}: `);
  }
});

test('an omitted timestamp is the current time, as toISOString() writes it', () => {
  const before = Date.now();
  const body = buildSessionBody({ provider: 'veriff', lang: 'en' });
  const after = Date.now();
  const { verification } = JSON.parse(body);
  assert.deepEqual(Object.keys(verification), ['lang', 'timestamp']);
  assert.match(verification.timestamp, ISO_MILLIS);
  const ms = Date.parse(verification.timestamp);
  assert.ok(ms >= before && ms <= after, `${verification.timestamp} is not between ${before} and ${after}`);
  assert.equal(body, `{"verification":{"lang":"en","timestamp":"${verification.timestamp}"}}`);
});

test('vendorData counts code points, not UTF-16 units', () => {
  const astral = '😀'.repeat(1000);
  assert.equal(buildSessionBody({ provider: 'veriff', vendorData: astral, timestamp: '2016-05-19T08:30:25.597Z' }), JSON.stringify({ verification: { vendorData: astral, timestamp: '2016-05-19T08:30:25.597Z' } }));
  assertKycError(() => buildSessionBody({ provider: 'veriff', vendorData: '😀'.repeat(1001) }), { cls: RangeError, code: 'KYC_TOO_LONG', path: 'vendorData' });
});

// Each rule: the input, then the error class, code, path (and words of the message).
const REFUSALS = [
  ['unknown top-level key', { provider: 'veriff', callbak: 'https://x.example' }, TypeError, 'KYC_UNKNOWN_FIELD', 'callbak', 'did you mean "callback"'],
  ['unknown person key (case)', { provider: 'veriff', person: { firstname: 'John' } }, TypeError, 'KYC_UNKNOWN_FIELD', 'person.firstname', 'did you mean "firstName"'],
  ['unknown FaceVerify key', { provider: 'faceverify', uniqueIdentifer: 'u1' }, TypeError, 'KYC_UNKNOWN_FIELD', 'uniqueIdentifer', 'did you mean "uniqueIdentifier"'],
  ['timestamp on FaceVerify', { provider: 'faceverify', timestamp: '2016-05-19T08:30:25.597Z' }, TypeError, 'KYC_UNKNOWN_FIELD', 'timestamp'],
  ['null top-level field', { provider: 'veriff', callback: null }, TypeError, 'KYC_NULL_FIELD', 'callback'],
  ['null nested field', { provider: 'veriff', person: { firstName: 'J', lastName: null } }, TypeError, 'KYC_NULL_FIELD', 'person.lastName'],
  ['null FaceVerify field', { provider: 'faceverify', country: null }, TypeError, 'KYC_NULL_FIELD', 'country'],
  ['callback not a URL', { provider: 'veriff', callback: 'not a url' }, RangeError, 'KYC_INVALID_URL', 'callback'],
  ['callback not http(s)', { provider: 'veriff', callback: 'ftp://files.example/x' }, RangeError, 'KYC_INVALID_URL', 'callback'],
  ['callback relative', { provider: 'veriff', callback: '/kyc/done' }, RangeError, 'KYC_INVALID_URL', 'callback'],
  ['callback with an internationalised host', { provider: 'veriff', callback: 'https://例え.jp/done' }, RangeError, 'KYC_INVALID_URL', 'callback', 'xn--'],
  ['document country lower case', { provider: 'veriff', document: { country: 'ee' } }, RangeError, 'KYC_INVALID_COUNTRY', 'document.country'],
  ['document country not assigned', { provider: 'veriff', document: { country: 'UK' } }, RangeError, 'KYC_INVALID_COUNTRY', 'document.country'],
  ['FaceVerify country', { provider: 'faceverify', country: 'USA' }, RangeError, 'KYC_INVALID_COUNTRY', 'country'],
  ['month 13', { provider: 'veriff', person: { dateOfBirth: '1990-13-01' } }, RangeError, 'KYC_INVALID_DATE', 'person.dateOfBirth'],
  ['29 February of a common year', { provider: 'veriff', document: { firstIssue: '2023-02-29' } }, RangeError, 'KYC_INVALID_DATE', 'document.firstIssue'],
  ['bad UUID', { provider: 'veriff', endUserId: 'not-a-uuid' }, RangeError, 'KYC_INVALID_UUID', 'endUserId'],
  ['UUID without dashes', { provider: 'veriff', endUserId: '123e4567e89b12d3a456426614174000' }, RangeError, 'KYC_INVALID_UUID', 'endUserId'],
  ['vendorData of 1001 characters', { provider: 'veriff', vendorData: 'x'.repeat(1001) }, RangeError, 'KYC_TOO_LONG', 'vendorData'],
  ['gender not M/F', { provider: 'veriff', person: { gender: 'X' } }, RangeError, 'KYC_INVALID_VALUE', 'person.gender'],
  ['gender lower case', { provider: 'veriff', person: { gender: 'm' } }, RangeError, 'KYC_INVALID_VALUE', 'person.gender'],
  ['marital status', { provider: 'veriff', person: { maritalStatus: 'complicated' } }, RangeError, 'KYC_INVALID_VALUE', 'person.maritalStatus'],
  ['document number with a dash', { provider: 'veriff', document: { number: 'AB-123' } }, RangeError, 'KYC_INVALID_VALUE', 'document.number'],
  ['document number non-ASCII', { provider: 'veriff', document: { number: 'AB１23' } }, RangeError, 'KYC_INVALID_VALUE', 'document.number'],
  ['document type', { provider: 'veriff', document: { type: 'passport' } }, RangeError, 'KYC_INVALID_VALUE', 'document.type'],
  ['lang upper case', { provider: 'veriff', lang: 'EN' }, RangeError, 'KYC_INVALID_VALUE', 'lang'],
  ['empty feature', { provider: 'veriff', features: ['selfid', ''] }, RangeError, 'KYC_INVALID_VALUE', 'features[1]'],
  ['empty uniqueIdentifier', { provider: 'faceverify', uniqueIdentifier: '' }, RangeError, 'KYC_INVALID_VALUE', 'uniqueIdentifier'],
  ['date-only timestamp', { provider: 'veriff', timestamp: '2016-05-19' }, RangeError, 'KYC_INVALID_TIMESTAMP', 'timestamp'],
  ['Invalid Date timestamp', { provider: 'veriff', timestamp: new Date(NaN) }, RangeError, 'KYC_INVALID_TIMESTAMP', 'timestamp'],
  ['number for a string', { provider: 'veriff', person: { firstName: 42 } }, TypeError, 'KYC_INVALID_TYPE', 'person.firstName'],
  ['string for a boolean', { provider: 'veriff', person: { isDeceased: 'no' } }, TypeError, 'KYC_INVALID_TYPE', 'person.isDeceased'],
  ['string for an array', { provider: 'veriff', features: 'selfid' }, TypeError, 'KYC_INVALID_TYPE', 'features'],
  ['number in an array', { provider: 'veriff', features: ['selfid', 7] }, TypeError, 'KYC_INVALID_TYPE', 'features[1]'],
  ['string for an object', { provider: 'veriff', person: 'John Smith' }, TypeError, 'KYC_INVALID_TYPE', 'person'],
  ['missing provider', { country: 'US' }, TypeError, 'KYC_MISSING_FIELD', 'provider'],
  ['unknown provider', { provider: 'acme' }, RangeError, 'KYC_UNKNOWN_PROVIDER', 'provider'],
  ['a provider kyc-sign knows for its webhooks only', { provider: 'onfido' }, RangeError, 'KYC_INVALID_VALUE', 'provider'],
];

for (const [name, input, cls, code, path, words] of REFUSALS) {
  test(`refused: ${name} → ${cls.name} ${code} at "${path}"`, () => {
    assertKycError(() => buildSessionBody(input), { cls, code, path, message: words });
    // The message starts with the path it names.
    assertKycError(() => buildSessionBody(input), { message: new RegExp(`^${path.replace(/[[\].]/g, '\\$&')}: `) });
  });
}

test('each refused field is accepted once corrected (the rules are not over-broad)', () => {
  const fixes = [
    { provider: 'veriff', callback: 'https://x.example', timestamp: '2016-05-19T08:30:25.597Z' },
    { provider: 'veriff', person: { firstName: 'John', gender: 'M', dateOfBirth: '1990-12-01', maritalStatus: 'single' }, timestamp: '2016-05-19T08:30:25.597Z' },
    { provider: 'veriff', document: { country: 'EE', number: 'AB123', type: 'PASSPORT', firstIssue: '2024-02-29' }, timestamp: '2016-05-19T08:30:25.597Z' },
    { provider: 'veriff', endUserId: '123e4567-e89b-12d3-a456-426614174000', vendorData: 'x'.repeat(1000), lang: 'en', timestamp: '2016-05-19T08:30:25.597Z' },
    { provider: 'faceverify', country: 'US', uniqueIdentifier: 'user123' },
  ];
  for (const input of fixes) {
    const { provider, ...fields } = input;
    const expected = provider === 'faceverify'
      ? JSON.stringify(ordered(fields, FACEVERIFY_ORDER))
      : expectedVeriffBody(fields, fields.timestamp);
    assert.equal(buildSessionBody(input), expected);
  }
});
