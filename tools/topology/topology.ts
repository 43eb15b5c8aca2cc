import type { TerraformDocument } from '../../lib/terraform-json/synthesized-stack';
import { addApiGateways } from './api-gateway';
import { addCertificates, addDnsRecords } from './dns';
import { Drawing } from './drawing';
import { addEcsServices, addServiceEgress } from './ecs';
import { addEksClusters } from './eks';
import { addLoadBalancers } from './load-balancers';
import type { Topology } from './model';
import { addVpcs } from './network';
import { addWebAcls } from './web-acls';

export { type NodeShape, type Topology, type TopologyGroup, type TopologyNode } from './model';

/**
 * The traffic topology of one synthesized stack, found by following the
 * references in its Terraform JSON (listener → target group → ECS service
 * load_balancer, route53 alias → load balancer, VPC link → NLB, task role →
 * policy → bucket), never by guessing from names. Inside an ECS task, where
 * Terraform says nothing about traffic, the task definition does: the
 * container a load balancer targets receives traffic, and a container the
 * others call on localhost carries their calls (topology/ecs-containers.ts).
 * Each part of the stack is drawn by its own module under topology/, in this
 * order (later parts find the nodes earlier ones drew).
 */
export function buildTopology(document: TerraformDocument): Topology {
  const drawing = new Drawing(document);
  addVpcs(drawing);
  addEksClusters(drawing);
  addEcsServices(drawing);
  addLoadBalancers(drawing);
  addApiGateways(drawing);
  addWebAcls(drawing);
  addServiceEgress(drawing);
  addCertificates(drawing);
  addDnsRecords(drawing);
  return drawing.result();
}
