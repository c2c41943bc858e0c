// `npx kyc-sign sign|verify|explain` against the packed package installed in
// a scratch project: every provider, exit codes 0/1/2, answers cross-checked
// with node:crypto recipes written here from the providers' documents, the
// `curl` and `http` outputs sent to the demo's emulator (which checks each
// signature on node:crypto itself), and no secret in any output.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startDemoServer } from '../../www/server/app.mjs';
import {
  CREDENTIALS,
  ROOT,
  otherSecret,
  WEBHOOK_SECRETS,
  assertError,
  file,
  hmacHex,
  installPackage,
  kycSign,
  projectDir,
  runs,
} from './helpers.mjs';

const started = Date.now();
let installed;
let emulator;
let rawEmulator;

before(async () => {
  installed = installPackage();
  const credentials = CREDENTIALS;
  emulator = await startDemoServer({ env: {}, credentials, log: () => {} });
  rawEmulator = await startDemoServer({ env: {}, credentials, urlMode: 'raw', log: () => {} });
});

after(async () => {
  await emulator?.close();
  await rawEmulator?.close();
  installed?.cleanup();
  console.log(`${runs.count} kyc-sign runs, each checked for secrets (${runs.checked}); ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

const envOf = (provider) => ({ KYC_API_KEY: CREDENTIALS[provider].apiKey, KYC_SECRET: CREDENTIALS[provider].secret });

/** `Name: value` lines into an object. */
function headerLines(text) {
  return Object.fromEntries(text.trimEnd().split('\n').map((line) => {
    const at = line.indexOf(': ');
    return [line.slice(0, at), line.slice(at + 2)];
  }));
}

// ---------------------------------------------------------------- node:crypto recipes

/** FaceVerify's Node sample: METHOD\nPATH\nQUERY\nAPIKEY\nCONTENT-TYPE\nBODY, PATH and QUERY from WHATWG URL. */
function faceVerifyCanonical(method, url, body, contentType, apiKey, mode = 'whatwg') {
  let path;
  let query;
  if (mode === 'raw') {
    const rest = url.replace(/^https?:\/\/[^/]*/, '');
    [path, query = ''] = rest.split(/\?(.*)/s);
  } else {
    const parsed = new URL(url);
    path = parsed.pathname;
    query = parsed.searchParams.toString();
  }
  return `${method}\n${path}\n${query}\n${apiKey}\n${contentType}\n${body}`;
}

/** Each webhook provider as its documentation says it signs. */
const WEBHOOK_RECIPES = {
  veriff: (body, secret) => ({ 'x-hmac-signature': hmacHex(secret, body), 'x-auth-client': CREDENTIALS.veriff.apiKey }),
  sumsub: (body, secret) => ({
    'x-payload-digest': createHmac('sha512', secret).update(body).digest('hex'),
    'x-payload-digest-alg': 'HMAC_SHA512_HEX',
  }),
  onfido: (body, secret) => ({ 'x-sha2-signature': hmacHex(secret, body) }),
  complycube: (body, secret) => ({ 'complycube-signature': hmacHex(secret, body) }),
  idenfy: (body, secret) => ({ 'idenfy-signature': hmacHex(secret, body) }),
  stripe: (body, secret, t) => ({ 'stripe-signature': `t=${t},v1=${hmacHex(secret, `${t}.`, body)}` }),
  persona: (body, secret, t) => ({ 'persona-signature': `t=${t},v1=${hmacHex(secret, `${t}.`, body)}` }),
  'standard-webhooks': (body, secret, t) => {
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const signature = createHmac('sha256', key).update(`msg_cli_1.${t}.`).update(body).digest('base64');
    return { 'webhook-id': 'msg_cli_1', 'webhook-timestamp': String(t), 'webhook-signature': `v1,${signature}` };
  },
};

const headerArgs = (headers) => Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]);

// ---------------------------------------------------------------- help and usage

describe('help and usage errors', () => {
  test('--help on every command, with examples; exit 0', () => {
    const main = kycSign(['--help'], { npx: true });
    assert.equal(main.status, 0);
    assert.match(main.stdout, /sign .*verify .*explain/s);
    for (const command of ['sign', 'verify', 'explain']) {
      const help = kycSign([command, '--help']);
      assert.equal(help.status, 0, command);
      assert.match(help.stdout, new RegExp(`^usage: kyc-sign ${command} `), command);
      assert.match(help.stdout, /Examples:\n {2}/, command);
      assert.match(help.stdout, /--secret-env NAME/, command);
      assert.equal(kycSign(['help', command]).stdout, help.stdout);
    }
  });

  test('no command, an unknown command or an unknown option: exit 2, one line with a code', () => {
    const none = kycSign([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /^usage: kyc-sign <command>/);
    const unknown = kycSign(['sigh']);
    assertError(unknown, 2, 'KYC_UNKNOWN_FIELD', /the first argument \(not shown: it could be a secret\) is not a command: the commands are sign, verify and explain/);
    assert.doesNotMatch(unknown.stderr, /sigh/);
    assertError(kycSign(['sign', '--provder', 'veriff']), 2, 'KYC_UNKNOWN_FIELD', /--provder is not an option of kyc-sign sign/);
    assertError(kycSign(['sign', '--provider', 'veriff', '--url', 'https://x/v1/sessions'], { env: envOf('veriff') }), 2, 'KYC_MISSING_FIELD', /--method is required/);
    assertError(kycSign(['sign', '--provider', 'veriff', '--method']), 2, 'KYC_MISSING_FIELD', /--method needs a value/);
    assertError(kycSign(['sign', '--format', 'yaml']), 2, 'KYC_INVALID_VALUE', /--format must be headers, json, curl or http/);
  });

  test('a secret or API key on the command line is refused, saying why, and never echoed', () => {
    const value = CREDENTIALS.veriff.secret;
    for (const args of [
      ['sign', '--secret', value],
      ['sign', `--secret=${value}`],
      ['verify', '--provider', 'onfido', '--secret', value],
      ['explain', '--api-key', value],
      ['sign', '--method', 'POST', '--app-token', value],
    ]) {
      const result = kycSign(args);
      assertError(result, 2, 'KYC_INVALID_VALUE', /ps and your shell history/);
      assert.match(result.stderr, /--(secret|api-key)-env NAME/);
    }
    // A secret typed where a variable name or a value goes is not shown either.
    assertError(kycSign(['sign', '--secret-env', value]), 2, 'KYC_INVALID_VALUE', /the value given is not shown/);
    assertError(kycSign(['sign', '--provider', 'veriff', value]), 2, 'KYC_INVALID_VALUE', /not shown: it could be a secret/);
  });

  test('a secret typed in the wrong place is never printed, whatever its shape', () => {
    // Shapes a variable-name check lets through (letters, digits, _), a key's
    // usual prefix, and one longer than the 60 characters the library quotes
    // (it shows those, then …).
    const values = [
      'Abc123SuperSecretKey9',
      'sk_live_51QxTestOnly9Zr2wX7Lm3pV6tBcd',
      'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      `sk_live_${'0123456789AbCdEfGhIj'.repeat(3)}Zz`,
    ];
    // What would show a value: itself, or its first 16 characters.
    const shapesOf = (value) => [value, value.slice(0, 16)].map((v) => v.toLowerCase());
    const url = 'https://stationapi.veriff.com/v1/sessions';
    const sign = ['sign', '--provider', 'veriff', '--method', 'POST', '--url', url];
    const verify = ['verify', '--provider', 'veriff', '--header', 'X-HMAC-SIGNATURE: 00', '--header', 'X-AUTH-CLIENT: k'];
    const explain = ['explain', '--provider', 'veriff', '--method', 'POST', '--url', url];
    const env = envOf('veriff');
    let body;
    for (const value of values) {
      body ??= file('hygiene.json', '{}');
      const cases = [
        // where a variable's NAME goes: a valid name, but not one that is set
        [[...sign, '--body', body, '--secret-env', value], 'KYC_MISSING_FIELD', /the variable named by --secret-env \(the name is not shown/],
        [[...sign, '--body', body, `--secret-env=${value}`], 'KYC_MISSING_FIELD', /the variable named by --secret-env/],
        [[...verify, '--body', body, '--secret-env', 'KYC_SECRET', '--secret-env', value], 'KYC_MISSING_FIELD', /the variable named by --secret-env \(the 2nd one\)/],
        [[...sign, '--body', body, '--api-key-env', value], 'KYC_MISSING_FIELD', /the variable named by --api-key-env/],
        [[...verify, '--body', body, '--api-key-env', value], 'KYC_MISSING_FIELD', /the variable named by --api-key-env/],
        [[...explain, '--api-key-env', value], 'KYC_MISSING_FIELD', /the variable named by --api-key-env/],
        // where a file goes
        [[...sign, '--body', body, '--secret-file', value], 'KYC_INVALID_VALUE', /cannot read the file given to --secret-file \(ENOENT; the path is not shown\)/],
        [[...sign, '--body', body, '--secret-file', `my ${value} value`], 'KYC_INVALID_VALUE', /--secret-file \(ENOENT/],
        [[...sign, '--body', value], 'KYC_INVALID_VALUE', /cannot read the file given to --body \(ENOENT/],
        [['verify', '--provider', 'veriff', '--headers', value, '--body', body], 'KYC_INVALID_VALUE', /cannot read the file given to --headers \(ENOENT/],
        // where the command goes, or as an argument or option of its own
        [[value, 'sign'], 'KYC_UNKNOWN_FIELD', /not a command: the commands are sign, verify and explain/],
        [['help', value], undefined],
        [[...sign, value], 'KYC_INVALID_VALUE', /unexpected argument/],
        [[...sign, `--provder=${value}`], 'KYC_UNKNOWN_FIELD', /--provder is not an option of kyc-sign sign \(its value, if any, is not shown\)/],
        [[...sign, `--help=${value}`], 'KYC_INVALID_VALUE', /--help takes no value/],
        // where another value goes
        [['sign', '--provider', value, '--method', 'POST', '--url', url], 'KYC_UNKNOWN_PROVIDER', /--provider must be veriff, faceverify, .* \(the value given is not shown/],
        [['verify', '--provider', value, '--header', 'X: 1', '--body', body], 'KYC_UNKNOWN_PROVIDER', /the value given is not shown/],
        [['sign', '--provider', 'veriff', '--method', value, '--url', url, '--body', body], 'KYC_INVALID_VALUE', /--method must be an HTTP method/],
        [['explain', '--provider', 'veriff', '--method', value, '--url', url], 'KYC_INVALID_VALUE', /--method must be an HTTP method/],
        [['sign', '--provider', 'veriff', '--method', 'POST', '--url', value, '--body', body], 'KYC_INVALID_URL', /url: /],
        [[...sign, '--body', body, '--format', value], 'KYC_INVALID_VALUE', /--format must be headers, json, curl or http \(the value given is not shown/],
        [[...explain, '--format', value], 'KYC_INVALID_VALUE', /--format must be text or json/],
        [[...sign, '--body', body, '--scheme', value], 'KYC_INVALID_VALUE', /--scheme must be hmac or legacy/],
        [[...verify, '--body', body, '--scheme', value], 'KYC_INVALID_VALUE', /--scheme must be hmac or legacy/],
        [[...sign, '--body', body, '--url-mode', value], 'KYC_INVALID_VALUE', /--url-mode must be whatwg or raw/],
        [[...sign, '--body', body, '--timestamp', value], 'KYC_INVALID_VALUE', /--timestamp must be whole seconds/],
        [[...verify, '--body', body, '--tolerance', value], 'KYC_INVALID_VALUE', /--tolerance must be a number/],
        [[...verify, '--body', body, '--now', value], 'KYC_INVALID_VALUE', /--now must be/],
        [[...explain, '--body', body, '--signature', value], 'KYC_INVALID_VALUE', /signature: expected 64 hex digits/],
        [['verify', '--provider', 'onfido', '--header', value, '--body', body], 'KYC_INVALID_VALUE', /--header 1: expected "Name: value"/],
      ];
      for (const [args, code, pattern] of cases) {
        const result = kycSign(args, { env });
        if (code === undefined) assert.equal(result.status, 0, args.join(' '));
        else assertError(result, 2, code, pattern);
        const printed = `${result.stdout}\n${result.stderr}`.toLowerCase();
        for (const shape of shapesOf(value)) {
          assert.ok(!printed.includes(shape), `kyc-sign ${args.join(' ')} printed the value typed in the wrong place: ${result.stderr}`);
        }
      }
    }
  });

  test('a value the library quotes with an invisible character escaped is not shown either', () => {
    // The library writes U+200B as \\u{200b} inside its quotes: neither form may appear.
    const value = 'Key\u200bAbc123Secret';
    const result = kycSign(['sign', '--provider', 'veriff', '--method', 'POST', '--url', value, '--body', file('hygiene3.json', '{}')], { env: envOf('veriff') });
    assertError(result, 2, 'KYC_INVALID_URL', /url: /);
    const printed = `${result.stdout}\n${result.stderr}`.toLowerCase();
    for (const shape of [value, value.replace('\u200b', '\\u{200b}'), 'abc123secret']) assert.ok(!printed.includes(shape.toLowerCase()), result.stderr);
  });

  test('a secret file that is empty is named by its option, not its path', () => {
    const url = 'https://stationapi.veriff.com/v1/sessions';
    const empty = file('Abc123SuperSecretKey9', '\n');
    const args = ['sign', '--provider', 'veriff', '--method', 'POST', '--url', url, '--body', file('hygiene2.json', '{}')];
    const one = kycSign([...args, '--secret-file', empty], { env: envOf('veriff') });
    assertError(one, 2, 'KYC_INVALID_VALUE', /the secret: the file given to --secret-file is empty \(the path is not shown\)/);
    assert.doesNotMatch(one.stderr, /Abc123SuperSecretKey9/);
    const verify = ['verify', '--provider', 'onfido', '--header', 'X-SHA2-Signature: 00', '--body', 'hygiene2.json'];
    const second = kycSign([...verify, '--secret-file', file('ok.secret', 's'), '--secret-file', empty], { env: envOf('veriff') });
    assertError(second, 2, 'KYC_INVALID_VALUE', /--secret-file \(the 2nd one\) is empty/);
  });

  test('a secret that is not set, empty or has a newline: exit 2 with the code', () => {
    const args = ['sign', '--provider', 'veriff', '--method', 'POST', '--url', 'https://stationapi.veriff.com/v1/sessions', '--body', file('empty.json', '{}')];
    assertError(kycSign(args, { env: { KYC_API_KEY: 'k' } }), 2, 'KYC_MISSING_FIELD', /KYC_SECRET is not set/);
    // The default names are shown; a name given is not (a secret typed there may be a valid name).
    const named = kycSign([...args, '--secret-env', 'VERIFF_SECRET'], { env: { KYC_API_KEY: 'k' } });
    assertError(named, 2, 'KYC_MISSING_FIELD', /the secret: the variable named by --secret-env \(the name is not shown: it could be a secret\) is not set/);
    assert.doesNotMatch(named.stderr, /VERIFF_SECRET/);
    assertError(kycSign([...args, '--secret-env', 'VERIFF_SECRET'], { env: { KYC_API_KEY: 'k', VERIFF_SECRET: '' } }), 2, 'KYC_INVALID_VALUE', /the variable named by --secret-env .* is empty/);
    assertError(kycSign(args, { env: { KYC_API_KEY: 'k', KYC_SECRET: '' } }), 2, 'KYC_INVALID_VALUE', /KYC_SECRET is empty/);
    assertError(kycSign(args, { env: { KYC_SECRET: 's' } }), 2, 'KYC_MISSING_FIELD', /KYC_API_KEY is not set/);
    // The library's own check: a newline kept from a .env file would sign and never verify.
    assertError(kycSign(args, { env: { KYC_API_KEY: 'k', KYC_SECRET: `${CREDENTIALS.veriff.secret}\n` } }), 2, 'KYC_INVALID_VALUE', /secret: has leading or trailing whitespace/);
  });
});

// ---------------------------------------------------------------- sign

describe('sign', () => {
  const veriffUrl = 'https://stationapi.veriff.com/v1/sessions';
  const veriffBody = '{"verification":{"vendorData":"user-42","timestamp":"2026-11-21T10:00:00.123Z"}}';

  test('veriff: the headers of a POST sign the body bytes; json has the very body', () => {
    const body = file('veriff.json', veriffBody);
    const result = kycSign(['sign', '--provider', 'veriff', '--method', 'post', '--url', veriffUrl, '--body', body], { env: envOf('veriff'), npx: true });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(headerLines(result.stdout), {
      'Content-Type': 'application/json',
      'X-AUTH-CLIENT': CREDENTIALS.veriff.apiKey,
      'X-HMAC-SIGNATURE': hmacHex(CREDENTIALS.veriff.secret, veriffBody),
    });
    const json = kycSign(['sign', '--provider', 'veriff', '--method', 'POST', '--url', veriffUrl, '--body', '-', '--format', 'json'], { env: envOf('veriff'), input: veriffBody });
    assert.equal(json.status, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), { method: 'POST', url: veriffUrl, headers: headerLines(result.stdout), body: veriffBody });
  });

  test('veriff: a GET signs the session id; legacy X-SIGNATURE; the secret from a file', () => {
    const url = `${veriffUrl}/f04bdb47-d3be-4b28-b028-a652feb060b5/decision`;
    const { secret } = CREDENTIALS.veriff;
    const get = kycSign(['sign', '--provider', 'veriff', '--method', 'GET', '--url', url], { env: envOf('veriff') });
    assert.equal(headerLines(get.stdout)['X-HMAC-SIGNATURE'], hmacHex(secret, 'f04bdb47-d3be-4b28-b028-a652feb060b5'));
    const legacy = kycSign(['sign', '--provider', 'veriff', '--method', 'GET', '--url', url, '--scheme', 'legacy'], { env: envOf('veriff') });
    assert.equal(headerLines(legacy.stdout)['X-SIGNATURE'], createHash('sha256').update(`f04bdb47-d3be-4b28-b028-a652feb060b5${secret}`).digest('hex'));
    // One trailing newline of a secret file is not part of the secret.
    for (const ending of ['\n', '\r\n']) {
      const fromFile = kycSign(['sign', '--provider', 'veriff', '--method', 'GET', '--url', url, '--secret-file', file('veriff.secret', `${secret}${ending}`)], {
        env: { KYC_API_KEY: CREDENTIALS.veriff.apiKey },
      });
      assert.equal(fromFile.stdout, get.stdout);
    }
    const twoNewlines = kycSign(['sign', '--provider', 'veriff', '--method', 'GET', '--url', url, '--secret-file', file('veriff2.secret', `${secret}\n\n`)], {
      env: { KYC_API_KEY: CREDENTIALS.veriff.apiKey },
    });
    assertError(twoNewlines, 2, 'KYC_INVALID_VALUE', /secret: has leading or trailing whitespace/);
    assertError(kycSign(['sign', '--provider', 'veriff', '--method', 'GET', '--url', `${veriffUrl}`], { env: envOf('veriff') }), 2, 'KYC_UNSIGNABLE_REQUEST');
  });

  test('faceverify: the canonical string of its Node sample (whatwg) or its Python sample (raw)', () => {
    const url = 'https://start.faceverify.ai/api/v1/session?ref=a~b&lang=en';
    const text = '{"country":"US","uniqueIdentifier":"user123"}';
    const body = file('faceverify.json', text);
    const { apiKey, secret } = CREDENTIALS.faceverify;
    for (const mode of ['whatwg', 'raw']) {
      const result = kycSign(['sign', '--provider', 'faceverify', '--method', 'POST', '--url', url, '--body', body, '--url-mode', mode], { env: envOf('faceverify'), npx: true });
      assert.equal(result.status, 0, result.stderr);
      const expected = hmacHex(secret, faceVerifyCanonical('POST', url, text, 'application/json', apiKey, mode));
      assert.deepEqual(headerLines(result.stdout), { 'Content-Type': 'application/json', 'x-auth-client': apiKey, 'x-hmac-signature': expected }, mode);
    }
    const typed = kycSign(['sign', '--provider', 'faceverify', '--method', 'POST', '--url', url, '--body', body, '--content-type', 'application/json; charset=utf-8'], { env: envOf('faceverify') });
    assert.equal(headerLines(typed.stdout)['x-hmac-signature'], hmacHex(secret, faceVerifyCanonical('POST', url, text, 'application/json; charset=utf-8', apiKey)));
    assertError(kycSign(['sign', '--provider', 'faceverify', '--method', 'POST', '--url', 'not a url', '--body', body], { env: envOf('faceverify') }), 2, 'KYC_INVALID_URL');
    assertError(kycSign(['sign', '--provider', 'faceverify', '--method', 'POST', '--url', url, '--scheme', 'legacy'], { env: envOf('faceverify') }), 2, 'KYC_INVALID_VALUE', /scheme: applies to Veriff only/);
  });

  test('sumsub: ts + METHOD + path and query + body, at the --timestamp given', () => {
    const url = 'https://api.sumsub.com/resources/applicants?levelName=basic-kyc-level';
    const text = '{"externalUserId":"user-42"}';
    const result = kycSign(['sign', '--provider', 'sumsub', '--method', 'POST', '--url', url, '--body', file('sumsub.json', text), '--timestamp', '1796126400'], { env: envOf('sumsub'), npx: true });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(headerLines(result.stdout), {
      'Content-Type': 'application/json',
      'X-App-Token': CREDENTIALS.sumsub.apiKey,
      'X-App-Access-Ts': '1796126400',
      'X-App-Access-Sig': hmacHex(CREDENTIALS.sumsub.secret, '1796126400POST/resources/applicants?levelName=basic-kyc-level', text),
    });
    assertError(kycSign(['sign', '--provider', 'sumsub', '--method', 'GET', '--url', url, '--timestamp', 'soon'], { env: envOf('sumsub') }), 2, 'KYC_INVALID_VALUE', /--timestamp must be whole seconds/);
  });

  test('a webhook-only or unknown provider, and curl from standard input: exit 2', () => {
    const args = ['--method', 'POST', '--url', 'https://api.example.com/x', '--body', file('x.json', '{}')];
    assertError(kycSign(['sign', '--provider', 'onfido', ...args], { env: envOf('veriff') }), 2, 'KYC_INVALID_VALUE', /signs no requests for Onfido/);
    assertError(kycSign(['sign', '--provider', 'acme', ...args], { env: envOf('veriff') }), 2, 'KYC_UNKNOWN_PROVIDER');
    assertError(kycSign(['sign', '--provider', 'veriff', '--method', 'POST', '--url', 'https://x/v1/sessions', '--body', '-', '--format', 'curl'], { env: envOf('veriff'), input: '{}' }), 2, 'KYC_INVALID_VALUE', /save it to a file/);
  });
});

// ---------------------------------------------------------------- curl and http against the emulator

/**
 * Runs a printed curl command with `extra` arguments appended, in the scratch
 * project; resolves to its stdout. Asynchronous: the emulator answers from
 * this very process.
 */
function runCurl(command, extra) {
  assert.match(command, /^curl /);
  assert.doesNotMatch(command, /--data(-binary)? '[^@]/, 'the body is never inlined');
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', `${command.trimEnd()} ${extra}`], { cwd: projectDir(), timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`curl failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
  });
}

