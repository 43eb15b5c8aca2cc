/**
 * Progress lines on stderr for the steps of a command that take more than
 * about two seconds (a synth, a Terraform init or plan), so a person sees what
 * it is doing: `diff: synthesizing the working tree (dev, stg, prod)` and,
 * when it ends, `diff: synthesizing the working tree: 4.2 s`. stdout keeps the
 * command's result (a report, a plan line). Under CI=true (GitHub Actions sets
 * it) only the step names are printed: no details and no timings, which only
 * make two logs of the same run differ.
 */
export interface ProgressOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - process.stderr */
  readonly write?: (text: string) => void;
  /** @default Date.now */
  readonly now?: () => number;
}

export class Progress {
  private readonly ci: boolean;
  private readonly write: (text: string) => void;
  private readonly now: () => number;

  constructor(
    private readonly command: string,
    options: ProgressOptions = {},
  ) {
    this.ci = (options.env ?? process.env).CI === 'true';
    this.write = options.write ?? ((text) => process.stderr.write(text));
    this.now = options.now ?? Date.now;
  }

  /** One line that is always printed (e.g. that an earlier synth is reused). */
  note(line: string): void {
    this.write(`${this.command}: ${line}\n`);
  }

  /** Runs `work` as a step: its name (with `detail`, except under CI) before, the time it took after (except under CI). */
  step<T>(name: string, detail: string | undefined, work: () => T): T {
    const started = this.begin(name, detail);
    const result = work();
    if (result instanceof Promise) return result.then((value) => (this.end(name, started), value)) as T;
    this.end(name, started);
    return result;
  }

  private begin(name: string, detail: string | undefined): number {
    this.write(`${this.command}: ${name}${detail && !this.ci ? ` (${detail})` : ''}\n`);
    return this.now();
  }

  private end(name: string, started: number): void {
    if (!this.ci) this.write(`${this.command}: ${name}: ${((this.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
