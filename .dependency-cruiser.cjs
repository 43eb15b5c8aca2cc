/**
 * The dependency rules of docs/architecture.md, checked by `npm run deps`
 * (part of `npm test`). Type-only imports count: a cycle of types is still a
 * cycle a reader has to untangle.
 */

/** Folders of reusable constructs: they take plain props, never the configuration or a stack. */
const CONSTRUCTS = '^lib/(apigw|construct-support|dns|ecs|edge|eks|envoy|iam|network|observability|s3|state)/';
/** The only modules of construct folders that read files (templates and Envoy's API descriptor, read by the pipeline). */
/** cdktf, constructs and the provider bindings, resolved (node_modules/…) or not (a scratch tree without node_modules). */
const INFRASTRUCTURE_CODE = '^(cdktf|constructs|@cdktf/.+)$|(^|/)node_modules/(cdktf|constructs|@cdktf)/';
const ALLOWED_READERS = '^lib/envoy/(template-files|api/api-descriptor|api/build-api-descriptor)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles hide the order in which the layers are built.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'constructs-take-props',
      severity: 'error',
      comment: 'Constructs take props mapped from the resolved model (lib/config), never the schema types or a stack.',
      from: { path: CONSTRUCTS },
      to: { path: '^(lib/config|lib/synth|lib/guardrails|stacks)/' },
    },
    {
      name: 'only-entry-points-import-stacks',
      severity: 'error',
      comment: 'Stacks are composed by the entry points (main.ts, scripts/, tests); the synth pipeline receives a stack builder.',
      from: { path: '^(lib|tools)/' },
      to: { path: '^stacks/' },
    },
    {
      name: 'product-does-not-import-tooling',
      severity: 'error',
      comment: 'lib/ is the product; tools/ and scripts/ serve development and review and may import lib/, never the other way round.',
      from: { path: '^lib/' },
      to: { path: '^(tools|scripts)/' },
    },
    {
      name: 'no-io-in-constructs-and-stacks',
      severity: 'error',
      comment: 'Constructs and stacks are built from plain values; the pipeline does the reading and writing (docs/architecture.md).',
      from: { path: [CONSTRUCTS, '^stacks/'], pathNot: ALLOWED_READERS },
      to: { dependencyTypes: ['core'], path: '^(fs|os|child_process|fs/promises)$' },
    },
    {
      name: 'utilities-are-plain',
      severity: 'error',
      comment:
        'lib/util/ holds plain functions of values and text (key paths, YAML parsing, secret detection, the user error): no cdktf, constructs or provider code, no other folder of the project, no I/O.',
      from: { path: '^lib/util/' },
      to: { path: [INFRASTRUCTURE_CODE, '^(lib/(?!util/)|stacks/|tools/|scripts/)', '^(fs|os|child_process|fs/promises)$'] },
    },
    {
      name: 'terraform-json-reader-stands-alone',
      severity: 'error',
      comment: 'lib/terraform-json/ reads what a synth wrote, for the product and the tools alike: it builds nothing (no cdktf, constructs or provider code) and uses only lib/util/.',
      from: { path: '^lib/terraform-json/' },
      to: { path: [INFRASTRUCTURE_CODE, '^(lib/(?!util/|terraform-json/)|stacks/|tools/|scripts/)'] },
    },
    {
      name: 'tools-grouped-by-user',
      severity: 'error',
      comment:
        'tools/pull-request/ (what a pull request runs) and tools/deploy/ (what a deploy runs) do not import each other: what both need lives in a folder of its own (tools/stack-plan/, tools/github-comment/, tools/topology/, tools/cost/, lib/terraform-json/).',
      from: { path: '^tools/(pull-request|deploy)/' },
      to: { path: '^tools/(pull-request|deploy)/', pathNot: '^tools/$1/' },
    },
    {
      name: 'one-process-runner',
      severity: 'error',
      comment: 'Every process the tools start goes through tools/process/run-process.ts (one runner: output, errors and buffers handled once).',
      from: { path: '^(lib|tools|scripts)/', pathNot: '^tools/process/run-process\\.ts$' },
      to: { dependencyTypes: ['core'], path: '^child_process$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(cdktf\\.out|\\.plan-work)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
