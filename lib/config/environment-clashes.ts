import * as path from 'path';
import type { ConfigProblem } from './config-error';
import type { EnvironmentConfig } from './environment-schema';
import { apiDomainName, apiGatewayServiceNames } from './apigw-schema';
import { edgeCertificateNames } from '../dns/dns-names';
import { serviceHostname } from './derived-values';

/**
 * Environment files whose names differ only in the extension (`x.yml` beside
 * `x.yaml`) are one environment twice: the same stack names, the same state
 * keys (`x/platform.tfstate`). Every later file of a name is reported at 1:1.
 */
export function fileNameClashes(files: readonly string[], displayName: (file: string) => string): ConfigProblem[] {
  const first = new Map<string, string>();
  const problems: ConfigProblem[] = [];
  for (const file of files) {
    const name = path.basename(file).replace(/\.ya?ml$/, '');
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, file);
      continue;
    }
    problems.push({
      file: displayName(file),
      line: 1,
      column: 1,
      keyPath: '',
      message: `environment "${name}" is also defined by ${displayName(earlier)}: both would synthesize the stacks and state keys of "${name}" (${name}/platform.tfstate); keep one file`,
    });
  }
  return problems;
}

/** One thing an environment claims that no other environment may claim too. */
interface Claim {
  /** Equal for two claims on the same thing. */
  readonly id: string;
  /** What is claimed, for the message: `state bucket acme-tfstate`. */
  readonly what: string;
  readonly keyPath: readonly (string | number)[];
}

/**
 * What two environments must not share, since the second `terraform apply`
 * would fail or take over the first one's resources:
 * - the state bucket: each environment's bootstrap stack creates its bucket;
 * - a record name in the same public hosted zone (the edge certificate's
 *   validation records, the ALB services' aliases, the API custom domain);
 * - a created public zone of the same name (only one can be delegated to).
 * Each clash is reported at the later environment's key, naming the earlier one's position.
 */
export function environmentClashes(configs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const owners = new Map<string, { config: EnvironmentConfig; claim: Claim }>();
  const problems: ConfigProblem[] = [];
  for (const config of configs) {
    const seenHere = new Set<string>();
    for (const claim of claimsOf(config)) {
      const id = claim.id;
      if (seenHere.has(id)) continue;
      seenHere.add(id);
      const owner = owners.get(id);
      if (!owner) {
        owners.set(id, { config, claim });
        continue;
      }
      const there = owner.config.problemAt(owner.claim.keyPath, '');
      const problem = config.problemAt(
        claim.keyPath,
        `${claim.what} is also used by environment ${owner.config.name} (${there.file}:${there.line}:${there.column}: ${there.keyPath}); each environment needs its own`,
      );
      problems.push(problem);
    }
  }
  return problems;
}

function claimsOf(config: EnvironmentConfig): Claim[] {
  const bucket = config.state.bucket;
  const claims: Claim[] = [{ id: `bucket ${bucket}`, what: `state bucket ${bucket}`, keyPath: ['state', 'bucket'] }];
  const dns = config.dns;
  const zone = dns.publicZone.kind === 'existing' ? `zone ${dns.publicZone.zoneId}` : `the zone named ${dns.domain}`;
  const record = (kind: 'alias' | 'validation', what: string, name: string, keyPath: (string | number)[]): Claim => ({
    id: `${zone} ${kind} ${name}`,
    what: `${what} ${name} in ${zone}`,
    keyPath,
  });
  if (dns.publicZone.kind === 'create') claims.push({ id: `created zone ${dns.domain}`, what: `created public hosted zone ${dns.domain}`, keyPath: ['dns', 'createPublicZone'] });
  for (const name of edgeCertificateNames(dns.domain, dns.edgeCertificate.additionalNames)) {
    // ACM validates x and *.x with one CNAME: the record of both is the name without the wildcard.
    const base = name.replace(/^\*\./, '');
    claims.push(record('validation', 'the certificate validation record of', base, name === dns.domain || name === `*.${dns.domain}` ? ['dns', 'domain'] : ['dns', 'edgeCertificate', 'additionalNames']));
  }
  for (const [name, service] of Object.entries(config.services)) {
    if (service.ingress !== 'alb') continue;
    claims.push(record('alias', 'the ALB alias', serviceHostname(name, service, dns.domain), service.hostname === undefined ? ['services', name] : ['services', name, 'hostname']));
  }
  if (apiGatewayServiceNames(config.services).length > 0) {
    claims.push(record('alias', 'the API custom domain alias', apiDomainName(config), config.apiGateway.domain.name === undefined ? ['apiGateway'] : ['apiGateway', 'domain', 'name']));
  }
  return claims;
}
