import { referencesIn, SynthesizedStack, valueAt, type SynthesizedBlock as TerraformBlock, type TerraformDocument } from '../../lib/synth/synthesized-stack';

/**
 * The traffic topology of one synthesized stack, found by following the
 * references in its Terraform JSON (listener → target group → ECS service
 * load_balancer, route53 alias → load balancer, VPC link → NLB, task role →
 * policy → bucket), never by guessing from names. The only conventions are
 * inside an ECS task, where Terraform says nothing about traffic: the
 * container a load balancer targets receives it and passes it to the other
 * containers, and a container named or built like a SigV4 signing proxy
 * carries the task's calls to AWS.
 */

export type NodeShape = 'box' | 'rounded' | 'stadium' | 'subroutine' | 'cylinder' | 'circle' | 'hexagon' | 'parallelogram';

export interface TopologyNode {
  readonly id: string;
  /** Lines of the label, plain text (the renderer escapes). */
  readonly label: readonly string[];
  readonly shape: NodeShape;
  /** Id of the enclosing group. @default - top level */
  readonly group?: string;
}

export interface TopologyGroup {
  readonly id: string;
  readonly label: string;
  /** @default - top level */
  readonly parent?: string;
}

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Dotted edges are associations (DNS alias, certificate), solid ones carry traffic. */
  readonly dotted?: boolean;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly groups: readonly TopologyGroup[];
  readonly edges: readonly TopologyEdge[];
}

const INTERNET = 'internet';
const API_CLIENTS = 'api_clients';
const LOAD_BALANCER_TYPES = ['aws_lb', 'aws_alb'];
const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];
const TARGET_GROUP_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'];
const LISTENER_RULE_TYPES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
/** Images and names of SigV4 signing proxies (https://github.com/awslabs/aws-sigv4-proxy). */
const SIGNING_PROXY = /sigv4|signing/i;
const ENVOY = /envoy/i;

/** The topology of one stack's Terraform JSON. */
export function buildTopology(document: TerraformDocument): Topology {
  return new TopologyBuilder(document).build();
}

interface Container {
  readonly name: string;
  readonly nodeId: string;
  readonly image: string;
  readonly definition: Record<string, unknown>;
}

class TopologyBuilder {
  private readonly blocks: ReadonlyMap<string, TerraformBlock>;
  private readonly nodes = new Map<string, TopologyNode>();
  private readonly groups = new Map<string, TopologyGroup>();
  private readonly edges: TopologyEdge[] = [];
  /** The node a target group's traffic enters (an ECS service's container), by target group address. */
  private readonly serviceEntries = new Map<string, string>();
  /** The containers of each ECS service, by service address. */
  private readonly serviceContainers = new Map<string, Container[]>();

  constructor(document: TerraformDocument) {
    this.blocks = SynthesizedStack.of(document).blocks;
  }

  build(): Topology {
    this.addVpcs();
    this.addEksClusters();
    this.addEcsServices();
    this.addLoadBalancers();
    this.addApiGateways();
    this.addServiceEgress();
    this.addCertificates();
    this.addDnsRecords();
    return { nodes: [...this.nodes.values()], groups: [...this.groups.values()], edges: this.uniqueEdges() };
  }

  // --- network -------------------------------------------------------------

  private addVpcs(): void {
    for (const vpc of this.ofType('aws_vpc')) {
      const group = this.groupId(vpc);
      const name = this.tagName(vpc);
      this.groups.set(group, { id: group, label: `VPC ${name ? `${name} ` : ''}${this.text(vpc.values.cidr_block)}` });
      const subnets = this.ofType('aws_subnet').filter((subnet) => this.referenced(subnet.values.vpc_id)?.address === vpc.address);
      const roles = subnets.map((subnet) => this.subnetRole(subnet));
      const zones = [...new Set(subnets.map((s) => this.text(s.values.availability_zone)))].sort();
      const nats = this.ofType('aws_nat_gateway').filter((nat) => subnets.some((s) => this.referenced(nat.values.subnet_id)?.address === s.address));
      const flowLogs = this.ofType('aws_flow_log').filter((log) => this.referenced(log.values.vpc_id)?.address === vpc.address);
      const label = [
        `${subnets.length} subnets in ${zones.join(', ') || 'no zone'}`,
        ...['public', 'private via NAT', 'isolated'].filter((role) => roles.includes(role)).map((role) => `${role}: ${roles.filter((r) => r === role).length}`),
        `NAT gateways: ${nats.length}`,
        ...flowLogs.map((log) => `flow logs: ${this.text(log.values.traffic_type)}`),
      ];
      this.addNode({ id: `${group}_summary`, label, shape: 'rounded', group });
    }
  }

