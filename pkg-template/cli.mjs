#!/usr/bin/env node
// kyc-sign's command line: sign a request, verify a webhook, explain what is
// signed. Every rule is the package's own (this file only reads arguments,
// files and the environment, and prints); secrets come from the environment
// or a file, never from the command line, and are never printed.
//
// Exit codes: 0 done (signed, verified, matches), 1 a signature that does
// not verify or match, 2 a usage or input error.

import { readFileSync } from 'node:fs';
import * as util from 'node:util';
import kyc from '../node/index.cjs';

const { signRequest, verifyWebhook, verifyResponse, explainRequest, KycError } = kyc;

const REQUEST_PROVIDERS = 'veriff, faceverify, sumsub';
const WEBHOOK_PROVIDERS = 'veriff, sumsub, onfido, complycube, idenfy, stripe, persona, standard-webhooks';
/** Every provider the package knows; the library says what each one does not do. */
const PROVIDERS = ['veriff', 'faceverify', 'sumsub', 'onfido', 'complycube', 'idenfy', 'stripe', 'persona', 'standard-webhooks'];
/** The HTTP methods --method takes (any case): anything else is not echoed back by an error. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'];
/** kyc-sign's own words, which an error may name: never scrubbed from one (see scrub). */
const OWN_WORDS = new Set([...PROVIDERS, ...METHODS.map((m) => m.toLowerCase()), 'hmac', 'legacy', 'whatwg', 'raw', 'headers', 'json', 'curl', 'http', 'text']);

// Options that would put a secret on the command line, where `ps` and shell history show it.
const REFUSED = new Set(['secret', 'api-key', 'apikey', 'secret-key', 'app-token', 'token', 'password', 'key']);

const SECRET_OPTIONS = {
  'secret-env': { type: 'string', multiple: true },
  'secret-file': { type: 'string', multiple: true },
};
const API_KEY_OPTION = { 'api-key-env': { type: 'string' } };
/** What describes a request to sign: what `sign` and `explain` both take. */
const REQUEST_OPTIONS = {
  provider: { type: 'string' },
  method: { type: 'string' },
  url: { type: 'string' },
  body: { type: 'string' },
  'content-type': { type: 'string' },
  scheme: { type: 'string' },
  'url-mode': { type: 'string' },
  timestamp: { type: 'string' },
};
const HELP_OPTION = { help: { type: 'boolean', short: 'h' } };

const SECRETS_HELP = `Secrets (never on the command line: ps and shell history would show them):
  --secret-env NAME     read the secret from the environment variable NAME (default KYC_SECRET)
  --secret-file FILE    read it from FILE; one trailing newline (\\n or \\r\\n) is removed, nothing else
  --api-key-env NAME    read the API key from NAME (default KYC_API_KEY); for Sumsub it is the
                        app token (X-App-Token)`;

