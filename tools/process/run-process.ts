import { spawn, spawnSync } from 'child_process';

/**
 * The one way the tools start a process (Terraform, git, the AWS CLI, docker, the deploy's commands, a
 * benchmark's command line): `runSync` waits for it, `runAsync` runs it alongside others and can stream
 * its output, `runChecked` rejects when it fails, like `execFile`. No other module of tools/ or scripts/
 * imports child_process.
 */
export interface ProcessSpec {
  readonly program: string;
  /** @default [] */
  readonly args?: readonly string[];
  /** @default - the current directory */
  readonly cwd?: string;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Written to its standard input. @default - no input (stdin ignored) */
  readonly input?: string;
  /** `program` is a shell command line (a checkout's cdktf.json `app`, a benchmark's command). @default false */
  readonly shell?: boolean;
  /** Killed after this many milliseconds. @default - no limit */
  readonly timeoutMs?: number;
}

export interface ProcessResult {
  /** Exit status; null when it did not start or was killed (then `error` says why). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Standard output and error as written, interleaved (runAsync); stdout then stderr (runSync). */
  readonly output: string;
  readonly error?: Error;
}

/** Output kept in memory: Terraform's JSON plans and the Price List API's pages are large (Node's default is 1 MiB). */
const MAX_BUFFER = 256 * 1024 * 1024;

/** Runs a process to its end. `inherit`: its output goes to this terminal and is not kept (without `input`). */
export function runSync(spec: ProcessSpec, options: { readonly stdio?: 'pipe' | 'inherit' } = {}): ProcessResult {
  const stdin = spec.input === undefined ? 'ignore' : 'pipe';
  const result = spawnSync(spec.program, [...(spec.args ?? [])], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: options.stdio === 'inherit' && spec.input === undefined ? 'inherit' : [stdin, 'pipe', 'pipe'],
    ...(spec.input === undefined ? {} : { input: spec.input }),
    ...(spec.shell ? { shell: true } : {}),
    ...(spec.timeoutMs === undefined ? {} : { timeout: spec.timeoutMs }),
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
  });
  const stdout = result.stdout ?? '';
  const stderr = result.stderr ?? '';
  return { status: result.status, stdout, stderr, output: stdout + stderr, ...(result.error ? { error: result.error } : {}) };
}

/** Runs a process without blocking; `onOutput` sees its output as it comes. Resolves when it ends, whatever its status. */
export function runAsync(spec: ProcessSpec, options: { readonly onOutput?: (text: string) => void } = {}): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(spec.program, [...(spec.args ?? [])], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      stdio: [spec.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(spec.shell ? { shell: true } : {}),
      ...(spec.timeoutMs === undefined ? {} : { timeout: spec.timeoutMs }),
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    let failed: Error | undefined;
    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString();
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      output += text;
      options.onOutput?.(text);
    };
    child.stdout?.on('data', take('stdout'));
    child.stderr?.on('data', take('stderr'));
    if (spec.input !== undefined) child.stdin?.end(spec.input);
    child.on('error', (error) => (failed = error));
    child.on('close', (status) => resolve({ status: failed ? null : status, stdout, stderr, output, ...(failed ? { error: failed } : {}) }));
  });
}

/** A process that must succeed: resolves with its output, or rejects with an error carrying `stdout`, `stderr` and the exit `code`. */
export async function runChecked(spec: ProcessSpec): Promise<{ stdout: string; stderr: string }> {
  const result = await runAsync(spec);
  if (result.status === 0) return { stdout: result.stdout, stderr: result.stderr };
  const what = result.error ? result.error.message : `exit ${result.status}`;
  throw Object.assign(new Error(`${[spec.program, ...(spec.args ?? [])].join(' ')} failed (${what})${result.stderr ? `:\n${result.stderr}` : ''}`), {
    stdout: result.stdout,
    stderr: result.stderr,
    code: result.error ? (result.error as NodeJS.ErrnoException).code : result.status,
  });
}
