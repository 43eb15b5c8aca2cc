import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { loadEnvironments } from '../../lib/config/environments';
import { loadEnvironmentFile, MAX_ENVIRONMENT_FILE_BYTES } from '../../lib/config/loader';
import { readEnvironmentFile } from '../../lib/config/read-environment-file';
import { environmentDocument } from '../helpers/environment-fixture';
import { FIXTURE_TODAY } from '../helpers/fixed-clock';
import { UserError } from '../../lib/util/user-error';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'env-types-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError');
}

const valid = () => stringify(environmentDocument());

describe('paths in environments/ that are not regular files', () => {
  test('GIVEN a directory named dev.yaml THEN refused by type at 1:1', () => {
    fs.mkdirSync(path.join(folder, 'dev.yaml'));
    expect(messageOf(() => loadEnvironmentFile(path.join(folder, 'dev.yaml')))).toMatch(/dev\.yaml:1:1: the path is a directory; expected a regular file$/);
  });

  test('GIVEN a FIFO named dev.yaml with no writer THEN refused by type without hanging', () => {
    const fifo = path.join(folder, 'dev.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(messageOf(() => loadEnvironments(folder))).toMatch(/dev\.yaml:1:1: the path is a FIFO \(named pipe\); expected a regular file$/);
  });

  test('GIVEN a socket named dev.yaml THEN refused by type', async () => {
    const socket = path.join(folder, 'dev.yaml');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      expect(messageOf(() => loadEnvironmentFile(socket))).toMatch(/dev\.yaml:1:1: the path is a socket; expected a regular file$/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test.each(['/dev/zero', '/dev/urandom', '/dev/null'])('GIVEN a symlink to %s THEN refused as a link to a character device, nothing read', (device) => {
    const link = path.join(folder, 'dev.yaml');
    fs.symlinkSync(device, link);
    expect(messageOf(() => loadEnvironmentFile(link))).toMatch(/dev\.yaml:1:1: the path is a symbolic link to a character device; expected a regular file$/);
  });

  test('GIVEN a dangling symlink THEN refused as such', () => {
    const link = path.join(folder, 'dev.yaml');
    fs.symlinkSync(path.join(folder, 'missing.yaml'), link);
    expect(messageOf(() => loadEnvironmentFile(link))).toMatch(/dev\.yaml:1:1: the path is a symbolic link to nothing \(dangling\)/);
  });

  test('GIVEN a symlink to a directory THEN refused', () => {
    const link = path.join(folder, 'dev.yaml');
    fs.symlinkSync(os.tmpdir(), link);
    expect(messageOf(() => loadEnvironmentFile(link))).toMatch(/dev\.yaml:1:1: the path is a symbolic link to a directory; expected a regular file$/);
  });

  test('GIVEN a symlink to a valid regular file THEN it loads', () => {
    const target = path.join(folder, 'real.txt');
    fs.writeFileSync(target, valid());
    fs.symlinkSync(target, path.join(folder, 'dev.yaml'));
    expect(loadEnvironmentFile(path.join(folder, 'dev.yaml'), { today: FIXTURE_TODAY }).name).toBe('dev');
  });

  test('GIVEN a file of exactly the limit THEN it is read; one byte more THEN refused with its size', () => {
    const file = path.join(folder, 'dev.yaml');
    const text = valid();
    fs.writeFileSync(file, `${text}#${'x'.repeat(MAX_ENVIRONMENT_FILE_BYTES - Buffer.byteLength(text) - 2)}\n`);
    expect(fs.statSync(file).size).toBe(MAX_ENVIRONMENT_FILE_BYTES);
    expect(loadEnvironmentFile(file, { today: FIXTURE_TODAY }).name).toBe('dev');
    fs.appendFileSync(file, '\n');
    expect(messageOf(() => loadEnvironmentFile(file))).toMatch(
      new RegExp(`dev\\.yaml:1:1: file is ${MAX_ENVIRONMENT_FILE_BYTES + 1} bytes; an environment file may be at most ${MAX_ENVIRONMENT_FILE_BYTES} bytes$`),
    );
  });

  test('GIVEN the reader THEN it never reads more than the limit plus one byte (the buffer it returns is bounded)', () => {
    const file = path.join(folder, 'small.yaml');
    fs.writeFileSync(file, 'a: 1\n');
    const result = readEnvironmentFile(file, 16);
    expect('text' in result && result.text.toString()).toBe('a: 1\n');
    expect(readEnvironmentFile(file, 3)).toEqual({ refused: 'file is 5 bytes; an environment file may be at most 3 bytes' });
  });

  test('GIVEN a FIFO, a directory and a bad file together THEN every problem is reported in one run', () => {
    execFileSync('mkfifo', [path.join(folder, 'a.yaml')]);
    fs.mkdirSync(path.join(folder, 'b.yaml'));
    fs.writeFileSync(path.join(folder, 'c.yaml'), 'project: [\n');
    const lines = messageOf(() => loadEnvironments(folder)).split('\n');
    expect(lines[0]).toMatch(/a\.yaml:1:1: the path is a FIFO/);
    expect(lines[1]).toMatch(/b\.yaml:1:1: the path is a directory/);
    expect(lines.slice(2).every((line) => /c\.yaml:\d+:\d+: /.test(line))).toBe(true);
  });
});
