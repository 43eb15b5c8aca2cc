import { REPLAN } from './apply-plan';
import { gitHubStatus, githubApi, type GitHubApiOptions } from '../github-comment/sticky-comment';
import { UserError } from '../../lib/util/user-error';

/**
 * What the apply job checks with GitHub's API before it applies (issue 24):
 *
 * - The approval exists. The apply job's only gate is `environment:`, and
 *   GitHub creates a missing environment on the fly, without protection rules
 *   (https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment):
 *   a typo or a new repository applies unapproved. Where reviewers are
 *   required (stg, prod; dev when the workflow says so) the environment must
 *   exist with a `required_reviewers` protection rule
 *   (https://docs.github.com/en/rest/deployments/environments#get-an-environment).
 * - The environment's deploy role is reachable from protected branches only.
 *   The role trusts the OIDC subject `environment:<name>` (docs/deploy.md),
 *   which any branch gets unless the environment limits its deployment
 *   branches (`deployment_branch_policy`): dev included.
 * - The commit is still the tip of the deployed branch. Re-running an older
 *   run would otherwise apply an older commit over a newer one; the newest
 *   run deploys the tip.
 */
export interface DeployGateOptions extends GitHubApiOptions {
  /** `owner/name` (GITHUB_REPOSITORY). */
  readonly repository: string;
  readonly environment: string;
  /** Refuse unless the environment exists with required reviewers. */
  readonly requireReviewers: boolean;
  /** The branch this workflow deploys (GITHUB_REF_NAME): the commit must be its tip. */
  readonly branch: string;
  /** The checked-out commit (GITHUB_SHA). */
  readonly commit: string;
}

/** Where a person sets an environment's protection rules. */
const SETTINGS = (repository: string, environment: string) => `Settings › Environments › ${environment} at https://github.com/${repository}/settings/environments`;

export async function checkDeployGate(options: DeployGateOptions): Promise<void> {
  const { repository, environment, branch, commit } = options;
  const api = githubApi(options);
  const base = `${api.url}/repos/${repository}`;
  type Environment = { protection_rules?: { type: string; reviewers?: unknown[] }[]; deployment_branch_policy?: { protected_branches?: boolean; custom_branch_policies?: boolean } | null };
  let found: Environment;
  try {
    found = (await api.request('GET', `${base}/environments/${encodeURIComponent(environment)}`)) as Environment;
  } catch (error) {
    if (gitHubStatus(error) !== 404) throw error;
    throw new UserError(
      `${environment}: the GitHub environment does not exist, so GitHub ran this job without an approval or a branch rule: create it (${SETTINGS(repository, environment)}${options.requireReviewers ? ', with required reviewers' : ''}, deployment branches: protected branches only), then ${REPLAN}`,
    );
  }
  if (options.requireReviewers && !(found.protection_rules ?? []).some((rule) => rule.type === 'required_reviewers' && (rule.reviewers?.length ?? 0) > 0)) {
    throw new UserError(`${environment}: the GitHub environment has no required reviewers, so nobody approved this plan: add them (${SETTINGS(repository, environment)}), then ${REPLAN}`);
  }
  const branches = found.deployment_branch_policy;
  if (!branches || !(branches.protected_branches || branches.custom_branch_policies)) {
    throw new UserError(
      `${environment}: the GitHub environment lets any branch deploy (and assume its deploy role): set its deployment branches to protected branches only (Settings › Environments › ${environment} › Deployment branches and tags), then ${REPLAN}`,
    );
  }
  const tip = ((await api.request('GET', `${base}/branches/${encodeURIComponent(branch)}`)) as { commit: { sha: string } }).commit.sha;
  if (tip !== commit) {
    throw new UserError(
      `${environment}: this run deploys ${commit.slice(0, 7)}, but ${branch} is at ${tip.slice(0, 7)} now: nothing was applied; the newest run of the deploy workflow deploys ${branch} (re-running this older run never will)`,
    );
  }
}
