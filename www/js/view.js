// DOM helpers of the demo page: field errors, the live preview and the
// response panel. Everything user-provided is written as text, never as HTML.

const $ = (id) => document.getElementById(id);

/** Creates an element with text or child nodes. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// ---------------------------------------------------------------- field errors

/** The `aria-describedby` ids an input had before any error was shown. */
const baseDescriptions = new WeakMap();

/**
 * Shows a library error under the field: its `code`, then its message.
 * `kind` 'warning' shows a non-blocking note instead.
 */
export function showFieldError(input, { code, message }, kind = 'error') {
  if (!baseDescriptions.has(input)) baseDescriptions.set(input, input.getAttribute('aria-describedby') ?? '');
  const id = `e-${input.name}`;
  let note = $(id);
  if (!note) {
    note = el('p', { id, class: 'field-error' });
    const field = input.closest('.field');
    field.append(note);
  }
  note.classList.toggle('field-warning', kind === 'warning');
  note.replaceChildren(...(code ? [el('code', { class: 'error-code' }, code), ' '] : []), message);
  if (kind === 'error') input.setAttribute('aria-invalid', 'true');
  input.setAttribute('aria-describedby', `${baseDescriptions.get(input)} ${id}`.trim());
}

/** Removes every field error and warning. */
export function clearFieldErrors(form) {
  for (const note of form.querySelectorAll('.field-error')) note.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const input of form.querySelectorAll('input, select')) {
    if (baseDescriptions.has(input)) {
      const base = baseDescriptions.get(input);
      if (base) input.setAttribute('aria-describedby', base);
      else input.removeAttribute('aria-describedby');
    }
  }
}

/** Shows errors no single field owns in the banner above the button (or hides it). */
export function showFormErrors(errors) {
  const box = $('form-errors');
  box.hidden = errors.length === 0;
  box.replaceChildren(...errors.map((e) => el('p', {}, ...(e.code ? [el('code', { class: 'error-code' }, e.code), ' '] : []), e.message)));
}

export function setStatus(kind, text) {
  const status = $('form-status');
  status.className = `form-status status-${kind}`;
  status.textContent = text;
}

// ---------------------------------------------------------------- live preview

const CANONICAL_ROLES = ['METHOD', 'PATH', 'QUERY', 'APIKEY', 'CONTENT-TYPE', 'BODY'];

/** The canonical string, one labelled line per part, each `\n` shown as a visible mark. */
function renderCanonical(text) {
  const parts = text.split('\n');
  const lines = [...parts.slice(0, 5), parts.slice(5).join('\n')];
  $('p-canonical').replaceChildren(...lines.map((line, i) => el('li', {},
    el('span', { class: 'role' }, CANONICAL_ROLES[i]),
    el('code', {}, line === '' ? el('span', { class: 'empty' }, '(empty)') : line,
      i < lines.length - 1 ? el('span', { class: 'nl', title: 'newline' }, '\\n') : null))));
}

/** An HTTP request as text lines, with the signature header highlighted. */
function requestLines(request, { signaturePlaceholder } = {}) {
  const nodes = [el('span', { class: 'req-line' }, `${request.method} ${request.url}`), '\n'];
  for (const [name, value] of Object.entries(request.headers)) {
    const isSignature = /signature/i.test(name);
    nodes.push(el('span', { class: 'h-name' }, `${name}: `),
      isSignature ? el('mark', {}, value) : value, '\n');
  }
  if (signaturePlaceholder) {
    nodes.push(el('span', { class: 'h-name' }, `${signaturePlaceholder}: `), el('span', { class: 'placeholder' }, '‹computed by the server›'), '\n');
  }
  return nodes;
}

const utf8Length = (s) => new TextEncoder().encode(s).length;

/**
 * @param {object} p
 * @param {string} p.provider
 * @param {string} p.signing 'browser' | 'server'
 * @param {string} p.scheme
 * @param {string|null} p.body
 * @param {string|null} p.canonical
 * @param {object|null} p.signed signRequest's result (browser mode)
 * @param {object|null} p.unsigned method, url and headers without signature (server mode)
 */
