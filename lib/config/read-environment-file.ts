import * as fs from 'fs';

/**
 * Reads an environment file without trusting what the path names. The type is
 * checked before anything is opened (a FIFO or a device would block or never
 * end), the file is opened non-blocking, and the type and size are checked
 * again on the opened descriptor, so a path swapped between the check and the
 * open is caught too. At most `maxBytes + 1` bytes are ever read.
 */
export type ReadResult = { readonly text: Buffer } | { readonly refused: string };

export function readEnvironmentFile(file: string, maxBytes: number): ReadResult {
  let link: fs.Stats;
  try {
    link = fs.lstatSync(file);
  } catch {
    return { refused: 'file not found' };
  }
  if (link.isSymbolicLink()) {
    let target: fs.Stats;
    try {
      target = fs.statSync(file);
    } catch {
      return { refused: 'the path is a symbolic link to nothing (dangling); expected a regular file' };
    }
    if (!target.isFile()) return { refused: `the path is a symbolic link to ${describeType(target)}; expected a regular file` };
  } else if (!link.isFile()) {
    return { refused: `the path is ${describeType(link)}; expected a regular file` };
  }
  if (link.isFile() && link.size > maxBytes) return { refused: tooLarge(link.size, maxBytes) };

  let fd: number;
  try {
    // O_NONBLOCK: should the path have become a FIFO since the check, open returns instead of waiting for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    return { refused: `cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) return { refused: `the path is ${describeType(opened)}; expected a regular file` };
    if (opened.size > maxBytes) return { refused: tooLarge(opened.size, maxBytes) };
    // Read to at most one byte past the limit: a file that grows while it is read cannot make this unbounded.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const count = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (count === 0) break;
      length += count;
      if (length > maxBytes) return { refused: `grew past ${maxBytes} bytes while it was read; an environment file may be at most ${maxBytes} bytes` };
    }
    return { text: buffer.subarray(0, length) };
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(size: number, maxBytes: number): string {
  return `file is ${size} bytes; an environment file may be at most ${maxBytes} bytes`;
}

function describeType(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}
