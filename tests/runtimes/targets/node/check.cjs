// The conformance check through require('kyc-sign') (Node and Bun).
const kyc = require('kyc-sign');

Promise.all([import('../../conformance/cases.generated.js'), import('../../conformance/conformance.js')]).then(
  ([cases, { conform }]) => console.log(JSON.stringify(conform(kyc, cases.default))),
);
