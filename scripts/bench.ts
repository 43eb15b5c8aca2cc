import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadEnvironments } from '../lib/config/environments';
import { synthesizeEnvironments } from '../lib/synth/synthesize';
import { addEnvironmentStacks } from '../stacks/environment-stacks';
import { reportFailure } from '../lib/synth/report-failure';
import { parseCommandLine } from './support/command-line';
import { defaultConcurrency, PROVIDER_MIRROR_VARIABLE, terraformVersion } from '../tools/offline-plan/offline-plan';
import { growEnvironment, type GrownMap, type JsonObject } from '../tools/bench/growth-environment';
import { loadAverages, machineInfo, type MachineInfo } from '../tools/bench/machine';
import { markdownTable } from '../tools/bench/markdown';
import { gnuTimeAvailable, measureInterleaved, type CommandMeasurement, type CommandSpec, type Sample } from '../tools/bench/measure';
import { concurrencyLevels, describeOutcome, measurePlanVariants, measureSeparateValidate, type PlanVariant } from '../tools/bench/plan-variants';
import { countSynthesizedResources, createScratchProject } from '../tools/bench/scratch-project';
import { formatSummary, summarizeDefined, type Summary } from '../tools/bench/stats';
import { evaluateTargets, type TargetMeasurements } from '../tools/bench/targets';
import { BENCH_RECORD_IN_PROGRESS, benchSourcesLine } from '../tools/bench/bench-sources';
import { shardTable, slowestSuites, type JestJsonReport } from '../tools/bench/suite-times';

/**
 * `npm run bench`: (a) synth of the example environments and (b) of a bare
 * cdktf app, both as `npm run synth` runs them, (c) synth of generated
 * environments with more and more services and node groups, (d) the offline
 * plan of every example stack with several concurrency and plugin-cache
 * choices, (e) the test suite. Prints Markdown and, when every section ran,
 * writes it to BENCHMARKS.md. Nothing here fails on a slow machine.
 *
 * Settings (environment variables): BENCH_SECTIONS (default a,b,c,d,e; a and
 * b always run together), BENCH_RUNS (synth runs per command, default 7),
 * BENCH_GROWTH_RUNS (default 5), BENCH_PLAN_RUNS (default 3),
 * BENCH_TEST_RUNS (default 1), BENCH_TEMPLATE (the environment grown in (c),
 * default environments/dev.yaml), TERRAFORM_PROVIDER_MIRROR (as for npm run plan).
 */
const root = path.resolve(__dirname, '..');
const SECTIONS = ['a', 'b', 'c', 'd', 'e'] as const;
const GROWTH_SIZES = [1, 10, 50, 100];
const FLOOR_APP = path.join(root, 'tools', 'bench', 'floor-app.ts');
/** Seconds per test file, read by the shard sequencer (__tests__/helpers/shard-sequencer.cjs). */
const SHARD_TABLE = path.join(root, '__tests__', 'helpers', 'suite-seconds.json');

interface Context {
  readonly withGnuTime: boolean;
  readonly targets: { -readonly [K in keyof TargetMeasurements]: TargetMeasurements[K] };
  readonly scratch: string[];
}

async function main(): Promise<number> {
  // Settings are environment variables (above); any argument is a mistake.
  parseCommandLine('bench', {});
  const sections = selectedSections(process.env.BENCH_SECTIONS);
  const terraform = await terraformVersion();
  const machine = machineInfo(terraform);
  const context: Context = { withGnuTime: gnuTimeAvailable(), targets: {}, scratch: [] };
  const parts: string[] = [];
  progress(`bench: sections ${sections.join(', ')} on ${machine.cores} cores, load ${loadAverages()}`);
  try {
    if (sections.includes('a')) parts.push(synthSection(context));
    if (sections.includes('c')) parts.push(growthSection(context));
    if (sections.includes('d')) parts.push(await planSection(context, terraform));
    if (sections.includes('e')) parts.push(testSection(context));
  } finally {
    for (const dir of context.scratch) fs.rmSync(dir, { recursive: true, force: true });
  }
  const markdown = renderDocument(machine, context, parts);
  process.stdout.write(`${markdown}\n`);
  if (sections.length === SECTIONS.length) {
    fs.writeFileSync(path.join(root, 'BENCHMARKS.md'), `${markdown}\n`);
    progress('bench: wrote BENCHMARKS.md');
  } else {
    progress('bench: some sections were left out, so BENCHMARKS.md was not written');
  }
  return 0;
}

