import type { Drawing } from './drawing';
import { apiNode } from './api-gateway';
import { list } from './model';

/**
 * Each WAFv2 web ACL as a node with its rules (the rate limit, the managed groups and whether they only count),
 * and a dotted edge to what it filters: a load balancer, or an API through its stage (the association's resource).
 */
export function addWebAcls(d: Drawing): void {
  for (const acl of d.ofTypes('aws_wafv2_web_acl')) {
    const rules = list(acl.values.rule).sort((a, b) => Number(a.priority) - Number(b.priority));
    const lines = rules.map((rule) => {
      const statement = rule.statement ?? {};
      if (statement.rate_based_statement) return `rate limit ${d.text(statement.rate_based_statement.limit)} per IP / 5 min`;
      const counted = rule.override_action?.count !== undefined ? ' (count only)' : '';
      return `${d.text(statement.managed_rule_group_statement?.name ?? rule.name)}${counted}`;
    });
    const id = d.nodeId(acl);
    d.addNode({ id, label: [`web ACL ${d.text(acl.values.name)}`, ...lines], shape: 'parallelogram' });
    for (const association of d.ofTypes('aws_wafv2_web_acl_association').filter((a) => d.referenced(a.values.web_acl_arn)?.address === acl.address)) {
      const target = d.referenced(association.values.resource_arn);
      if (!target) continue;
      const api = target.type === 'aws_api_gateway_stage' ? d.referenced(target.values.rest_api_id) : undefined;
      const to = api ? apiNode(d, api) : d.nodeId(target);
      d.addEdge({ from: id, to, label: api ? `filters stage ${d.text(target.values.stage_name)}` : 'filters', dotted: true });
    }
  }
}
