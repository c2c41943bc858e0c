// Writes each ```ts block of the README to target/types-readme/, for
// `tsc -p tests/types` to compile under --strict with the package's types.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const out = new URL('../../target/types-readme/', import.meta.url);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
blocks.forEach((code, i) => writeFileSync(new URL(`readme-${i}.ts`, out), `${code}\nexport {};\n`));
console.log(`${blocks.length} TypeScript block(s) of the README`);
if (blocks.length === 0) process.exit(1);
