import { z } from 'zod';
import { dnsName } from './primitives';
import { certificateNameProblems, edgeCertificateNames } from '../dns/dns-names';
import { CERTIFICATE_KEY_ALGORITHMS } from '../dns/dns-validated-certificate';
import type { PublicZoneSource } from '../dns/platform-dns';

export { CERTIFICATE_KEY_ALGORITHMS, type PublicZoneSource };

/** Prefix of the private zone's default name: `internal.<dns.domain>`. */
export const DEFAULT_PRIVATE_ZONE_LABEL = 'internal';

const hostedZoneId = z.string().regex(/^Z[A-Z0-9]{1,31}$/, { error: 'expected a Route53 hosted zone id such as Z0123456789ABCDEFGHIJ' });

/** A zone name: a DNS name without wildcard. */
const zoneName = dnsName.refine((name) => !name.startsWith('*.'), { error: 'expected a zone name without a wildcard' });

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

const dnsFields = z.strictObject({
  /** The environment's public domain, and the name of its public hosted zone, e.g. dev.example.com. */
  domain: zoneName,
  /** Id of the existing public hosted zone named `domain`: nothing is looked up, so plans stay offline. */
  publicZoneId: hostedZoneId.optional(),
  /** Create the public hosted zone; its name servers must then be delegated from the parent domain. @default false */
  createPublicZone: z.boolean().default(false),
  /** Look the public zone up by name with a data source: needs AWS credentials at plan time. @default false */
  lookUpPublicZone: z.boolean().default(false),
  /** A private hosted zone attached to the VPC, for internal names. @default - none */
  privateZone: z
    .strictObject({
      /** @default internal.<domain> */
      name: zoneName.optional(),
    })
    .optional(),
  /** The environment's public edge certificate: `domain` and `*.domain`, plus these names. */
  edgeCertificate: z
    .strictObject({
      /** More names on the edge certificate, all inside `domain`. @default [] */
      additionalNames: z.array(dnsName).default([]),
      /** @default RSA_2048: every TLS client and every AWS integration accepts it */
      keyAlgorithm: z.enum(CERTIFICATE_KEY_ALGORITHMS).default('RSA_2048'),
    })
    .prefault({}),
});

type DnsFields = z.output<typeof dnsFields>;

/** The `dns` section: zones and the edge certificate. Defaults are resolved here, once. */
export const dnsSchema = dnsFields.superRefine(checkDns).transform((dns) => ({
  domain: dns.domain,
  publicZone: publicZoneSource(dns),
  privateZone: dns.privateZone ? { name: dns.privateZone.name ?? `${DEFAULT_PRIVATE_ZONE_LABEL}.${dns.domain}` } : undefined,
  edgeCertificate: dns.edgeCertificate,
}));

export type DnsConfig = z.output<typeof dnsSchema>;

/**
 * Reports a certificate's name problems (see certificateNameProblems) at the
 * config keys the names came from. `paths[i]` is the key of `names[i]` and
 * `listPath` is where a problem with the whole list (too many names) goes,
 * both relative to the object the refinement runs on. Other sections that
 * configure certificates call it from the environment's superRefine.
 */
export function reportCertificateNames(ctx: Ctx, names: readonly string[], paths: readonly Path[], listPath: Path, zoneDomain: string): void {
  for (const problem of certificateNameProblems(names, zoneDomain)) {
    ctx.addIssue({ code: 'custom', path: problem.index === undefined ? listPath : paths[problem.index], message: problem.message });
  }
}

function checkDns(dns: DnsFields, ctx: Ctx): void {
  const chosen = [dns.publicZoneId !== undefined && 'dns.publicZoneId', dns.createPublicZone && 'dns.createPublicZone', dns.lookUpPublicZone && 'dns.lookUpPublicZone'].filter(
    (key): key is string => typeof key === 'string',
  );
  if (chosen.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: [],
      message:
        'expected exactly one of dns.publicZoneId (an existing zone by id), dns.createPublicZone: true or dns.lookUpPublicZone: true, ' + `got ${chosen.length === 0 ? 'none' : chosen.join(' and ')}`,
    });
  }
  if (dns.privateZone?.name === dns.domain) {
    ctx.addIssue({
      code: 'custom',
      path: ['privateZone', 'name'],
      message: `expected a name other than dns.domain (${dns.domain}): a private zone of the same name hides every public record of it inside the VPC`,
    });
  }
  const additional = dns.edgeCertificate.additionalNames;
  reportCertificateNames(
    ctx,
    edgeCertificateNames(dns.domain, additional),
    [['domain'], ['domain'], ...additional.map((_, index) => ['edgeCertificate', 'additionalNames', index])],
    ['edgeCertificate', 'additionalNames'],
    dns.domain,
  );
}

function publicZoneSource(dns: DnsFields): PublicZoneSource {
  if (dns.createPublicZone) return { kind: 'create' };
  if (dns.lookUpPublicZone) return { kind: 'look-up' };
  return { kind: 'existing', zoneId: dns.publicZoneId! };
}
