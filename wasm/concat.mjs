// Writes a package entry as the concatenation of pkg-template files, with a
// source map (sources included) so that stack traces and debuggers point at
// the file and line the code was written in.
//
//   node wasm/concat.mjs OUT.js SOURCE.js…
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, relative } from 'node:path';

const [output, ...sources] = process.argv.slice(2);
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One source-map VLQ number. */
function vlq(value) {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}

const texts = sources.map((source) => readFileSync(source, 'utf8').replace(/\n?$/, '\n'));
// Each generated line maps to column 0 of its source line; fields are deltas
// from the previous segment (generated column, source, line, column).
const mappings = [];
let previousSource = 0;
let previousLine = 0;
texts.forEach((text, source) => {
  const lines = text.split('\n').length - 1;
  for (let line = 0; line < lines; line++) {
    mappings.push(vlq(0) + vlq(source - previousSource) + vlq(line - previousLine) + vlq(0));
    previousSource = source;
    previousLine = line;
  }
});

const map = {
  version: 3,
  file: basename(output),
  sources: sources.map((source) => relative(process.cwd(), source)),
  sourcesContent: texts,
  names: [],
  mappings: mappings.join(';'),
};
writeFileSync(output, `${texts.join('')}//# sourceMappingURL=${basename(output)}.map\n`);
writeFileSync(`${output}.map`, `${JSON.stringify(map)}\n`);
