// The demo page: reads the form, previews the session body, canonical string,
// headers and signature as the user types (with kyc-sign's WebAssembly build),
// and creates the session either from this browser or through the demo's
// server, which signs with the same package in Node.

import {
  decisionUrl, endpointUrl, fieldForPath, REAL_BASE_URLS, SESSION_PATHS, sessionBody, sessionFields, sessionIdOf, sessionQuery, sessionUrlOf,
} from './model.js';
import {
  clearFieldErrors, el, prettyBody, renderDecision, renderPreview, renderResult, setStatus, showFieldError, showFormErrors, toggleFrame,
} from './view.js';

const PACKAGE_URL = '/pkg/web/index.js';
const CONTENT_TYPE = 'application/json';

const form = document.getElementById('session-form');
const $ = (id) => document.getElementById(id);

let kyc; // the package's browser build
let config; // /demo/config.json: the server's demo credentials and URL mode
let lastSession = null; // { id, baseUrl, signing } of the last Veriff session created
let sending = false;

// ---------------------------------------------------------------- reading the form

function formState() {
  const values = Object.fromEntries(new FormData(form));
  const { provider, signing } = values;
  const veriff = provider === 'veriff';
  const serverCreds = config[provider];
  const fields = sessionFields(provider, values);
  const credentialInputs = { veriff: ['veriffApiKey', 'veriffSecret'], faceverify: ['fvApiKey', 'fvSecret'], sumsub: ['ssApiKey', 'ssSecret'] }[provider];
  return {
    provider,
    signing,
    values,
    scheme: values.scheme,
    urlMode: values.urlMode,
    baseUrl: values.baseUrl,
    query: provider === 'faceverify' ? values.fvQuery : '',
    fields,
    url: endpointUrl(values.baseUrl, SESSION_PATHS[provider], sessionQuery(provider, fields, values.fvQuery)),
    // In server mode the inputs are disabled (so absent here): the server's key is what gets signed.
    apiKey: signing === 'server' ? serverCreds.apiKey : values[credentialInputs[0]],
    secret: signing === 'server' ? undefined : values[credentialInputs[1]],
  };
}

/** Options for signRequest beyond method, url and body. */
function signOptions(s) {
  return {
    provider: s.provider,
    apiKey: s.apiKey,
    secret: s.secret,
    ...{ veriff: { scheme: s.scheme }, faceverify: { urlMode: s.urlMode }, sumsub: {} }[s.provider],
  };
}

// ---------------------------------------------------------------- live preview

/**
 * Recomputes everything from the form: shows errors at their fields and
 * renders the preview. Returns what a submit needs.
 */
function update() {
  syncVisibility();
  const s = formState();
  const errors = [];
  const attempt = (fn) => {
    try {
      return fn();
    } catch (err) {
      errors.push(err);
      return null;
    }
  };

  const body = attempt(() => sessionBody(kyc, s.provider, s.fields));
  let canonical = null;
  let signed = null;
  let unsigned = null;
  if (body !== null) {
    if (s.provider === 'faceverify') {
      canonical = attempt(() => kyc.canonicalString('POST', s.url, body, CONTENT_TYPE, s.apiKey, { urlMode: s.urlMode }));
    }
    if (s.signing === 'browser') {
      signed = attempt(() => kyc.signRequest({ ...signOptions(s), method: 'POST', url: s.url, body }));
    } else {
      const keyHeader = { veriff: 'X-AUTH-CLIENT', faceverify: 'x-auth-client', sumsub: 'X-App-Token' }[s.provider];
      unsigned = { method: 'POST', url: s.url, headers: { 'Content-Type': CONTENT_TYPE, [keyHeader]: s.apiKey } };
    }
  }

  clearFieldErrors(form);
  const unplaced = [];
  const seen = new Set();
  for (const err of errors) {
    const name = fieldForPath(s.provider, err.path);
    const input = name && form.elements.namedItem(name);
    if (input && !input.disabled) {
      if (!seen.has(name)) showFieldError(input, err);
      seen.add(name);
    } else {
      unplaced.push(err);
    }
  }
  showFormErrors(unplaced);
  const warned = rawModeWarning(s);
  renderPreview({ provider: s.provider, signing: s.signing, scheme: s.scheme, body, canonical, signed, unsigned });
  return { s, body, signed, errors, firstInvalid: form.querySelector('[aria-invalid="true"]'), warned };
}

