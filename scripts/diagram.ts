import * as fs from 'fs';
import * as path from 'path';
import { parseCommandLine } from './support/command-line';
import { ENVIRONMENTS_VARIABLE, parseSelection } from '../lib/config/environments';
import { diagramDocument, stacksByEnvironment } from '../tools/pull-request/environment-diagram';
import { runCommandMain } from './support/command-main';
import { embedReadmeDiagram, README_ENVIRONMENT } from '../tools/pull-request/readme-diagram';
import { readSynthOutput } from '../lib/terraform-json/synth-output';
import { currentSynthesis, synthOutdir } from '../lib/synth/current-synthesis';
import { Progress } from '../lib/synth/progress';
import { addEnvironmentStacks } from '../stacks/environment-stacks';

const USAGE = `usage: npm run diagram [-- --synth DIR] [--out DIR] [--check]
  --synth DIR   draw an existing cdktf output instead of the working tree's (cdktf.out or CDKTF_OUTDIR,
                reused when synthesized today from the same inputs, else synthesized)
  --out DIR     where <environment>.md files go (default docs/diagrams)
  --check       write nothing; exit 1 if a committed diagram is out of date
ENVIRONMENTS=dev,stg limits it to those environments.`;

/**
 * `npm run diagram`: one Mermaid topology per environment, drawn from the
 * synthesized stacks, written to docs/diagrams/<environment>.md.
 */
function main(): number {
  const { values } = parseCommandLine('diagram', { synth: { type: 'string' }, out: { type: 'string' }, check: { type: 'boolean' }, help: { type: 'boolean' } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const root = path.resolve(__dirname, '..');
  const outDir = path.resolve(values.out ?? path.join(root, 'docs', 'diagrams'));
  const selection = parseSelection(process.env[ENVIRONMENTS_VARIABLE]);
  const synthDir = values.synth ?? synthOutdir(root);
  if (values.synth === undefined) {
    currentSynthesis({ root, outdir: synthDir, environments: selection, today: new Date(), buildStacks: addEnvironmentStacks, progress: new Progress('diagram') });
  }
  const environments = [...stacksByEnvironment(readSynthOutput(synthDir))].filter(([name]) => selection.length === 0 || selection.includes(name));
  const wanted = new Map(environments.map(([name, stacks]) => [path.join(outDir, `${name}.md`), diagramDocument(name, stacks)]));
  // The README embeds the example environment's topology; only the default output keeps it in step.
  const readmeDiagram = values.out === undefined ? wanted.get(path.join(outDir, `${README_ENVIRONMENT}.md`)) : undefined;
  const readme = path.join(root, 'README.md');
  const readmeText = readmeDiagram && fs.existsSync(readme) ? fs.readFileSync(readme, 'utf8') : undefined;
  // Without a selection the folder holds exactly one file per environment; others are left from removed environments.
  const leftovers =
    selection.length === 0 && fs.existsSync(outDir)
      ? fs
          .readdirSync(outDir)
          .filter((f) => f.endsWith('.md'))
          .map((f) => path.join(outDir, f))
          .filter((f) => !wanted.has(f))
      : [];
  if (readmeDiagram && readmeText !== undefined) wanted.set(readme, embedReadmeDiagram(readmeText, README_ENVIRONMENT, readmeDiagram));
  const stale = [...wanted].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text).map(([file]) => file);
  const relative = (file: string) => path.relative(process.cwd(), file);
  if (values.check) {
    for (const file of [...stale, ...leftovers]) process.stderr.write(`out of date: ${relative(file)}\n`);
    if (stale.length + leftovers.length > 0) process.stderr.write('run `npm run diagram` and commit the result\n');
    return stale.length + leftovers.length > 0 ? 1 : 0;
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [file, text] of wanted) fs.writeFileSync(file, text);
  for (const file of leftovers) fs.rmSync(file);
  process.stdout.write(`${[...wanted.keys()].map(relative).join(', ')}: ${stale.length} updated${leftovers.length > 0 ? `, ${leftovers.length} removed` : ''}\n`);
  return 0;
}

// The command as node scripts/run-ts.cjs runs it; a test imports it and runs it in process (__tests__/helpers/run-script.ts).
export const command = (): void => runCommandMain('diagram', main);
if (require.main === module) command();
