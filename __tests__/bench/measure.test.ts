import { parseChildrenCpuTicks, parseTimeOutput, tail } from '../../tools/bench/measure';

describe('parseTimeOutput', () => {
  test('GIVEN GNU time output of `%U %S %M` THEN CPU seconds add up and memory is in MiB', () => {
    expect(parseTimeOutput('0.52 0.08 122880\n')).toEqual({ cpuSeconds: 0.6, maxRssMiB: 120 });
  });

  test('GIVEN a failed command THEN the status line before the numbers is skipped', () => {
    expect(parseTimeOutput('Command exited with non-zero status 1\n1.00 0.50 2048\n')).toEqual({ cpuSeconds: 1.5, maxRssMiB: 2 });
  });

  test('GIVEN output without the numbers THEN there is no usage', () => {
    expect(parseTimeOutput('Command terminated by signal 9\n')).toBeUndefined();
    expect(parseTimeOutput('')).toBeUndefined();
  });
});

describe('parseChildrenCpuTicks', () => {
  test('GIVEN /proc/self/stat of a process whose name has spaces and parentheses THEN cutime + cstime', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
    const stat = '4242 (node (bench) x) S 1 4242 4242 0 -1 4194304 100 200 0 0 31 7 1250 180 20 0 1 0 5000 1000 10';
    expect(parseChildrenCpuTicks(stat)).toBe(1430);
  });
});

test('tail keeps the last lines', () => {
  expect(tail('a\nb\nc\n', 2)).toBe('b\nc');
});