  /** public (default route to an internet gateway), private via NAT, or isolated. */
  private subnetRole(subnet: TerraformBlock): string {
    const tables = this.ofType('aws_route_table_association')
      .filter((a) => this.referenced(a.values.subnet_id)?.address === subnet.address)
      .map((a) => this.referenced(a.values.route_table_id)?.address);
    const routes = [
      ...this.ofType('aws_route').filter((r) => tables.includes(this.referenced(r.values.route_table_id)?.address)).map((r) => r.values),
      ...this.ofType('aws_route_table').filter((t) => tables.includes(t.address)).flatMap((t) => list(t.values.route)),
    ];
    if (routes.some((r) => this.referenced(r.gateway_id)?.type === 'aws_internet_gateway')) return 'public';
    if (routes.some((r) => r.nat_gateway_id !== undefined)) return 'private via NAT';
    return 'isolated';
  }

  /** The VPC group a block lives in, through the subnets, security groups or VPC it references. */
  private vpcGroupOf(block: TerraformBlock): string | undefined {
    for (const ref of referencesIn(block.values)) {
      const target = this.blocks.get(ref.address);
      if (!target) continue;
      if (target.type === 'aws_vpc') return this.groupId(target);
      if (['aws_subnet', 'aws_security_group'].includes(target.type)) {
        const vpc = this.referenced(target.values.vpc_id);
        if (vpc?.type === 'aws_vpc') return this.groupId(vpc);
      }
    }
    return undefined;
  }

  // --- EKS -----------------------------------------------------------------

  private addEksClusters(): void {
    for (const cluster of this.ofType('aws_eks_cluster')) {
      const group = this.groupId(cluster);
      const version = cluster.values.version === undefined ? '' : ` · Kubernetes ${this.text(cluster.values.version)}`;
      this.groups.set(group, { id: group, label: `EKS cluster ${this.text(cluster.values.name)}${version}`, parent: this.vpcGroupOf(cluster) });
      const clusterName = this.literal(cluster.values.name);
      const nodeGroups = this.ofType('aws_eks_node_group').filter(
        (ng) => this.referenced(ng.values.cluster_name)?.address === cluster.address || (clusterName !== undefined && ng.values.cluster_name === clusterName),
      );
      for (const ng of nodeGroups) this.addNode({ id: this.nodeId(ng), label: this.nodeGroupLabel(ng), shape: 'subroutine', group });
      const profiles = this.ofType('aws_eks_fargate_profile').filter((p) => this.referenced(p.values.cluster_name)?.address === cluster.address);
      for (const profile of profiles) {
        this.addNode({ id: this.nodeId(profile), label: [`Fargate profile ${this.text(profile.values.fargate_profile_name)}`], shape: 'subroutine', group });
      }
      if (nodeGroups.length + profiles.length === 0) this.addNode({ id: `${group}_control_plane`, label: ['control plane'], shape: 'rounded', group });
    }
  }

  private nodeGroupLabel(ng: TerraformBlock): string[] {
    const name = ng.values.node_group_name ?? ng.values.node_group_name_prefix ?? ng.name;
    const capacity = ng.values.capacity_type === 'SPOT' ? 'Spot' : 'on-demand';
    const template = this.referenced(valueAt(ng.values, 'launch_template.id')) ?? this.referenced(valueAt(ng.values, 'launch_template.name'));
    const types = list(ng.values.instance_types).map((t) => this.text(t));
    if (types.length === 0 && template?.values.instance_type !== undefined) types.push(this.text(template.values.instance_type));
    const scaling = list(ng.values.scaling_config)[0] ?? {};
    return [
      `node group ${this.text(name)}`,
      `${capacity}${types.length > 0 ? ` · ${types.join(', ')}` : ''}`,
      `${this.text(scaling.min_size)}–${this.text(scaling.max_size)} nodes, desired ${this.text(scaling.desired_size)}`,
    ];
  }

