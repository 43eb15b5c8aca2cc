'use strict';
/**
 * Runs a TypeScript entry point without a type-checking or per-file
 * transpiling loader: esbuild bundles the entry with the repository's own
 * modules in memory (npm packages stay external and load from node_modules
 * as usual), and Node compiles that bundle as the entry file itself, so
 * require() resolution is that of the entry. Each bundled module keeps its own
 * __dirname and __filename (modules find data files next to themselves).
 * Type-checking is `tsc --noEmit`, once, in `npm test`. docs/bench.md has the
 * measurements behind this (tsx costs about 0.5 s more per run).
 *
 * Usage: node scripts/run-ts.cjs <entry.ts> [arguments...]
 */
const Module = require('module');
const path = require('path');
const esbuild = require('esbuild');

/** Gives every bundled repository module its own __dirname/__filename, as Node would. */
const ownPaths = {
  name: 'own-paths',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = require('fs').readFileSync(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return { contents: source, loader: 'ts' };
      const header = `const __dirname = ${JSON.stringify(path.dirname(args.path))}; const __filename = ${JSON.stringify(args.path)};\n`;
      return { contents: header + source, loader: 'ts' };
    });
  },
};

async function bundle(entry) {
  try {
    return await esbuild.build({
      entryPoints: [entry],
      // Not written; it makes the source map's paths relative to the entry's folder.
      outdir: path.dirname(entry),
      bundle: true,
      write: false,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      packages: 'external',
      // Read only under NODE_OPTIONS=--enable-source-maps (stack traces then
      // point at the .ts sources). Not enabled by default: Node would then parse
      // the source map of every module it loads, cdktf's included, which costs
      // a third of the synth time.
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'error',
      plugins: [ownPaths],
    });
  } catch (error) {
    // esbuild has already printed its errors (logLevel above).
    if (Array.isArray(error.errors)) return undefined;
    throw error;
  }
}

async function main() {
  const [entryArgument, ...args] = process.argv.slice(2);
  if (!entryArgument) {
    process.stderr.write('usage: node scripts/run-ts.cjs <entry.ts> [arguments...]\n');
    return 2;
  }
  const entry = path.resolve(entryArgument);
  const result = await bundle(entry);
  if (!result) return 1;
  process.argv = [process.argv[0], entry, ...args];
  const entryModule = new Module(entry, null);
  entryModule.filename = entry;
  entryModule.paths = Module._nodeModulePaths(path.dirname(entry));
  require.main = entryModule;
  process.mainModule = entryModule;
  entryModule._compile(result.outputFiles[0].text, entry);
  return undefined;
}

main().then((code) => {
  if (code !== undefined) process.exitCode = code;
});
