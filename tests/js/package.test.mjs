// The built package as npm would ship it: the three entries export the same
// API as the type declarations, package.json is complete and resolvable, and
// the package resolves by its own name through "exports".

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

import { API_NAMES, PKG_DIR, REPO_DIR, cjs, esm, hmacHex } from './helpers.mjs';

const pkgJson = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'));
const requireHere = createRequire(import.meta.url);

/** Names a module exports, read from its text (without running it). */
function exportedNames(source) {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '');
  const names = new Set();
  const add = (list, separator) => {
    for (const part of list.split(',')) {
      const name = part.trim().split(separator).pop().trim();
      if (name) names.add(name);
    }
  };
  for (const m of text.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export\s+(?:const|let|var)\s+\{([^}]*)\}/gm)) add(m[1], /\s*:\s*/);
  for (const m of text.matchAll(/^export\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export\s*\{([^}]*)\}/gm)) add(m[1], /\s+as\s+/);
  if (/^export\s+default\b/m.test(text)) names.add('default');
  return [...names].sort();
}

/** `export function` names of a declaration file (overloads count once). */
function declaredFunctions(file) {
  const text = readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/^export\s+(?:declare\s+)?(?:function|class)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]))].sort();
}

function cargoPackageField(field) {
  const toml = readFileSync(join(REPO_DIR, 'Cargo.toml'), 'utf8');
  const section = toml.split(/^\[/m).find((s) => s.startsWith('package]'));
  const m = new RegExp(`^${field}\\s*=\\s*"([^"]*)"`, 'm').exec(section);
  assert.ok(m, `Cargo.toml [package] has ${field}`);
  return m[1];
}

test('the require, import and web entries export the same names as the types declare', () => {
  const declared = declaredFunctions(join(PKG_DIR, 'types', 'index.d.ts'));
  const viaImport = Object.keys(esm).sort();
  const viaRequire = Object.keys(cjs).sort();
  const viaWeb = exportedNames(readFileSync(join(PKG_DIR, 'web', 'index.js'), 'utf8'));
  assert.deepEqual(viaImport, declared, 'import entry vs index.d.ts');
  assert.deepEqual(viaRequire, declared, 'require entry vs index.d.ts');
  assert.deepEqual(viaWeb, declared, 'web entry vs index.d.ts');
  assert.deepEqual(declaredFunctions(join(PKG_DIR, 'types', 'index.d.cts')), declared, 'index.d.cts vs index.d.ts');
  for (const name of API_NAMES) assert.ok(declared.includes(name), `${name} is declared`);
  for (const name of viaImport) assert.equal(typeof esm[name], 'function', `${name} is a function`);
});

test('the import entry re-exports the require entry: one wasm instance, the very same functions', () => {
  for (const name of Object.keys(cjs)) assert.equal(esm[name], cjs[name], name);
});

test('init() returns a promise that resolves to undefined, from both entries', async () => {
  for (const entry of [esm, cjs]) {
    const p = entry.init();
    assert.ok(p instanceof Promise, 'a Promise');
    assert.equal(await p, undefined);
  }
});

test('package.json: name, version from Cargo.toml, license, repository, files', () => {
  assert.equal(pkgJson.name, 'kyc-sign');
  assert.equal(pkgJson.version, cargoPackageField('version'));
  assert.equal(pkgJson.license, cargoPackageField('license'));
  assert.equal(typeof pkgJson.repository, 'object');
  assert.equal(pkgJson.repository.type, 'git');
  assert.ok(pkgJson.repository.url.includes(cargoPackageField('repository').replace(/^https:\/\//, '')), pkgJson.repository.url);
  assert.ok(Array.isArray(pkgJson.files) && pkgJson.files.length > 0, 'a files list');
  for (const entry of pkgJson.files) assert.ok(existsSync(join(PKG_DIR, entry)), `files entry ${entry} exists`);
  for (const field of ['main', 'types']) assert.ok(existsSync(join(PKG_DIR, pkgJson[field])), `${field} ${pkgJson[field]} exists`);
});

test('package.json exports: "types" comes first in every condition object, and every target exists', () => {
  const conditionObjects = [];
  const targets = [];
  (function walk(node, where) {
    if (typeof node === 'string') return targets.push([where, node]);
    assert.equal(typeof node, 'object', `${where} is an object`);
    const keys = Object.keys(node);
    const isSubpathMap = keys.every((k) => k.startsWith('.'));
    if (!isSubpathMap && keys.some((k) => typeof node[k] === 'string')) conditionObjects.push([where, keys]);
    for (const key of keys) walk(node[key], `${where}.${key}`);
  })(pkgJson.exports, 'exports');
  assert.ok(conditionObjects.length >= 3, 'node import, node require and default conditions');
  for (const [where, keys] of conditionObjects) {
    assert.ok(keys.includes('types'), `${where} has "types"`);
    assert.equal(keys[0], 'types', `${where}: "types" must come first, got ${keys.join(', ')}`);
    assert.equal(keys[keys.length - 1], 'default', `${where}: "default" must come last`);
  }
  for (const [where, target] of targets) assert.ok(existsSync(join(PKG_DIR, target)), `${where} → ${target} exists`);
});

test('require("<abs>/pkg") resolves the directory through package.json', () => {
  const viaDirectory = requireHere(PKG_DIR);
  assert.equal(viaDirectory, cjs, 'the same module as pkg/node/index.cjs');
  assert.equal(viaDirectory.generateHmacSignature('payload', 'secret'), hmacHex('secret', 'payload'));
});

test('import("<abs>/pkg/node/index.mjs") works and is the same module as the static import', async () => {
  const viaUrl = await import(pathToFileURL(join(PKG_DIR, 'node', 'index.mjs')).href);
  assert.equal(viaUrl, esm);
  assert.equal(viaUrl.generateHmacSignature('payload', 'secret'), hmacHex('secret', 'payload'));
});

test('the package resolves by its own name: "import" → node/index.mjs, "require" → node/index.cjs', () => {
  // Self-reference through "exports" from a module inside the package.
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const viaImport = await import('kyc-sign');
    const viaRequire = require('kyc-sign');
    console.log(JSON.stringify({
      importUrl: import.meta.resolve('kyc-sign'),
      requirePath: require.resolve('kyc-sign'),
      same: Object.keys(viaRequire).every((k) => viaImport[k] === viaRequire[k]),
      names: Object.keys(viaImport).sort(),
    }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: PKG_DIR, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.importUrl, pathToFileURL(join(PKG_DIR, 'node', 'index.mjs')).href);
  assert.equal(out.requirePath, join(PKG_DIR, 'node', 'index.cjs'));
  assert.ok(out.same, 'import and require give the same functions');
  assert.deepEqual(out.names, Object.keys(esm).sort());
});
