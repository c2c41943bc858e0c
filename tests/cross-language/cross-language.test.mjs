// Cross-language differential tests: the providers' own published recipes,
// each re-implemented in its language's standard library and run as one
// child process over the same seeded cases, against kyc-sign case by case.
//
//   FaceVerify, urlMode 'raw'   vs the Python sample (hmac, hashlib, urllib.parse.urlparse)
//                               vs the PHP sample (hash_hmac, parse_url; Debian php-cli)
//   PHP vs Python               every disagreement must be of a kind listed in
//                               PARSE_URL_DIFFERENCES.md (differences.mjs)
//   Veriff legacy X-SIGNATURE   vs sha256sum, openssl dgst, Python hashlib
//
//   make build && node --test tests/cross-language/
//   KYC_SEED=<seed>          reproduce a run (the seed is printed by every suite)
//   KYC_CROSS_CASES=<n>      cases per oracle (default 10,000)
//   KYC_REQUIRE_ORACLES=1    fail, rather than skip, when an interpreter is missing
//   tests/cross-language/ensure-php.sh   installs php-cli when it is missing

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { Mismatches, SEED, callOutcome, show } from '../js/helpers.mjs';
import { KINDS, classify, phpShown, samplesAgree, withoutVersions } from './differences.mjs';
import { PYTHON_BRACKET_RULE } from './known.mjs';
import { FIXED_URLS, Rng, faceVerifyCases, featureCounts, legacyCases, utf8 } from './generate.mjs';
import { exampleTable, readDifferencesFile, runBoth } from './harness.mjs';
import {
  PHP,
  PYTHON,
  opensslFiles,
  probe,
  requireTool,
  runPhpFaceVerify,
  runPythonFaceVerify,
  runPythonLegacy,
  sha256sumFiles,
  withFiles,
} from './oracles.mjs';

const CASES = Number(process.env.KYC_CROSS_CASES ?? 10_000);
assert.ok(Number.isInteger(CASES) && CASES >= FIXED_URLS.length, `KYC_CROSS_CASES must be an integer ≥ ${FIXED_URLS.length}`);

const python = probe(PYTHON);
const php = probe(PHP, ['-n', '-r', 'echo "PHP ", PHP_VERSION;']);
const sha256sum = probe('sha256sum');
const openssl = probe('openssl', ['version']);

const PYTHON_HINT = 'Install Python 3 (Debian: apt-get install -y python3).';
const PHP_HINT = 'Run tests/cross-language/ensure-php.sh (apt-get install -y php-cli).';

// ---------------------------------------------------------------- FaceVerify cases

const cases = faceVerifyCases(Rng.for('cross-language/faceverify'), CASES);
// Both samples take the method as given; kyc-sign upper-cases it, so they get the upper-cased one.
const oracleCases = cases.map((c) => ({
  method: c.method.toUpperCase(),
  url: c.url,
  body: c.body,
  contentType: c.contentType,
  apiKey: c.apiKey,
  secret: c.secret,
}));

// Both interpreters start now and run side by side (one process each).
const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));
const pythonRun = python.found ? settle(runPythonFaceVerify(oracleCases)) : null;
const phpRun = php.found ? settle(runPhpFaceVerify(oracleCases)) : null;

async function resultOf(run) {
  const { value, error } = await run;
  if (error) throw error;
  return value;
}

/** kyc-sign on case `i`, through both entries: signature and canonical string (raw mode). */
const ours = [];
function oursFor(i) {
  if (!ours[i]) {
    const c = cases[i];
    const body = c.bodyAsBytes ? utf8(c.body) : c.body;
    const secret = c.secretAsBytes ? utf8(c.secret) : c.secret;
    ours[i] = {
      sig: callOutcome('generateHmac', [c.method, c.url, body, c.contentType, c.apiKey, secret, { urlMode: 'raw' }]),
      data: callOutcome('canonicalString', [c.method, c.url, body, c.contentType, c.apiKey, { urlMode: 'raw' }]),
    };
  }
  return ours[i];
}

const inputOf = (i) => cases[i];

