import { fileURLToPath } from 'node:url';

// The runtime matrix folder holds node_modules and the conformance files.
const root = fileURLToPath(new URL('../..', import.meta.url));

export default {
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  outputFileTracingRoot: root,
  turbopack: { root },
};
