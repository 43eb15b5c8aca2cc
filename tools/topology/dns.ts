import { referencesIn, type SynthesizedBlock } from '../../lib/terraform-json/synthesized-stack';
import { domainNode } from './api-gateway';
import type { Drawing } from './drawing';
import { LISTENER_TYPES } from './load-balancers';
import { list } from './model';

/** ACM certificates, with a dotted edge to each listener's load balancer and API domain that serves them. */
export function addCertificates(d: Drawing): void {
  const uses: [SynthesizedBlock, string][] = [];
  const use = (certificates: SynthesizedBlock[], target: string) => uses.push(...certificates.map((cert): [SynthesizedBlock, string] => [cert, target]));
  for (const listener of d.ofTypes(...LISTENER_TYPES)) {
    const lb = d.referenced(listener.values.load_balancer_arn);
    if (lb) use(certificatesIn(d, listener.values.certificate_arn), d.nodeId(lb));
  }
  for (const extra of d.ofTypes('aws_lb_listener_certificate')) {
    const lb = d.referenced(d.referenced(extra.values.listener_arn)?.values.load_balancer_arn);
    if (lb) use(certificatesIn(d, extra.values.certificate_arn), d.nodeId(lb));
  }
  for (const domain of d.ofTypes('aws_api_gateway_domain_name')) {
    const certificates = certificatesIn(d, [domain.values.regional_certificate_arn, domain.values.certificate_arn]);
    if (certificates.length > 0) use(certificates, domainNode(d, domain));
  }
  for (const cert of d.ofTypes('aws_acm_certificate')) {
    const sans = list(cert.values.subject_alternative_names).length;
    const validated = d.ofTypes('aws_acm_certificate_validation').some((v) => d.referenced(v.values.certificate_arn)?.address === cert.address);
    d.addNode({
      id: d.nodeId(cert),
      label: [`certificate ${d.text(cert.values.domain_name)}${sans > 0 ? ` +${sans} names` : ''}`, `ACM${validated ? ', DNS-validated' : ''}`],
      shape: 'parallelogram',
    });
  }
  for (const [cert, target] of uses) d.addEdge({ from: d.nodeId(cert), to: target, label: 'TLS', dotted: true });
}

/** ACM certificates behind a value, directly or through aws_acm_certificate_validation. */
function certificatesIn(d: Drawing, value: unknown): SynthesizedBlock[] {
  return referencesIn(value).flatMap((ref) => {
    const block = d.at(ref.address);
    if (block?.type === 'aws_acm_certificate') return [block];
    const cert = block?.type === 'aws_acm_certificate_validation' ? d.referenced(block.values.certificate_arn) : undefined;
    return cert ? [cert] : [];
  });
}

/** Route53 records pointing at something drawn, with a dotted edge to it. */
export function addDnsRecords(d: Drawing): void {
  for (const record of d.ofTypes('aws_route53_record')) {
    // Certificate validation records belong to the certificate, not to the traffic path.
    if (referencesIn(record.values).some((ref) => d.at(ref.address)?.type === 'aws_acm_certificate')) continue;
    const targets = referencesIn([list(record.values.alias).map((a) => a.name), record.values.records])
      .map((ref) => d.at(ref.address))
      .filter((t): t is SynthesizedBlock => t !== undefined && d.nodes.has(d.nodeId(t)));
    if (targets.length === 0) continue;
    const zone = d.referenced(record.values.zone_id);
    const id = d.nodeId(record);
    const alias = list(record.values.alias).length > 0;
    d.addNode({
      id,
      label: [`${d.text(record.values.name)}`, `${d.text(record.values.type)}${alias ? ' alias' : ''}${zone ? ` in ${d.text(zone.values.name)}` : ''}`],
      shape: 'stadium',
    });
    for (const target of targets) d.addEdge({ from: id, to: d.nodeId(target), label: 'DNS', dotted: true });
  }
}
