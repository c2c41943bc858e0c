// Regenerates PARSE_URL_DIFFERENCES.md from the kinds in differences.mjs,
// running each example through Python's and PHP's samples and kyc-sign:
//
//   make build && node tests/cross-language/write-differences.mjs
//
// The test fails while the file is out of date.

import { writeFileSync } from 'node:fs';

import { DIFFERENCES_FILE, exampleTable } from './harness.mjs';

const { markdown, versions } = await exampleTable();
writeFileSync(DIFFERENCES_FILE, markdown);
console.log(`wrote ${DIFFERENCES_FILE} (Python ${versions.python}, PHP ${versions.php})`);
