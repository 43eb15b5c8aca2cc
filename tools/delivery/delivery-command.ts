import { reportFailure } from '../../lib/synth/report-failure';
import { ReviewError } from '../review/review-command';
import { ApplyRefused } from './apply-plan';
import { PlanSealError } from './plan-crypto';
import { PlanStepError } from './plan-stack';
import { StickyCommentError } from './sticky-comment';

/**
 * Runs an async command-line entry point of the delivery workflow: its value
 * is the exit code; a known failure (bad option, unknown flag, failed
 * Terraform step, GitHub API error) prints its message, anything else its stack.
 */
export function runDeliveryCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      const known = [ReviewError, PlanStepError, StickyCommentError, ApplyRefused, PlanSealError].some((type) => error instanceof type);
      if (known || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${name} failed: ${(error as Error).message}\n`);
      else reportFailure(error, `${name} failed`);
      process.exitCode = 1;
    },
  );
}

/** The workflow run's address from GitHub's default variables, when running in Actions. */
export function workflowRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  return server && repository && run ? `${server}/${repository}/actions/runs/${run}` : undefined;
}
