import { App, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';

/**
 * The floor of `npm run bench`: the least a cdktf app can do (one stack, the
 * AWS provider, one resource), synthesized the way `npm run synth` runs
 * main.ts, so the ratio to it shows what this repository adds.
 */
const app = new App({ outdir: process.env.CDKTF_OUTDIR || 'cdktf.out', stackTraces: false });
const stack = new TerraformStack(app, 'floor');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
new S3Bucket(stack, 'bucket', { bucket: 'acme-bench-floor' });
app.synth();
