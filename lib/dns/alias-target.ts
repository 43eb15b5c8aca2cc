import type { Lb } from '@cdktf/provider-aws/lib/lb';
import type { ApiGatewayDomainName } from '@cdktf/provider-aws/lib/api-gateway-domain-name';
import type { Apigatewayv2DomainName } from '@cdktf/provider-aws/lib/apigatewayv2-domain-name';
import { invalidProps } from '../util/user-error';

/** `ip_address_type` values with which a load balancer answers on IPv6. */
const DUAL_STACK_LOAD_BALANCER_TYPES = ['dualstack', 'dualstack-without-public-ipv4'];

/**
 * What a Route53 alias points at, taken from the target resource itself, so
 * callers never copy a `dns_name`/`zone_id` pair by hand (and never pair one
 * resource's name with another's zone).
 */
export class AliasTarget {
  /**
   * An application or network load balancer. Target health is evaluated:
   * Route53 then treats the alias as unhealthy while the load balancer has no
   * healthy targets, which is what failover, weighted and latency records need
   * and costs nothing for a single record.
   */
  static loadBalancer(loadBalancer: Lb): AliasTarget {
    return new AliasTarget(loadBalancer.dnsName, loadBalancer.zoneId, true, DUAL_STACK_LOAD_BALANCER_TYPES.includes(loadBalancer.ipAddressTypeInput ?? 'ipv4'));
  }

  /**
   * A regional API Gateway (REST, v1) custom domain. An edge-optimized domain
   * is refused: it is served by CloudFront and has other attributes. Target
   * health is not evaluated: API Gateway is a managed regional endpoint with
   * no health of its own for Route53 to inherit.
   */
  static apiGatewayRestDomain(domain: ApiGatewayDomainName): AliasTarget {
    const endpoint = domain.endpointConfigurationInput;
    if (!endpoint || !endpoint.types.includes('REGIONAL')) {
      throw invalidProps(
        `AliasTarget for ${domain.node.path}`,
        `expected a regional custom domain (endpoint_configuration.types ["REGIONAL"]), got ${JSON.stringify(endpoint?.types ?? 'EDGE (the default)')}`,
      );
    }
    return new AliasTarget(domain.regionalDomainName, domain.regionalZoneId, false, endpoint.ipAddressType === 'dualstack');
  }

  /** An API Gateway v2 (HTTP or WebSocket) custom domain, regional by construction; as for REST, no target health. */
  static apiGatewayHttpDomain(domain: Apigatewayv2DomainName): AliasTarget {
    const configuration = domain.domainNameConfiguration;
    return new AliasTarget(configuration.targetDomainName, configuration.hostedZoneId, false, domain.domainNameConfigurationInput?.ipAddressType === 'dualstack');
  }

  private constructor(
    /** DNS name of the target. */
    readonly dnsName: string,
    /** Hosted zone of the target's DNS name (the service's zone, not ours). */
    readonly zoneId: string,
    readonly evaluateTargetHealth: boolean,
    /** The target answers on IPv6, so an AAAA alias is published next to the A alias. */
    readonly ipv6: boolean,
  ) {}
}
