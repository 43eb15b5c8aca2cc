import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, StackPolicyReport } from '../guardrails/evaluate-stack';
import { POLICY_PACK } from '../guardrails/policy-pack';

/**
 * What a synth output folder was synthesized from, written into it by the
 * pipeline (synthesize.ts) last, with the policy results, so `npm run policy`,
 * `cost`, `diagram` and `diff` reuse `cdktf.out` instead of synthesizing the
 * same inputs again, and synthesize again when anything that feeds the synth
 * changed.
 */
export const SYNTH_RECORD_FILE = 'synth-record.json';

/**
 * Every file and folder of the repository that feeds the synth: the
 * environments, the Envoy templates and values, the code (main.ts, lib/,
 * stacks/, the runner, the compiler settings) and the dependencies as locked.
 */
export const SYNTH_INPUTS: readonly string[] = ['environments', 'envoy', 'lib', 'stacks', 'main.ts', 'cdktf.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'scripts/run-ts.cjs'];

export interface SynthInputs {
  /** sha256 over the path and content of every file of SYNTH_INPUTS. */
  readonly sha256: string;
  /** The environments synthesized; empty: all of them. */
  readonly environments: readonly string[];
  /** The UTC day of the synth: date-based policy rules (EKS support windows) give another result on another day. */
  readonly day: string;
}

/** A finding as recorded: its rule by id. */
type RecordedFinding = Omit<Finding, 'rule'> & { readonly rule: string };

interface SynthRecord extends SynthInputs {
  /** The policy results. */
  readonly policy: readonly (Omit<StackPolicyReport, 'findings'> & { readonly findings: readonly RecordedFinding[] })[];
}

/** The inputs of a synth of `root` now: `environments` as ENVIRONMENTS selects them (empty: all). */
export function synthInputs(root: string, environments: readonly string[], today: Date): SynthInputs {
  const hash = createHash('sha256');
  for (const file of SYNTH_INPUTS.flatMap((entry) => listFiles(root, entry))) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return { sha256: hash.digest('hex'), environments: [...environments].sort(), day: today.toISOString().slice(0, 10) };
}

/** Writes the record of a synth into its output folder. */
export function writeSynthRecord(outdir: string, inputs: SynthInputs, reports: readonly StackPolicyReport[]): void {
  const record: SynthRecord = { ...inputs, policy: reports.map((report) => ({ ...report, findings: report.findings.map((finding) => ({ ...finding, rule: finding.rule.id })) })) };
  fs.writeFileSync(path.join(outdir, SYNTH_RECORD_FILE), `${JSON.stringify(record)}\n`);
}

/**
 * The policy results of the synth in `outdir` when it was synthesized from
 * `wanted` (the same files on the same day, and every environment wanted);
 * undefined when it must be synthesized again (or has no record, or one this
 * code cannot read).
 */
export function reusableSynth(outdir: string, wanted: SynthInputs): StackPolicyReport[] | undefined {
  let record: SynthRecord;
  try {
    record = JSON.parse(fs.readFileSync(path.join(outdir, SYNTH_RECORD_FILE), 'utf8')) as SynthRecord;
  } catch {
    return undefined;
  }
  if (record.sha256 !== wanted.sha256 || record.day !== wanted.day || !record.policy) return undefined;
  const covers = record.environments.length === 0 || (wanted.environments.length > 0 && wanted.environments.every((e) => record.environments.includes(e)));
  if (!covers) return undefined;
  const rules = new Map(POLICY_PACK.map((rule) => [rule.id, rule]));
  const reports = record.policy.filter((report) => wanted.environments.length === 0 || wanted.environments.includes(report.environment));
  if (reports.some((report) => report.findings.some((finding) => !rules.has(finding.rule)))) return undefined;
  return reports.map((report) => ({ ...report, findings: report.findings.map((finding) => ({ ...finding, rule: rules.get(finding.rule)! })) }));
}

/** Files under `entry` (a file or folder of `root`), relative, sorted; none when it does not exist. */
function listFiles(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((child) => listFiles(root, `${entry}/${child.name}`));
}
