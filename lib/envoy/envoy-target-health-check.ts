import type { LbTargetGroupHealthCheck } from '@cdktf/provider-aws/lib/lb-target-group';

/**
 * The health check a load balancer (ALB or NLB) runs against an Envoy
 * sidecar's TLS listener: HTTPS on the service's health path, which Envoy
 * routes to the app, so a task whose app is down leaves the target group.
 * Two passes in a row (20 s) bring a new task in; three failures take one out.
 */
export function envoyTargetHealthCheck(healthPath: string): LbTargetGroupHealthCheck {
  return {
    enabled: true,
    protocol: 'HTTPS',
    port: 'traffic-port',
    path: healthPath,
    matcher: '200-399',
    interval: 10,
    timeout: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
  };
}
