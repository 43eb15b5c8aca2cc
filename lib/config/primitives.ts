import { z } from 'zod';
import { AWS_REGIONS, LOG_RETENTION_DAYS } from './aws-facts';
import { parseCidr } from '../network/cidr';
import { DNS_NAME_PATTERN } from '../dns/dns-names';
import { s3BucketNameProblem } from '../s3/bucket-name';
import { showText } from './problem-text';

/** Reusable value types for the environment schema: one definition, one message. */

export const awsRegion = z.enum(AWS_REGIONS, {
  error: (issue) => (issue.input === undefined ? 'expected an AWS region such as eu-west-1' : `expected an AWS region such as eu-west-1, got ${JSON.stringify(issue.input)}`),
});

/**
 * The account's region: any region-shaped name here; whether it is in the catalog
 * (or opted out of it with account.regionOutsideCatalog) is checked beside the schema.
 */
export const accountRegion = z
  .string({ error: (issue) => (issue.input === undefined ? 'expected an AWS region such as eu-west-1' : `expected an AWS region such as eu-west-1, got ${describeInput(issue.input)}`) })
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, { error: (issue) => `expected an AWS region such as eu-west-1, got ${JSON.stringify(issue.input)}` });

function describeInput(input: unknown): string {
  return typeof input === 'string' ? JSON.stringify(input) : String(input);
}

export const awsAccountId = z
  .string({ error: 'expected a 12-digit AWS account id in quotes, such as "123456789012"' })
  .regex(/^\d{12}$/, { error: 'expected a 12-digit AWS account id, such as "123456789012"' });

export const ipv4Cidr = z.string({ error: 'expected an IPv4 CIDR block such as 10.0.0.0/16' }).superRefine((value, ctx) => {
  const parsed = parseCidr(value);
  if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
});

export const iamRoleArn = z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/, {
  error: 'expected an IAM role ARN such as arn:aws:iam::123456789012:role/deploy',
});

export const kmsKeyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[\w\/-]+$/, {
  error: 'expected a KMS key or alias ARN such as arn:aws:kms:eu-west-1:123456789012:key/…',
});

/**
 * A KMS key ARN, never an alias: where the ARN is compared with the key KMS authorizes against. KMS evaluates
 * Decrypt on the key's ARN, so an alias ARN in the PR plan role's `Deny kms:Decrypt NotResource <state key>`
 * (docs/credentials.md) denies the state key itself and every plan fails reading state.
 * https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html ("you cannot specify an alias ARN in the Resource element to control access to the KMS key")
 */
export const kmsKeyOnlyArn = z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/, {
  error:
    'expected a KMS key ARN such as arn:aws:kms:eu-west-1:123456789012:key/…, not an alias ARN: IAM policies name the key (the plan role denies Decrypt on any other); ' +
    'aws kms describe-key --key-id <alias ARN> --query KeyMetadata.Arn prints it',
});

