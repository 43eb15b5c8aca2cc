// Validates GitHub Actions workflow files with GitHub's own workflow parser and
// schema (@actions/workflow-parser, used by the Actions language server). It is
// an ES module that imports its schema as JSON, so it runs under `node --import tsx`.
// Input on stdin: a JSON array of { name, content }. Output on stdout: a JSON
// array with, per file, the list of error messages (empty when valid).
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const file of JSON.parse(input)) {
  const parsed = parseWorkflow(file, new NoOperationTraceWriter());
  const messages = parsed.context.errors.getErrors().map((error) => error.message);
  if (parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    messages.push(...(template.errors ?? []).map((error) => error.Message).filter((message) => !messages.includes(message)));
  }
  results.push(messages);
}
process.stdout.write(JSON.stringify(results));