test('the generated cases cover every promised edge case', (t) => {
  const urls = cases.map((c) => c.url);
  const counts = featureCounts(urls);
  const bodies = {
    'empty body': cases.filter((c) => c.body === '').length,
    'astral body': cases.filter((c) => /[\u{10000}-\u{10ffff}]/u.test(c.body)).length,
    'long body (≥ 1,000 code points)': cases.filter((c) => [...c.body].length >= 1000).length,
  };
  t.diagnostic(`seed ${SEED} (KYC_SEED=${SEED} reproduces), ${CASES} cases, ${FIXED_URLS.length} of them hand-picked URLs`);
  t.diagnostic(`coverage: ${Object.entries({ ...counts, ...bodies }).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const minimum = Math.max(1, Math.floor(CASES / 1000));
  for (const [name, count] of Object.entries({ ...counts, ...bodies })) {
    assert.ok(count >= minimum, `only ${count} case(s) with ${name} (want ≥ ${minimum}; KYC_SEED=${SEED})`);
  }
});

/** What the Python sample says kyc-sign must return for case `i`: a signature and data, or KYC_INVALID_URL. */
function expectedFromPython(py) {
  if (py.valueError !== undefined) return { sig: { ok: false, code: 'KYC_INVALID_URL' }, data: { ok: false, code: 'KYC_INVALID_URL' } };
  return { sig: { ok: true, value: py.sig }, data: { ok: true, value: py.data } };
}

/** Whether kyc-sign gave exactly what the Python sample gave on case `i`. */
function oursMatchesPython(i, py) {
  const o = oursFor(i);
  const e = expectedFromPython(py);
  const same = (a, b) => (b.ok ? a.ok && a.value === b.value : !a.ok && a.error?.code === b.code);
  return same(o.sig, e.sig) && same(o.data, e.data);
}

test('python raw: generateHmac and canonicalString match the provider Python sample', async (t) => {
  if (!requireTool(t, python, 'python3', PYTHON_HINT)) return;
  const { version, meta, results } = await resultOf(pythonRun);
  const knownBugs = meta.newBracketRule ? [PYTHON_BRACKET_RULE] : [];
  const signatures = new Mismatches('generateHmac (raw) vs the Python sample', { knownBugs });
  const canonicals = new Mismatches('canonicalString (raw) vs the Python sample data_to_hash', { knownBugs });
  let refused = 0;
  results.forEach((py, i) => {
    if (py.valueError !== undefined) refused++;
    const expected = expectedFromPython(py);
    const o = oursFor(i);
    signatures.check(o.sig, expected.sig, i, inputOf(i));
    canonicals.check(o.data, expected.data, i, inputOf(i));
  });
  t.diagnostic(`seed ${SEED}: python raw (Python ${version}): ${CASES} cases, ${signatures.count} signature and ` +
    `${canonicals.count} canonical-string mismatches; urlparse raised ValueError on ${refused} (ours must throw KYC_INVALID_URL)` +
    (meta.newBracketRule ? `; this Python has the CVE-2025-0938 bracket rule: ${signatures.knownBugs[0].bucket.count} case(s) filed under the todo below` : ''));
  await signatures.knownBugSubtests(t);
  signatures.assertNone();
  canonicals.assertNone();
});

test('php raw: generateHmac matches the provider PHP sample wherever parse_url reads the URL as urlparse does', async (t) => {
  if (!requireTool(t, php, 'php (php-cli)', PHP_HINT)) return;
  if (!requireTool(t, python, 'python3', `${PYTHON_HINT} (Needed to tell PHP's documented differences from new ones.)`)) return;
  const [{ version, results }, py] = await Promise.all([resultOf(phpRun), resultOf(pythonRun)]);

  const agreeing = new Mismatches('generateHmac (raw) vs the PHP sample, where PHP and Python agree');
  const diffs = [];
  const warnings = {};
  let agree = 0;
  let leftToPython = 0; // kyc-sign differs from Python there: the python suite reports it
  const follows = { python: 0, php: 0 };
  results.forEach((ph, i) => {
    for (const w of ph.warnings) warnings[w] = (warnings[w] ?? 0) + 1;
    const matchesPython = oursMatchesPython(i, py.results[i]);
    if (!matchesPython) leftToPython++;
    if (samplesAgree(py.results[i], ph)) {
      agree++;
      if (matchesPython) agreeing.check(oursFor(i).sig, { ok: true, value: ph.sig }, i, inputOf(i));
    } else {
      // Which sample did kyc-sign give the result of? (Where it gives neither's or PHP's, it
      // differs from Python too, which the python suite reports: a failure or a known divergence.)
      const sig = oursFor(i).sig;
      if (matchesPython) follows.python++;
      else if (sig.ok && sig.value === ph.sig) follows.php++;
      diffs.push({ index: i, url: cases[i].url, py: py.results[i], php: ph });
    }
  });

  const classified = await classify(diffs, runBoth);
  const undocumented = classified.filter((d) => d.kind === null);
  const perKind = Object.fromEntries(KINDS.map((kind) => [kind.id, 0]));
  let combinations = 0;
  for (const d of classified) {
    if (d.kind === null) continue;
    const ids = d.kind.split(' + ');
    if (ids.length > 1) combinations++;
    for (const id of ids) perKind[id]++;
  }

  t.diagnostic(`seed ${SEED}: php raw (PHP ${version}): ${CASES} cases, ${agree} where parse_url reads the path and ` +
    `query as urlparse does (${agreeing.count} mismatches with ours), ${diffs.length} where it does not ` +
    `(${diffs.length - undocumented.length} of documented kinds, ${undocumented.length} undocumented; ` +
    `kyc-sign gave Python's result on ${follows.python}, PHP's on ${follows.php})` +
    (leftToPython ? `; ${leftToPython} case(s) where kyc-sign differs from Python are left to the python suite` : ''));
  t.diagnostic(`php vs python, cases per kind (${combinations} cases combine several kinds and count in each): ` +
    Object.entries(perKind).map(([id, n]) => `${id} ${n}`).join(', '));
  t.diagnostic(`php sample warnings (silenced, as the sample would just print them): ${Object.entries(warnings).map(([w, n]) => `"${w}" ×${n}`).join(', ') || 'none'}`);

  agreeing.assertNone();
  if (undocumented.length) {
    const lines = undocumented.slice(0, 10).map((d) =>
      `  case #${d.index} url ${show(d.url)}\n    python: ${show(d.py.valueError !== undefined ? { valueError: d.py.valueError } : [d.py.path, d.py.query])}\n` +
      `    php   : ${show(phpShown(d.php))}`);
    assert.fail(`${undocumented.length} PHP-vs-Python difference(s) of no documented kind (KYC_SEED=${SEED}). ` +
      `Describe the kind in tests/cross-language/differences.mjs and regenerate PARSE_URL_DIFFERENCES.md:\n${lines.join('\n')}`);
  }
});

test('PARSE_URL_DIFFERENCES.md is up to date and each example is of its kind', async (t) => {
  if (!requireTool(t, php, 'php (php-cli)', PHP_HINT)) return;
  if (!requireTool(t, python, 'python3', PYTHON_HINT)) return;
  const { rows, markdown } = await exampleTable();
  const examples = KINDS.flatMap((kind) => rows[kind.id].map((row) => ({ ...row, expected: kind.id })));
  for (const e of examples) {
    assert.ok(!samplesAgree(e.py, e.php), `example ${show(e.url)} of ${e.expected}: PHP and Python agree on it`);
    if (e.py.valueError !== undefined) assert.equal(e.ours.code, 'KYC_INVALID_URL', `example ${show(e.url)}: ours must refuse it as Python does`);
    else assert.deepEqual([e.ours.path, e.ours.query], [e.py.path, e.py.query], `example ${show(e.url)}: ours must follow Python`);
  }
  const classified = await classify(examples, runBoth);
  for (const e of classified) assert.equal(e.kind, e.expected, `example ${show(e.url)} is classified as ${e.kind}`);
  assert.equal(withoutVersions(readDifferencesFile() ?? ''), withoutVersions(markdown),
    'PARSE_URL_DIFFERENCES.md is out of date: run node tests/cross-language/write-differences.mjs');
  t.diagnostic(`${KINDS.length} kinds, ${examples.length} examples, each classified as its kind`);
});

// ---------------------------------------------------------------- Veriff legacy X-SIGNATURE

const legacy = legacyCases(Rng.for('cross-language/legacy'), CASES);
const oursLegacy = legacy.map((c) => callOutcome('generateSignature', [c.payload, c.secret]));

function compareLegacy(t, label, digests) {
  const mismatches = new Mismatches(`generateSignature vs ${label}`);
  legacy.forEach((c, i) => {
    mismatches.check(oursLegacy[i], { ok: true, value: digests[i] }, i, { kind: c.kind, payload: c.payload, secret: c.secret });
  });
  const objects = legacy.filter((c) => c.kind === 'object').length;
  const bytes = legacy.filter((c) => c.kind === 'bytes' || !c.text).length;
  t.diagnostic(`seed ${SEED}: ${label}: ${legacy.length} cases, ${mismatches.count} mismatches ` +
    `(${objects} plain-object payloads, ${bytes} with raw bytes)`);
  mismatches.assertNone();
}

test('legacy X-SIGNATURE: generateSignature matches sha256(payload ‖ secret) from three independent tools', async (t) => {
  // One file per case holding payload bytes ‖ secret bytes, read by both command-line tools.
  const tools = sha256sum.found || openssl.found;
  await withFiles(tools ? legacy.map((c) => c.bytes) : [], async (dir, names) => {
    await t.test('sha256sum (coreutils), one run over a file per case', (st) => {
      if (!requireTool(st, sha256sum, 'sha256sum', 'Install coreutils.')) return;
      compareLegacy(st, `sha256sum (${sha256sum.version})`, sha256sumFiles(dir, names));
    });
    await t.test('openssl dgst -sha256, one run over the same files', (st) => {
      if (!requireTool(st, openssl, 'openssl', 'Install openssl (apt-get install -y openssl).')) return;
      compareLegacy(st, `openssl (${openssl.version})`, opensslFiles(dir, names));
    });
  });
  await t.test('Python hashlib, one process', async (st) => {
    if (!requireTool(st, python, 'python3', PYTHON_HINT)) return;
    // Text as text (the recipe concatenates strings, then encodes), raw bytes as hex.
    const lines = legacy.map((c) => c.text ?? { payloadHex: Buffer.from(c.payloadBytes).toString('hex'), secretHex: Buffer.from(c.secretBytes).toString('hex') });
    const { version, results } = await runPythonLegacy(lines);
    compareLegacy(st, `python hashlib (Python ${version})`, results.map((r) => r.sig));
  });
});