describe('curl and raw HTTP output, sent to the demo emulator', () => {
  test('veriff: create a session with curl, verify the signed response, then read its decision', async () => {
    const origin = emulator.origin;
    const text = '{"verification":{"person":{"firstName":"Ada","lastName":"Lovelace"},"vendorData":"cli-1","timestamp":"2026-11-21T10:00:00.123Z"}}';
    const curl = kycSign(['sign', '--provider', 'veriff', '--method', 'POST', '--url', `${origin}/v1/sessions`, '--body', file('session.json', text), '--format', 'curl'], { env: envOf('veriff') });
    assert.equal(curl.status, 0, curl.stderr);
    assert.match(curl.stdout, /--data-binary '@session\.json'/);
    const status = await runCurl(curl.stdout, "-sS -D created.headers -o created.json -w '%{http_code}'");
    assert.equal(status, '201', readFileSync(join(projectDir(), 'created.json'), 'utf8'));
    const verified = kycSign(['verify', '--provider', 'veriff', '--response', '--headers', 'created.headers', '--body', 'created.json', '--api-key-env', 'KYC_API_KEY'], { env: envOf('veriff') });
    assert.equal(verified.status, 0, verified.stderr);
    assert.match(verified.stdout, /^verified: /);
    // The response tampered with: exit 1, with the code.
    const created = readFileSync(join(projectDir(), 'created.json'), 'utf8');
    file('tampered.json', created.replace('"created"', '"approved"'));
    assertError(kycSign(['verify', '--provider', 'veriff', '--response', '--headers', 'created.headers', '--body', 'tampered.json'], { env: envOf('veriff') }), 1, 'KYC_SIGNATURE_MISMATCH');

    const { id } = JSON.parse(created).verification;
    const decision = kycSign(['sign', '--provider', 'veriff', '--method', 'GET', '--url', `${origin}/v1/sessions/${id}/decision`, '--format', 'curl'], { env: envOf('veriff') });
    assert.equal(await runCurl(decision.stdout, "-sS -D decision.headers -o decision.json -w '%{http_code}'"), '200');
    const read = kycSign(['verify', '--provider', 'veriff', '--response', '--headers', 'decision.headers', '--body', 'decision.json'], { env: envOf('veriff') });
    assert.equal(read.status, 0, read.stderr);
  });

  test('faceverify in both URL modes, and sumsub, accepted by the emulator', async () => {
    const fvBody = file('fv-session.json', '{"country":"US","uniqueIdentifier":"user123"}');
    for (const [mode, server] of [['whatwg', emulator], ['raw', rawEmulator]]) {
      const url = `${server.origin}/api/v1/session?ref=a~b`;
      const curl = kycSign(['sign', '--provider', 'faceverify', '--method', 'POST', '--url', url, '--body', fvBody, '--url-mode', mode, '--format', 'curl'], { env: envOf('faceverify') });
      assert.equal(await runCurl(curl.stdout, "-sS -o fv-created.json -w '%{http_code}'"), '200', `${mode}: ${readFileSync(join(projectDir(), 'fv-created.json'), 'utf8')}`);
      // Signed the other way, the emulator refuses it: the modes really differ for this URL.
      const other = mode === 'raw' ? 'whatwg' : 'raw';
      const wrong = kycSign(['sign', '--provider', 'faceverify', '--method', 'POST', '--url', url, '--body', fvBody, '--url-mode', other, '--format', 'curl'], { env: envOf('faceverify') });
      assert.equal(await runCurl(wrong.stdout, "-sS -o /dev/null -w '%{http_code}'"), '401', mode);
    }
    const url = `${emulator.origin}/resources/applicants?levelName=basic-kyc-level`;
    const curl = kycSign(['sign', '--provider', 'sumsub', '--method', 'POST', '--url', url, '--body', file('applicant.json', '{"externalUserId":"cli-42"}'), '--format', 'curl'], { env: envOf('sumsub') });
    assert.equal(await runCurl(curl.stdout, "-sS -o applicant-created.json -w '%{http_code}'"), '201', readFileSync(join(projectDir(), 'applicant-created.json'), 'utf8'));
  });

  test('--format http is a request the emulator accepts as sent over a socket', async () => {
    const text = '{"country":"US","uniqueIdentifier":"user-http"}';
    const result = kycSign(['sign', '--provider', 'faceverify', '--method', 'POST', '--url', `${emulator.origin}/api/v1/session`, '--body', file('fv-http.json', text), '--format', 'http'], { env: envOf('faceverify'), raw: true });
    assert.equal(result.status, 0, result.stderr);
    const request = result.stdout;
    assert.ok(request.toString('latin1').startsWith('POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1:'));
    assert.ok(request.subarray(request.length - text.length).equals(Buffer.from(text)));
    const answer = await new Promise((resolve, reject) => {
      const socket = connect(emulator.server.address().port, '127.0.0.1', () => {
        socket.end(Buffer.concat([request.subarray(0, request.indexOf('\r\n\r\n')), Buffer.from('\r\nConnection: close'), request.subarray(request.indexOf('\r\n\r\n'))]));
      });
      const chunks = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 200 /, answer);
  });
});

// ---------------------------------------------------------------- verify

describe('verify: every webhook provider', () => {
  const body = '{"id":"evt_cli_1","type":"verification.completed","data":{"status":"approved"}}';

  for (const provider of Object.keys(WEBHOOK_RECIPES)) {
    test(`${provider}: 0 when it verifies (any secret of a rotation), 1 tampered, with another secret or no signature`, () => {
      const secret = WEBHOOK_SECRETS[provider];
      const now = Math.floor(Date.now() / 1000);
      const headers = WEBHOOK_RECIPES[provider](body, secret, now);
      const env = { KYC_SECRET: secret };
      const bodyFile = file(`${provider}-webhook.json`, body);

      const ok = kycSign(['verify', '--provider', provider, ...headerArgs(headers), '--body', bodyFile], { env, npx: true });
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stdout, `verified: the ${provider} webhook's signature matches its body\n`);
      // From standard input, headers from a file as curl -D writes them, the secret one of two.
      const headersFile = file(`${provider}.headers`, `HTTP/1.1 200 OK\r\n${Object.entries(headers).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`);
      const rotated = kycSign(['verify', '--provider', provider, '--headers', headersFile, '--body', '-', '--secret-env', 'OLD', '--secret-env', 'NEW'], {
        env: { OLD: otherSecret(provider), NEW: secret },
        input: body,
      });
      assert.equal(rotated.status, 0, rotated.stderr);

      const tampered = kycSign(['verify', '--provider', provider, ...headerArgs(headers), '--body', '-'], { env, input: body.replace('approved', 'declined') });
      assertError(tampered, 1, 'KYC_SIGNATURE_MISMATCH');
      assertError(kycSign(['verify', '--provider', provider, ...headerArgs(headers), '--body', bodyFile], { env: { KYC_SECRET: otherSecret(provider) } }), 1, 'KYC_SIGNATURE_MISMATCH');
      assertError(kycSign(['verify', '--provider', provider, '--header', 'X-Other: 1', '--body', bodyFile], { env }), 1, 'KYC_SIGNATURE_MISSING');
    });
  }

  test('a re-serialised body is 1 with the diagnosis; no headers or no body is 2', () => {
    const headers = WEBHOOK_RECIPES.onfido(body, WEBHOOK_SECRETS.onfido);
    const env = { KYC_SECRET: WEBHOOK_SECRETS.onfido };
    const reformatted = kycSign(['verify', '--provider', 'onfido', ...headerArgs(headers), '--body', '-'], { env, input: JSON.stringify(JSON.parse(body), null, 2) });
    assertError(reformatted, 1, 'KYC_SIGNATURE_MISMATCH', /raw request body/);
    assertError(kycSign(['verify', '--provider', 'onfido', '--body', file('onfido-x.json', body)], { env }), 2, 'KYC_MISSING_FIELD', /no headers given/);
    assertError(kycSign(['verify', '--provider', 'onfido', ...headerArgs(headers)], { env }), 2, 'KYC_MISSING_FIELD', /--body is required/);
    assertError(kycSign(['verify', '--provider', 'acme', ...headerArgs(headers), '--body', 'onfido-x.json'], { env }), 2, 'KYC_UNKNOWN_PROVIDER');
  });

  test('timestamps: an old message is 1 with how old; --now and --tolerance move the window', () => {
    const secret = WEBHOOK_SECRETS.stripe;
    const t = 1796126400;
    const headers = WEBHOOK_RECIPES.stripe(body, secret, t);
    const args = ['verify', '--provider', 'stripe', ...headerArgs(headers), '--body', file('stripe-old.json', body)];
    assertError(kycSign(args, { env: { KYC_SECRET: secret } }), 1, 'KYC_TIMESTAMP_OUT_OF_TOLERANCE');
    assert.equal(kycSign([...args, '--now', '2026-12-01T12:04:00Z'], { env: { KYC_SECRET: secret } }).status, 0);
    assertError(kycSign([...args, '--now', String(t + 600)], { env: { KYC_SECRET: secret } }), 1, 'KYC_TIMESTAMP_OUT_OF_TOLERANCE', /600 s old/);
    assert.equal(kycSign([...args, '--now', String(t + 600), '--tolerance', '900'], { env: { KYC_SECRET: secret } }).status, 0);
    assertError(kycSign([...args, '--now', 'yesterday'], { env: { KYC_SECRET: secret } }), 2, 'KYC_INVALID_VALUE', /--now must be/);
  });

  test('veriff: X-AUTH-CLIENT checked with --api-key-env, a malformed header line, --response for another provider', () => {
    const headers = WEBHOOK_RECIPES.veriff(body, CREDENTIALS.veriff.secret);
    const args = ['verify', '--provider', 'veriff', ...headerArgs(headers), '--body', file('veriff-webhook.json', body)];
    assert.equal(kycSign([...args, '--api-key-env', 'KYC_API_KEY'], { env: envOf('veriff') }).status, 0);
    assertError(kycSign([...args, '--api-key-env', 'OTHER_KEY'], { env: { ...envOf('veriff'), OTHER_KEY: 'another-key' } }), 1, 'KYC_AUTH_CLIENT_MISMATCH');
    assertError(kycSign([...args, '--header', 'no colon here'], { env: envOf('veriff') }), 2, 'KYC_INVALID_VALUE', /--header 3: expected "Name: value"/);
    const sumsub = ['verify', '--provider', 'sumsub', '--response', ...headerArgs(headers), '--body', file('veriff-webhook.json', body)];
    assertError(kycSign(sumsub, { env: envOf('veriff') }), 2, 'KYC_INVALID_VALUE', /verifies Veriff's signed responses/);
  });
});

// ---------------------------------------------------------------- explain

describe('explain', () => {
  const fvUrl = 'https://start.faceverify.ai/api/v1/session?name=Zo%C3%AB+Smith&tag=~x';
  const fvText = '{"country": "US", "uniqueIdentifier": "user123"}\n';

  test('veriff: the id of a GET, the body of a POST; no secret is read without --signature', () => {
    const url = 'https://stationapi.veriff.com/v1/sessions/f04bdb47-d3be-4b28-b028-a652feb060b5/decision';
    const get = kycSign(['explain', '--provider', 'veriff', '--method', 'GET', '--url', url], { npx: true });
    assert.equal(get.status, 0, get.stderr);
    assert.match(get.stdout, /^signs {6}the id in the path$/m);
    assert.match(get.stdout, /^header {5}X-HMAC-SIGNATURE$/m);
    assert.match(get.stdout, /^ {2}│f04bdb47-d3be-4b28-b028-a652feb060b5│$/m);
    const post = kycSign(['explain', '--provider', 'veriff', '--method', 'POST', '--url', 'https://stationapi.veriff.com/v1/sessions', '--body', file('explain.json', '{"a":1}\n'), '--format', 'json']);
    assert.deepEqual(JSON.parse(post.stdout), { header: 'X-HMAC-SIGNATURE', label: 'the raw body', message: '{"a":1}\n' });
  });

  test('faceverify: the canonical string, each \\n shown; json gives it exactly', () => {
    const body = file('fv-explain.json', fvText);
    const env = { KYC_API_KEY: CREDENTIALS.faceverify.apiKey };
    const text = kycSign(['explain', '--provider', 'faceverify', '--method', 'post', '--url', fvUrl, '--body', body], { env });
    assert.equal(text.status, 0, text.stderr);
    const expected = faceVerifyCanonical('POST', fvUrl, fvText, 'application/json', CREDENTIALS.faceverify.apiKey);
    const shown = expected.split('\n').map((line, i, all) => `  │${line}${i < all.length - 1 ? '\\n' : ''}│`).join('\n');
    assert.ok(text.stdout.includes(`\n${shown}\n`), text.stdout);
    assert.match(text.stdout, /^signs {6}the canonical string METHOD\\nPATH\\nQUERY\\nAPIKEY\\nCONTENT-TYPE\\nBODY$/m);
    const json = kycSign(['explain', '--provider', 'faceverify', '--method', 'POST', '--url', fvUrl, '--body', body, '--url-mode', 'raw', '--format', 'json'], { env });
    assert.equal(JSON.parse(json.stdout).message, faceVerifyCanonical('POST', fvUrl, fvText, 'application/json', CREDENTIALS.faceverify.apiKey, 'raw'));
    assertError(kycSign(['explain', '--provider', 'faceverify', '--method', 'POST', '--url', fvUrl]), 2, 'KYC_MISSING_FIELD', /KYC_API_KEY is not set/);
  });

  test('sumsub: the string-to-sign at --timestamp', () => {
    const result = kycSign(['explain', '--provider', 'sumsub', '--method', 'POST', '--url', 'https://api.sumsub.com/resources/applicants?levelName=basic', '--body', file('sumsub-explain.json', '{}'), '--timestamp', '1796126400', '--format', 'json']);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      header: 'X-App-Access-Sig',
      label: 'the string-to-sign: X-App-Access-Ts + METHOD + path and query as sent + body',
      message: '1796126400POST/resources/applicants?levelName=basic{}',
    });
  });

  test('--signature: 0 when it matches; 1 naming what differs (method case, URL mode, newline, secret whitespace, JSON re-serialised)', () => {
    const { apiKey, secret } = CREDENTIALS.faceverify;
    const env = { KYC_API_KEY: apiKey, KYC_SECRET: secret };
    const args = ['explain', '--provider', 'faceverify', '--method', 'POST', '--url', fvUrl, '--body', file('fv-diagnose.json', fvText)];
    const sign = (method, mode, body, key = secret, contentType = 'application/json') => hmacHex(key, faceVerifyCanonical(method, fvUrl, body, contentType, apiKey, mode));

    const matches = kycSign([...args, '--signature', sign('POST', 'whatwg', fvText).toUpperCase()], { env });
    assert.equal(matches.status, 0, matches.stderr);
    assert.match(matches.stdout, /^matches {4}yes$/m);

    const cases = [
      [sign('post', 'whatwg', fvText), /the method in lower case \("post"\)/],
      [sign('POST', 'raw', fvText), /urlMode "raw" instead of "whatwg"/],
      [sign('POST', 'whatwg', fvText.trimEnd()), /the body without its final newline \(\\n\)/],
      [sign('POST', 'whatwg', JSON.stringify(JSON.parse(fvText))), /compact JSON/],
      [sign('POST', 'whatwg', fvText, `${secret}\n`), /the secret with a newline \(\\n\) after it/],
      [sign('POST', 'whatwg', fvText, secret, 'application/json; charset=utf-8'), /the content type "application\/json; charset=utf-8"/],
    ];
    for (const [signature, difference] of cases) {
      const result = kycSign([...args, '--signature', signature], { env });
      assertError(result, 1, 'KYC_SIGNATURE_MISMATCH', /would match with one change/);
      assert.match(result.stdout, /^matches {4}no$/m);
      assert.match(result.stdout, /^it would match with:$/m);
      assert.match(result.stdout, difference);
    }
    const unexplained = kycSign([...args, '--signature', 'ab'.repeat(32)], { env });
    assertError(unexplained, 1, 'KYC_SIGNATURE_MISMATCH');
    assert.match(unexplained.stdout, /none of the usual differences explains it/);

    assertError(kycSign([...args, '--signature', 'abc'], { env }), 2, 'KYC_INVALID_VALUE', /signature: expected 64 hex digits/);
    assertError(kycSign([...args, '--signature', 'ab'.repeat(32)], { env: { KYC_API_KEY: apiKey } }), 2, 'KYC_MISSING_FIELD', /KYC_SECRET is not set/);
  });

  test('--signature for veriff (the legacy scheme) and sumsub (the query left out)', () => {
    const { secret } = CREDENTIALS.veriff;
    const veriff = ['explain', '--provider', 'veriff', '--method', 'POST', '--url', 'https://stationapi.veriff.com/v1/sessions', '--body', file('v.json', '{"verification":{}}')];
    const legacy = createHash('sha256').update(`{"verification":{}}${secret}`).digest('hex');
    const result = kycSign([...veriff, '--signature', legacy], { env: { KYC_SECRET: secret } });
    assertError(result, 1, 'KYC_SIGNATURE_MISMATCH');
    assert.match(result.stdout, /scheme "legacy" instead of "hmac"/);
    assert.equal(kycSign([...veriff, '--scheme', 'legacy', '--signature', legacy], { env: { KYC_SECRET: secret } }).status, 0);

    const sumsub = ['explain', '--provider', 'sumsub', '--method', 'POST', '--url', 'https://api.sumsub.com/resources/applicants?levelName=basic', '--body', file('s.json', '{}'), '--timestamp', '1796126400'];
    const pathOnly = hmacHex(CREDENTIALS.sumsub.secret, '1796126400POST/resources/applicants{}');
    const diagnosed = kycSign([...sumsub, '--signature', pathOnly], { env: { KYC_SECRET: CREDENTIALS.sumsub.secret } });
    assertError(diagnosed, 1, 'KYC_SIGNATURE_MISMATCH');
    assert.match(diagnosed.stdout, /the URL without its query string/);
  });
});

// ---------------------------------------------------------------- the README

describe('README "Command line"', () => {
  test('its shell example runs as written, printing what its "# " lines show', async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Command line\n'), readme.indexOf('\n## ', readme.indexOf('\n## Command line\n') + 1));
    const blocks = [...section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
    assert.equal(blocks.length, 1, 'one sh block in the section');
    // A "# " line right after a command (or its output) is output; after a blank line it is a comment.
    const expected = [];
    let afterCommand = false;
    for (const line of blocks[0].split('\n')) {
      if (line.trim() === '') afterCommand = false;
      else if (!line.startsWith('#')) afterCommand = true;
      else if (afterCommand) expected.push(line.replace(/^# ?/, ''));
    }
    assert.ok(expected.length > 20, `${expected.length} lines of output documented`);
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KYC_')));
    const printed = await new Promise((resolve, reject) => {
      execFile('bash', ['-c', `exec 2>&1\n${blocks[0]}`], { cwd: projectDir(), env: { ...env, npm_config_offline: 'true' }, timeout: 30_000 }, (err, stdout) => {
        if (err) reject(err);
        else resolve(stdout);
      });
    });
    assert.deepEqual(printed.trimEnd().split('\n'), expected);
  });
});
