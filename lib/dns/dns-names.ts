/**
 * Pure checks and derivations on DNS names, shared by the config schema
 * (which reports at a config key) and the constructs (which name a prop), so
 * both give the same answer with the same words.
 */

/**
 * ACM's default quota "Domain names per ACM certificate": 10, the primary name
 * included (https://docs.aws.amazon.com/acm/latest/userguide/acm-limits.html).
 * It can be raised per account to 100; raise this constant with it.
 */
export const ACM_MAX_NAMES_PER_CERTIFICATE = 10;

/**
 * The first name of a certificate becomes its subject CN, which ACM limits to
 * 64 characters; the other names may be up to 253
 * (https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html).
 */
export const ACM_MAX_PRIMARY_NAME_LENGTH = 64;

/** A lowercase DNS name without a trailing dot, a wildcard only as the first label: what the config schema's dnsName accepts. */
export const DNS_NAME_PATTERN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** A problem with one name of a list (by index), or with the list as a whole (no index). */
export interface NameProblem {
  readonly index?: number;
  readonly message: string;
}

/** One Route53 record validates both `x` and `*.x`; which option of the certificate to read it from. */
export interface ValidationRecordSource {
  /** The name the record validates, without wildcard: `x` for both `x` and `*.x`. */
  readonly baseName: string;
  /** The `domain_name` of the certificate's `domain_validation_options` entry to read the record from. */
  readonly optionDomain: string;
}

/** `*.x` → `x`; other names unchanged. */
export function withoutWildcard(name: string): string {
  return name.startsWith('*.') ? name.slice(2) : name;
}

/** True when `name` (or the name a wildcard covers) is `zoneDomain` or below it. */
export function isInZone(name: string, zoneDomain: string): boolean {
  const base = withoutWildcard(name);
  return base === zoneDomain || base.endsWith(`.${zoneDomain}`);
}

/** Why `name` is not a lowercase DNS name without a trailing dot, or undefined when it is one. */
export function dnsNameSyntaxProblem(name: string): string | undefined {
  if (DNS_NAME_PATTERN.test(name)) return undefined;
  return `expected a lowercase DNS name such as api.example.com, with a wildcard only as the first label, got "${name}"`;
}

/** Why `name` cannot be a record of the zone `zoneDomain`, or undefined when it can. */
export function recordNameProblem(name: string, zoneDomain: string): string | undefined {
  return dnsNameSyntaxProblem(name) ?? (isInZone(name, zoneDomain) ? undefined : outsideZone(name, zoneDomain));
}

/**
 * Everything ACM or DNS validation would reject about a certificate's names,
 * found at synth time: bad syntax, a name outside the validation zone (its
 * validation record could not be written there), a duplicate, more names than
 * ACM's quota, a primary name longer than the CN allows. `names[0]` is the
 * primary name.
 */
export function certificateNameProblems(names: readonly string[], zoneDomain: string, maxNames: number = ACM_MAX_NAMES_PER_CERTIFICATE): NameProblem[] {
  const problems: NameProblem[] = [];
  const seen = new Set<string>();
  names.forEach((name, index) => {
    const problem = recordNameProblem(name, zoneDomain);
    if (problem) problems.push({ index, message: problem });
    else if (seen.has(name)) problems.push({ index, message: `${name} is already on this certificate; list each name once` });
    seen.add(name);
  });
  if (names.length > 0 && names[0].length > ACM_MAX_PRIMARY_NAME_LENGTH) {
    problems.push({
      index: 0,
      message: `expected a primary name of at most ${ACM_MAX_PRIMARY_NAME_LENGTH} characters (it becomes the certificate's subject CN), got ${names[0].length}`,
    });
  }
  if (names.length > maxNames) {
    problems.push({
      message: `expected at most ${maxNames} names per certificate (ACM's default quota "Domain names per ACM certificate", primary name included), got ${names.length}`,
    });
  }
  return problems;
}

/** Names of an environment's edge certificate: the apex and its wildcard first, then the additional names. */
export function edgeCertificateNames(domain: string, additionalNames: readonly string[]): string[] {
  return [domain, `*.${domain}`, ...additionalNames];
}

/**
 * The validation records a certificate needs, known at synth time: one per
 * distinct name once wildcards are removed (ACM gives `x` and `*.x` the same
 * CNAME), sorted so the order never depends on how names were listed.
 */
export function validationRecordSources(names: readonly string[]): ValidationRecordSource[] {
  const byBase = new Map<string, string>();
  for (const name of names) {
    const base = withoutWildcard(name);
    // Prefer the plain name's option when both are listed; either carries the same record.
    if (!byBase.has(base) || name === base) byBase.set(base, name);
  }
  return [...byBase.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([baseName, optionDomain]) => ({ baseName, optionDomain }));
}

function outsideZone(name: string, zoneDomain: string): string {
  return `${name} is outside the zone ${zoneDomain}; expected ${zoneDomain} or a name ending in .${zoneDomain}`;
}