function selectedSections(value: string | undefined): string[] {
  const chosen = (value ?? SECTIONS.join(','))
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = chosen.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`BENCH_SECTIONS names ${unknown.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
  // (a) and (b) make one ratio: either runs both.
  const synth = chosen.includes('a') || chosen.includes('b');
  return SECTIONS.filter((s) => chosen.includes(s) || ((s === 'a' || s === 'b') && synth));
}

function setting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${name}=${value}: expected a whole number of at least 1`);
  return parsed;
}

/** The environment of a command run the way npm runs scripts: node_modules/.bin first on PATH. */
function scriptEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`, ...extra };
}

function synthScript(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  return pkg.scripts.synth;
}

function scratchProject(context: Context, options: Parameters<typeof createScratchProject>[1] = {}): string {
  const dir = createScratchProject(root, options);
  context.scratch.push(dir);
  return dir;
}

/** (a) and (b): the examples and the floor app, each through npm and as the bare synth script, plus earlier ways of running them. */
function synthSection(context: Context): string {
  const runs = setting('BENCH_RUNS', 7);
  const loadBefore = loadAverages();
  // Pinned as after a first deploy: the cdktf CLI refuses an Envoy image without a digest (lib/synth/cdktf-cli-run.ts).
  const examples = scratchProject(context, { pinnedEnvoyDigest: `sha256:${'0'.repeat(64)}` });
  const floor = scratchProject(context, { mainSource: FLOOR_APP });
  const script = synthScript();
  const env = scriptEnvironment();
  const specs: CommandSpec[] = [
    { label: '(a) `npm run synth`, examples', command: 'npm run synth', cwd: examples },
    { label: '(b) `npm run synth`, floor app', command: 'npm run synth', cwd: floor },
    { label: `(a) synth script \`${script}\`, examples`, command: script, cwd: examples, env },
    { label: '(b) synth script, floor app', command: script, cwd: floor, env },
    { label: '(a) `tsx main.ts` (the synth script before), examples', command: 'tsx main.ts', cwd: examples, env },
    { label: '(b) `tsx main.ts`, floor app', command: 'tsx main.ts', cwd: floor, env },
    { label: '(a) `node --import tsx main.ts` (cdktf.json app before), examples', command: 'node --import tsx main.ts', cwd: examples, env },
  ];
  progress(`(a)/(b): ${specs.length} commands, a warm-up and ${runs} interleaved rounds`);
  const measured = measureInterleaved(specs, { runs, withGnuTime: context.withGnuTime, onRound: (r) => progress(`(a)/(b): round ${r}/${runs}`) });
  const cliRuns = Math.min(runs, 3);
  progress(`(a): cdktf synth through cdktf.json, a warm-up and ${cliRuns} runs`);
  const cli = measureInterleaved([{ label: '(a) `cdktf synth` (CLI, cdktf.json app), examples', command: 'cdktf synth', cwd: examples, env: scriptEnvironment({ CHECKPOINT_DISABLE: '1' }) }], {
    runs: cliRuns,
    withGnuTime: context.withGnuTime,
  });
  const all = [...measured, ...cli];
  const wall = (index: number) => summarizeDefined(measured[index].samples.map((s) => s.wallSeconds))?.median;
  const cpu = (index: number) => summarizeDefined(measured[index].samples.map((s) => s.cpuSeconds))?.median;
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? a / b : undefined);

  context.targets.npmSynthSeconds = wall(0);
  context.targets.floorRatioEndToEnd = ratio(wall(0), wall(1));
  context.targets.floorRatio = ratio(wall(2), wall(3));
  context.targets.synthPeakMiB = maxDefined(measured.slice(0, 4).map((m) => summarizeDefined(m.samples.map((s) => s.maxRssMiB))?.median));
  const ratios = [
    ['end to end (`npm run synth`)', ratio(wall(0), wall(1)), ratio(cpu(0), cpu(1))],
    ['synth script alone', ratio(wall(2), wall(3)), ratio(cpu(2), cpu(3))],
    ['`tsx main.ts`', ratio(wall(4), wall(5)), ratio(cpu(4), cpu(5))],
  ] as const;
  return [
    '## (a) synth of the example environments, (b) the floor',
    '',
    `Each command runs in a scratch copy of the repository (links to it, with its own \`main.ts\` and \`cdktf.out\`), from a cold process: a warm-up run, then ${runs} rounds that run every command once, interleaved. The floor app (\`tools/bench/floor-app.ts\`) is one stack with the AWS provider and one S3 bucket, run by the same command as \`main.ts\`. Load averages (1/5/15 min) before: ${loadBefore}; after: ${loadAverages()}.`,
    '',
    commandTable(all),
    '',
    markdownTable(
      ['ratio (a)/(b)', 'wall time', 'CPU time'],
      ratios.map(([label, wallRatio, cpuRatio]) => [label, formatRatio(wallRatio), formatRatio(cpuRatio)]),
    ),
  ].join('\n');
}

