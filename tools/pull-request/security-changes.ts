import { singleReference, type SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';

/**
 * Who may do what, and what may talk to what, as `cdk diff` shows it: IAM
 * statements (effect × actions × resources, with principals and conditions)
 * per policy document, and security group rules (direction, protocol, ports,
 * peer), each added or removed as a row. A changed statement or rule is one
 * removed and one added row, so a reviewer sees both versions whole instead of
 * a JSON path inside an escaped string.
 */

export interface StatementChange {
  readonly change: 'added' | 'removed';
  /** The resource and attribute holding the document: `aws_iam_role.task assume_role_policy`, `data.aws_iam_policy_document.x`. */
  readonly document: string;
  readonly effect: string;
  /** `NotAction` entries are prefixed with `not `. */
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly principals: readonly string[];
  readonly conditions: readonly string[];
}

export interface SecurityRuleChange {
  readonly change: 'added' | 'removed';
  /** The security group: its address, or the id expression it was given. */
  readonly group: string;
  readonly direction: 'ingress' | 'egress';
  /** `tcp`, `udp`, `icmp`, or `all`. */
  readonly protocol: string;
  /** `443`, `1024-65535`, or `all`. */
  readonly ports: string;
  /** A CIDR, a prefix list, a security group, or `self`. */
  readonly peer: string;
}

type Blocks = ReadonlyMap<string, SynthesizedBlock>;
type Statement = Omit<StatementChange, 'change' | 'document'>;
type Rule = Omit<SecurityRuleChange, 'change'>;

/** Attributes holding a policy document as a JSON string, per resource type. */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy: ['policy'],
  aws_iam_role_policy: ['policy'],
  aws_iam_user_policy: ['policy'],
  aws_iam_group_policy: ['policy'],
  aws_iam_role: ['assume_role_policy'],
  aws_s3_bucket_policy: ['policy'],
  aws_api_gateway_rest_api: ['policy'],
  aws_api_gateway_rest_api_policy: ['policy'],
  aws_kms_key: ['policy'],
  aws_sqs_queue_policy: ['policy'],
  aws_ecr_repository_policy: ['policy'],
  aws_secretsmanager_secret_policy: ['policy'],
};

/** IAM statements added and removed between two versions of a stack's blocks, per document. */
export function statementChanges(before: Blocks, after: Blocks): StatementChange[] {
  const old = policyDocuments(before);
  const current = policyDocuments(after);
  const documents = [...new Set([...old.keys(), ...current.keys()])].sort();
  return documents.flatMap((document) => difference(old.get(document) ?? [], current.get(document) ?? []).map(({ change, item }) => ({ change, document, ...item })));
}

/** Security group rules added and removed between two versions of a stack's blocks. */
export function securityRuleChanges(before: Blocks, after: Blocks): SecurityRuleChange[] {
  return difference(securityRules(before), securityRules(after))
    .map(({ change, item }) => ({ change, ...item }))
    .sort((a, b) => a.group.localeCompare(b.group) || a.direction.localeCompare(b.direction) || a.change.localeCompare(b.change));
}

function policyDocuments(blocks: Blocks): Map<string, Statement[]> {
  const documents = new Map<string, Statement[]>();
  for (const block of blocks.values()) {
    if (block.mode === 'data' && block.type === 'aws_iam_policy_document') {
      documents.set(block.address, asList(block.values.statement).map(statementOfBlock));
    } else if (block.mode === 'managed') {
      for (const attribute of POLICY_ATTRIBUTES[block.type] ?? []) {
        const statements = statementsOfJson(block.values[attribute]);
        if (statements) documents.set(`${block.address} ${attribute}`, statements);
      }
      if (block.type === 'aws_iam_role') {
        for (const inline of asList(block.values.inline_policy)) {
          const statements = statementsOfJson(inline?.policy);
          if (statements) documents.set(`${block.address} inline_policy[${String(inline?.name ?? '')}]`, statements);
        }
      }
    }
  }
  return documents;
}

/** A statement block of `aws_iam_policy_document`. */
function statementOfBlock(statement: Record<string, any>): Statement {
  return {
    effect: String(statement.effect ?? 'Allow'),
    actions: [...strings(statement.actions), ...strings(statement.not_actions).map((a) => `not ${a}`)],
    resources: [...strings(statement.resources), ...strings(statement.not_resources).map((r) => `not ${r}`)],
    principals: [
      ...asList(statement.principals).flatMap((p) => strings(p?.identifiers).map((id) => `${p.type}: ${id}`)),
      ...asList(statement.not_principals).flatMap((p) => strings(p?.identifiers).map((id) => `not ${p.type}: ${id}`)),
    ],
    conditions: asList(statement.condition).map((c) => `${c?.test} ${c?.variable} ${strings(c?.values).join(', ')}`),
  };
}

