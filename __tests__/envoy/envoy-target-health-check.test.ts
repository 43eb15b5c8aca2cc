import { exampleStacks } from '../helpers/example-synth';

describe('envoy target health check', () => {
  test('the ALB and NLB target groups of the example services check Envoy the same way, over HTTPS on the health path', () => {
    const { platform } = exampleStacks('dev');
    const checks = ['ecs/edge/service-web/target-group', 'apigw/listener-api/target-group'].map((target) => platform.resource('aws_lb_target_group', target).values.health_check);
    for (const check of checks) {
      expect(check).toEqual({
        enabled: true,
        protocol: 'HTTPS',
        port: 'traffic-port',
        path: '/healthz',
        matcher: '200-399',
        interval: 10,
        timeout: 5,
        healthy_threshold: 2,
        unhealthy_threshold: 3,
      });
    }
  });
});