/** (c): one environment grown to 1, 10, 50 and 100 services and node groups. */
function growthSection(context: Context): string {
  const runs = setting('BENCH_GROWTH_RUNS', 5);
  const loadBefore = loadAverages();
  const templateFile = path.resolve(process.env.BENCH_TEMPLATE ?? path.join(root, 'environments', 'dev.yaml'));
  const template = parseYaml(fs.readFileSync(templateFile, 'utf8')) as JsonObject;
  const probe = growEnvironment(template, 1);
  const sizes = probe.grown.length > 0 ? GROWTH_SIZES : [1];
  const script = synthScript();
  const cases = sizes.map((size) => {
    const { document, grown } = growEnvironment(template, size);
    const environments = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-environments-'));
    context.scratch.push(environments);
    fs.writeFileSync(path.join(environments, path.basename(templateFile)), `# Generated by npm run bench from ${path.relative(root, templateFile)}; never committed.\n${stringifyYaml(document)}`);
    const project = scratchProject(context, { environmentsDir: environments });
    return { size, grown, project };
  });
  progress(`(c): ${cases.length} environment sizes, a warm-up and ${runs} interleaved rounds`);
  const measured = measureInterleaved(
    cases.map(({ size, project }) => ({ label: `${size}`, command: script, cwd: project, env: scriptEnvironment() })),
    { runs, withGnuTime: context.withGnuTime, onRound: (r) => progress(`(c): round ${r}/${runs}`) },
  );
  const rows = cases.map(({ size, grown, project }, index) => {
    const measurement = measured[index];
    const resources = measurement.failure ? '–' : String(countSynthesizedResources(path.join(project, 'cdktf.out')));
    return [probe.grown.length > 0 ? String(size) : 'template as is', grown.length > 0 ? grown.map(describeGrowth).join(', ') : 'none', resources, ...sampleCells(measurement)];
  });
  const medianWall = (size: number) => {
    const index = cases.findIndex((c) => c.size === size);
    return index < 0 ? undefined : summarizeDefined(measured[index].samples.map((s) => s.wallSeconds))?.median;
  };
  const [t1, t10, t100] = [medianWall(1), medianWall(10), medianWall(100)];
  context.targets.growth100Over10 = probe.grown.length > 0 && t10 !== undefined && t100 !== undefined ? t100 / t10 : undefined;
  context.targets.synthPeakMiB = maxDefined([context.targets.synthPeakMiB, ...measured.map((m) => summarizeDefined(m.samples.map((s) => s.maxRssMiB))?.median)]);
  const note =
    probe.grown.length === 0
      ? `**Nothing to grow:** ${path.relative(root, templateFile)} has none of the maps ${['services', 'ecs.services', 'eks.nodeGroups'].join(', ')}, so only the template as it is was measured; growth is not measured.`
      : [
          `Grown: ${probe.grown.map((g) => `\`${g.path}\``).join(' and ')}; other maps of repeated units are not.`,
          t10 !== undefined && t100 !== undefined ? `100 over 10: ${(t100 / t10).toFixed(2)}× the wall time.` : '',
          t1 !== undefined && t100 !== undefined ? `Each added unit costs about ${(((t100 - t1) / 99) * 1000).toFixed(1)} ms (from 1 to 100).` : '',
        ]
          .filter(Boolean)
          .join(' ');
  return [
    '## (c) synth time and memory as services and node groups grow',
    '',
    `One environment, generated from \`${path.relative(root, templateFile)}\` into a temporary folder (never committed): its own entries of each map first, then clones with unique keys, ports, priorities and host names. Run as the synth script alone (\`${script}\`) in a scratch copy of the repository; a warm-up, then ${runs} interleaved rounds. Load averages before: ${loadBefore}; after: ${loadAverages()}.`,
    '',
    note,
    '',
    markdownTable(['size', 'maps grown', 'resources + data sources', 'wall time', 'CPU time', 'peak memory'], rows),
    ...failureNotes(measured.map((m, i) => ({ label: `size ${cases[i].size}`, failure: m.failure }))),
  ].join('\n');
}

