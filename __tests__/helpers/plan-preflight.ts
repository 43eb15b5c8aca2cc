import { terraformVersion } from '../../tools/offline-plan/offline-plan';
import { providerPreflight } from '../../tools/offline-plan/provider-preflight';
import { closeRunTempDir, openRunTempDir } from './run-temp-dir';

/**
 * jest globalSetup of the plan project: on a machine where Terraform cannot
 * install the AWS provider (no registry, no mirror), stop the run once with
 * one line that says what to do, instead of every stack's plan failing with
 * the same init error. Without Terraform it does nothing: the plan suites say
 * loudly that they were skipped (a failure under CI=true).
 */
export default async function planPreflight(): Promise<void> {
  // Project hooks run before the run's globalSetup: the preflight's init already writes into the run's temp folder.
  openRunTempDir();
  if (!(await terraformVersion())) return;
  const problem = await providerPreflight();
  if (problem) {
    // jest runs no globalTeardown after a failed globalSetup: remove the run's temp folder here.
    closeRunTempDir();
    const error = new Error(problem);
    // jest prints a globalSetup error's stack: make it the one line.
    error.stack = problem;
    throw error;
  }
}

/**
 * The Terraform version for a suite that runs real plans, or undefined when
 * Terraform is missing: the suite is then skipped, said loudly on stderr, and
 * under CI=true that is a failure (CI must run every plan).
 */
export async function terraformForSuite(suite: string): Promise<string | undefined> {
  const version = await terraformVersion();
  if (version) return version;
  if (process.env.CI === 'true') throw new Error(`TERRAFORM NOT FOUND: ${suite} cannot run (CI=true makes this a failure)`);
  process.stderr.write(`\nTERRAFORM NOT FOUND: ${suite} was SKIPPED.\n\n`);
  return undefined;
}
