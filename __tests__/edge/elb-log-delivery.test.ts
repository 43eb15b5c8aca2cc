import { ELB_LOG_DELIVERY_SERVICE, elbLogDeliveryStatement } from '../../lib/edge/elb-log-delivery';
import { priorityOf } from '../../lib/edge/public-alb';

describe('ALB access-log delivery', () => {
  test.each([
    ['eu-west-1', { type: 'AWS', identifiers: ['arn:aws:iam::156460612806:root'] }],
    ['us-east-1', { type: 'AWS', identifiers: ['arn:aws:iam::127311923021:root'] }],
    ['eu-central-2', { type: 'Service', identifiers: [ELB_LOG_DELIVERY_SERVICE] }],
    ['il-central-1', { type: 'Service', identifiers: [ELB_LOG_DELIVERY_SERVICE] }],
  ])('GIVEN %s THEN the bucket policy names the principal AWS documents for that region', (region, principal) => {
    expect(elbLogDeliveryStatement(region, '123456789012', 'arn:aws:s3:::logs')).toEqual({
      sid: 'ElbLogDelivery',
      actions: ['s3:PutObject'],
      resources: ['arn:aws:s3:::logs/AWSLogs/123456789012/*'],
      principals: [principal],
    });
  });
});

describe('listener rule priorities', () => {
  test('GIVEN a service name THEN its priority is stable and within 1-50000', () => {
    expect(priorityOf('web')).toBe(priorityOf('web'));
    for (const name of ['web', 'api', 'shop', 'admin']) {
      expect(priorityOf(name)).toBeGreaterThanOrEqual(1);
      expect(priorityOf(name)).toBeLessThanOrEqual(50000);
    }
    expect(priorityOf('web')).not.toBe(priorityOf('shop'));
  });
});