function describeGrowth(grown: GrownMap): string {
  return `${grown.path} ${grown.entries} (${grown.templateEntries} in the template)`;
}

/** (d): the offline plan of every example stack, by concurrency and plugin cache. */
async function planSection(context: Context, terraform: string | undefined): Promise<string> {
  const heading = '## (d) offline init/validate/plan of every example stack';
  if (!terraform) return `${heading}\n\nNot measured: Terraform is not installed.`;
  const runs = setting('BENCH_PLAN_RUNS', 3);
  const loadBefore = loadAverages();
  const mirror = process.env[PROVIDER_MIRROR_VARIABLE];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-plan-'));
  context.scratch.push(work);
  const synthDir = path.join(work, 'cdktf.out');
  synthesizeEnvironments(loadEnvironments(path.join(root, 'environments')), synthDir, addEnvironmentStacks);
  const stacks = Object.keys((JSON.parse(fs.readFileSync(path.join(synthDir, 'manifest.json'), 'utf8')) as { stacks: object }).stacks).length;
  const cores = os.cpus().length;
  const variants: PlanVariant[] = concurrencyLevels(cores).map((concurrency) => ({
    label: `concurrency ${concurrency}${concurrency === cores ? ' (= cores)' : ''}${concurrency === defaultConcurrency() ? ' (the default)' : ''}, ${mirror ? 'linked to the mirror (default)' : 'default plugin cache'}`,
    concurrency,
    pluginCache: 'default',
  }));
  if (mirror) {
    const concurrency = defaultConcurrency();
    variants.push(
      { label: `concurrency ${concurrency}, shared plugin cache kept between runs (warm)`, concurrency, pluginCache: { dir: path.join(work, 'shared-plugin-cache') } },
      { label: `concurrency ${concurrency}, fresh plugin cache in the work folder each run (before)`, concurrency, pluginCache: 'in-work-dir' },
    );
  }
  progress(`(d): ${stacks} stacks, ${variants.length} variants, a warm-up and ${runs} interleaved rounds`);
  const measured = await measurePlanVariants(synthDir, work, variants, runs, (variant, sample) =>
    progress(`(d): ${variant.label}: ${sample ? `${sample.wallSeconds.toFixed(1)} s` : 'warm-up or failed'}`),
  );
  progress('(d): a separate terraform validate per stack');
  const validate = await measureSeparateValidate(synthDir, work, context.withGnuTime);
  const rows = measured.map((m) => [
    m.variant.label,
    formatSummary(summarizeDefined(m.samples.map((s) => s.wallSeconds)), 's', 1),
    formatSummary(summarizeDefined(m.samples.map((s) => s.cpuSeconds)), 's', 1),
    describeOutcome(m),
  ]);
  return [
    heading,
    '',
    `${stacks} stacks, each: copy to a work folder, \`terraform init\`, \`terraform plan -refresh=false\` (which validates first; a separate \`terraform validate\` runs only when a plan fails). Provider: ${mirror ? `the filesystem mirror in \`${PROVIDER_MIRROR_VARIABLE}\`` : 'the registry'}. CPU time is that of the Terraform and provider processes. A warm-up round, then ${runs} interleaved rounds. Load averages before: ${loadBefore}; after: ${loadAverages()}.`,
    '',
    markdownTable(['variant', 'wall time', 'CPU time', 'result'], rows),
    '',
    `A separate \`terraform validate\` of each of ${validate.stacks} stacks, as the plan ran before, one after the other: ${validate.sample.wallSeconds.toFixed(1)} s wall, ${validate.sample.cpuSeconds === undefined ? 'n/a' : `${validate.sample.cpuSeconds.toFixed(1)} s`} CPU in all.${validate.failures.length > 0 ? ` Not timed: ${validate.failures.join('; ')}.` : ''}`,
  ].join('\n');
}

