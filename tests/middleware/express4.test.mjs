// kyc-sign/express in Express 4 (the package express4 of
// tests/middleware/package.json, an alias of express@4): the tests of
// express-suite.mjs, where express.json() leaves {} on a request of another
// content type and the stream unread.
import express from 'express4';

import { expressSuite } from './express-suite.mjs';

expressSuite(express, 'express4', 4);
