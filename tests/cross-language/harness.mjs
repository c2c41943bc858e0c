// Glue shared by the test and by write-differences.mjs: the library's raw
// mode on one URL, both samples on bare URLs, and the rows of the
// PARSE_URL_DIFFERENCES.md table.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { callOutcome } from '../js/helpers.mjs';
import { KINDS, renderMarkdown } from './differences.mjs';
import { runPhpFaceVerify, runPythonFaceVerify } from './oracles.mjs';

export const DIFFERENCES_FILE = fileURLToPath(new URL('PARSE_URL_DIFFERENCES.md', import.meta.url));

/** A request with nothing but `url` to vary, as both samples take it. */
export const bareCase = (url) => ({ method: 'GET', url, body: '', contentType: 'c', apiKey: 'k', secret: 's' });

/** Both samples over bare URLs, at the same time. */
export async function runBoth(urls) {
  const cases = urls.map(bareCase);
  const [py, php] = await Promise.all([runPythonFaceVerify(cases), runPhpFaceVerify(cases)]);
  return { py: py.results, php: php.results, versions: { python: py.version, php: php.version } };
}

/** The path and query kyc-sign's raw mode signs for `url`, or the code it throws. */
export function oursPathQuery(url) {
  const o = callOutcome('canonicalString', ['GET', url, '', 'c', 'k', { urlMode: 'raw' }]);
  if (!o.ok) return { code: o.error.code };
  const inner = o.value.slice('GET\n'.length, -'\nk\nc\n'.length);
  const nl = inner.indexOf('\n');
  return { path: inner.slice(0, nl), query: inner.slice(nl + 1) };
}

/** Every kind's examples through Python, PHP and kyc-sign: `{ rows, markdown }`. */
export async function exampleTable() {
  const urls = KINDS.flatMap((kind) => kind.examples);
  const { py, php, versions } = await runBoth(urls);
  const rows = {};
  let i = 0;
  for (const kind of KINDS) {
    rows[kind.id] = kind.examples.map((url) => {
      const row = { url, py: py[i], php: php[i], ours: oursPathQuery(url) };
      i++;
      return row;
    });
  }
  const markdown = renderMarkdown(rows, `Python ${versions.python}, PHP ${versions.php}`);
  return { rows, markdown, versions };
}

export function readDifferencesFile() {
  try {
    return readFileSync(DIFFERENCES_FILE, 'utf8');
  } catch {
    return null;
  }
}
