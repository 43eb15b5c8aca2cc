import { runAsync, runChecked, runSync } from '../../tools/process/run-process';

/** A real child process: node printing to both streams, reading its input, exiting with a given status. */
const node = (script: string, input?: string) => ({ program: process.execPath, args: ['-e', script], ...(input === undefined ? {} : { input }) });
const ECHO = "process.stdout.write('out:'); process.stderr.write('err:'); process.stdin.on('data', (d) => process.stdout.write(String(d))); process.stdin.on('end', () => process.exit(3));";

describe('run-process: the one runner of the processes the tools start', () => {
  test('GIVEN input THEN runSync passes it, and returns the status and both streams', () => {
    const result = runSync(node(ECHO, 'hello'));
    expect(result).toMatchObject({ status: 3, stdout: 'out:hello', stderr: 'err:' });
    expect(result.error).toBeUndefined();
  });

  test('GIVEN more output than Node keeps by default (1 MiB) THEN runSync keeps all of it', () => {
    const result = runSync(node("process.stdout.write('x'.repeat(3 * 1024 * 1024))"));
    expect(result.status).toBe(0);
    expect(result.stdout).toHaveLength(3 * 1024 * 1024);
  });

  test('GIVEN onOutput THEN runAsync streams what the process writes, and resolves with it interleaved', async () => {
    const seen: string[] = [];
    const result = await runAsync(node(ECHO, 'hello'), { onOutput: (text) => seen.push(text) });
    expect(result.status).toBe(3);
    expect(seen.join('')).toBe(result.output);
    expect([...result.output].sort().join('')).toBe([...'out:err:hello'].sort().join(''));
  });

  test('GIVEN a failing process THEN runChecked rejects with its output and exit code; a missing program with ENOENT', async () => {
    await expect(runChecked(node("process.stdout.write('partial'); process.stderr.write('broken'); process.exit(2)"))).rejects.toMatchObject({
      stdout: 'partial',
      stderr: 'broken',
      code: 2,
      message: expect.stringMatching(/failed \(exit 2\):\nbroken$/),
    });
    await expect(runChecked({ program: 'no-such-program-i29' })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(runChecked(node("process.stdout.write('ok')"))).resolves.toEqual({ stdout: 'ok', stderr: '' });
  });
});