const COMMANDS = {
  sign: {
    options: {
      ...REQUEST_OPTIONS,
      format: { type: 'string' },
      ...SECRET_OPTIONS,
      ...API_KEY_OPTION,
      ...HELP_OPTION,
    },
    run: sign,
    help: `usage: kyc-sign sign --provider P --method M --url U [--body FILE | --body -] [options]

Signs a request as signRequest() does and prints it.

  --provider P          ${REQUEST_PROVIDERS}
  --method M            the HTTP method (upper-cased, as it is sent)
  --url U               the absolute URL
  --body FILE           the exact bytes to send, read from FILE; - reads standard input
  --content-type T      default application/json
  --format F            headers (default): one "Name: value" line per header
                        json: {"method","url","headers","body"} (bodyBase64 when not UTF-8)
                        curl: a runnable curl command; the body is sent from FILE with
                              --data-binary @FILE, never inlined (so --body - cannot be used:
                              save the body to a file first)
                        http: the raw HTTP/1.1 request, body included
  --scheme S            Veriff: hmac (X-HMAC-SIGNATURE, default) or legacy (X-SIGNATURE)
  --url-mode M          FaceVerify: whatwg (default, its Node sample) or raw (its Python/PHP samples)
  --timestamp SECONDS   Sumsub: the X-App-Access-Ts to sign at (default: now)

${SECRETS_HELP}

Examples:
  export KYC_API_KEY=… KYC_SECRET=…          # or: --secret-file ~/.config/veriff.secret
  kyc-sign sign --provider veriff --method POST --url https://stationapi.veriff.com/v1/sessions --body session.json
  kyc-sign sign --provider veriff --method GET \\
    --url https://stationapi.veriff.com/v1/sessions/f04bdb47-d3be-4b28-b028-a652feb060b5/decision --format curl | sh
  kyc-sign sign --provider faceverify --method POST --url https://start.faceverify.ai/api/v1/session \\
    --body body.json --url-mode raw --format json
  kyc-sign sign --provider sumsub --method POST \\
    --url 'https://api.sumsub.com/resources/applicants?levelName=basic-kyc-level' --body applicant.json --format http

Exit status: 0 signed, 2 a usage or input error (the line printed says which, with its KYC_ code).`,
  },
  verify: {
    options: {
      provider: { type: 'string' },
      header: { type: 'string', multiple: true },
      headers: { type: 'string' },
      body: { type: 'string' },
      response: { type: 'boolean' },
      scheme: { type: 'string' },
      'integration-id': { type: 'string' },
      tolerance: { type: 'string' },
      now: { type: 'string' },
      ...SECRET_OPTIONS,
      ...API_KEY_OPTION,
      ...HELP_OPTION,
    },
    run: verify,
    help: `usage: kyc-sign verify --provider P (--header 'Name: value' … | --headers FILE) --body FILE|- [options]

Verifies a webhook as verifyWebhook() does (with --response, a Veriff API
response, as verifyResponse() does) over the exact bytes of the body.

  --provider P          ${WEBHOOK_PROVIDERS}
  --header 'N: v'       a header as received; repeat it for each header
  --headers FILE        headers as received, one "Name: value" per line (curl -D FILE writes
                        them so; a status line "HTTP/…" and blank lines are skipped); - reads stdin
  --body FILE           the raw body as received; - reads standard input
  --response            a Veriff API response (its x-hmac-signature), not a webhook
  --scheme legacy       Veriff: its older X-SIGNATURE
  --integration-id ID   Veriff: vrf-integration-id must be ID
  --tolerance SECONDS   Stripe, Persona, Standard Webhooks: the timestamp window (default 300)
  --now TIME            the time to check the timestamp against: ISO-8601 or seconds since the
                        epoch (default: now)
  --api-key-env NAME    Veriff: X-AUTH-CLIENT must equal the API key in NAME (checked only
                        when this option is given)
  --secret-env NAME     the secret (default KYC_SECRET); repeat it, or --secret-file, for
  --secret-file FILE    each secret of a key rotation (any one may match)

Secrets never go on the command line (ps and shell history would show them).
One trailing newline of a --secret-file is removed, nothing else.

Examples:
  export KYC_SECRET=…
  kyc-sign verify --provider sumsub --header 'X-Payload-Digest: 8c1f…' \\
    --header 'X-Payload-Digest-Alg: HMAC_SHA256_HEX' --body webhook.json
  kyc-sign verify --provider stripe --header "Stripe-Signature: $SIG" --body - < event.json
  curl -sS -D headers.txt -o session.json … && \\
    kyc-sign verify --provider veriff --response --headers headers.txt --body session.json

Exit status: 0 it verifies, 1 it does not (the line printed has the diagnosis and
its KYC_ code), 2 a usage or input error.`,
  },
  explain: {
    options: {
      ...REQUEST_OPTIONS,
      signature: { type: 'string' },
      format: { type: 'string' },
      ...SECRET_OPTIONS,
      ...API_KEY_OPTION,
      ...HELP_OPTION,
    },
    run: explain,
    help: `usage: kyc-sign explain --provider P --method M --url U [--body FILE|-] [--signature HEX] [options]

Prints exactly what a request signs, as sign would sign it: Veriff's body or
the id in the path, FaceVerify's canonical string, Sumsub's string-to-sign.
Each line of the message is shown between │ and │, with every line end shown
as \\n (and \\r, \\t and other control characters escaped).

With --signature HEX (a signature the other side computed or rejected) and the
secret, says whether it matches and, when not, which usual difference would
make it match: the method in lower case, the other --url-mode or --scheme, a
final newline in the body, the body re-serialised as compact JSON, another
content type, the query left out, whitespace around the secret.

  --provider P          ${REQUEST_PROVIDERS}
  --method M, --url U, --body FILE|-, --content-type T, --scheme S, --url-mode M
                        as for sign
  --timestamp SECONDS   Sumsub: the X-App-Access-Ts the request carried (default: now)
  --signature HEX       the signature to check (the secret is read only with it)
  --format F            text (default) or json (what explainRequest() returns)

${SECRETS_HELP}
                        (the API key is needed for FaceVerify, which signs it)

Examples:
  kyc-sign explain --provider veriff --method GET \\
    --url https://stationapi.veriff.com/v1/sessions/f04bdb47-d3be-4b28-b028-a652feb060b5/decision
  KYC_API_KEY=… kyc-sign explain --provider faceverify --method POST \\
    --url 'https://start.faceverify.ai/api/v1/session?lang=en' --body body.json
  kyc-sign explain --provider sumsub --method POST --url https://api.sumsub.com/resources/applicants \\
    --body applicant.json --timestamp 1796126400 --signature 5d2c… --secret-file sumsub.secret

Exit status: 0 explained (and the signature matches, when one is given), 1 the
signature does not match, 2 a usage or input error.`,
  },
};