/** (e): the type-check, the unit tests and the whole `npm test`, as a developer runs them. */
function testSection(context: Context): string {
  const runs = setting('BENCH_TEST_RUNS', 1);
  const loadBefore = loadAverages();
  progress(`(e): type-check, unit tests and npm test, ${runs} run(s) each`);
  // The measured runs check everything but the record this run is replacing (__tests__/bench/benchmarks-document.test.ts).
  const env = scriptEnvironment({ [BENCH_RECORD_IN_PROGRESS]: '1' });
  const quick = measureInterleaved(
    [
      { label: '`npm run typecheck` (incremental cache warm)', command: 'npm run typecheck', cwd: root, env },
      { label: '`npm run test:unit`', command: 'npm run test:unit', cwd: root, env },
    ],
    { runs, withGnuTime: context.withGnuTime },
  );
  // jest's --json report of the measured run gives each suite's time.
  const suitesFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-suites-')), 'jest.json');
  context.scratch.push(path.dirname(suitesFile));
  const whole = measureInterleaved([{ label: '`npm test` (tsc + unit + plan projects)', command: `npm test -- --json --outputFile=${suitesFile}`, cwd: root, env }], {
    runs,
    withGnuTime: context.withGnuTime,
    warmUp: false,
  });
  context.targets.unitTestSeconds = summarizeDefined(quick[1].samples.map((s) => s.wallSeconds))?.median;
  context.targets.wholeTestSeconds = summarizeDefined(whole[0].samples.map((s) => s.wallSeconds))?.median;
  return [
    '## (e) tests',
    '',
    `Run in the repository itself; \`npm test\` without a warm-up (the unit run before it warms the transform cache). Load averages before: ${loadBefore}; after: ${loadAverages()}.`,
    '',
    commandTable([...quick, ...whole]),
    '',
    ...suiteTable(suitesFile),
    ...writeShardTable(suitesFile),
  ].join('\n');
}

/**
 * Every test file's time in that `npm test`, committed as the table `npm run test:shard` balances its shards by
 * (__tests__/helpers/shard-sequencer.cjs). Written whenever (e) ran, also without the other sections
 * (`BENCH_SECTIONS=e npm run bench`), since a stale table only unbalances the shards.
 */
