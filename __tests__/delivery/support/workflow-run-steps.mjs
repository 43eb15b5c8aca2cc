// The `run:` steps of GitHub Actions workflow files, as GitHub's own workflow
// parser (@actions/workflow-parser) reads them: per file, the parser's errors
// and each job's run steps (job id, step name, command). An ES module (the
// parser imports its schema as JSON), run under `node --import tsx`.
// Input on stdin: a JSON array of { name, content }. Output on stdout: a JSON
// array with, per file, { errors, runs: [{ job, step, run }] }.
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const file of JSON.parse(input)) {
  const parsed = parseWorkflow(file, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((error) => error.message);
  const runs = [];
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    errors.push(...(template.errors ?? []).map((error) => error.Message));
    for (const job of template.jobs ?? []) {
      for (const step of job.steps ?? []) {
        if (step.run !== undefined) runs.push({ job: job.id?.value ?? String(job.id), step: step.name?.value ?? step.id, run: step.run.value ?? String(step.run) });
      }
    }
  }
  results.push({ errors, runs });
}
process.stdout.write(JSON.stringify(results));