const MAIN_HELP = `usage: kyc-sign <command> [options]

Byte-exact KYC request signatures and webhook verification, from the shell.

Commands:
  sign      sign a request (${REQUEST_PROVIDERS}) and print its headers, JSON, a curl
            command or the raw HTTP request
  verify    verify a webhook (${WEBHOOK_PROVIDERS})
            or, with --response, a Veriff API response
  explain   show exactly what a request signs, and why a signature does not match

Run kyc-sign <command> --help for its options and examples.

Secrets come from the environment (--secret-env NAME, default KYC_SECRET) or a
file (--secret-file FILE), never from the command line: ps and shell history
would show them. Nothing kyc-sign prints contains a secret.

Exit status: 0 done, 1 a signature that does not verify or match, 2 a usage or input error.`;

// ---------------------------------------------------------------- errors and output

/** A problem with what the user typed or gave: exit 2, one line. */
class UsageError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const usage = (code, message) => new UsageError(code, message);

/**
 * Every value given on the command line that is not one of kyc-sign's own
 * words (a provider, a method, a format…): scrubbed from any message kyc-sign
 * did not write itself (the library's, say `url: "…" is not a valid URL`), in
 * case it is a secret typed in the wrong place.
 */
const given = [];

function remember(value) {
  if (typeof value === 'string' && value.trim().length >= 4 && !OWN_WORDS.has(value.toLowerCase())) given.push(value.trim());
}

/** The text of a value as the library quotes it: `\"`, `\n`, `\u{200b}` undone, a final `…` (cut short) dropped. */
function unquote(inner) {
  const escapes = { n: '\n', r: '\r', t: '\t' };
  return inner
    .replace(/…$/, '')
    .replace(/\\u\{([0-9a-f]+)\}|\\(.)/gi, (_, hex, c) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : (escapes[c] ?? c)));
}

/**
 * `message` with what could be a value given on the command line replaced by
 * (not shown): each quoted span whose text is part of such a value (the
 * library cuts a value at 60 characters and escapes invisible ones), and,
 * for a value the library might show unquoted, every occurrence of a long
 * one (a short one, such as a file named "body", would blank out the
 * library's own words).
 */
function scrub(message) {
  let out = message.replace(/"((?:[^"\\]|\\.)*)"/g, (span, inner) => {
    const text = unquote(inner).toLowerCase();
    const fromArgs = text.trim() !== '' && given.some((value) => value.toLowerCase().includes(text) || text.includes(value.toLowerCase()));
    return fromArgs && !OWN_WORDS.has(text) ? '"(not shown)"' : span;
  });
  for (const value of given) {
    if (value.length < 12) continue;
    for (const form of new Set([value, JSON.stringify(value).slice(1, -1)])) {
      out = out.replace(new RegExp(form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), '(not shown)');
    }
  }
  return out;
}