function writeShardTable(suitesFile: string): string[] {
  if (!fs.existsSync(suitesFile)) return [];
  const table = shardTable(JSON.parse(fs.readFileSync(suitesFile, 'utf8')) as JestJsonReport, root);
  fs.writeFileSync(SHARD_TABLE, `${JSON.stringify(table, null, 2)}\n`);
  progress(`bench: wrote ${path.relative(root, SHARD_TABLE)}`);
  return ['', `Every suite's time of that run is in \`${path.relative(root, SHARD_TABLE)}\`, by which \`npm run test:shard\` balances its shards.`];
}

/** The ten slowest test files of the measured `npm test` (its last run), from jest's --json report. */
function suiteTable(suitesFile: string): string[] {
  if (!fs.existsSync(suitesFile)) return ['The slowest suites: n/a (`npm test` wrote no jest report).'];
  const slowest = slowestSuites(JSON.parse(fs.readFileSync(suitesFile, 'utf8')) as JestJsonReport, root);
  return [
    'The ten slowest suites of that `npm test` (wall time of each test file in its jest worker; two workers run at once):',
    '',
    markdownTable(
      ['suite', 'project', 'wall time'],
      slowest.map((s) => [`\`${s.suite}\``, s.project, `${s.seconds.toFixed(1)} s`]),
    ),
  ];
}

function commandTable(measurements: readonly CommandMeasurement[]): string {
  const table = markdownTable(
    ['command', 'wall time, median (min–max)', 'CPU time', 'peak memory'],
    measurements.map((m) => [m.spec.label, ...sampleCells(m)]),
  );
  return [table, ...failureNotes(measurements.map((m) => ({ label: m.spec.label, failure: m.failure })))].join('\n');
}

function sampleCells(measurement: CommandMeasurement): string[] {
  if (measurement.failure) return ['failed', '–', '–'];
  const pick = (field: keyof Sample) => summarizeDefined(measurement.samples.map((s) => s[field]));
  return [formatSummary(pick('wallSeconds'), 's'), formatSummary(pick('cpuSeconds'), 's'), formatMiB(pick('maxRssMiB'))];
}

function failureNotes(items: readonly { label: string; failure?: string }[]): string[] {
  return items.filter((item) => item.failure).flatMap((item) => ['', `**${item.label} failed:**`, '', '```', item.failure!, '```']);
}

function formatMiB(summary: Summary | undefined): string {
  return summary ? `${summary.median.toFixed(0)} MiB` : 'n/a';
}

function formatRatio(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${value.toFixed(2)}×`;
}

function maxDefined(values: readonly (number | undefined)[]): number | undefined {
  const defined = values.filter((v): v is number => v !== undefined);
  return defined.length > 0 ? Math.max(...defined) : undefined;
}

function renderDocument(machine: MachineInfo, context: Context, parts: readonly string[]): string {
  const targets = evaluateTargets(context.targets);
  return [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` (scripts/bench.ts) on ${machine.date}; docs/bench.md explains the method and the optimisations. Numbers from a machine shared with other work: compare ratios more than absolute times.`,
    '',
    benchSourcesLine(root),
    '',
    markdownTable(
      ['machine', ''],
      [
        ['cores', String(machine.cores)],
        ['CPU', machine.cpuModel],
        ['memory', `${machine.memoryGiB} GiB`],
        ['OS', machine.os],
        ['Node.js', machine.node],
        ['Terraform', machine.terraform],
        ['CPU time and peak memory', context.withGnuTime ? 'GNU time (/usr/bin/time)' : 'n/a: no GNU time on this machine'],
      ],
    ),
    '',
    '## Targets',
    '',
    markdownTable(
      ['target', 'limit', 'measured', ''],
      targets.map((t) => [t.target, t.limit, t.measured, t.verdict]),
    ),
    '',
    ...parts.flatMap((part) => [part, '']),
  ]
    .join('\n')
    .trimEnd();
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => {
  main().then(
    (code) => (process.exitCode = code),
    (error) => {
      reportFailure(error, 'bench');
      process.exitCode = 1;
    },
  );
};
if (require.main === module) command();
