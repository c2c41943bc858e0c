import { nodeResolve } from '@rollup/plugin-node-resolve';

export default {
  input: new URL('./main.js', import.meta.url).pathname,
  output: { file: process.env.ROLLUP_OUT, format: 'iife' },
  plugins: [nodeResolve({ browser: true })],
};
