import { z } from 'zod';
import { resourceKey } from './primitives';
import { ALARM_SUBSCRIPTION_PROTOCOLS } from '../observability/alarm-topic';

const positive = (expected: string) => z.number({ error: `expected ${expected}` }).positive({ error: `expected ${expected}` });
const percent = z
  .number({ error: 'expected a percentage' })
  .gt(0, { error: 'expected a percentage above 0' })
  .max(100, { error: 'expected a percentage of at most 100' });
const minutes = z
  .number({ error: 'expected a whole number of minutes' })
  .int({ error: 'expected a whole number of minutes' })
  .min(1, { error: 'expected at least 1 minute' })
  // CloudWatch evaluates at most 24 hours of one-minute periods (EvaluationPeriods × Period ≤ 86,400 s).
  .max(1440, { error: 'expected at most 1440 minutes (CloudWatch evaluates at most one day)' });

/**
 * Incoming-webhook hosts that answer SNS's SubscriptionConfirmation POST without visiting its SubscribeURL, so the
 * subscription never confirms and the apply fails after confirmation_timeout_in_minutes (endpoint_auto_confirms):
 * Slack and Microsoft Teams incoming webhooks, Discord webhooks, Google Chat. Route them through AWS Chatbot (Amazon Q
 * Developer in chat applications) or a small function that confirms. PagerDuty's and Opsgenie's SNS integration URLs
 * do confirm. https://docs.aws.amazon.com/sns/latest/dg/SendMessageToHttp.prepare.html
 */
const NON_CONFIRMING_WEBHOOKS: readonly { readonly host: RegExp; readonly what: string }[] = [
  { host: /^hooks\.slack\.com$/i, what: 'a Slack incoming webhook' },
  { host: /(^|\.)webhook\.office\.com$/i, what: 'a Microsoft Teams incoming webhook' },
  { host: /^outlook\.office(365)?\.com$/i, what: 'a Microsoft Teams incoming webhook' },
  { host: /^(ptb\.|canary\.)?discord(app)?\.com$/i, what: 'a Discord webhook' },
  { host: /^chat\.googleapis\.com$/i, what: 'a Google Chat webhook' },
];

/** A subscription of the alarm topic: where a notification goes. */
const subscription = z
  .strictObject({
    /** `email` (the address confirms by mail) or `https` (an endpoint that confirms the subscription, such as a chat integration's). */
    protocol: z.enum(ALARM_SUBSCRIPTION_PROTOCOLS),
    endpoint: z.string().min(1, { error: 'expected an e-mail address or an https:// URL' }),
  })
  .superRefine((value, ctx) => {
    const ok = value.protocol === 'email' ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.endpoint) : /^https:\/\/[^\s/]+\S*$/.test(value.endpoint);
    if (!ok) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoint'],
        message: `expected ${value.protocol === 'email' ? 'an e-mail address' : 'an https:// URL'}, got ${JSON.stringify(value.endpoint)}`,
      });
      return;
    }
    if (value.protocol !== 'https') return;
    const host = new URL(value.endpoint).hostname;
    const webhook = NON_CONFIRMING_WEBHOOKS.find((entry) => entry.host.test(host));
    if (webhook) {
      ctx.addIssue({
        code: 'custom',
        path: ['endpoint'],
        message: `expected an https endpoint that confirms SNS subscriptions, got ${webhook.what} (${host}), which never visits the SubscribeURL, so the apply fails waiting for the confirmation; use AWS Chatbot or a function that confirms (docs/operations.md, "The topic and its subscriptions")`,
      });
    }
  });

/** Thresholds of the alarms (docs/operations.md): each one is what an on-call person should be woken for. */
const thresholds = z
  .strictObject({
    /** Targets' 5xx responses as a share of the ALB's requests to a service, in percent. @default 5 */
    targetErrorRatePercent: percent.default(5),
    /** Unhealthy targets of a service's target group (ALB or NLB) at which the alarm fires. @default 1 */
    unhealthyTargets: positive('a number of targets above 0').int({ error: 'expected a whole number of targets' }).default(1),
    /** Minutes a service may run fewer tasks than desired before the alarm fires. @default 10 */
    tasksBelowDesiredMinutes: minutes.default(10),
    /** API Gateway 5XX responses as a share of an API stage's requests, in percent. @default 5 */
    apiErrorRatePercent: percent.default(5),
    /** p99 latency of an API stage, in milliseconds (API Gateway's own limit is 29,000). @default 2500 */
    apiLatencyP99Milliseconds: positive('milliseconds above 0').default(2500),
    /** 5xx responses the ALB itself returns (no healthy target, a target that reset) per minute. @default 10 */
    albErrorsPerMinute: positive('a number of responses above 0').default(10),
    /** Minutes a signal must be over its threshold before the alarm fires (5xx, unhealthy targets, latency). @default 3 */
    evaluationMinutes: minutes.default(3),
  })
  .prefault({});

/**
 * The `alarms` section: CloudWatch alarms per service and per environment, all notifying one KMS-encrypted SNS
 * topic per environment; the services' deployments roll back on their own alarms (docs/operations.md).
 */
export const alarmsSchema = z
  .strictObject({
    /** Where notifications go, by a stable name. @default {} - none: the topic exists, nobody is told */
    subscriptions: z.record(resourceKey, subscription).default({}),
    thresholds,
  })
  .prefault({});