/** S3 bucket naming rules, every one (lib/s3/bucket-name.ts). */
export const s3BucketName = z.string().superRefine((name, ctx) => {
  const problem = s3BucketNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A lowercase DNS name without a trailing dot. */
export const dnsName = z
  .string()
  .transform((name) => name.replace(/\.$/, '').toLowerCase())
  .pipe(
    z
      .string()
      .superRefine((name, ctx) => {
        // Route 53 and ACM: labels of at most 63 characters, names of at most 253 (RFC 1035; API_RequestCertificate).
        const long = name.split('.').find((label) => label.length > 63);
        if (long) ctx.addIssue({ code: 'custom', message: `a DNS label may have at most 63 characters, got ${long.length} in "${long.slice(0, 20)}…"`, continue: false });
        else if (name.length > 253) ctx.addIssue({ code: 'custom', message: `a DNS name may have at most 253 characters, got ${name.length}`, continue: false });
      })
      .regex(DNS_NAME_PATTERN, {
        error: 'expected a DNS name such as api.example.com',
      }),
  );

/**
 * A name that goes into AWS resource names (`<project>-<env>-…`): lowercase letters and digits in words joined by
 * single hyphens, starting with a letter, `minLength`-`maxLength` characters. No `--` and no hyphen at either end,
 * because the names built from it must not have them: ECR repositories (one of `._-` between letters and digits
 * only, https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_CreateRepository.html), load balancer and target
 * group names (no hyphen at either end, https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html)
 * and S3 bucket names (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
export function hyphenatedName(minLength: number, maxLength: number): RegExp {
  return new RegExp(`^(?=.{${minLength},${maxLength}}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$`);
}

/** What `hyphenatedName` expects, for error messages. */
export function hyphenatedNameExpectation(what: string, minLength: number, maxLength: number): string {
  return `expected ${what} of ${minLength}-${maxLength} lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen`;
}

/** `project`: the first part of every resource name. */
export const PROJECT_NAME = hyphenatedName(2, 20);
export const PROJECT_NAME_EXPECTED = hyphenatedNameExpectation('a project name', 2, 20);
/** The environment name (the file name without `.yaml`): the second part of every resource name. */
export const ENVIRONMENT_NAME = hyphenatedName(1, 16);
export const ENVIRONMENT_NAME_EXPECTED = hyphenatedNameExpectation('an environment name', 1, 16);

/** Names used in resource names and construct ids: short, lowercase, stable. */
export const resourceKey = z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, {
  error: 'expected a lowercase name of 2-32 letters, digits and hyphens, starting with a letter',
});

/**
 * `renamedFrom: <old name>` on a service or node group: its previous key, for the release that renames it. The
 * platform stack then writes Terraform `moved` blocks for every resource whose address derives from the name, so
 * Terraform keeps them instead of destroying and recreating them; AWS names that contain the name still change and
 * replace their resources (docs/review.md, "Renaming a service or node group"). Checked by checkRenamedFrom.
 */
export const renamedFrom = resourceKey.optional();

export const logRetentionDays = z
  .number()
  .int()
  .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
    error: `expected one of CloudWatch's retention values: ${LOG_RETENTION_DAYS.join(', ')}`,
  });

/**
 * The characters the tagging APIs accept in tag keys and values: letters, digits, spaces (Unicode categories L, N, Z)
 * and `_ . : / = + - @` (IAM TagRole, https://docs.aws.amazon.com/IAM/latest/APIReference/API_Tag.html; ELB AddTags,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Tag.html). The provider's default tags go
 * onto every resource, so one refused character fails the first IAM or ELB create of the apply.
 */
const TAG_CHARACTER = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u;
const TAG_CHARACTERS_EXPECTED = 'letters, digits, spaces and _ . : / = + - @';

/** Why `text` is not a tag key or value, by its first refused character, or undefined. */
function tagCharacterProblem(text: string, what: 'key' | 'value'): string | undefined {
  const refused = [...text].find((char) => !TAG_CHARACTER.test(char));
  if (refused === undefined) return undefined;
  // A printable refused character is named; an invisible one is named by the loader's note on the escaped value.
  const which = /[\x21-\x7e]/.test(refused) ? `: "${refused}" is not allowed` : '';
  return `expected a tag ${what} of ${TAG_CHARACTERS_EXPECTED} only (the tagging APIs of IAM, ELB and others refuse other characters), got ${showText(text)}${which}`;
}

export const tagMap = z.record(
  z.string().superRefine((key, ctx) => {
    // https://docs.aws.amazon.com/tag-editor/latest/userguide/best-practices-and-strats.html: "aws:" in any case is
    // reserved for AWS's own tags, and Create/Tag calls that set one fail.
    if (/^aws:/i.test(key)) ctx.addIssue({ code: 'custom', message: `expected a tag key that does not begin with "aws:" (AWS reserves the prefix, in any letter case)` });
    else if (key.length < 1 || key.length > 128) ctx.addIssue({ code: 'custom', message: `expected a tag key of 1-128 characters, got ${key.length}` });
    else {
      const problem = tagCharacterProblem(key, 'key');
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }
  }),
  z.string().superRefine((value, ctx) => {
    if (value.length > 256) ctx.addIssue({ code: 'custom', message: `expected a tag value of at most 256 characters, got ${value.length}` });
    const problem = tagCharacterProblem(value, 'value');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

/**
 * A port inside the task. Envoy's image runs as a non-root user, which
 * cannot bind ports below 1024.
 */
export const containerPort = z
  .number({ error: 'expected a port number' })
  .int({ error: 'expected a whole port number' })
  .min(1024, { error: 'expected a port of 1024 or above (the containers run as non-root users)' })
  .max(65535, { error: 'expected a port of at most 65535' });

/** Secrets Manager secret names (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html). */
export const secretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, { error: 'expected a Secrets Manager secret name such as acme/dev/web/oauth2' });
