/**
 * IPv4 CIDR arithmetic done at synth time, so subnet layouts are plain
 * strings in the Terraform JSON (reviewable in a diff) instead of
 * `cidrsubnet()` calls evaluated by Terraform.
 */
export interface Ipv4Block {
  /** Network address as an unsigned 32-bit integer. */
  readonly network: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns a reason string instead of throwing so the config layer can report it. */
export function parseCidr(text: string): Ipv4Block | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return `expected an IPv4 CIDR block like 10.0.0.0/16, got "${text}"`;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
  if (prefixLength > 32) return `"${text}" has a prefix length above 32`;
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const network = (address & maskOf(prefixLength)) >>> 0;
  if (network !== address) {
    return `"${text}" has host bits set; the network address is ${formatCidr({ network, prefixLength })}`;
  }
  return { network, prefixLength };
}

export function mustParseCidr(text: string): Ipv4Block {
  const parsed = parseCidr(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

export function formatCidr(block: Ipv4Block): string {
  const n = block.network;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${block.prefixLength}`;
}

export function cidrContains(outer: Ipv4Block, inner: Ipv4Block): boolean {
  return inner.prefixLength >= outer.prefixLength && (inner.network & maskOf(outer.prefixLength)) >>> 0 === outer.network;
}

export function cidrsOverlap(a: Ipv4Block, b: Ipv4Block): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Equivalent of Terraform's `cidrsubnet(block, newBits, index)`. */
export function cidrSubnet(block: Ipv4Block, newBits: number, index: number): Ipv4Block {
  const prefixLength = block.prefixLength + newBits;
  if (prefixLength > 32) throw new Error(`cannot add ${newBits} bits to ${formatCidr(block)}`);
  if (index < 0 || index >= 2 ** newBits) throw new Error(`index ${index} does not fit in ${newBits} bits`);
  const network = (block.network + index * 2 ** (32 - prefixLength)) >>> 0;
  return { network, prefixLength };
}

function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (~0 << (32 - prefixLength)) >>> 0;
}