  // --- ECS -----------------------------------------------------------------

  private addEcsServices(): void {
    for (const service of this.ofType('aws_ecs_service')) {
      const cluster = this.referenced(service.values.cluster);
      let parent = this.vpcGroupOf(service);
      if (cluster) {
        const clusterGroup = this.groupId(cluster);
        if (!this.groups.has(clusterGroup)) this.groups.set(clusterGroup, { id: clusterGroup, label: `ECS cluster ${this.text(cluster.values.name)}`, parent });
        parent = clusterGroup;
      }
      const group = this.groupId(service);
      const launch = service.values.launch_type ?? list(service.values.capacity_provider_strategy).map((s) => this.text(s.capacity_provider)).join('/');
      const details = [launch && this.text(launch), service.values.desired_count !== undefined && `${this.text(service.values.desired_count)} task${service.values.desired_count === 1 ? '' : 's'}`].filter(Boolean).join(' · ');
      this.groups.set(group, { id: group, label: `ECS service ${this.text(service.values.name)}${details ? ` · ${details}` : ''}`, parent });

      const taskDefinition = this.referenced(service.values.task_definition);
      const containers = this.containersOf(service, taskDefinition);
      for (const c of containers) this.addNode({ id: c.nodeId, label: [containerTitle(c), ...ports(c.definition)], shape: 'box', group });
      if (containers.length === 0) this.taskNode(service);
      this.serviceContainers.set(service.address, containers);

      const loadBalanced = list(service.values.load_balancer).map((lb) => this.text(lb.container_name));
      const ingress = containers.filter((c) => loadBalanced.includes(c.name));
      const proxies = containers.filter((c) => isSigningProxy(c));
      const apps = containers.filter((c) => !ingress.includes(c) && !proxies.includes(c) && !isLogRouter(c));
      for (const from of ingress) for (const to of apps) this.addEdge({ from: from.nodeId, to: to.nodeId, label: 'localhost' });
      for (const from of apps.length > 0 ? apps : ingress) for (const to of proxies) this.addEdge({ from: from.nodeId, to: to.nodeId, label: 'localhost' });
      for (const lb of list(service.values.load_balancer)) {
        const container = containers.find((c) => c.name === this.text(lb.container_name));
        const tg = this.referenced(lb.target_group_arn);
        if (tg) this.serviceEntries.set(tg.address, container?.nodeId ?? this.taskNode(service));
      }
    }
  }

  /** A node for a service's task as a whole, when its containers are unknown or none of them fits. */
  private taskNode(service: TerraformBlock): string {
    const group = this.groupId(service);
    const taskDefinition = this.referenced(service.values.task_definition);
    const family = taskDefinition ? this.text(taskDefinition.values.family) : this.text(service.values.task_definition);
    const id = `${group}_task`;
    this.addNode({ id, label: [`task ${family}`], shape: 'box', group });
    return id;
  }

  private containersOf(service: TerraformBlock, taskDefinition: TerraformBlock | undefined): Container[] {
    const raw = taskDefinition?.values.container_definitions;
    let definitions: unknown;
    if (typeof raw === 'string') {
      try {
        definitions = JSON.parse(raw);
      } catch {
        // An HCL expression (jsonencode(…)) rather than JSON text: the task is drawn without its containers.
        definitions = undefined;
      }
    } else {
      definitions = raw;
    }
    return (Array.isArray(definitions) ? definitions : [])
      .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object' && typeof (d as { name?: unknown }).name === 'string')
      .map((definition) => ({
        name: definition.name as string,
        image: typeof definition.image === 'string' ? definition.image : '',
        nodeId: sanitize(`${this.groupId(service)}_${definition.name as string}`),
        definition,
      }));
  }

