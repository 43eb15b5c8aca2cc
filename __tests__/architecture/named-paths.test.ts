import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** The paths of the README's "## Layout" block: the first word of each line, where it names a file or folder. */
function layoutPaths(readme: string): string[] {
  const section = /\n## Layout\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
  const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((word) => /^[.\w][\w./-]*$/.test(word) && /[./]/.test(word));
}

/** The code-formatted paths of docs/architecture.md's "## Where to find" table. */
function whereToFindPaths(architecture: string): string[] {
  const section = /\n## Where to find\n([\s\S]*?)\n## /.exec(architecture)?.[1] ?? '';
  return [...section.matchAll(/^\|[^|]*\|(.*)\|$/gm)].flatMap(([, where]) => [...where.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

describe('the paths the README layout and the "Where to find" list name', () => {
  test('GIVEN a layout block and a where-to-find table THEN their paths are read', () => {
    expect(layoutPaths('intro\n## Layout\n\ntext\n\n```\nmain.ts   entry\nlib/util/  plain functions\n                   continued\n```\n\n## Commands\n')).toEqual(['main.ts', 'lib/util/']);
    expect(whereToFindPaths('\n## Where to find\n\n| what | where |\n| --- | --- |\n| a rule | `lib/a.ts` (the pack: `lib/b.ts`) |\n\n## Next\n')).toEqual(['lib/a.ts', 'lib/b.ts']);
  });

  test('THEN every path of the README layout exists, and every folder of lib/ and tools/ is in it', () => {
    const paths = layoutPaths(read('README.md'));
    expect(paths.length).toBeGreaterThan(30);
    expect(paths.filter((p) => !fs.existsSync(path.join(root, p)))).toEqual([]);
    const folders = ['lib', 'tools'].flatMap((top) =>
      fs
        .readdirSync(path.join(root, top), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${top}/${entry.name}/`),
    );
    expect(folders.filter((folder) => !paths.includes(folder))).toEqual([]);
  });

  test('THEN every path of docs/architecture.md "Where to find" exists', () => {
    const paths = whereToFindPaths(read('docs/architecture.md'));
    expect(paths.length).toBeGreaterThanOrEqual(6);
    expect(paths.filter((p) => !fs.existsSync(path.join(root, p)))).toEqual([]);
  });
});
