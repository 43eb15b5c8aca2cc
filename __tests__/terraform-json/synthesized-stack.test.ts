import { referencesIn, SynthesizedStack, valueAt } from '../../lib/terraform-json/synthesized-stack';

/** A cdk.tf.json as cdktf writes it: `//` metadata with the construct path below the stack id. */
const DOCUMENT = {
  terraform: { backend: { s3: { bucket: 'state', encrypt: true } } },
  provider: { aws: [{ region: 'eu-west-1' }] },
  variable: { image_digest: { type: 'string' } },
  output: { alb_dns: { value: '${aws_lb.edge_alb_1.dns_name}' } },
  data: {
    aws_iam_policy_document: { edge_policy_2: { '//': { metadata: { path: 'dev-platform/edge/policy', uniqueId: 'edge_policy_2' } }, statement: [{ effect: 'Allow' }] } },
  },
  resource: {
    aws_lb: { edge_alb_1: { '//': { metadata: { path: 'dev-platform/edge/alb', uniqueId: 'edge_alb_1' } }, name: 'acme-dev-edge' } },
    aws_lb_listener: {
      edge_https_3: {
        '//': { metadata: { path: 'dev-platform/edge/https', uniqueId: 'edge_https_3' } },
        load_balancer_arn: '${aws_lb.edge_alb_1.arn}',
        default_action: [{ type: 'fixed-response' }],
        tags: { Policy: 'prefix-${data.aws_iam_policy_document.edge_policy_2.json}' },
      },
    },
  },
};

describe('the synthesized stack reader', () => {
  const stack = SynthesizedStack.of(DOCUMENT);

  test('GIVEN a document THEN resources and data sources are found by type, address and construct path, without cdktf metadata', () => {
    expect(stack.resources().map((b) => b.address)).toEqual(['aws_lb.edge_alb_1', 'aws_lb_listener.edge_https_3']);
    expect(stack.dataSources('aws_iam_policy_document').map((b) => b.address)).toEqual(['data.aws_iam_policy_document.edge_policy_2']);
    expect(stack.at('aws_lb.edge_alb_1')).toMatchObject({ mode: 'managed', type: 'aws_lb', name: 'edge_alb_1', path: 'edge/alb', values: { name: 'acme-dev-edge' } });
    expect(stack.at('aws_lb.edge_alb_1')!.values).not.toHaveProperty('//');
    expect(stack.atPath('alb').map((b) => b.address)).toEqual(['aws_lb.edge_alb_1']);
    expect(stack.atPath('edge/policy', 'data').map((b) => b.address)).toEqual(['data.aws_iam_policy_document.edge_policy_2']);
    expect(stack.resources('aws_s3_bucket')).toEqual([]);
  });

  test('GIVEN a document THEN providers, variables, outputs and the terraform block are read as written', () => {
    expect(stack.provider('aws')).toEqual({ region: 'eu-west-1' });
    expect(stack.provider('kubernetes')).toBeUndefined();
    expect(stack.variables).toEqual({ image_digest: { type: 'string' } });
    expect(stack.outputs.alb_dns.value).toBe('${aws_lb.edge_alb_1.dns_name}');
    expect(stack.terraform.backend.s3.bucket).toBe('state');
  });

  test('GIVEN a value that is exactly one reference THEN follow names its block; inside a longer expression only referenced does', () => {
    const listener = stack.at('aws_lb_listener.edge_https_3')!;
    expect(stack.follow(listener.values.load_balancer_arn)?.address).toBe('aws_lb.edge_alb_1');
    expect(stack.follow(listener.values.tags.Policy)).toBeUndefined();
    expect(stack.referenced(listener.values.tags)?.address).toBe('data.aws_iam_policy_document.edge_policy_2');
    expect(stack.follow('${aws_lb.missing_9.arn}')).toBeUndefined();
    expect(referencesIn(listener.values)).toEqual([
      { address: 'aws_lb.edge_alb_1', attribute: 'arn' },
      { address: 'data.aws_iam_policy_document.edge_policy_2', attribute: 'json' },
    ]);
    expect(valueAt(listener.values, 'default_action.type')).toBe('fixed-response');
  });

  test('GIVEN the same document twice THEN it is parsed once', () => {
    expect(SynthesizedStack.of(DOCUMENT)).toBe(stack);
    expect(SynthesizedStack.parse(JSON.stringify(DOCUMENT)).at('aws_lb.edge_alb_1')?.path).toBe('edge/alb');
  });
});