  /** Calls to AWS from ECS tasks: S3 buckets and APIs named in the containers' settings or in the task role's policies. */
  private addServiceEgress(): void {
    for (const service of this.ofType('aws_ecs_service')) {
      const containers = this.serviceContainers.get(service.address) ?? [];
      const proxy = containers.find((c) => isSigningProxy(c));
      const taskDefinition = this.referenced(service.values.task_definition);
      const fallback = proxy?.nodeId ?? containers.find((c) => !isLogRouter(c))?.nodeId ?? this.taskNode(service);
      for (const container of containers) {
        for (const target of this.awsTargets(container.definition)) this.addEgress(container === proxy ? container.nodeId : fallback, target, proxy !== undefined);
      }
      const role = taskDefinition && this.referenced(taskDefinition.values.task_role_arn);
      if (role) for (const target of this.awsTargets(this.policiesOf(role))) this.addEgress(fallback, target, proxy !== undefined);
    }
  }

  private addEgress(from: string, target: TerraformBlock, signed: boolean): void {
    const to = target.type === 'aws_s3_bucket' ? this.bucketNode(target) : this.apiNode(target);
    this.addEdge({ from, to, label: signed ? 'SigV4' : 'IAM' });
  }

  /** S3 buckets and REST APIs a value references (directly, or through an API stage or deployment). */
  private awsTargets(value: unknown): TerraformBlock[] {
    return referencesIn(value).flatMap((ref) => {
      const block = this.blocks.get(ref.address);
      if (!block) return [];
      if (block.type === 'aws_s3_bucket' || block.type === 'aws_api_gateway_rest_api') return [block];
      if (block.type === 'aws_api_gateway_stage' || block.type === 'aws_api_gateway_deployment') {
        const api = this.referenced(block.values.rest_api_id);
        return api ? [api] : [];
      }
      return [];
    });
  }

  /** The policy documents attached to a role: inline, role policies, managed policy attachments. */
  private policiesOf(role: TerraformBlock): unknown[] {
    const isRole = (value: unknown) => this.referenced(value)?.address === role.address;
    const documents: unknown[] = list(role.values.inline_policy).map((p) => p.policy);
    documents.push(...this.ofType('aws_iam_role_policy').filter((p) => isRole(p.values.role)).map((p) => p.values.policy));
    for (const attachment of this.ofType('aws_iam_role_policy_attachment').filter((a) => isRole(a.values.role))) {
      documents.push(this.referenced(attachment.values.policy_arn)?.values.policy);
    }
    return documents.map((doc) => {
      const source = this.referenced(doc);
      return source?.type === 'aws_iam_policy_document' ? source.values.statement : doc;
    });
  }

  // --- load balancers --------------------------------------------------------

  private addLoadBalancers(): void {
    for (const lb of this.ofTypes(LOAD_BALANCER_TYPES)) {
      const kind = { application: 'ALB', network: 'NLB', gateway: 'GWLB' }[this.text(lb.values.load_balancer_type ?? 'application')] ?? 'load balancer';
      const internal = lb.values.internal === true;
      this.addNode({ id: this.nodeId(lb), label: [`${kind} ${this.text(lb.values.name ?? lb.values.name_prefix ?? lb.name)}`, internal ? 'internal' : 'internet-facing'], shape: 'hexagon', group: this.vpcGroupOf(lb) });
      const listeners = this.ofTypes(LISTENER_TYPES).filter((l) => this.referenced(l.values.load_balancer_arn)?.address === lb.address);
      if (!internal && listeners.length > 0) {
        this.addNode({ id: INTERNET, label: ['Internet'], shape: 'circle' });
        this.addEdge({ from: INTERNET, to: this.nodeId(lb), label: listeners.map((l) => this.listenerLabel(l)).join(', ') });
      }
      for (const listener of listeners) this.addListenerTargets(lb, listener);
    }
  }

  private listenerLabel(listener: TerraformBlock): string {
    const protocol = this.text(listener.values.protocol ?? 'HTTP');
    const redirect = list(listener.values.default_action).some((a) => a.type === 'redirect');
    return `${protocol} :${this.text(listener.values.port)}${redirect ? ' redirect' : ''}`;
  }

