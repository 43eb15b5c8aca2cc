import { spawnSync } from 'child_process';
import * as path from 'path';

const root = path.resolve(__dirname, '../../..');

/**
 * Runs one of the ES-module validators beside this file in its own Node
 * process; `nodeOptions` only where a validator needs them (tsx's loader costs
 * about a second).
 */
function runValidator<T>(script: string, input: unknown, nodeOptions: readonly string[] = []): T {
  const result = spawnSync(process.execPath, [...nodeOptions, path.join(__dirname, script)], {
    cwd: root,
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`${script} failed (exit ${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Mermaid's parser verdict per diagram: undefined when it parses, else the parser's message. */
export function mermaidErrors(diagrams: readonly string[]): (string | undefined)[] {
  return runValidator<(string | null)[]>('parse-mermaid.mjs', diagrams).map((error) => error ?? undefined);
}

/** GitHub's workflow parser's error messages per workflow file. */
export function workflowErrors(files: readonly { name: string; content: string }[]): string[][] {
  // The workflow parser imports its schema as JSON without an import attribute, which tsx's loader allows.
  return runValidator<string[][]>('parse-workflows.mjs', files, ['--import', 'tsx']);
}