function fail(code, message, status) {
  process.stderr.write(`kyc-sign: ${code}: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exitCode = status;
}

// ---------------------------------------------------------------- arguments

/** Parses `argv` for `spec`; never echoes a value (it could be a secret typed in the wrong place). */
function parse(argv, spec, command) {
  const see = `(see kyc-sign ${command} --help)`;
  for (const arg of argv) {
    if (arg === '--') break;
    const name = /^--([^=]*)/.exec(arg)?.[1];
    if (name !== undefined && REFUSED.has(name.toLowerCase())) {
      const what = /key|token/i.test(name) ? 'an API key' : 'a secret';
      const flag = /key|token/i.test(name) ? '--api-key-env NAME (default KYC_API_KEY)' : '--secret-env NAME (default KYC_SECRET) or --secret-file FILE';
      throw usage('KYC_INVALID_VALUE', `--${name}: kyc-sign does not take ${what} on the command line, where ps and your shell history would show it; use ${flag}`);
    }
  }
  const { tokens } = util.parseArgs({ args: argv, options: spec, strict: false, allowPositionals: true, tokens: true });
  const values = {};
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      throw usage('KYC_INVALID_VALUE', `unexpected argument ${token.index + 1} (not shown: it could be a secret); every value follows its option ${see}`);
    }
    const option = spec[token.name];
    // The option's name only (rawName stops before any =VALUE), never its value.
    const shown = token.rawName;
    if (!option) throw usage('KYC_UNKNOWN_FIELD', `${shown} is not an option of kyc-sign ${command} (its value, if any, is not shown) ${see}`);
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw usage('KYC_INVALID_VALUE', `${shown} takes no value ${see}`);
      values[token.name] = true;
      continue;
    }
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && token.value !== '-')) {
      throw usage('KYC_MISSING_FIELD', `${shown} needs a value ${see}`);
    }
    remember(token.value);
    if (option.multiple) {
      (values[token.name] ??= []).push(token.value);
    } else if (token.name in values) {
      throw usage('KYC_INVALID_VALUE', `${shown} is given twice ${see}`);
    } else {
      values[token.name] = token.value;
    }
  }
  // A value that is no variable name may be the secret itself, typed in the wrong place: never shown.
  for (const option of ['secret-env', 'api-key-env']) {
    for (const name of [].concat(values[option] ?? [])) {
      if (!ENV_NAME.test(name)) {
        throw usage('KYC_INVALID_VALUE', `--${option} takes the NAME of an environment variable (letters, digits, _), not the value itself (the value given is not shown)`);
      }
    }
  }
  return values;
}

function required(values, name, command) {
  if (values[name] === undefined) throw usage('KYC_MISSING_FIELD', `--${name} is required (see kyc-sign ${command} --help)`);
  return values[name];
}

/** The words of `allowed`, as "a, b or c". */
const either = (allowed) => allowed.join(', ').replace(/, ([^,]*)$/, ' or $1');

/** Said of a value that is wrong: it is never shown, for it could be a secret typed in the wrong place. */
const NOT_SHOWN = '(the value given is not shown: it could be a secret)';

function oneOf(values, name, allowed, code = 'KYC_INVALID_VALUE') {
  const value = values[name];
  if (value !== undefined && !allowed.includes(value)) {
    throw usage(code, `--${name} must be ${either(allowed)} ${NOT_SHOWN}`);
  }
  return value;
}

/** Whole seconds since the epoch, as milliseconds. */
function seconds(values, name) {
  const value = values[name];
  if (value === undefined) return undefined;
  if (!/^\d{1,12}$/.test(value)) throw usage('KYC_INVALID_VALUE', `--${name} must be whole seconds since the epoch ${NOT_SHOWN}`);
  return Number(value) * 1000;
}

/**
 * The values of a closed set, checked here so that no error echoes one (the
 * library's errors say `got "…"`): the provider and the scheme. Whether the
 * provider does that (signs requests, takes a scheme) the library says.
 */
function checkCommon(values) {
  oneOf(values, 'provider', PROVIDERS, 'KYC_UNKNOWN_PROVIDER');
  oneOf(values, 'scheme', ['hmac', 'legacy']);
}

// ---------------------------------------------------------------- files, secrets

let stdinTaken = null;

/**
 * The exact bytes of FILE, or of standard input for `-` (which only one option
 * may read). An error names the option and the errno code, never the path: it
 * could be a secret given where a file name goes (--secret-file above all).
 */
function readInput(path, option) {
  if (path === '-') {
    if (stdinTaken) throw usage('KYC_INVALID_VALUE', `${option} - and ${stdinTaken} - both read standard input; give one of them a file`);
    stdinTaken = option;
  }
  try {
    return readFileSync(path === '-' ? 0 : path);
  } catch (err) {
    const why = typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code) ? err.code : 'error';
    throw usage('KYC_INVALID_VALUE', path === '-' ? `${option}: cannot read standard input (${why})` : `cannot read the file given to ${option} (${why}; the path is not shown)`);
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The value of the environment variable `name`, checked to be set. `given` is
 * how errors call it: the NAME a user gave is never printed (an alphanumeric
 * secret typed there is a valid variable name), only the default one is.
 */
function fromEnv(option, name, what, given) {
  const value = process.env[name];
  const variable = given ?? `the environment variable ${name}`;
  if (value === undefined) {
    throw usage('KYC_MISSING_FIELD', `${what}: ${variable} is not set; export it, or name another with ${option} NAME`);
  }
  if (value === '') throw usage('KYC_INVALID_VALUE', `${what}: ${variable} is empty`);
  return value;
}

/** How an error calls the variable of the `index`th of `count` options `option` (its NAME is not shown). */
function namedBy(option, index, count) {
  const which = count > 1 ? ` (the ${ordinal(index + 1)} one)` : '';
  return `the variable named by ${option}${which} (the name is not shown: it could be a secret)`;
}

function ordinal(n) {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : { 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** Bytes read from files, wiped when the command is done. */
const toWipe = [];

/** The secrets given (KYC_SECRET when none is named): strings from the environment, bytes from files. */
function secrets(values) {
  const found = [];
  const names = values['secret-env'] ?? [];
  names.forEach((name, i) => found.push(fromEnv('--secret-env', name, 'the secret', namedBy('--secret-env', i, names.length))));
  const paths = values['secret-file'] ?? [];
  for (const [i, path] of paths.entries()) {
    let bytes = readInput(path, '--secret-file');
    toWipe.push(bytes);
    const end = bytes.length >= 2 && bytes[bytes.length - 2] === 0x0d && bytes[bytes.length - 1] === 0x0a ? 2 : bytes.at(-1) === 0x0a ? 1 : 0;
    bytes = bytes.subarray(0, bytes.length - end);
    if (bytes.length === 0) {
      const which = paths.length > 1 ? ` (the ${ordinal(i + 1)} one)` : '';
      throw usage('KYC_INVALID_VALUE', `the secret: the file given to --secret-file${which} is empty (the path is not shown)`);
    }
    found.push(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
  }
  if (found.length === 0) found.push(fromEnv('--secret-env', 'KYC_SECRET', 'the secret'));
  return found;
}

function oneSecret(values) {
  const all = secrets(values);
  if (all.length > 1) throw usage('KYC_INVALID_VALUE', 'give one secret to sign with (one --secret-env or --secret-file)');
  return all[0];
}

function apiKey(values) {
  const name = values['api-key-env'];
  return fromEnv('--api-key-env', name ?? 'KYC_API_KEY', 'the API key', name === undefined ? undefined : namedBy('--api-key-env', 0, 1));
}

// ---------------------------------------------------------------- sign

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const utf8 = new TextDecoder('utf-8', { fatal: true });

function asText(bytes) {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The request options both sign and explain read. */
function requestOptions(values, command) {
  const options = {
    provider: required(values, 'provider', command),
    method: required(values, 'method', command),
    url: required(values, 'url', command),
  };
  checkCommon(values);
  if (!METHODS.includes(options.method.toUpperCase())) {
    throw usage('KYC_INVALID_VALUE', `--method must be an HTTP method: ${either(METHODS)} (any case) ${NOT_SHOWN}`);
  }
  oneOf(values, 'url-mode', ['whatwg', 'raw']);
  if (values.body !== undefined) options.body = new Uint8Array(readInput(values.body, '--body'));
  if (values['content-type'] !== undefined) options.contentType = values['content-type'];
  if (values.scheme !== undefined) options.scheme = values.scheme;
  if (values['url-mode'] !== undefined) options.urlMode = values['url-mode'];
  const now = seconds(values, 'timestamp');
  if (now !== undefined) options.now = now;
  return options;
}

function sign(values) {
  const format = oneOf(values, 'format', ['headers', 'json', 'curl', 'http']) ?? 'headers';
  if (format === 'curl' && values.body === '-') {
    throw usage('KYC_INVALID_VALUE', '--format curl sends the body from a file (--data-binary @FILE) and never inlines it, so it cannot come from standard input: save it to a file and give --body FILE');
  }
  const options = requestOptions(values, 'sign');
  const request = signRequest({ ...options, apiKey: apiKey(values), secret: oneSecret(values) });
  const headers = Object.entries(request.headers);
  const out = process.stdout;
  if (format === 'headers') {
    out.write(headers.map(([name, value]) => `${name}: ${value}\n`).join(''));
  } else if (format === 'json') {
    const json = { method: request.method, url: request.url, headers: request.headers };
    if (options.body !== undefined) {
      const text = asText(options.body);
      if (text === undefined) json.bodyBase64 = Buffer.from(options.body).toString('base64');
      else json.body = text;
    }
    out.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (format === 'curl') {
    // The URL as fetch sends it (what was signed); --globoff so curl reads [ ] { } literally.
    const lines = [`curl --globoff -X ${request.method} ${quote(new URL(request.url).href)}`];
    for (const [name, value] of headers) lines.push(`-H ${quote(`${name}: ${value}`)}`);
    if (options.body !== undefined) lines.push(`--data-binary ${quote(`@${values.body}`)}`);
    out.write(`${lines.join(' \\\n  ')}\n`);
  } else {
    const url = new URL(request.url);
    const head = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
    for (const [name, value] of headers) head.push(`${name}: ${value}`);
    if (options.body !== undefined) head.push(`Content-Length: ${options.body.length}`);
    out.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), options.body ?? Buffer.alloc(0)]));
  }
  return 0;
}

// ---------------------------------------------------------------- verify

/** `Name: value` lines into a headers object (lower-case names; a repeated header becomes an array). */
function addHeader(headers, line, where) {
  const colon = line.indexOf(':');
  const name = line.slice(0, colon).trim();
  if (colon <= 0 || !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
    throw usage('KYC_INVALID_VALUE', `${where}: expected "Name: value" (the line is not shown: it could hold a secret)`);
  }
  const key = name.toLowerCase();
  const value = line.slice(colon + 1).trim();
  remember(value);
  if (headers[key] === undefined) headers[key] = value;
  else headers[key] = [].concat(headers[key], value);
}

function verify(values) {
  const provider = required(values, 'provider', 'verify');
  checkCommon(values);
  const body = readInput(required(values, 'body', 'verify'), '--body');
  const headers = {};
  if (values.headers !== undefined) {
    const text = readInput(values.headers, '--headers').toString('latin1');
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '' || /^HTTP\/\d/.test(line)) return;
      addHeader(headers, line, `--headers line ${i + 1}`);
    });
  }
  (values.header ?? []).forEach((line, i) => addHeader(headers, line, `--header ${i + 1}`));
  if (Object.keys(headers).length === 0) {
    throw usage('KYC_MISSING_FIELD', 'no headers given: the signature travels in one; pass --header \'Name: value\' or --headers FILE (see kyc-sign verify --help)');
  }
  const options = { provider, headers, body: new Uint8Array(body), secrets: secrets(values) };
  if (values['api-key-env'] !== undefined) options.apiKey = apiKey(values);
  if (values['integration-id'] !== undefined) options.integrationId = values['integration-id'];
  if (values.scheme !== undefined) options.scheme = values.scheme;
  if (values.tolerance !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(values.tolerance)) throw usage('KYC_INVALID_VALUE', `--tolerance must be a number of seconds ${NOT_SHOWN}`);
    options.tolerance = Number(values.tolerance);
  }
  if (values.now !== undefined) {
    const now = /^\d{1,12}$/.test(values.now) ? Number(values.now) * 1000 : Date.parse(values.now);
    if (Number.isNaN(now)) throw usage('KYC_INVALID_VALUE', `--now must be ISO-8601 or seconds since the epoch ${NOT_SHOWN}`);
    options.now = now;
  }
  if (values.response) {
    verifyResponse(options);
    process.stdout.write(`verified: the ${provider} API response's signature matches its body\n`);
  } else {
    verifyWebhook(options);
    process.stdout.write(`verified: the ${provider} webhook's signature matches its body\n`);
  }
  return 0;
}

