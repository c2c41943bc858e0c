// kyc-sign/express in Express 5 (the version tests/middleware/package-lock.json
// pins): the tests of express-suite.mjs.
import express from 'express';

import { expressSuite } from './express-suite.mjs';

expressSuite(express, 'express', 5);