export function renderPreview({ provider, signing, scheme, body, canonical, signed, unsigned }) {
  const none = el('span', { class: 'placeholder' }, '— fix the highlighted field —');
  $('p-body').replaceChildren(body ?? none.cloneNode(true));
  $('p-body-meta').textContent = body === null ? '' : `${utf8Length(body)} bytes of UTF-8, byte-identical to JSON.stringify of the same fields`;

  $('p-canonical-box').hidden = provider !== 'faceverify';
  $('p-message-box').hidden = provider === 'faceverify';
  if (provider === 'faceverify') {
    if (canonical === null) $('p-canonical').replaceChildren(el('li', {}, none.cloneNode(true)));
    else renderCanonical(canonical);
  } else {
    $('p-message').replaceChildren(...(provider === 'sumsub'
      ? [el('code', {}, 'X-App-Access-Sig'), ' = hex HMAC-SHA256 of X-App-Access-Ts, the method, the path and query as sent, then the body bytes above.']
      : scheme === 'legacy'
        ? [el('code', {}, 'X-SIGNATURE'), ' = hex SHA-256 of the body bytes above followed by the secret bytes.']
        : [el('code', {}, 'X-HMAC-SIGNATURE'), ' = hex HMAC-SHA256 of the body bytes above, keyed with the secret.']));
  }

  if (signing === 'server') {
    const header = { faceverify: 'x-hmac-signature', sumsub: 'X-App-Access-Sig' }[provider] ?? (scheme === 'legacy' ? 'X-SIGNATURE' : 'X-HMAC-SIGNATURE');
    $('p-request').replaceChildren(...(unsigned ? requestLines(unsigned, { signaturePlaceholder: header }) : [none.cloneNode(true)]));
    $('p-signature').replaceChildren(el('span', { class: 'placeholder' }, 'computed on the server: the page holds no secret'));
  } else {
    $('p-request').replaceChildren(...(signed ? requestLines(signed) : [none.cloneNode(true)]));
    const signature = signed && Object.entries(signed.headers).find(([k]) => /signature|access-sig/i.test(k))?.[1];
    $('p-signature').replaceChildren(signature ?? none.cloneNode(true));
  }
}

// ---------------------------------------------------------------- response panel

/** Pretty-prints JSON text; other text is returned as is. */
export function prettyBody(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export function requestText(request) {
  const head = [`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`)];
  return request.body ? `${head.join('\n')}\n\n${request.body}` : head.join('\n');
}

/**
 * @param {object} r
 * @param {'ok'|'fail'|'error'} r.kind
 * @param {string} r.status text of the status line
 * @param {string|null} r.reason provider's reason, or an explanation
 * @param {string} r.body
 * @param {object|null} r.request the request as sent
 * @param {string|null} r.sessionUrl
 * @param {boolean} r.canDecide
 */
export function renderResult({ kind, status, reason, body, request, sessionUrl, canDecide, responseSignature }) {
  const panel = $('result');
  panel.hidden = false;
  $('r-status').className = `status-line status-${kind}`;
  $('r-status').textContent = status;
  $('r-reason').hidden = !reason;
  $('r-reason').textContent = reason ?? '';
  // Veriff's responses are signed: say whether this one's signature matched its body.
  const signature = $('r-signature');
  signature.hidden = !responseSignature;
  if (responseSignature) {
    signature.className = `signature signature-${responseSignature.verified ? 'ok' : 'bad'}`;
    signature.textContent = responseSignature.verified
      ? 'Response signature verified'
      : `Response signature not verified: ${responseSignature.code}`;
  }
  $('r-body').textContent = body;
  $('r-request').textContent = request ? requestText(request) : '(nothing was sent)';

  $('r-session').hidden = !sessionUrl;
  $('r-frame-box').hidden = true;
  $('r-frame-box').replaceChildren();
  $('r-frame-toggle').setAttribute('aria-expanded', 'false');
  $('r-frame-toggle').textContent = 'Open in a frame';
  $('r-decision').hidden = !canDecide;
  $('r-decision-box').hidden = true;
  if (sessionUrl) {
    $('r-link').href = sessionUrl;
    $('r-link').textContent = sessionUrl;
  }
}

/** Shows or hides the session in an iframe, as Veriff's in-context flow does. */
export function toggleFrame() {
  const box = $('r-frame-box');
  const open = box.hidden;
  box.hidden = !open;
  $('r-frame-toggle').setAttribute('aria-expanded', String(open));
  $('r-frame-toggle').textContent = open ? 'Close the frame' : 'Open in a frame';
  if (open) {
    box.replaceChildren(el('iframe', {
      src: $('r-link').href,
      title: 'Verification session',
      allow: 'camera; microphone; fullscreen',
    }));
  } else {
    box.replaceChildren();
  }
}

export function renderDecision({ status, body }) {
  $('r-decision-box').hidden = false;
  $('r-decision-status').textContent = status;
  $('r-decision-body').textContent = body;
}