/** The statements of a policy JSON string; undefined for an expression (the data source it references is shown). */
function statementsOfJson(value: unknown): Statement[] | undefined {
  if (typeof value !== 'string' || !value.trim().startsWith('{')) return undefined;
  let document: any;
  try {
    document = JSON.parse(value);
  } catch {
    return undefined;
  }
  return asList(document?.Statement).map((statement: Record<string, any>) => ({
    effect: String(statement.Effect ?? ''),
    actions: [...strings(statement.Action), ...strings(statement.NotAction).map((a) => `not ${a}`)],
    resources: [...strings(statement.Resource), ...strings(statement.NotResource).map((r) => `not ${r}`)],
    principals: [...principals(statement.Principal), ...principals(statement.NotPrincipal).map((p) => `not ${p}`)],
    conditions: Object.entries((statement.Condition ?? {}) as Record<string, Record<string, unknown>>).flatMap(([test, variables]) =>
      Object.entries(variables ?? {}).map(([variable, values]) => `${test} ${variable} ${strings(values).join(', ')}`),
    ),
  }));
}

function principals(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === 'string') return [value];
  return Object.entries(value as Record<string, unknown>).flatMap(([type, ids]) => strings(ids).map((id) => `${type}: ${id}`));
}

function securityRules(blocks: Blocks): Rule[] {
  const rules: Rule[] = [];
  for (const block of blocks.values()) {
    if (block.mode !== 'managed') continue;
    const v = block.values;
    if (block.type === 'aws_vpc_security_group_ingress_rule' || block.type === 'aws_vpc_security_group_egress_rule') {
      const peers = [v.cidr_ipv4, v.cidr_ipv6, v.prefix_list_id, v.referenced_security_group_id].filter((p) => p !== undefined).map(shorten);
      for (const peer of peers.length > 0 ? peers : ['(none)']) {
        rules.push({
          group: shorten(v.security_group_id),
          direction: block.type.endsWith('ingress_rule') ? 'ingress' : 'egress',
          protocol: protocol(v.ip_protocol),
          ports: ports(v.ip_protocol, v.from_port, v.to_port),
          peer,
        });
      }
    } else if (block.type === 'aws_security_group_rule') {
      const peers = [
        ...strings(v.cidr_blocks),
        ...strings(v.ipv6_cidr_blocks),
        ...strings(v.prefix_list_ids),
        ...(v.source_security_group_id ? [v.source_security_group_id] : []),
        ...(v.self ? ['self'] : []),
      ];
      for (const peer of peers) {
        rules.push({
          group: shorten(v.security_group_id),
          direction: v.type === 'egress' ? 'egress' : 'ingress',
          protocol: protocol(v.protocol),
          ports: ports(v.protocol, v.from_port, v.to_port),
          peer: shorten(peer),
        });
      }
    } else if (block.type === 'aws_security_group') {
      for (const direction of ['ingress', 'egress'] as const) {
        for (const rule of asList(v[direction])) {
          const peers = [...strings(rule?.cidr_blocks), ...strings(rule?.ipv6_cidr_blocks), ...strings(rule?.prefix_list_ids), ...strings(rule?.security_groups), ...(rule?.self ? ['self'] : [])];
          for (const peer of peers) {
            rules.push({ group: block.address, direction, protocol: protocol(rule.protocol), ports: ports(rule.protocol, rule.from_port, rule.to_port), peer: shorten(peer) });
          }
        }
      }
    }
  }
  return rules;
}

/** `${aws_security_group.x.id}` → `aws_security_group.x`; anything else as written. */
function shorten(value: unknown): string {
  const reference = singleReference(value);
  if (reference) return reference.address;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function protocol(value: unknown): string {
  const text = String(value ?? '-1').toLowerCase();
  return text === '-1' || text === 'all' ? 'all' : (({ '6': 'tcp', '17': 'udp', '1': 'icmp' } as Record<string, string>)[text] ?? text);
}

function ports(protocolValue: unknown, from: unknown, to: unknown): string {
  if (protocol(protocolValue) === 'all' || from === undefined) return 'all';
  return from === to || to === undefined ? String(from) : `${from}-${to}`;
}

/** Items only in `after` (added) and only in `before` (removed), as multisets, removed first. */
function difference<T>(before: readonly T[], after: readonly T[]): { change: 'added' | 'removed'; item: T }[] {
  const key = (item: T) => JSON.stringify(item);
  const remaining = new Map<string, number>();
  for (const item of after) remaining.set(key(item), (remaining.get(key(item)) ?? 0) + 1);
  const removed: T[] = [];
  for (const item of before) {
    const count = remaining.get(key(item)) ?? 0;
    if (count > 0) remaining.set(key(item), count - 1);
    else removed.push(item);
  }
  const stillBefore = new Map<string, number>();
  for (const item of before) stillBefore.set(key(item), (stillBefore.get(key(item)) ?? 0) + 1);
  const added: T[] = [];
  for (const item of after) {
    const count = stillBefore.get(key(item)) ?? 0;
    if (count > 0) stillBefore.set(key(item), count - 1);
    else added.push(item);
  }
  return [...removed.map((item) => ({ change: 'removed' as const, item })), ...added.map((item) => ({ change: 'added' as const, item }))];
}

function strings(value: unknown): string[] {
  return asList(value).map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
}

function asList(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
