// The demo end to end in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): the page served by the demo server on a free
// port, its form filled in, sessions created against the emulator. Each
// signature the browser sends is re-checked here with node:crypto.
//
// Also saves the README's screenshot to www/docs/demo.png.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHmac } from 'node:crypto';
import { DEMO_CREDENTIALS, FACEVERIFY, VERIFF, faceVerifyRaw, faceVerifyWhatwg, startDemo, veriffHmac, veriffLegacy } from './helpers.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Flags for running as root on a machine whose network reaches only package registries.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const SCREENSHOT = fileURLToPath(new URL('../docs/demo.png', import.meta.url));

let browser;
let whatwg; // demo server, FaceVerify URL mode whatwg (the default)
let raw; // demo server started in raw mode

before(async () => {
  assert.ok(existsSync(fileURLToPath(new URL('../../pkg/web/index.js', import.meta.url))), 'pkg/ is not built: run `make build` first');
  whatwg = await startDemo();
  raw = await startDemo({ urlMode: 'raw' });
  if (existsSync(CHROMIUM)) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }
});

after(async () => {
  await browser?.close();
  await whatwg?.close();
  await raw?.close();
});

/**
 * Opens the demo page of `server` in a fresh page and waits until the
 * package is loaded and the form filled from /demo/config.json.
 */
async function openPage(t, server, { width = 1280, height = 900 } = {}) {
  if (!browser) {
    t.skip(`no Chromium at ${CHROMIUM}: run \`make test\`, which installs it`);
    return null;
  }
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  t.after(() => context.close());
  await page.goto(`${server.origin}/`);
  // Ready, or the page's own "could not start" banner (e.g. pkg/ missing).
  await page.waitForSelector('html[data-ready="true"], #load-error:not([hidden])', { timeout: 15_000 });
  if (await page.locator('#load-error').isVisible()) assert.fail(await page.locator('#load-error').innerText());
  server.lines.length = 0;
  return { page, requests, problems };
}

/** Selects a radio button by clicking its label, as a person would. */
async function choose(page, name, value) {
  await page.click(`label:has(> input[name="${name}"][value="${value}"])`);
  assert.equal(await page.isChecked(`input[name="${name}"][value="${value}"]`), true, `${name}=${value} selected`);
}

