import type { PolicyRule } from './policy-rule';
import { acmCreateBeforeDestroy } from './rules/acm-create-before-destroy';
import { acmDnsValidation } from './rules/acm-dns-validation';
import { albAccessLogs } from './rules/alb-access-logs';
import { albDropInvalidHeaders } from './rules/alb-drop-invalid-headers';
import { albHttpRedirect } from './rules/alb-http-redirect';
import { apigwDomainTls12 } from './rules/apigw-domain-tls12';
import { apigwMethodAuthorized } from './rules/apigw-method-authorized';
import { apigwStageAccessLogs } from './rules/apigw-stage-access-logs';
import { ecsContainerInsights } from './rules/ecs-container-insights';
import { ecsLogging } from './rules/ecs-logging';
import { ecsNoPlaintextSecrets } from './rules/ecs-no-plaintext-secrets';
import { ecsNoPublicIp } from './rules/ecs-no-public-ip';
import { ecsNonPrivileged } from './rules/ecs-non-privileged';
import { ecsReadOnlyRoot } from './rules/ecs-read-only-root';
import { ecsSeparateRoles } from './rules/ecs-separate-roles';
import { eksControlPlaneLogs } from './rules/eks-control-plane-logs';
import { eksEndpointPrivate } from './rules/eks-endpoint-private';
import { eksSecretsEncryption } from './rules/eks-secrets-encryption';
import { iamNoWildcards } from './rules/iam-no-wildcards';
import { launchTemplateEncryptedVolumes } from './rules/launch-template-encrypted-volumes';
import { launchTemplateImdsv2 } from './rules/launch-template-imdsv2';
import { launchTemplateNoPublicIp } from './rules/launch-template-no-public-ip';
import { lbDeletionProtection } from './rules/lb-deletion-protection';
import { lbTlsPolicy } from './rules/lb-tls-policy';
import { logGroupRetentionKms } from './rules/log-group-retention-kms';
import { nlbCrossZone } from './rules/nlb-cross-zone';
import { s3Encrypted } from './rules/s3-encrypted';
import { s3PublicAccessBlocked } from './rules/s3-public-access-blocked';
import { s3TlsOnly } from './rules/s3-tls-only';
import { sgNoWorldIngress } from './rules/sg-no-world-ingress';
import { stateBackendEncrypted } from './rules/state-backend-encrypted';
import { ecsHealthCheckHttp11 } from './rules/ecs-health-check-http11';
import { ecsExecWritableAgentPaths } from './rules/ecs-exec-writable-agent-paths';
import { eksVersionSupported } from './rules/eks-version-supported';
import { ecsImagePrivateRegistry } from './rules/ecs-image-private-registry';
import { ecsImagePinnedDigest } from './rules/ecs-image-pinned-digest';
import { uniqueNameCreateBeforeDestroy } from './rules/unique-name-create-before-destroy';
import { apigwDeploymentTriggers } from './rules/apigw-deployment-triggers';
import { uniqueNameInheritedCreateBeforeDestroy } from './rules/unique-name-inherited-create-before-destroy';
import { nonProductionDestroyable } from './rules/non-production-destroyable';
import { wafProductionEdge } from './rules/waf-production-edge';
import { wafRateRuleExemptsOwnEgress } from './rules/waf-rate-rule-exempts-own-egress';
import { ecsDeploymentAlarms } from './rules/ecs-deployment-alarms';
import { alarmNotifiesTopic } from './rules/alarm-notifies-topic';
import { privateSubnetS3Endpoint } from './rules/private-subnet-s3-endpoint';

/** Every rule applied at synth, in report order. */
export const POLICY_PACK: readonly PolicyRule[] = [
  stateBackendEncrypted,
  eksEndpointPrivate,
  eksControlPlaneLogs,
  eksSecretsEncryption,
  launchTemplateImdsv2,
  launchTemplateNoPublicIp,
  launchTemplateEncryptedVolumes,
  ecsContainerInsights,
  ecsReadOnlyRoot,
  ecsNonPrivileged,
  ecsLogging,
  ecsNoPlaintextSecrets,
  ecsSeparateRoles,
  ecsNoPublicIp,
  lbTlsPolicy,
  albHttpRedirect,
  albDropInvalidHeaders,
  albAccessLogs,
  lbDeletionProtection,
  nlbCrossZone,
  apigwMethodAuthorized,
  apigwStageAccessLogs,
  apigwDomainTls12,
  acmDnsValidation,
  acmCreateBeforeDestroy,
  logGroupRetentionKms,
  iamNoWildcards,
  sgNoWorldIngress,
  s3Encrypted,
  s3PublicAccessBlocked,
  s3TlsOnly,
  ecsHealthCheckHttp11,
  ecsExecWritableAgentPaths,
  eksVersionSupported,
  ecsImagePrivateRegistry,
  ecsImagePinnedDigest,
  uniqueNameCreateBeforeDestroy,
  apigwDeploymentTriggers,
  uniqueNameInheritedCreateBeforeDestroy,
  nonProductionDestroyable,
  wafProductionEdge,
  wafRateRuleExemptsOwnEgress,
  ecsDeploymentAlarms,
  alarmNotifiesTopic,
  privateSubnetS3Endpoint,
];
