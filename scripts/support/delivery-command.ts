import { reportFailure } from '../../lib/synth/report-failure';

/**
 * Runs an async command-line entry point of the delivery workflow: its value
 * is the exit code; a bad option or a user mistake (UserError: a failed Terraform
 * step, a GitHub API error, a refused apply) prints its message, anything else its stack.
 */
export function runDeliveryCommand(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${name} failed: ${(error as Error).message}\n`);
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
