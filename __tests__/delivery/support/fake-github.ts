import * as http from 'http';
import type { AddressInfo } from 'net';

/**
 * A local fake of the GitHub REST endpoints the delivery scripts call,
 * recording every request: issue comments (list by page, create, update) for
 * the sticky comments, and issues (list by label and state, by page; create;
 * update) for the drift issues. Repository `acme/platform` only; anything
 * else is a 404, as GitHub answers.
 */
export interface FakeComment {
  id: number;
  body: string;
  user: { login: string };
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: { name: string }[];
  user: { login: string };
  pull_request?: object;
}

export interface FakeGitHub {
  readonly api: string;
  comments: FakeComment[];
  issues: FakeIssue[];
  requests: { method: string; url: string; authorization?: string; body?: any }[];
  close(): Promise<void>;
}

export async function fakeGitHub(): Promise<FakeGitHub> {
  const state = { comments: [] as FakeComment[], issues: [] as FakeIssue[], requests: [] as FakeGitHub['requests'] };
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', () => {
      const body = text ? JSON.parse(text) : undefined;
      state.requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      const url = new URL(req.url!, 'http://x');
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const page = <T>(items: T[]) => {
        const [number, perPage] = [Number(url.searchParams.get('page') ?? 1), Number(url.searchParams.get('per_page') ?? 30)];
        return items.slice((number - 1) * perPage, number * perPage);
      };
      const { comments, issues } = state;
      let match: RegExpExecArray | null;
      if (req.method === 'GET' && /^\/repos\/acme\/platform\/issues\/(\d+)\/comments$/.test(url.pathname)) return reply(200, page(comments));
      if (req.method === 'POST' && /^\/repos\/acme\/platform\/issues\/\d+\/comments$/.test(url.pathname)) {
        const comment = { id: 9000 + comments.length, body: body.body, user: { login: 'github-actions[bot]' } };
        comments.push(comment);
        return reply(201, { ...comment, html_url: `https://github.test/c/${comment.id}` });
      }
      if (req.method === 'PATCH' && (match = /^\/repos\/acme\/platform\/issues\/comments\/(\d+)$/.exec(url.pathname))) {
        const comment = comments.find((c) => c.id === Number(match![1]));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = body.body;
        return reply(200, { ...comment, html_url: `https://github.test/c/${comment.id}` });
      }
      if (req.method === 'GET' && url.pathname === '/repos/acme/platform/issues') {
        const labels = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
        const wanted = url.searchParams.get('state') ?? 'open';
        return reply(200, page(issues.filter((i) => (wanted === 'all' || i.state === wanted) && labels.every((l) => i.labels.some((x) => x.name === l)))));
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/platform/issues') {
        const issue: FakeIssue = {
          number: 500 + issues.length,
          title: body.title,
          body: body.body,
          state: 'open',
          labels: (body.labels ?? []).map((name: string) => ({ name })),
          user: { login: 'github-actions[bot]' },
        };
        issues.push(issue);
        return reply(201, issue);
      }
      if (req.method === 'PATCH' && (match = /^\/repos\/acme\/platform\/issues\/(\d+)$/.exec(url.pathname))) {
        const issue = issues.find((i) => i.number === Number(match![1]));
        if (!issue) return reply(404, { message: 'Not Found' });
        for (const key of ['title', 'body', 'state'] as const) if (body[key] !== undefined) (issue as any)[key] = body[key];
        return reply(200, issue);
      }
      return reply(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeGitHub = {
    api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    comments: [],
    issues: [],
    requests: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  // The server reads the arrays through `state`, which the fake's properties are kept in step with.
  Object.defineProperties(fake, {
    comments: { get: () => state.comments, set: (v) => (state.comments = v) },
    issues: { get: () => state.issues, set: (v) => (state.issues = v) },
    requests: { get: () => state.requests, set: (v) => (state.requests = v) },
  });
  return fake;
}
