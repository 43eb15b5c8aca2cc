import { formatLocation } from '../config/config-error';
import type { StackPolicyReport } from './evaluate-stack';
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

/** The Markdown report written next to the synthesized stacks (cdktf.out/policy-report.md). */
export function renderPolicyReport(reports: readonly StackPolicyReport[]): string {
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
  lines.push('', '## Rules', '', '| rule | level | why | checkov / cdk-nag |', '| --- | --- | --- | --- |');
  for (const rule of POLICY_PACK) {
    const equivalents = [rule.equivalents?.checkov, rule.equivalents?.cdkNag].filter(Boolean).join(' / ') || '–';
    lines.push(`| ${rule.id} | ${rule.level} | ${rule.why} | ${equivalents} |`);
  }
  return `${lines.join('\n')}\n`;
}
