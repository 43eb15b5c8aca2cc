import { planMetadata } from './support/plan-metadata';
import { summarizePlan } from '../../tools/stack-plan/plan-summary';
import { renderPlannedValues, VALUES_LIMIT } from '../../tools/pull-request/plan-values';

/** The planned values the approver reads in the deploy job summary (npm run plan:seal). */
const metadata = planMetadata('prod-platform');

describe('renderPlannedValues', () => {
  test('GIVEN a created resource THEN the values it is created with: set ones, unknown ones said so, nulls and tags_all left out, sensitive redacted', () => {
    const plan = {
      resource_changes: [
        {
          address: 'aws_secretsmanager_secret_version.token',
          mode: 'managed',
          change: {
            actions: ['create'],
            before: null,
            after: { secret_string: 'hunter2', version_stages: null, tags_all: {} },
            after_unknown: { arn: true },
            after_sensitive: { secret_string: true },
          },
        },
      ],
    };
    const text = renderPlannedValues(plan, summarizePlan(plan, metadata));
    expect(text).toContain('**create** `aws_secretsmanager_secret_version.token`\n\n| attribute | value |\n| --- | --- |\n| `arn` | `(known after apply)` |\n| `secret_string` | `(sensitive)` |\n');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('version_stages');
    expect(text).toMatch(/^<details><summary>Planned values of <code>prod-platform<\/code> \(1 resource; sensitive values redacted\)<\/summary>/);
  });

  test('GIVEN values with pipes and backticks THEN table cells stay cells', () => {
    const plan = { resource_changes: [{ address: 'aws_ssm_parameter.p', mode: 'managed', change: { actions: ['update'], before: { value: 'a|b' }, after: { value: '`c`' } } }] };
    expect(renderPlannedValues(plan, summarizePlan(plan, metadata))).toContain('| `value` | `"a\\|b"` | `"\'c\'"` |');
  });

  test('GIVEN more than fits a job summary THEN it stops, saying how many resources were left out and where they are', () => {
    const big = 'x'.repeat(150);
    const resource_changes = Array.from({ length: 4000 }, (_, i) => ({
      address: `aws_ssm_parameter.p${i}`,
      mode: 'managed',
      change: { actions: ['create'], before: null, after: Object.fromEntries(Array.from({ length: 5 }, (_, k) => [`a${k}`, big])) },
    }));
    const text = renderPlannedValues({ resource_changes }, summarizePlan({ resource_changes }, metadata));
    expect(text.length).toBeLessThan(VALUES_LIMIT + 2000);
    expect(text).toMatch(/_\d+ more resources left out to fit the job summary: plan\.txt in the plan artifact has them\._/);
  });

  test('GIVEN no changes THEN nothing', () => {
    expect(renderPlannedValues({ resource_changes: [] }, summarizePlan({}, metadata))).toBe('');
  });
});