// ---------------------------------------------------------------- explain

/** One message line made visible: control characters escaped, the line end shown as \n. */
function visible(text) {
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, (c) => {
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

function explain(values) {
  const format = oneOf(values, 'format', ['text', 'json']) ?? 'text';
  const options = requestOptions(values, 'explain');
  // The API key is part of FaceVerify's message; Veriff and Sumsub sign none.
  if (options.provider === 'faceverify' || values['api-key-env'] !== undefined) options.apiKey = apiKey(values);
  if (values.signature !== undefined) {
    options.signature = values.signature;
    options.secret = oneSecret(values);
  }
  const explained = explainRequest(options);
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(explained, null, 2)}\n`);
  } else {
    const bytes = options.body === undefined ? 0 : options.body.length;
    const lines = explained.message.split('\n');
    const out = [
      `provider   ${options.provider}`,
      `header     ${explained.header}`,
      `signs      ${explained.label}`,
      `message    ${Buffer.byteLength(explained.message)} bytes${bytes && asText(options.body) === undefined ? ' (the body is not UTF-8: shown with U+FFFD, signed as its bytes)' : ''}; between │ and │, each line end shown as \\n:`,
      ...lines.map((line, i) => `  │${visible(line)}${i < lines.length - 1 ? '\\n' : ''}│`),
    ];
    if (options.provider === 'sumsub' && options.now === undefined) out.push('note       X-App-Access-Ts is now; give --timestamp to explain a request signed at another time');
    if (explained.matches !== undefined) {
      out.push(`given      ${values.signature.trim().toLowerCase()}`);
      out.push(`computed   ${explained.signature}`);
      out.push(`matches    ${explained.matches ? 'yes' : 'no'}`);
      if (!explained.matches) {
        if (explained.differences.length) {
          out.push('it would match with:', ...explained.differences.map((d) => `  - ${d}`));
        } else {
          out.push('none of the usual differences explains it: check the secret (is it this provider\'s, and this environment\'s?), the API key, the URL and the exact body bytes');
        }
      }
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
  if (explained.matches === false) {
    const why = explained.differences.length ? `; it would match with ${explained.differences.length === 1 ? 'one change' : 'any of the changes'} listed above` : '';
    fail('KYC_SIGNATURE_MISMATCH', `the signature does not match this request with the secret given${why}`, 1);
    return 1;
  }
  return 0;
}

// ---------------------------------------------------------------- main

function main(argv) {
  // parseArgs with tokens came in Node 18.7 (and 16.17).
  if (typeof util.parseArgs !== 'function') {
    throw usage('KYC_INVALID_VALUE', `kyc-sign's command line needs Node 18.7 or later; this is ${process.version}`);
  }
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    const topic = command === 'help' && Object.hasOwn(COMMANDS, rest[0] ?? '') && COMMANDS[rest[0]];
    (command === undefined ? process.stderr : process.stdout).write(`${topic ? topic.help : MAIN_HELP}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    process.stdout.write(`kyc-sign ${version}\n`);
    return 0;
  }
  const spec = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) {
    // Not echoed: the first argument could be a secret typed in the wrong place.
    const what = command.startsWith('-') ? 'an option before the command' : 'the first argument (not shown: it could be a secret)';
    throw usage('KYC_UNKNOWN_FIELD', `${what} is not a command: the commands are sign, verify and explain (see kyc-sign --help)`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${spec.help}\n`);
    return 0;
  }
  return spec.run(parse(rest, spec.options, command));
}

try {
  const status = main(process.argv.slice(2));
  if (process.exitCode === undefined) process.exitCode = status;
} catch (err) {
  if (err instanceof UsageError) {
    fail(err.code, err.message, 2);
  } else if (err instanceof KycError) {
    // A plain Error is a message that does not verify; TypeError and RangeError are bad input.
    const doesNotVerify = !(err instanceof TypeError) && !(err instanceof RangeError);
    fail(err.code, scrub(err.message), doesNotVerify ? 1 : 2);
  } else {
    process.stderr.write(`kyc-sign: unexpected error: ${scrub(String(err?.message ?? err).split('\n')[0])}\n`);
    process.exitCode = 2;
  }
} finally {
  for (const bytes of toWipe) bytes.fill(0);
}