  private addListenerTargets(lb: TerraformBlock, listener: TerraformBlock): void {
    const routes: { action: Record<string, any>; condition?: string }[] = list(listener.values.default_action).map((action) => ({ action }));
    for (const rule of this.ofTypes(LISTENER_RULE_TYPES).filter((r) => this.referenced(r.values.listener_arn)?.address === listener.address)) {
      const condition = list(rule.values.condition)
        .flatMap((c) => [...list(c.host_header).flatMap((h) => list(h.values)), ...list(c.path_pattern).flatMap((p) => list(p.values))])
        .map((v) => this.text(v))
        .join(' ');
      routes.push(...list(rule.values.action).map((action) => ({ action, condition })));
    }
    for (const { action, condition } of routes) {
      const targetGroups = [action.target_group_arn, ...list(action.forward).flatMap((f) => list(f.target_group).map((t) => t.arn))]
        .map((arn) => this.referenced(arn))
        .filter((tg): tg is TerraformBlock => tg !== undefined && TARGET_GROUP_TYPES.includes(tg.type));
      for (const tg of targetGroups) {
        const label = [`${this.text(listener.values.port)} → ${this.targetGroupLabel(tg)}`, condition].filter(Boolean).join(' ');
        for (const to of this.targetsOf(tg)) this.addEdge({ from: this.nodeId(lb), to, label });
      }
    }
  }

  private targetGroupLabel(tg: TerraformBlock): string {
    return `${this.targetGroupName(tg)} ${this.text(tg.values.protocol ?? '')}:${this.text(tg.values.port ?? '')}`;
  }

  /** A target group with a generated name (`name_prefix`, 6 characters at most) carries its readable name in the `Name` tag. */
  private targetGroupName(tg: TerraformBlock): string {
    if (tg.values.name !== undefined) return this.text(tg.values.name);
    return this.tagName(tg) ?? this.text(tg.values.name_prefix ?? tg.name);
  }

  /** Nodes behind a target group: ECS service containers, attached load balancers, or the group itself. */
  private targetsOf(tg: TerraformBlock): string[] {
    const targets: string[] = [];
    const entry = this.serviceEntries.get(tg.address);
    if (entry) targets.push(entry);
    for (const attachment of this.ofType('aws_lb_target_group_attachment').filter((a) => this.referenced(a.values.target_group_arn)?.address === tg.address)) {
      const target = this.referenced(attachment.values.target_id);
      if (target && LOAD_BALANCER_TYPES.includes(target.type)) targets.push(this.nodeId(target));
      else {
        const id = sanitize(`${this.nodeId(attachment)}`);
        this.addNode({ id, label: [`target ${this.text(attachment.values.target_id)}`], shape: 'box', group: this.vpcGroupOf(tg) });
        targets.push(id);
      }
    }
    if (targets.length === 0) {
      const id = this.nodeId(tg);
      this.addNode({ id, label: [`target group ${this.targetGroupName(tg)}`, `${this.text(tg.values.target_type ?? 'instance')} targets registered outside Terraform`], shape: 'box', group: this.vpcGroupOf(tg) });
      targets.push(id);
    }
    return targets;
  }

  // --- API Gateway -----------------------------------------------------------

  private addApiGateways(): void {
    for (const api of this.ofType('aws_api_gateway_rest_api')) {
      const id = this.apiNode(api);
      const stages = this.ofType('aws_api_gateway_stage').filter((s) => this.referenced(s.values.rest_api_id)?.address === api.address);
      this.addNode({ id: API_CLIENTS, label: ['API clients'], shape: 'circle' });
      this.addEdge({ from: API_CLIENTS, to: id, label: stages.length > 0 ? `stage ${stages.map((s) => this.text(s.values.stage_name)).join(', ')}` : undefined });
      const integrations = this.ofType('aws_api_gateway_integration').filter((i) => this.referenced(i.values.rest_api_id)?.address === api.address);
      for (const integration of integrations.filter((i) => i.values.connection_type === 'VPC_LINK')) {
        const link = this.referenced(integration.values.connection_id);
        if (link?.type !== 'aws_api_gateway_vpc_link') continue;
        const linkId = this.nodeId(link);
        this.addNode({ id: linkId, label: [`VPC link ${this.text(link.values.name)}`], shape: 'stadium' });
        this.addEdge({ from: id, to: linkId, label: 'VPC_LINK' });
        for (const target of list(link.values.target_arns).map((arn) => this.referenced(arn)).filter((t) => t !== undefined)) {
          this.addEdge({ from: linkId, to: this.nodeId(target) });
        }
      }
    }
  }

