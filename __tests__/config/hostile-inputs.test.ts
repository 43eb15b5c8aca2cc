import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironmentFile } from '../../lib/config/loader';
import { HOSTILE_CASES, VALID_ENVIRONMENT } from './hostile-inputs';
import { UserError } from '../../lib/util/user-error';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** Each case in a folder of its own, as `hostile.yaml` (the file name is the environment name). */
function writeCase(name: string, text: string): string {
  fs.mkdirSync(path.join(folder, name));
  const file = path.join(folder, name, 'hostile.yaml');
  fs.writeFileSync(file, text);
  return file;
}

describe('hostile environment files', () => {
  test('the base document is valid, so each case breaks exactly what it names', () => {
    expect(loadEnvironmentFile(writeCase('valid', VALID_ENVIRONMENT)).name).toBe('hostile');
  });

  test('there are at least 30 cases', () => {
    expect(HOSTILE_CASES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(HOSTILE_CASES.map((c) => [c.name, c] as const))('GIVEN %s THEN it is rejected with file:line:col messages and no stack trace', (name, hostile) => {
    const file = writeCase(name, typeof hostile.text === 'string' ? hostile.text : hostile.text());
    let error: unknown;
    try {
      loadEnvironmentFile(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UserError);
    const lines = (error as UserError).message.split('\n');
    const prefix = /^(.*\.yaml):(\d+):(\d+): (.*)$/;
    for (const line of lines) {
      const match = prefix.exec(line);
      expect(match).not.toBeNull();
      expect(match![1]).toMatch(new RegExp(`${name}/hostile\\.yaml$`));
      expect(hostile.messages.some((message) => message.test(match![4]))).toBe(true);
      expect(line).not.toMatch(/\n\s+at /);
    }
    for (const message of hostile.messages) expect(lines.some((line) => message.test(prefix.exec(line)![4]))).toBe(true);
  });
});
