import { formatLocation, type ConfigLocation } from '../config/config-error';
import type { Finding, StackPolicyReport } from './evaluate-stack';
import { POLICY_PACK } from './policy-pack';

/** Counts for one line of output per stack. */
export function summarize(report: StackPolicyReport): { checks: number; passed: number; suppressed: number; warnings: number } {
  const nonCompliant = report.findings.filter((f) => f.verdict.status === 'non-compliant');
  return {
    checks: report.findings.length,
    passed: report.findings.length - nonCompliant.length,
    suppressed: nonCompliant.filter((f) => f.suppressedBy).length,
    warnings: nonCompliant.filter((f) => !f.suppressedBy && f.rule.level === 'warning').length,
  };
}

/** A guardrails.notSecrets entry: a value the secret detector refuses for its name, reviewed as not secret. */
export interface ReviewedNotSecret {
  readonly environment: string;
  readonly key: string;
  readonly reason: string;
  /** Where the entry is written. */
  readonly origin: ConfigLocation;
}

/** The Markdown report written next to the synthesized stacks (cdktf.out/policy-report.md). */
export function renderPolicyReport(reports: readonly StackPolicyReport[], notSecrets: readonly ReviewedNotSecret[] = []): string {
  const lines = ['# Policy report', '', '| stack | checks | passed | suppressed | warnings |', '| --- | ---: | ---: | ---: | ---: |'];
  for (const report of reports) {
    const s = summarize(report);
    lines.push(`| ${report.stack} | ${s.checks} | ${s.passed} | ${s.suppressed} | ${s.warnings} |`);
  }
  const exceptions = reports.flatMap((report) =>
    report.findings
      .filter((f) => f.verdict.status === 'non-compliant')
      .map((f) => {
        const reason = f.verdict.status === 'non-compliant' ? f.verdict.reason : '';
        const status = f.suppressedBy ? `suppressed: ${f.suppressedBy.reason}` : `${f.rule.level}: ${reason}`;
        const origin = f.origin ? formatLocation(f.origin) : '–';
        return `| ${report.stack} | ${f.rule.id} | \`${f.resource.path}\` | ${origin} | ${status.replace(/\|/g, '\\|')} |`;
      }),
  );
  lines.push('', '## Suppressions and warnings', '');
  if (exceptions.length === 0) lines.push('None.');
  else lines.push('| stack | rule | resource | configured at | status |', '| --- | --- | --- | --- | --- |', ...exceptions);
  lines.push('', '## Values reviewed as not secrets', '');
  if (notSecrets.length === 0) lines.push('None.');
  else {
    lines.push('| environment | key | configured at | reason |', '| --- | --- | --- | --- |');
    for (const entry of notSecrets) lines.push(`| ${entry.environment} | \`${entry.key}\` | ${formatLocation(entry.origin)} | ${entry.reason.replace(/\|/g, '\\|')} |`);
  }
  lines.push('', '## Rules', '', '| rule | level | why | checkov / cdk-nag |', '| --- | --- | --- | --- |');
  for (const rule of POLICY_PACK) {
    const equivalents = [rule.equivalents?.checkov, rule.equivalents?.cdkNag].filter(Boolean).join(' / ') || '–';
    lines.push(`| ${rule.id} | ${rule.level} | ${rule.why} | ${equivalents} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Which resource passed or failed which rule, one row per check, failures first (`npm run policy`). */
export function renderPolicyResults(reports: readonly StackPolicyReport[]): string {
  const rank = (f: Finding) => (f.verdict.status !== 'non-compliant' ? 3 : f.suppressedBy ? 2 : f.rule.level === 'error' ? 0 : 1);
  const rows = reports.flatMap((report) =>
    [...report.findings]
      .sort((a, b) => rank(a) - rank(b) || a.rule.id.localeCompare(b.rule.id) || a.resource.path.localeCompare(b.resource.path))
      .map((f) => `| ${report.stack} | ${f.rule.id} | \`${f.resource.type}\` \`${f.resource.path}\` | ${result(f).replace(/\|/g, '\\|')} |`),
  );
  const counts = reports.map(summarize).reduce((a, b) => ({ checks: a.checks + b.checks, passed: a.passed + b.passed, suppressed: a.suppressed + b.suppressed, warnings: a.warnings + b.warnings }), {
    checks: 0,
    passed: 0,
    suppressed: 0,
    warnings: 0,
  });
  const failed = counts.checks - counts.passed - counts.suppressed - counts.warnings;
  const lines = [`## Results: ${counts.checks} checks, ${counts.passed} passed, ${failed} failed, ${counts.warnings} warnings, ${counts.suppressed} suppressed`, ''];
  if (rows.length === 0) lines.push('No resource is checked by these rules.');
  else lines.push('| stack | rule | resource | result |', '| --- | --- | --- | --- |', ...rows);
  return `${lines.join('\n')}\n`;
}

function result(finding: Finding): string {
  if (finding.verdict.status !== 'non-compliant') return 'passed';
  if (finding.suppressedBy) return `suppressed: ${finding.suppressedBy.reason}`;
  // A failure names the entry of the environment file that produced the resource, where one did.
  const where = finding.origin ? ` (${formatLocation(finding.origin)})` : '';
  return `${finding.rule.level === 'error' ? 'FAILED' : 'warning'}: ${finding.verdict.reason}${where}`;
}