  private apiNode(api: TerraformBlock): string {
    const id = this.nodeId(api);
    const types = list(api.values.endpoint_configuration).flatMap((e) => list(e.types)).map((t) => this.text(t));
    this.addNode({ id, label: [`API Gateway ${this.text(api.values.name)}`, ...(types.length > 0 ? [types.join(', ')] : [])], shape: 'subroutine' });
    return id;
  }

  private bucketNode(bucket: TerraformBlock): string {
    const id = this.nodeId(bucket);
    this.addNode({ id, label: [`S3 ${this.text(bucket.values.bucket ?? bucket.values.bucket_prefix ?? bucket.name)}`], shape: 'cylinder' });
    return id;
  }

  // --- DNS and certificates --------------------------------------------------

  private addCertificates(): void {
    const uses: [TerraformBlock, string][] = [];
    for (const listener of this.ofTypes(LISTENER_TYPES)) {
      const lb = this.referenced(listener.values.load_balancer_arn);
      if (lb) uses.push(...this.certificatesIn(listener.values.certificate_arn).map((cert): [TerraformBlock, string] => [cert, this.nodeId(lb)]));
    }
    for (const extra of this.ofType('aws_lb_listener_certificate')) {
      const lb = this.referenced(this.referenced(extra.values.listener_arn)?.values.load_balancer_arn);
      if (lb) uses.push(...this.certificatesIn(extra.values.certificate_arn).map((cert): [TerraformBlock, string] => [cert, this.nodeId(lb)]));
    }
    for (const domain of this.ofType('aws_api_gateway_domain_name')) {
      const certs = this.certificatesIn([domain.values.regional_certificate_arn, domain.values.certificate_arn]);
      uses.push(...certs.map((cert): [TerraformBlock, string] => [cert, this.domainNode(domain)]));
    }
    for (const cert of this.ofType('aws_acm_certificate')) {
      const sans = list(cert.values.subject_alternative_names).length;
      const validated = this.ofType('aws_acm_certificate_validation').some((v) => this.referenced(v.values.certificate_arn)?.address === cert.address);
      this.addNode({
        id: this.nodeId(cert),
        label: [`certificate ${this.text(cert.values.domain_name)}${sans > 0 ? ` +${sans} names` : ''}`, `ACM${validated ? ', DNS-validated' : ''}`],
        shape: 'parallelogram',
      });
    }
    for (const [cert, target] of uses) this.addEdge({ from: this.nodeId(cert), to: target, label: 'TLS', dotted: true });
  }

  /** ACM certificates behind a value, directly or through aws_acm_certificate_validation. */
  private certificatesIn(value: unknown): TerraformBlock[] {
    return referencesIn(value).flatMap((ref) => {
      const block = this.blocks.get(ref.address);
      if (block?.type === 'aws_acm_certificate') return [block];
      const cert = block?.type === 'aws_acm_certificate_validation' ? this.referenced(block.values.certificate_arn) : undefined;
      return cert ? [cert] : [];
    });
  }

  private domainNode(domain: TerraformBlock): string {
    const id = this.nodeId(domain);
    this.addNode({ id, label: [`API domain ${this.text(domain.values.domain_name)}`], shape: 'stadium' });
    for (const mapping of this.ofType('aws_api_gateway_base_path_mapping').filter((m) => this.referenced(m.values.domain_name)?.address === domain.address)) {
      const api = this.referenced(mapping.values.api_id);
      if (api) this.addEdge({ from: id, to: this.apiNode(api), label: `/${this.text(mapping.values.base_path ?? '')}` });
    }
    return id;
  }

