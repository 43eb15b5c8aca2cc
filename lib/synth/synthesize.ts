import * as fs from 'fs';
import { App } from 'cdktf';
import type { EnvironmentConfig } from '../config/environment-schema';
import { addEnvironmentStacks } from '../../stacks/environment-stacks';

/**
 * Synthesizes the environments into `outdir`, all or nothing: the app writes
 * into a staging folder beside it, which replaces `outdir` only once every
 * stack has synthesized, so a failure never leaves half-written output.
 */
export function synthesizeEnvironments(configs: readonly EnvironmentConfig[], outdir: string): App {
  const staging = `${outdir.replace(/[\\/]+$/, '')}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    const app = buildApp(configs, staging);
    app.synth();
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
    return app;
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Builds the construct tree of the environments without writing anything but the empty outdir. */
export function buildApp(configs: readonly EnvironmentConfig[], outdir: string): App {
  const app = new App({ outdir, stackTraces: false, skipValidation: false });
  for (const config of configs) addEnvironmentStacks(app, config);
  return app;
}
