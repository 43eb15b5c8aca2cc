import { z } from 'zod';

const nonNegative = (expected: string) => z.number({ error: `expected ${expected}` }).nonnegative({ error: `expected ${expected}` });

/**
 * Usage assumptions of the cost estimate (`npm run cost`, docs/cost.md):
 * whatever AWS bills by use rather than by the hour. Nothing in the stacks says
 * how much traffic an environment sees, so each value here is an explicit
 * guess with a default, and the estimate prints the values it used.
 */
export const costSchema = z
  .strictObject({
    /** GB processed per month by all NAT gateways together. @default 100 */
    natGatewayGbPerMonth: nonNegative('GB per month, 0 or more').default(100),
    /** Average load-balancer capacity units each Application Load Balancer uses per hour. @default 1 */
    albLcuPerHour: nonNegative('LCUs per hour, 0 or more').default(1),
    /** Average capacity units each Network Load Balancer uses per hour. @default 1 */
    nlbLcuPerHour: nonNegative('NLCUs per hour, 0 or more').default(1),
    /** GB each CloudWatch log group ingests per month. @default 1 */
    logGbPerGroupPerMonth: nonNegative('GB per month, 0 or more').default(1),
    /** Millions of requests each REST API receives per month. @default 1 */
    apiRequestsMillionsPerMonth: nonNegative('millions of requests per month, 0 or more').default(1),
    /** GB sent to the internet per month (EC2 data transfer out). @default 0 */
    internetEgressGbPerMonth: nonNegative('GB per month, 0 or more').default(0),
    /** GB each S3 bucket stores (Standard class). @default 1 */
    s3StorageGbPerBucket: nonNegative('GB, 0 or more').default(1),
    /** GB of images each ECR repository stores (a pull-through cache keeps the pulled tags). @default 1 */
    ecrStorageGbPerRepository: nonNegative('GB, 0 or more').default(1),
    /** GB processed per month by all interface VPC endpoints together (vpcEndpoints.interface). @default 10 */
    interfaceEndpointGbPerMonth: nonNegative('GB per month, 0 or more').default(10),
    /** Millions of requests each web ACL inspects per month (the ALB's and the APIs' together). @default 1 */
    wafRequestsMillionsPerMonth: nonNegative('millions of requests per month, 0 or more').default(1),
    /** The diff report calls out a change that adds more than this many USD per month (expected). @default 100 */
    deltaAlertUsdPerMonth: nonNegative('USD per month, 0 or more').default(100),
    /**
     * `npm run cost` fails when a synthesized resource type (or a line) has no price and no documented
     * reason to be free (tools/cost/no-charge.ts), instead of printing a lower bound. @default false
     */
    requireFullCoverage: z.boolean({ error: 'expected true or false' }).default(false),
    /** `npm run cost` warns, with the refresh command, when the price catalog or a Spot figure is older than this many days. @default 90 */
    catalogMaxAgeDays: z
      .number({ error: 'expected a whole number of days, 1 or more' })
      .int({ error: 'expected a whole number of days, 1 or more' })
      .positive({ error: 'expected a whole number of days, 1 or more' })
      .default(90),
  })
  .prefault({});

export type CostAssumptions = z.output<typeof costSchema>;
