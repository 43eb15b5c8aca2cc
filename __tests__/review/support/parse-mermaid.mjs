// Parses Mermaid diagrams with Mermaid's own parser. Mermaid is an ES module
// that expects a DOM (for DOMPurify), so it runs here, in its own Node process,
// under jsdom. Input on stdin: a JSON array of diagram texts. Output on stdout:
// a JSON array with, per diagram, null when it parses or the parser's message.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    results.push(parsed.diagramType.startsWith('flowchart') ? null : `not a flowchart: ${parsed.diagramType}`);
  } catch (error) {
    results.push(String(error.message ?? error));
  }
}
process.stdout.write(JSON.stringify(results));
