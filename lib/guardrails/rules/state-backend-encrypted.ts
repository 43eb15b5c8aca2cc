import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { COMPLIANT, nonCompliant, type PolicyRule } from '../policy-rule';

export const stateBackendEncrypted: PolicyRule = {
  id: 'state-backend-encrypted',
  level: 'error',
  why: 'State holds every attribute of every resource; it must be encrypted, and locked so two applies never interleave.',
  resourceTypes: ['terraform'],
  check(_resource, context) {
    const backend = context.terraformBlock.backend ?? {};
    if (backend.s3) {
      const problems: string[] = [];
      if (backend.s3.encrypt !== true) problems.push('encrypt is not true');
      // encrypt without a key writes every state version with SSE-S3 (AES256), overriding the bucket's SSE-KMS default.
      else if (!backend.s3.kms_key_id) problems.push('no kms_key_id, so state objects are SSE-S3 (AES256), not SSE-KMS');
      if (backend.s3.use_lockfile !== true && !backend.s3.dynamodb_table) problems.push('no use_lockfile or dynamodb_table for locking');
      return problems.length === 0 ? COMPLIANT : nonCompliant(`S3 backend: ${problems.join(' and ')}`);
    }
    // Only the stack that creates the state bucket may keep local state: the bucket cannot hold its own creator's state.
    if (backend.local && context.resourcesOfType(S3Bucket.tfResourceType).some((b) => b.values.bucket === context.stateBucket)) {
      return COMPLIANT;
    }
    return nonCompliant(`backend ${Object.keys(backend).join(', ') || 'none'} is not an encrypted, locked S3 backend`);
  },
};
