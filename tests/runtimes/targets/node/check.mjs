// The conformance check as an ES module user runs it (Node, Bun, Deno):
// `import … from 'kyc-sign'`, resolved through the package's exports.
import * as kyc from 'kyc-sign';
import cases from '../../conformance/cases.generated.js';
import { conform } from '../../conformance/conformance.js';

console.log(JSON.stringify(conform(kyc, cases)));
