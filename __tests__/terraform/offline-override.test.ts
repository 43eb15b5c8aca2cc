import { OFFLINE_VARIABLE_VALUES, offlineOverride } from '../../tools/offline-plan/offline-plan';

describe('offlineOverride', () => {
  test('swaps the backend for a local one and gives the provider fake credentials with every skip flag', () => {
    const override = offlineOverride({ provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['123456789012'] }] } });
    expect(override.terraform).toEqual({ backend: { local: { path: 'terraform.tfstate' } } });
    expect(override.provider.aws).toMatchObject({
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
      allowed_account_ids: null,
    });
    expect(override.provider.aws.assume_role).toBeUndefined();
  });

  test('GIVEN a provider that assumes a role THEN the override turns assume-role off', () => {
    const override = offlineOverride({ provider: { aws: [{ assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/deploy' }] }] } });
    expect(override.provider.aws.assume_role).toEqual([{ role_arn: '' }]);
  });

  test('GIVEN the required Envoy digest variable THEN the override gives it a visibly fake digest, and leaves set or unknown variables alone', () => {
    const override = offlineOverride({
      variable: { envoy_image_digest: { type: 'string' }, other: { type: 'string' }, set: { type: 'string', default: 'x' } },
    });
    expect(override.variable).toEqual({ envoy_image_digest: { default: `sha256:${'0'.repeat(64)}` } });
    expect(OFFLINE_VARIABLE_VALUES.envoy_image_digest).toMatch(/^sha256:0{64}$/);
    expect(offlineOverride({}).variable).toBeUndefined();
  });
});