/**
 * In raw mode the query is signed exactly as typed, but the browser (and
 * Node's fetch) send the URL as the WHATWG parser writes it. When the two
 * differ the provider sees other bytes than were signed: say so at the field.
 */
function rawModeWarning(s) {
  if (s.provider !== 'faceverify' || s.urlMode !== 'raw' || s.query === '') return false;
  let wire;
  try {
    wire = new URL(s.url);
  } catch {
    return false;
  }
  const typed = s.query.startsWith('?') ? s.query.slice(1) : s.query;
  const sent = wire.search.slice(1);
  if (typed === sent) return false;
  showFieldError(form.elements.namedItem('fvQuery'), {
    message: `raw mode signs the query as typed, but the browser will send "${sent}": type it percent-encoded, as it goes on the wire.`,
  }, 'warning');
  return true;
}

/** Shows the chosen provider's fields; in server mode, disables the credential inputs. */
function syncVisibility() {
  const provider = form.elements.namedItem('provider').value;
  const server = form.elements.namedItem('signing').value === 'server';
  for (const group of form.querySelectorAll('[data-provider]')) group.hidden = group.dataset.provider !== provider;
  for (const row of form.querySelectorAll('.credentials')) {
    row.hidden = server;
    for (const control of row.querySelectorAll('input, button')) control.disabled = server;
  }
  $('server-credentials').hidden = !server;
  $('preview-note').textContent = server
    ? 'Body and canonical string are computed here (no secret needed); the signature is added by the server.'
    : 'Recomputed by the WebAssembly build on every keystroke.';
}

// ---------------------------------------------------------------- sending

async function onSubmit(event) {
  event.preventDefault();
  if (sending) return;
  const { s, signed, errors, firstInvalid } = update();
  if (errors.length > 0) {
    setStatus('error', 'Nothing was sent: fix the highlighted field first.');
    (firstInvalid ?? $('form-errors')).focus?.();
    return;
  }
  sending = true;
  $('create').setAttribute('aria-disabled', 'true');
  setStatus('busy', s.signing === 'server' ? 'Sending the fields to the demo server…' : `Sending to ${s.url}…`);
  try {
    const outcome = s.signing === 'server' ? await createOnServer(s) : await createFromBrowser(signed);
    if (outcome.fieldError) return;
    lastSession = outcome.sessionId && s.provider === 'veriff'
      ? { id: outcome.sessionId, baseUrl: s.baseUrl, signing: s.signing }
      : null;
    renderResult({ ...outcome, canDecide: lastSession !== null });
    setStatus(outcome.kind === 'ok' ? 'ok' : 'error', outcome.kind === 'ok' ? 'Session created.' : 'The request failed: see the response.');
    const calm = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    $('result').scrollIntoView({ block: 'nearest', behavior: calm ? 'auto' : 'smooth' });
  } finally {
    sending = false;
    $('create').removeAttribute('aria-disabled');
  }
}

/** fetch straight from the page: only works where the API allows it (same origin here, or CORS). */
async function createFromBrowser(signed) {
  const response = await sendFetch(signed);
  if (!response) return networkFailure(signed);
  const outcome = describe(response, signed);
  // Veriff signs its responses: check the raw body before trusting verification.url.
  const s = formState();
  if (s.provider === 'veriff' && outcome.kind === 'ok') {
    try {
      kyc.verifyResponse({ provider: 'veriff', headers: response.headers, body: response.body, secrets: s.secret, apiKey: s.apiKey });
      outcome.responseSignature = { verified: true };
    } catch (err) {
      outcome.responseSignature = { verified: false, code: err.code, message: err.message };
    }
  }
  return outcome;
}

