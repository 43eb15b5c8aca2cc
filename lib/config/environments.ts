import * as fs from 'fs';
import * as path from 'path';
import { type ConfigProblem } from './config-error';
import type { EnvironmentConfig } from './environment-schema';
import { loadEnvironmentFile, type LoadOptions } from './loader';
import { environmentClashes, fileNameClashes, vpcRangeOverlaps } from './environment-clashes';
import { configError, isConfigError } from './config-error';

/** Name of the variable that limits synthesis to some environments: `ENVIRONMENTS=dev,stg`. */
export const ENVIRONMENTS_VARIABLE = 'ENVIRONMENTS';

/** The environment files of a folder, sorted by name. */
export function listEnvironmentFiles(directory: string): string[] {
  return fs
    .readdirSync(directory)
    .filter((entry) => /\.ya?ml$/.test(entry))
    .sort()
    .map((entry) => path.join(directory, entry));
}

/**
 * Loads the selected environments (all when `selection` is empty). Every file
 * is checked before any is used, and all problems are reported together.
 */
export function loadEnvironments(directory: string, selection: readonly string[] = [], options: LoadOptions = {}): EnvironmentConfig[] {
  const files = listEnvironmentFiles(directory);
  const available = files.map((file) => path.basename(file).replace(/\.ya?ml$/, ''));
  const unknown = selection.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw configError([
      {
        file: path.relative(process.cwd(), directory) || directory,
        line: 1,
        column: 1,
        keyPath: '',
        message: `${ENVIRONMENTS_VARIABLE} names ${unknown.join(', ')}, but the environments are: ${available.join(', ')}`,
      },
    ]);
  }
  const chosen = selection.length > 0 ? files.filter((_, index) => selection.includes(available[index])) : files;
  if (chosen.length === 0) {
    throw configError([{ file: directory, line: 1, column: 1, keyPath: '', message: 'no environment files (*.yaml) found' }]);
  }
  const configs: EnvironmentConfig[] = [];
  const problems: ConfigProblem[] = fileNameClashes(chosen, (file) => path.relative(process.cwd(), file) || file);
  for (const file of chosen) {
    try {
      configs.push(loadEnvironmentFile(file, options));
    } catch (error) {
      if (!isConfigError(error)) throw error;
      problems.push(...error.problems);
    }
  }
  problems.push(...environmentClashes(configs));
  if (problems.length > 0) throw configError(problems);
  // Each warning goes to the environment whose entry it names, printed with that environment's own warnings.
  const overlaps = vpcRangeOverlaps(configs);
  return configs.map((config) => {
    const mine = overlaps.filter((warning) => warning.file === config.sourceFile);
    return mine.length === 0 ? config : { ...config, warnings: [...config.warnings, ...mine] };
  });
}

/** Parses `dev, stg` into names; empty means all. */
export function parseSelection(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}
