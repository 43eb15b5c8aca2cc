import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');

/** A line git writes into a file it could not merge: `<<<<<<< ours`, `=======`, `>>>>>>> theirs`. */
const CONFLICT_MARKER = /^(?:<{7}|>{7})(?: |$)|^={7}$/m;

/** Tracked text files, as git lists them (a fresh clone holds exactly these). */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
}

describe('merge leftovers', () => {
  test('GIVEN every tracked file THEN none holds a conflict marker (a resolved-looking merge that kept both sides in a doc or a test)', () => {
    const withMarkers = trackedFiles().filter((file) => {
      const full = path.join(root, file);
      if (!fs.existsSync(full) || fs.statSync(full).size > 2_000_000) return false;
      const text = fs.readFileSync(full, 'utf8');
      return !text.includes('\0') && CONFLICT_MARKER.test(text);
    });
    expect(withMarkers).toEqual([]);
  });

  test('GIVEN a text with a conflict THEN the marker pattern finds it, and a Markdown rule or setext heading does not trip it', () => {
    expect(CONFLICT_MARKER.test('a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> i25\n')).toBe(true);
    expect(CONFLICT_MARKER.test('Title\n=====\n\n---\n| a |\n')).toBe(false);
  });
});
