import { nonProductionDestroyable } from '../../lib/guardrails/rules/non-production-destroyable';
import { verdictsOf, type FixtureResource } from './stack-fixture';

const secret = (values: Record<string, any>): FixtureResource => ({ type: 'aws_secretsmanager_secret', name: 'secret', values: { name: 'acme/test/x', ...values } });
const repository = (values: Record<string, any>): FixtureResource => ({ type: 'aws_ecr_repository', name: 'repository', values: { name: 'acme-test/docker-hub/x', ...values } });
const bucket = (values: Record<string, any>): FixtureResource => ({ type: 'aws_s3_bucket', name: 'bucket', values: { bucket: 'acme-test-logs', ...values } });

describe('rule non-production-destroyable', () => {
  describe('GIVEN a non-production stack', () => {
    test('GIVEN a 0-day secret, a force_delete repository and a force_destroy bucket THEN compliant', () => {
      expect(verdictsOf(nonProductionDestroyable, [secret({ recovery_window_in_days: 0 }), repository({ force_delete: true }), bucket({ force_destroy: true })])).toEqual([
        'secret: compliant',
        'repository: compliant',
        'bucket: compliant',
      ]);
    });

    test.each([
      ['a secret with the default window', secret({}), /^secret: non-compliant \(recovery_window_in_days is 30 outside production: .*set 0\)$/],
      ['a secret with a 7-day window', secret({ recovery_window_in_days: 7 }), /recovery_window_in_days is 7 outside production/],
      ['a repository without force_delete', repository({}), /^repository: non-compliant \(force_delete is not true outside production: .*RepositoryNotEmptyException/],
      ['a bucket without force_destroy', bucket({ force_destroy: false }), /^bucket: non-compliant \(force_destroy is not true outside production: .*BucketNotEmpty/],
    ])('GIVEN %s THEN non-compliant', (_, resource, reason) => {
      expect(verdictsOf(nonProductionDestroyable, [resource])).toEqual([expect.stringMatching(reason)]);
    });

    test('GIVEN the state bucket (prevent_destroy by design) THEN the rule does not apply', () => {
      expect(verdictsOf(nonProductionDestroyable, [bucket({ bucket: 'state-bucket', lifecycle: { prevent_destroy: true } })])).toEqual([]);
    });
  });

  describe('GIVEN a production stack', () => {
    test('GIVEN the defaults (30-day window, no force_delete, no force_destroy) THEN compliant', () => {
      expect(verdictsOf(nonProductionDestroyable, [secret({}), repository({ force_delete: false }), bucket({})], { production: true })).toEqual([
        'secret: compliant',
        'repository: compliant',
        'bucket: compliant',
      ]);
    });

    test.each([
      ['a 0-day secret', secret({ recovery_window_in_days: 0 }), /^secret: non-compliant \(recovery_window_in_days is 0 in production/],
      ['a force_delete repository', repository({ force_delete: true }), /^repository: non-compliant \(force_delete is true in production/],
      ['a force_destroy bucket', bucket({ force_destroy: true }), /^bucket: non-compliant \(force_destroy is true in production/],
    ])('GIVEN %s THEN non-compliant', (_, resource, reason) => {
      expect(verdictsOf(nonProductionDestroyable, [resource], { production: true })).toEqual([expect.stringMatching(reason)]);
    });
  });
});
