import { GITHUB_COMMENT_LIMIT } from './comment-fit';
import { UserError, type UserProblem } from '../../lib/util/user-error';

/**
 * Creates or updates one pull-request comment, found by a marker on its first
 * line (`<!-- NAME -->`), through GitHub's REST API
 * (https://docs.github.com/en/rest/issues/comments): list the issue's
 * comments page by page, PATCH the first one the workflow's bot wrote that
 * starts with the marker, else POST a new one. One comment per marker is
 * rewritten on every push, so it never shows an earlier push's state.
 */

export interface StickyCommentOptions {
  /** `owner/name` (GITHUB_REPOSITORY). */
  readonly repository: string;
  /** The pull request's number. */
  readonly issue: number;
  /** The marker name: the comment starts with `<!-- NAME -->`. */
  readonly marker: string;
  readonly body: string;
  readonly token: string;
  /** @default https://api.github.com (GITHUB_API_URL on GitHub Enterprise) */
  readonly apiUrl?: string;
  /** The login that writes the comment. @default github-actions[bot] */
  readonly author?: string;
  readonly fetch?: typeof fetch;
}

export interface StickyCommentResult {
  readonly action: 'created' | 'updated';
  readonly id: number;
  readonly url?: string;
}

/** A request GitHub refused: the problem of the UserError, with the HTTP status GitHub answered. */
interface GitHubRefusal extends UserProblem {
  readonly status: number;
}

/** The HTTP status GitHub answered, when the error is a request it refused (githubApi). */
export function gitHubStatus(error: unknown): number | undefined {
  return error instanceof UserError ? (error.problems[0] as Partial<GitHubRefusal> | undefined)?.status : undefined;
}

export const markerLine = (marker: string) => `<!-- ${marker} -->`;

const PER_PAGE = 100;

/** Where and as whom GitHub's REST API is called. */
export interface GitHubApiOptions {
  readonly token: string;
  /** @default https://api.github.com (GITHUB_API_URL on GitHub Enterprise) */
  readonly apiUrl?: string;
  readonly fetch?: typeof fetch;
}

/**
 * GitHub's REST API with a token: `request(method, url, payload?)` sends JSON,
 * returns the parsed reply and throws a UserError naming the method,
 * path and status when GitHub refuses. Shared by the sticky comment and the
 * drift issues (tools/deploy/drift-issue.ts).
 */
export function githubApi(options: GitHubApiOptions): { readonly url: string; request(method: string, url: string, payload?: unknown): Promise<any> } {
  const api = (options.apiUrl ?? 'https://api.github.com').replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const request = async (method: string, url: string, payload?: unknown): Promise<any> => {
    const response = await doFetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${options.token}`,
        'x-github-api-version': '2022-11-28',
        ...(payload ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload ? { body: JSON.stringify(payload) } : {}),
    });
    if (!response.ok) {
      const text = await response.text();
      throw new UserError<GitHubRefusal>({ message: `${method} ${url.replace(api, '')}: ${response.status} ${response.statusText}: ${text.slice(0, 300)}`, status: response.status });
    }
    return response.json();
  };
  return { url: api, request };
}

export async function upsertStickyComment(options: StickyCommentOptions): Promise<StickyCommentResult> {
  if (!/^[\w.:-]+$/.test(options.marker)) throw new UserError(`--marker: expected letters, digits, '.', ':', '_' or '-', got ${JSON.stringify(options.marker)}`);
  const body = `${markerLine(options.marker)}\n${options.body}`;
  if (body.length > GITHUB_COMMENT_LIMIT) {
    throw new UserError(`the comment has ${body.length} characters, GitHub accepts ${GITHUB_COMMENT_LIMIT}: fit it first (tools/github-comment/comment-fit.ts)`);
  }
  const author = options.author ?? 'github-actions[bot]';
  const api = githubApi(options);
  const request = api.request;
  const base = `${api.url}/repos/${options.repository}/issues`;
  let existing: { id: number } | undefined;
  for (let page = 1; !existing; page++) {
    const comments = (await request('GET', `${base}/${options.issue}/comments?per_page=${PER_PAGE}&page=${page}`)) as { id: number; body?: string; user?: { login?: string } }[];
    existing = comments.find((c) => c.user?.login === author && (c.body ?? '').startsWith(markerLine(options.marker)));
    if (comments.length < PER_PAGE) break;
  }
  if (existing) {
    const updated = await request('PATCH', `${base}/comments/${existing.id}`, { body });
    return { action: 'updated', id: existing.id, url: updated?.html_url };
  }
  const created = await request('POST', `${base}/${options.issue}/comments`, { body });
  return { action: 'created', id: created.id, url: created?.html_url };
}

/** The pull request's number: PULL_REQUEST, else the event payload GitHub writes to GITHUB_EVENT_PATH. */
export function pullRequestNumber(env: NodeJS.ProcessEnv, readFile: (file: string) => string): number {
  const fromEnv = env.PULL_REQUEST;
  if (fromEnv) {
    if (!/^\d+$/.test(fromEnv)) throw new UserError(`PULL_REQUEST: expected a pull-request number, got ${JSON.stringify(fromEnv)}`);
    return Number(fromEnv);
  }
  if (env.GITHUB_EVENT_PATH) {
    const event = JSON.parse(readFile(env.GITHUB_EVENT_PATH)) as { pull_request?: { number?: number } };
    if (typeof event.pull_request?.number === 'number') return event.pull_request.number;
  }
  throw new UserError('no pull request: set PULL_REQUEST, or run on a pull_request event (GITHUB_EVENT_PATH)');
}
