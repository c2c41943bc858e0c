// Static files: the demo page from www/ and the built package from pkg/ (the
// page imports /pkg/web/index.js, the browser entry of kyc-sign).

import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_HEADERS, sendFail } from './http.mjs';

export const WWW_DIR = fileURLToPath(new URL('../', import.meta.url));
export const PKG_DIR = fileURLToPath(new URL('../../pkg/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.cts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

// The page: the browser signs with WebAssembly ('wasm-unsafe-eval'), and may
// call or frame any API base URL the visitor types, hence connect-src and frame-src.
const PAGE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + "connect-src *; frame-src *; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Which URL paths map to which folder. Only the page's own files are served from www/. */
function locate(pathname) {
  if (pathname === '/' || pathname === '/index.html') return join(WWW_DIR, 'index.html');
  if (pathname === '/style.css') return join(WWW_DIR, 'style.css');
  if (pathname.startsWith('/js/')) return within(join(WWW_DIR, 'js'), pathname.slice('/js/'.length));
  if (pathname.startsWith('/pkg/')) return within(PKG_DIR, pathname.slice('/pkg/'.length));
  return null;
}

/** `root/rel`, or null when `rel` would leave `root`. */
function within(root, rel) {
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(root, decoded);
  return full.startsWith(resolve(root) + sep) ? full : null;
}

/** Serves the file for `url` and returns true, or returns false when no file route matches. */
export async function serveStatic(req, res, url) {
  const file = locate(url.pathname);
  if (file === null) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendFail(res, 405, 'method not allowed');
    return true;
  }
  let body;
  try {
    body = await readFile(file);
  } catch {
    const missingPkg = url.pathname.startsWith('/pkg/');
    sendFail(res, 404, missingPkg ? 'not found in pkg/ (run `make build`)' : 'not found');
    return true;
  }
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const headers = type.startsWith('text/html')
    ? { ...PAGE_HEADERS, 'content-security-policy': PAGE_CSP }
    : { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
  res.reason = 'static';
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
