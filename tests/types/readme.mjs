// The README's ```ts and ```js examples, for tests/types/run.mjs to compile
// with the package's types. Each example gets the runtime its code needs:
//
//   node  uses `process`, `Buffer`, `require` or imports `node:*`, express or
//         fastify: compiled where @types/node is (lib es2022, and es2022 + dom);
//   web   uses only what browsers, Node, Deno and workers all have (`fetch`,
//         `Request`, `Response`, `Headers`, `console`, …): compiled with
//         @types/node and, without it, with lib "dom";
//   es    uses nothing outside the language: compiled everywhere, lib
//         es2022 alone included.
//
// `node tests/types/readme.mjs` lists them.
import { readFileSync } from 'node:fs';

const README = new URL('../../README.md', import.meta.url);

export function environment(code) {
  if (/\bprocess\.|\bBuffer\b|\brequire\(|from\s+['"](?:node:|express['"]|fastify['"])/.test(code)) return 'node';
  if (/\b(?:fetch|Request|Response|Headers|console|TextEncoder|TextDecoder|URL|setTimeout|crypto)\b/.test(code)) return 'web';
  return 'es';
}

/** Every ```ts and ```js block: `{ n, lang, code, line, env }`, `line` its first line in README.md. */
export function readmeExamples(text = readFileSync(README, 'utf8')) {
  return [...text.matchAll(/^```(ts|js)\n([\s\S]*?)^```$/gm)].map((m, i) => ({
    n: i + 1,
    lang: m[1],
    code: m[2],
    line: text.slice(0, m.index).split('\n').length + 1,
    env: environment(m[2]),
  }));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const { n, lang, line, env, code } of readmeExamples()) {
    const first = code.split('\n').find((l) => l && !l.startsWith('import')) ?? '';
    console.log(`${String(n).padStart(2)} ${lang} README.md:${line} ${env.padEnd(4)} ${first.slice(0, 60)}`);
  }
}