/** The page sends the form fields only; the server signs with its own credentials and forwards. */
async function createOnServer(s) {
  const answer = await postJson('/demo/api/sessions', {
    provider: s.provider,
    session: s.fields,
    scheme: s.scheme,
    urlMode: s.urlMode,
    baseUrl: s.baseUrl,
    query: s.query,
  });
  if (answer.status === 200) return { ...describe(answer.json.response, answer.json.request), responseSignature: answer.json.responseSignature };
  if (answer.status === 422 && answer.json?.error) {
    // The library refused a field on the server: show it where it belongs, as in browser mode.
    const { error } = answer.json;
    const name = fieldForPath(s.provider, error.path);
    const input = name && form.elements.namedItem(name);
    if (input) showFieldError(input, error);
    else showFormErrors([error]);
    setStatus('error', 'The server refused a field: nothing was sent to the provider.');
    return { fieldError: true };
  }
  return {
    kind: 'error',
    status: `Demo server answered ${answer.status}`,
    reason: answer.json?.reason ?? null,
    body: answer.text,
    request: null,
    sessionUrl: null,
  };
}

async function sendFetch(request) {
  try {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    return { status: response.status, statusText: response.statusText, body: await response.text(), headers: response.headers };
  } catch {
    return null;
  }
}

async function postJson(path, value) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(value),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch { /* not JSON */ }
  return { status: response.status, text, json };
}

function networkFailure(request) {
  const origin = safeOrigin(request.url);
  return {
    kind: 'error',
    status: 'No response',
    reason: `The browser could not read an answer from ${origin}. Either nothing is listening there, or the browser blocked `
      + 'the answer because the API does not allow calls from other sites (CORS); real provider APIs never do. '
      + 'Use "On the server" to call them.',
    body: '',
    request,
    sessionUrl: null,
  };
}

/** Turns a provider's answer into what the response panel shows. */
function describe(response, request) {
  let json = null;
  try {
    json = JSON.parse(response.body);
  } catch { /* not JSON */ }
  const ok = response.status >= 200 && response.status < 300;
  const reason = ok ? null : (json?.reason ?? json?.message ?? null);
  const hint = ok ? null : json?.hint;
  return {
    kind: ok ? 'ok' : 'fail',
    status: `${response.status} ${response.statusText || ''}`.trim(),
    reason: reason && hint ? `${reason}: ${hint}` : reason,
    body: prettyBody(response.body),
    request,
    sessionUrl: ok ? sessionUrlOf(json) : null,
    sessionId: ok ? sessionIdOf(json) : null,
  };
}

