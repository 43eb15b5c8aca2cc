import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { COMPLIANT, NOT_APPLICABLE, nonCompliant, type PolicyRule, type RuleVerdict, type SynthesizedResource } from '../policy-rule';

/** What Secrets Manager does when `recovery_window_in_days` is not set: 30 days (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_DeleteSecret.html). */
const DEFAULT_RECOVERY_WINDOW_DAYS = 30;

/**
 * Non-production environments are torn down and re-created under the same names; production keeps its data.
 *
 * Outside production: a secret must be deleted without a recovery window (a pending deletion keeps the name, so the
 * re-create fails with "a secret with this name is already scheduled for deletion"); an ECR repository needs
 * `force_delete` (RepositoryNotEmptyException once an image is cached:
 * https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DeleteRepository.html); an S3 bucket needs
 * `force_destroy` (BucketNotEmpty: https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteBucket.html), except the
 * state bucket, which is `prevent_destroy` by design. In production the inverse: none of these, so a destroy or an
 * accidental deletion never takes data with it and a deleted secret can be restored.
 *
 * An error, not a warning: either way the failure only shows at destroy time, half-way through a teardown (or as
 * lost data in production); a deliberate exception takes a suppression with its reason.
 */
export const nonProductionDestroyable: PolicyRule = {
  id: 'non-production-destroyable',
  level: 'error',
  why: 'A non-production environment must tear down and re-create under the same names; production must never delete data with its container.',
  resourceTypes: [SecretsmanagerSecret.tfResourceType, EcrRepository.tfResourceType, S3Bucket.tfResourceType],
  check(resource, context) {
    if (resource.type === S3Bucket.tfResourceType && resource.values.bucket === context.stateBucket) return NOT_APPLICABLE;
    return context.production ? keepsData(resource) : destroyable(resource);
  },
};

function destroyable(resource: SynthesizedResource): RuleVerdict {
  const values = resource.values;
  switch (resource.type) {
    case SecretsmanagerSecret.tfResourceType: {
      const days = values.recovery_window_in_days ?? DEFAULT_RECOVERY_WINDOW_DAYS;
      return days === 0 ? COMPLIANT : nonCompliant(`recovery_window_in_days is ${days} outside production: the name stays reserved that long after a teardown and the re-create fails; set 0`);
    }
    case EcrRepository.tfResourceType:
      return values.force_delete === true ? COMPLIANT : nonCompliant('force_delete is not true outside production: destroy fails with RepositoryNotEmptyException once an image is in the repository');
    default:
      return values.force_destroy === true ? COMPLIANT : nonCompliant('force_destroy is not true outside production: destroy fails with BucketNotEmpty once an object is in the bucket');
  }
}

function keepsData(resource: SynthesizedResource): RuleVerdict {
  const values = resource.values;
  switch (resource.type) {
    case SecretsmanagerSecret.tfResourceType:
      return values.recovery_window_in_days === 0 ? nonCompliant('recovery_window_in_days is 0 in production: a deleted secret cannot be restored') : COMPLIANT;
    case EcrRepository.tfResourceType:
      return values.force_delete === true ? nonCompliant('force_delete is true in production: destroy deletes the images with the repository') : COMPLIANT;
    default:
      return values.force_destroy === true ? nonCompliant('force_destroy is true in production: destroy deletes the objects with the bucket') : COMPLIANT;
  }
}
