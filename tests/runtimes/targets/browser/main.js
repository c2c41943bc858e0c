// The page every bundler builds: the check's result lands on window for the
// runner to read through Chromium.
import * as kyc from 'kyc-sign';
import cases from '../../conformance/cases.generated.js';
import { conform } from '../../conformance/conformance.js';

window.kycConformance = conform(kyc, cases);
