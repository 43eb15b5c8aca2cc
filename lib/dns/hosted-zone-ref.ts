/** A Route53 hosted zone as the DNS constructs need it: created here, given by id, or looked up. */
export interface HostedZoneRef {
  readonly zoneId: string;
  /** The zone's name, e.g. dev.example.com; records must be this name or below it. */
  readonly domain: string;
  /** ACM DNS validation reads public DNS, so certificates are validated only through a public zone. */
  readonly visibility: 'public' | 'private';
}
