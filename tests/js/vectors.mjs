// Reads the golden cases of tests/vectors/ (the files the Rust tests read too)
// and checks the shape every one has: a top-level "description" and "source",
// exactly the expected number of cases, each with a unique "name" and a "source".
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const DIR = new URL('../vectors/', import.meta.url);

/** The number of cases in each file: a file that loses or gains cases fails until this changes with it. */
export const CASE_COUNTS = {
  'faceverify-urls.json': 62,
  'faceverify-canonical.json': 31,
  'session-bodies.json': 106,
  'providers.json': 11,
  'veriff-endpoints.json': 25,
};

/** The parsed document of `tests/vectors/{file}`, after checking its shape. */
export function readVectors(file) {
  const doc = JSON.parse(readFileSync(new URL(file, DIR), 'utf8'));
  for (const key of ['description', 'source']) {
    assert.ok(typeof doc[key] === 'string' && doc[key].trim() !== '', `${file}: needs a top-level "${key}"`);
  }
  assert.ok(Array.isArray(doc.cases), `${file}: "cases" must be an array`);
  assert.ok(file in CASE_COUNTS, `${file}: no expected case count`);
  assert.equal(doc.cases.length, CASE_COUNTS[file], `${file}: case count (update CASE_COUNTS with the file, on purpose)`);
  const names = new Set();
  doc.cases.forEach((c, i) => {
    assert.ok(typeof c.name === 'string' && c.name !== '', `${file}: case #${i} has no name`);
    assert.ok(!names.has(c.name), `${file}: case name ${c.name} is used twice`);
    names.add(c.name);
    assert.ok(typeof c.source === 'string' && c.source.trim() !== '', `${file}: case ${c.name} has no source`);
  });
  return doc;
}

/** The case called `name` in `file`. */
export function vectorCase(file, name) {
  const found = readVectors(file).cases.find((c) => c.name === name);
  assert.ok(found, `${file}: no case named ${name}`);
  return found;
}