  private addDnsRecords(): void {
    for (const record of this.ofType('aws_route53_record')) {
      // Certificate validation records belong to the certificate, not to the traffic path.
      if (referencesIn(record.values).some((ref) => this.blocks.get(ref.address)?.type === 'aws_acm_certificate')) continue;
      const targets = referencesIn([list(record.values.alias).map((a) => a.name), record.values.records])
        .map((ref) => this.blocks.get(ref.address))
        .filter((t): t is TerraformBlock => t !== undefined && this.nodes.has(this.nodeId(t)));
      if (targets.length === 0) continue;
      const zone = this.referenced(record.values.zone_id);
      const id = this.nodeId(record);
      const alias = list(record.values.alias).length > 0;
      this.addNode({
        id,
        label: [`${this.text(record.values.name)}`, `${this.text(record.values.type)}${alias ? ' alias' : ''}${zone ? ` in ${this.text(zone.values.name)}` : ''}`],
        shape: 'stadium',
      });
      for (const target of targets) this.addEdge({ from: id, to: this.nodeId(target), label: 'DNS', dotted: true });
    }
  }

  // --- helpers ---------------------------------------------------------------

  private ofType(type: string): TerraformBlock[] {
    return this.ofTypes([type]);
  }

  private ofTypes(types: readonly string[]): TerraformBlock[] {
    return [...this.blocks.values()].filter((b) => b.mode === 'managed' && types.includes(b.type));
  }

  /** The block a value references (its first reference to a block of this stack). */
  private referenced(value: unknown): TerraformBlock | undefined {
    for (const ref of referencesIn(value)) {
      const block = this.blocks.get(ref.address);
      if (block) return block;
    }
    return undefined;
  }

  /** A literal value, or the literal a `${type.name.attribute}` reference points at. */
  private literal(value: unknown): string | undefined {
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (typeof value !== 'string') return undefined;
    if (!value.includes('${')) return value;
    const [ref] = referencesIn(value);
    const target = ref && this.blocks.get(ref.address);
    const resolved = target?.values[ref.attribute];
    return value === `\${${ref?.address}.${ref?.attribute}}` && typeof resolved === 'string' && !resolved.includes('${') ? resolved : undefined;
  }

  /** Text for a label: the literal, else the reference without `${}`. */
  private text(value: unknown): string {
    if (value === undefined || value === null) return '?';
    return this.literal(value) ?? String(value).replace(/\$\{([^}]*)\}/g, '$1');
  }

  private tagName(block: TerraformBlock): string | undefined {
    const tags = block.values.tags as Record<string, unknown> | undefined;
    return tags?.Name === undefined ? undefined : this.text(tags.Name);
  }

  private nodeId(block: TerraformBlock): string {
    return sanitize(`${block.type.replace(/^aws_/, '')}_${block.name}`);
  }

  private groupId(block: TerraformBlock): string {
    return `g_${this.nodeId(block)}`;
  }

  private addNode(node: TopologyNode): void {
    if (!this.nodes.has(node.id)) this.nodes.set(node.id, node);
  }

  private addEdge(edge: TopologyEdge): void {
    this.edges.push(edge);
  }

  private uniqueEdges(): TopologyEdge[] {
    const seen = new Set<string>();
    return this.edges.filter((edge) => {
      const key = JSON.stringify([edge.from, edge.to, edge.label ?? '', edge.dotted ?? false]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
}

function list(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]) as Record<string, any>[];
}

function ports(definition: Record<string, unknown>): string[] {
  const mappings = list(definition.portMappings).map((m) => `:${m.containerPort}`);
  return mappings.length > 0 ? [mappings.join(' ')] : [];
}

/** The container name, with what it runs when the name does not say: `ingress (Envoy)`. */
function containerTitle(container: Container): string {
  if (ENVOY.test(container.image) && !ENVOY.test(container.name)) return `${container.name} (Envoy)`;
  if (SIGNING_PROXY.test(container.image) && !SIGNING_PROXY.test(container.name)) return `${container.name} (SigV4 proxy)`;
  return container.name;
}

function isSigningProxy(container: Container): boolean {
  return SIGNING_PROXY.test(container.name) || SIGNING_PROXY.test(container.image);
}

/** FireLens log routers carry logs, not traffic. */
function isLogRouter(container: Container): boolean {
  return container.definition.firelensConfiguration !== undefined;
}

/** Mermaid node ids: letters, digits and underscores, starting with a letter. */
export function sanitize(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z]/.test(clean) ? clean : `n_${clean}`;
}