function safeOrigin(url) {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** Veriff's GET /v1/sessions/{id}/decision for the last session, signed where the session was. */
async function getDecision() {
  if (!lastSession) return;
  const s = formState();
  let result;
  if (lastSession.signing === 'server') {
    const answer = await postJson('/demo/api/decision', { sessionId: lastSession.id, baseUrl: lastSession.baseUrl, scheme: s.scheme });
    result = answer.status === 200
      ? answer.json.response
      : { status: answer.status, statusText: 'from the demo server', body: answer.text };
  } else {
    let signed;
    try {
      signed = kyc.signRequest({
        provider: 'veriff',
        method: 'GET',
        url: decisionUrl(lastSession.baseUrl, lastSession.id),
        apiKey: form.elements.namedItem('veriffApiKey').value,
        secret: form.elements.namedItem('veriffSecret').value,
        scheme: s.scheme,
      });
    } catch (err) {
      renderDecision({ status: err.code, body: err.message });
      return;
    }
    result = await sendFetch(signed) ?? { status: 0, statusText: 'no response', body: '' };
  }
  let verdict = '';
  try {
    const v = JSON.parse(result.body).verification;
    verdict = v === null ? '· no decision yet: approve or decline on the session page' : `· ${v.status} (code ${v.code})`;
  } catch { /* not JSON */ }
  renderDecision({ status: `${result.status} ${verdict}`.trim(), body: prettyBody(result.body) });
}

// ---------------------------------------------------------------- webhooks

/** Asks the emulator to post a signed (or tampered) webhook to this demo's route, and shows what the route said. */
async function sendWebhook(tamper) {
  const provider = $('w-provider').value;
  $('w-status').textContent = 'Sending…';
  const answer = await postJson('/emulator/webhooks/send', { provider, tamper });
  const delivered = answer.json?.delivered;
  if (!delivered) {
    $('w-status').textContent = `The emulator answered ${answer.status}: ${answer.json?.reason ?? answer.text}`;
    return;
  }
  const verdict = delivered.answer?.verified
    ? `Verified: the route answered ${delivered.status}.`
    : `Refused: the route answered ${delivered.status} ${delivered.answer?.code ?? ''}: ${delivered.answer?.message ?? delivered.text}`;
  $('w-status').textContent = `${tamper ? 'Tampered after signing. ' : ''}${verdict}`;
  $('w-status').dataset.outcome = delivered.answer?.verified ? 'verified' : 'refused';
  const { headers, body } = answer.json.sent;
  $('w-sent').hidden = false;
  $('w-sent').textContent = `POST /demo/webhooks/${provider}\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}`;
}

// ---------------------------------------------------------------- start

function fillDefaults() {
  const set = (name, value) => { form.elements.namedItem(name).value = value; };
  set('veriffApiKey', config.veriff.apiKey);
  set('veriffSecret', config.veriff.secret);
  set('fvApiKey', config.faceverify.apiKey);
  set('fvSecret', config.faceverify.secret);
  set('ssApiKey', config.sumsub.apiKey);
  set('ssSecret', config.sumsub.secret);
  set('baseUrl', window.location.origin);
  form.querySelector(`input[name="urlMode"][value="${config.urlMode}"]`).checked = true;
  for (const slot of document.querySelectorAll('[data-slot="server-url-mode"]')) slot.textContent = config.urlMode;
  $('base-urls').replaceChildren(
    el('option', { value: window.location.origin }, 'this demo’s emulator'),
    el('option', { value: REAL_BASE_URLS.veriff }, 'Veriff'),
    el('option', { value: REAL_BASE_URLS.faceverify }, 'FaceVerify'),
    el('option', { value: REAL_BASE_URLS.sumsub }, 'Sumsub'),
  );
}

function wireRevealButtons() {
  for (const button of form.querySelectorAll('button.reveal')) {
    button.addEventListener('click', () => {
      const input = $(button.getAttribute('aria-controls'));
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      button.setAttribute('aria-pressed', String(show));
      button.textContent = show ? 'Hide' : 'Show';
    });
  }
}

async function boot() {
  try {
    const [module, response] = await Promise.all([import(PACKAGE_URL), fetch('/demo/config.json')]);
    kyc = module;
    if (!response.ok) throw new Error(`/demo/config.json answered ${response.status}`);
    config = await response.json();
  } catch (err) {
    const box = $('load-error');
    box.hidden = false;
    box.textContent = `The demo could not start: ${err.message}. Is the package built (make build) and the page served by node www/server.mjs?`;
    $('create').disabled = true;
    return;
  }
  fillDefaults();
  wireRevealButtons();
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', onSubmit);
  $('r-frame-toggle').addEventListener('click', toggleFrame);
  $('r-decision').addEventListener('click', getDecision);
  $('w-send').addEventListener('click', () => sendWebhook(false));
  $('w-tampered').addEventListener('click', () => sendWebhook(true));
  update();
  document.documentElement.dataset.ready = 'true';
}

boot();
