import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { ApiDescriptor } from './api-types';

/** The code the descriptor is built from: part of the cache key. */
const DESCRIPTOR_FILES = ['api-types.ts', 'api-descriptor.ts', 'build-api-descriptor.ts'];

let loaded: ApiDescriptor | undefined;

/**
 * The descriptor of the installed Envoy API, built on first use and cached on
 * disk: build tooling, an explicit I/O step the synth pipeline calls once
 * (lib/envoy/template-files.ts readEnvoyInputs), never a construct.
 */
export function envoyApiDescriptor(): ApiDescriptor {
  loaded ??= readOrBuild();
  return loaded;
}

function readOrBuild(): ApiDescriptor {
  const nodeModules = path.resolve(path.dirname(require.resolve('@grpc/grpc-js-xds/package.json')), '..', '..');
  const cacheFile = path.join(nodeModules, '.cache', 'envoy-api-descriptor', `${cacheKey(nodeModules)}.json`);
  if (fs.existsSync(cacheFile)) return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as ApiDescriptor;

  // Required lazily: protobufjs is only needed when the cache is cold.
  const { buildApiDescriptor } = require('./build-api-descriptor') as typeof import('./build-api-descriptor');
  const descriptor = buildApiDescriptor();
  fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
  // Write then rename: parallel test workers may build at the same time, and a reader must never see half a file.
  const partial = `${cacheFile}.${process.pid}.tmp`;
  fs.writeFileSync(partial, JSON.stringify(descriptor));
  fs.renameSync(partial, cacheFile);
  // Descriptors of other package versions or builder code are stale from now on.
  for (const file of fs.readdirSync(path.dirname(cacheFile))) {
    if (file.endsWith('.json') && file !== path.basename(cacheFile)) fs.rmSync(path.join(path.dirname(cacheFile), file), { force: true });
  }
  return descriptor;
}

/**
 * The cache key changes with the package versions and with the code that
 * builds the descriptor, so a stale descriptor is never read. It is never
 * a hand-maintained copy: delete node_modules/.cache to rebuild it.
 */
function cacheKey(nodeModules: string): string {
  const hash = createHash('sha256');
  for (const pkg of ['@grpc/grpc-js-xds', 'protobufjs']) {
    hash.update(`${pkg}@${JSON.parse(fs.readFileSync(path.join(nodeModules, pkg, 'package.json'), 'utf8')).version}\n`);
  }
  for (const file of DESCRIPTOR_FILES) hash.update(fs.readFileSync(sourceOf(file)));
  return hash.digest('hex').slice(0, 16);
}

/** The source of a sibling module: .ts under tsx and jest, .js if compiled. */
function sourceOf(file: string): string {
  const ts = path.join(__dirname, file);
  return fs.existsSync(ts) ? ts : ts.replace(/\.ts$/, '.js');
}