/** Clicks "Create session" and returns the request to `path` the page sent, if any. */
async function create(page, path) {
  const sent = page.waitForRequest((r) => new URL(r.url()).pathname === path && r.method() === 'POST', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Create session' }).click();
  const request = await sent;
  await page.waitForFunction(() => !document.getElementById('result').hidden && document.getElementById('r-status').textContent !== '');
  return request;
}

const text = (page, selector) => page.locator(selector).innerText();
const logged = (server) => server.lines.map((line) => line.replace(/^\S+ /, ''));

async function assertSessionLink(page, server) {
  const href = await page.locator('#r-link').getAttribute('href');
  assert.match(href, new RegExp(`^${server.origin}/v/[\\w-]+$`));
  assert.equal(await page.getByRole('link', { name: href }).isVisible(), true);
}

describe('the demo page in Chromium', () => {
  test('Veriff, HMAC, signed in the browser: 201 and the session link (screenshot saved)', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page, problems } = ctx;
    await choose(page, 'signing', 'browser');
    await choose(page, 'provider', 'veriff');
    await choose(page, 'scheme', 'hmac');
    const request = await create(page, '/v1/sessions');

    const headers = request.headers();
    assert.equal(headers['x-auth-client'], VERIFF.apiKey);
    assert.equal(headers['x-hmac-signature'], veriffHmac(request.postData(), VERIFF.secret), 'independent HMAC of the bytes sent');
    assert.equal(headers['x-signature'], undefined);
    assert.equal(await text(page, '#p-signature'), headers['x-hmac-signature'], 'the preview shows the signature sent');
    assert.match(await text(page, '#r-status'), /^201\b/);
    // The emulator signs its response as Veriff does; the page checks it with the package before using the URL.
    assert.equal(await text(page, '#r-signature'), 'Response signature verified');
    await assertSessionLink(page, whatwg);
    assert.deepEqual(logged(whatwg), ['POST /v1/sessions 201 session created']);
    assert.deepEqual(problems, []);

    mkdirSync(fileURLToPath(new URL('../docs/', import.meta.url)), { recursive: true });
    await page.mouse.move(0, 0); // no hover effect in the picture
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  test('Veriff, legacy X-SIGNATURE: 201', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page, problems } = ctx;
    await choose(page, 'scheme', 'legacy');
    assert.match(await text(page, '#p-request'), /^X-SIGNATURE: [0-9a-f]{64}$/m);
    const request = await create(page, '/v1/sessions');
    const headers = request.headers();
    assert.equal(headers['x-signature'], veriffLegacy(request.postData(), VERIFF.secret));
    assert.equal(headers['x-hmac-signature'], undefined);
    assert.match(await text(page, '#r-status'), /^201\b/);
    assert.equal(await text(page, '#r-signature'), 'Response signature verified', 'responses carry an HMAC whichever scheme the request used');
    await assertSessionLink(page, whatwg);
    assert.deepEqual(logged(whatwg), ['POST /v1/sessions 201 session created']);
    assert.deepEqual(problems, []);
  });

  test('FaceVerify, whatwg URL mode, query re-encoded in the canonical string: 200', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page, problems } = ctx;
    await choose(page, 'provider', 'faceverify');
    assert.equal(await page.isChecked('input[name="urlMode"][value="whatwg"]'), true, 'the emulator\'s mode is preselected');
    await page.fill('#f-fvQuery', 'tag=~x&flag');
    const canonical = await text(page, '#p-canonical');
    assert.match(canonical, /QUERY\s+tag=%7Ex&flag=\s*\\n/, canonical);
    assert.match(canonical, /APIKEY\s+demo-faceverify-key-0000-not-real\s*\\n/);

    const request = await create(page, '/api/v1/session');
    const headers = request.headers();
    assert.equal(request.url(), `${whatwg.origin}/api/v1/session?tag=~x&flag`);
    assert.equal(headers['x-hmac-signature'],
      faceVerifyWhatwg('POST', request.url(), request.postData(), headers['content-type'], FACEVERIFY.apiKey, FACEVERIFY.secret));
    assert.match(await text(page, '#r-status'), /^200\b/);
    await assertSessionLink(page, whatwg);
    assert.deepEqual(logged(whatwg), ['POST /api/v1/session 200 session created']);
    assert.deepEqual(problems, []);
  });

  test('FaceVerify, raw URL mode against the emulator in raw mode: 200', async (t) => {
    const ctx = await openPage(t, raw);
    if (!ctx) return;
    const { page, problems } = ctx;
    await choose(page, 'provider', 'faceverify');
    assert.equal(await page.isChecked('input[name="urlMode"][value="raw"]'), true, 'the emulator\'s mode is preselected');
    assert.match(await text(page, '#h-urlMode'), /expects raw/);
    await page.fill('#f-fvQuery', 'tag=~x&flag');
    assert.match(await text(page, '#p-canonical'), /QUERY\s+tag=~x&flag\s*\\n/);

    const request = await create(page, '/api/v1/session');
    const headers = request.headers();
    assert.equal(headers['x-hmac-signature'],
      faceVerifyRaw('POST', request.url(), request.postData(), headers['content-type'], FACEVERIFY.apiKey, FACEVERIFY.secret));
    assert.match(await text(page, '#r-status'), /^200\b/);
    await assertSessionLink(page, raw);
    assert.deepEqual(logged(raw), ['POST /api/v1/session 200 session created']);
    assert.deepEqual(problems, []);
  });

  test('raw mode with a query the browser will re-encode: the page warns at the field', async (t) => {
    const ctx = await openPage(t, raw);
    if (!ctx) return;
    const { page } = ctx;
    await choose(page, 'provider', 'faceverify');
    await page.fill('#f-fvQuery', 'name=Zoë Smith');
    assert.match(await text(page, '#e-fvQuery'), /the browser will send "name=Zo%C3%AB%20Smith"/);
    await page.fill('#f-fvQuery', 'name=Zo%C3%AB%20Smith');
    assert.equal(await page.locator('#e-fvQuery').count(), 0);
  });

  test('a wrong secret: the page shows the emulator\'s 401 reason', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page } = ctx;
    await page.fill('#f-veriffSecret', 'not-the-secret');
    await create(page, '/v1/sessions');
    assert.match(await text(page, '#r-status'), /^401\b/);
    assert.match(await text(page, '#r-reason'), /^signature mismatch: X-HMAC-SIGNATURE must be/);
    assert.equal(await page.locator('#r-session').isHidden(), true, 'no session link');
    assert.deepEqual(logged(whatwg), ['POST /v1/sessions 401 signature mismatch']);
  });

  test('an invalid field: the library\'s error code next to it, and nothing sent', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page, requests } = ctx;
    await page.fill('#f-callback', 'not a url');
    const error = page.locator('#e-callback');
    assert.match(await error.innerText(), /^KYC_INVALID_URL callback: /);
    assert.equal(await page.getAttribute('#f-callback', 'aria-invalid'), 'true');
    assert.match(await page.getAttribute('#f-callback', 'aria-describedby'), /\be-callback\b/);
    // The error sits in the callback field's own block.
    assert.equal(await page.locator('.field:has(#f-callback) #e-callback').count(), 1);

    const before = requests.length;
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.waitForFunction(() => /Nothing was sent/.test(document.getElementById('form-status').textContent));
    assert.equal(await page.evaluate(() => document.activeElement.id), 'f-callback', 'focus moves to the field');
    await page.waitForTimeout(300);
    assert.deepEqual(requests.slice(before).map((r) => r.url()), [], 'the page made no request');
    assert.deepEqual(logged(whatwg), [], 'the emulator saw no request');

    // Other fields map by path as well.
    await page.fill('#f-callback', 'https://example.com/ok');
    await page.fill('#f-documentCountry', 'ee');
    assert.match(await text(page, '#e-documentCountry'), /^KYC_INVALID_COUNTRY document\.country:/);
    await choose(page, 'provider', 'faceverify');
    await page.fill('#f-fvCountry', 'USA');
    assert.match(await text(page, '#e-fvCountry'), /^KYC_INVALID_COUNTRY country:/);
    await page.fill('#f-fvSecret', ' padded ');
    await page.fill('#f-fvCountry', 'US');
    assert.match(await text(page, '#e-fvSecret'), /^KYC_INVALID_VALUE secret: has leading or trailing whitespace/);
  });

  test('sign on the server: the page sends only fields, the server signs and forwards', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page, requests, problems } = ctx;
    await choose(page, 'signing', 'server');
    assert.equal(await page.locator('#f-veriffSecret').isDisabled(), true);
    assert.match(await text(page, '#p-signature'), /computed on the server/);

    const request = await create(page, '/demo/api/sessions');
    const sent = JSON.parse(request.postData());
    assert.deepEqual(Object.keys(sent).sort(), ['baseUrl', 'provider', 'query', 'scheme', 'session', 'urlMode']);
    assert.deepEqual(sent.session, { callback: 'https://example.com/kyc/done', person: { firstName: 'John', lastName: 'Smith' }, vendorData: 'user-42', lang: 'en' });
    assert.ok(!request.postData().includes(VERIFF.secret), 'no secret in what the page sends');
    assert.equal(requests.some((r) => /signature/i.test(Object.keys(r.headers()).join(' '))), false, 'no signature header from the page');
    assert.equal(requests.some((r) => new URL(r.url()).pathname === '/v1/sessions'), false, 'the page never calls the provider');

    assert.match(await text(page, '#r-status'), /^201\b/);
    assert.equal(await text(page, '#r-signature'), 'Response signature verified', 'the server checked the response with the Node build');
    await assertSessionLink(page, whatwg);
    assert.match(await page.locator('#r-request').textContent(), /^X-HMAC-SIGNATURE: [0-9a-f]{64}$/m, 'the request the server sent is shown');
    assert.deepEqual(logged(whatwg), ['POST /v1/sessions 201 session created', 'POST /demo/api/sessions 200 forwarded, provider answered 201']);
    assert.deepEqual(problems, []);
  });

  test('the session opens in a frame, is approved there, and the decision reads back (both modes)', async (t) => {
    for (const signing of ['browser', 'server']) {
      const ctx = await openPage(t, whatwg);
      if (!ctx) return;
      const { page, problems } = ctx;
      await choose(page, 'signing', signing);
      await create(page, signing === 'server' ? '/demo/api/sessions' : '/v1/sessions');
      await page.getByRole('button', { name: 'Get decision' }).click();
      await page.waitForFunction(() => /no decision yet/.test(document.getElementById('r-decision-status').textContent));

      await page.getByRole('button', { name: 'Open in a frame' }).click();
      assert.equal(await page.getAttribute('#r-frame-toggle', 'aria-expanded'), 'true');
      const frame = page.frameLocator('iframe[title="Verification session"]');
      await frame.getByRole('heading', { name: 'Verification session' }).waitFor();
      await frame.getByRole('button', { name: 'Approve' }).click();
      await frame.getByText('approved').first().waitFor();

      await page.getByRole('button', { name: 'Get decision' }).click();
      await page.waitForFunction(() => /approved \(code 9001\)/.test(document.getElementById('r-decision-status').textContent));
      assert.match(await text(page, '#r-decision-body'), /"status": "approved"/);
      assert.ok(logged(whatwg).includes('GET /v1/sessions/{id}/decision 200 decision approved'.replace('{id}', JSON.parse(await text(page, '#r-body')).verification.id)));
      assert.deepEqual(problems, [], signing);
    }
  });

  test('another origin without CORS: the browser blocks it and the page explains why', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page } = ctx;
    await page.fill('#f-baseUrl', raw.origin);
    raw.lines.length = 0;
    await page.getByRole('button', { name: 'Create session' }).click();
    await page.waitForFunction(() => document.getElementById('r-status').textContent === 'No response');
    assert.match(await text(page, '#r-reason'), /CORS.*"On the server"/s);
    assert.deepEqual(logged(raw).filter((l) => l.startsWith('POST')), [], 'the preflight failed, so no POST was made');
  });

  test('keyboard only: Enter in a field creates the session; every control has a name', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page } = ctx;
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the form');
    await page.focus('#f-firstName');
    await page.keyboard.press('End');
    await page.keyboard.type('ny');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /^201\b/.test(document.getElementById('r-status').textContent));
    assert.match(await text(page, '#r-body'), /"vendorData": "user-42"/);

    const unnamed = await page.evaluate(() => [...document.querySelectorAll('input, select, button')]
      .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim())))
      .map((c) => c.outerHTML));
    assert.deepEqual(unnamed, []);
    // A visible focus ring.
    await page.focus('#create');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.equal(outline, 'solid');
  });

  test('phone width: one column, nothing wider than the screen', async (t) => {
    const ctx = await openPage(t, whatwg, { width: 375, height: 740 });
    if (!ctx) return;
    const { page } = ctx;
    await choose(page, 'provider', 'faceverify');
    await create(page, '/api/v1/session');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 375);
    const [form, panel] = await Promise.all([page.locator('#session-form').boundingBox(), page.locator('#result').boundingBox()]);
    assert.ok(panel.y > form.y + form.height, 'the response panel sits below the form');
  });

  for (const signing of ['browser', 'server']) {
    test(`Sumsub, signed ${signing === 'browser' ? 'in the browser' : 'on the server'}: the emulator checks the signature and the 60 s window`, async (t) => {
      const ctx = await openPage(t, whatwg);
      if (!ctx) return;
      const { page, problems } = ctx;
      await choose(page, 'signing', signing);
      await choose(page, 'provider', 'sumsub');
      const request = await create(page, signing === 'browser' ? '/resources/applicants' : '/demo/api/sessions');
      assert.match(await text(page, '#r-status'), /^201\b/);
      assert.match(await text(page, '#r-body'), /"externalUserId": "user-42"/);
      if (signing === 'browser') {
        const headers = request.headers();
        const target = new URL(request.url());
        const signed = `${headers['x-app-access-ts']}POST${target.pathname}${target.search}${request.postData()}`;
        const expected = createHmac('sha256', DEMO_CREDENTIALS.sumsub.secret).update(signed).digest('hex');
        assert.equal(headers['x-app-access-sig'], expected, 'independent HMAC of what was sent');
        assert.ok(Math.abs(Number(headers['x-app-access-ts']) - Date.now() / 1000) < 60);
        assert.equal(await text(page, '#p-signature'), expected);
      }
      assert.ok(logged(whatwg).includes('POST /resources/applicants 201 applicant created'), logged(whatwg).join('\n'));
      assert.deepEqual(problems, []);
    });
  }

  test('webhook panel: each provider verified by the demo route; tampered, refused', async (t) => {
    const ctx = await openPage(t, whatwg);
    if (!ctx) return;
    const { page, problems } = ctx;
    const providers = await page.locator('#w-provider option').evaluateAll((options) => options.map((o) => o.value));
    assert.equal(providers.length, 8);
    for (const provider of providers) {
      await page.selectOption('#w-provider', provider);
      for (const [button, outcome] of [['Send a signed webhook', 'verified'], ['Send it tampered', 'refused']]) {
        await page.evaluate(() => { delete document.getElementById('w-status').dataset.outcome; });
        await page.getByRole('button', { name: button }).click();
        await page.waitForFunction(() => document.getElementById('w-status').dataset.outcome !== undefined);
        assert.equal(await page.locator('#w-status').getAttribute('data-outcome'), outcome, `${provider}: ${await text(page, '#w-status')}`);
        if (outcome === 'refused') assert.match(await text(page, '#w-status'), /KYC_SIGNATURE_MISMATCH/);
      }
    }
    assert.deepEqual(problems, []);
  });
});
