// Bundles handler.js as `vercel dev` bundles an edge function (esbuild,
// platform browser, CommonJS output, each `.wasm?module` import turned into a
// global WebAssembly.Module compiled outside the sandbox) and serves it with
// edge-runtime. With --production, resolution adds the `edge-light`
// condition, as Vercel's production Edge does, and the sandbox may not
// compile wasm or evaluate strings (production Edge refuses both).
//
//   node serve.mjs [--production]     prints the server's URL, serves until killed
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import esbuild from 'esbuild';
import { EdgeRuntime, runServer } from 'edge-runtime';

const production = process.argv.includes('--production');
const wasmFiles = new Map();

const wasmModules = {
  name: 'wasm-module-imports',
  setup(build) {
    build.onResolve({ filter: /\.wasm\?module$/ }, async ({ path, importer, resolveDir }) => {
      const resolved = await build.resolve(path.replace(/\?module$/, ''), { importer, resolveDir, kind: 'entry-point' });
      const name = `wasm_${createHash('sha1').update(await readFile(resolved.path)).digest('hex')}`;
      wasmFiles.set(name, resolved.path);
      return { path: name, namespace: 'wasm-module' };
    });
    build.onLoad({ filter: /.*/, namespace: 'wasm-module' }, ({ path }) => ({
      loader: 'js',
      contents: `export default globalThis[${JSON.stringify(path)}];`,
    }));
  },
};

const { outputFiles } = await esbuild.build({
  entryPoints: [new URL('./handler.js', import.meta.url).pathname],
  bundle: true,
  write: false,
  platform: 'browser',
  format: 'cjs',
  target: 'es2022',
  conditions: production ? ['edge-light'] : [],
  plugins: [wasmModules],
  logLevel: 'warning',
});

const wasmGlobals = {};
for (const [name, path] of wasmFiles) wasmGlobals[name] = await WebAssembly.compile(await readFile(path));

const runtime = new EdgeRuntime({
  initialCode: `${outputFiles[0].text}
const edgeFunction = module.exports.default;
addEventListener('fetch', (event) => event.respondWith(edgeFunction(event.request)));`,
  codeGeneration: production ? { strings: false, wasm: false } : undefined,
  extend: (context) => Object.assign(context, { module: {}, ...wasmGlobals }),
});
const server = await runServer({ runtime, host: '127.0.0.1', port: 0 });
console.log(JSON.stringify({ url: server.url, bundleBytes: outputFiles[0].contents.length, wasmModules: wasmFiles.size }));
