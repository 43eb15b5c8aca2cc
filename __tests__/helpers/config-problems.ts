import { stringify } from 'yaml';
import { parseEnvironment } from '../../lib/config/loader';
import { environmentDocument } from './environment-fixture';
import { FIXTURE_TODAY } from './fixed-clock';
import { UserError } from '../../lib/util/user-error';

/**
 * The `file:line:col: key: message` lines of the UserError `load` throws. When it loads, the test fails,
 * or with `accepted: 'allowed'` the answer is no lines.
 */
export function rejectionLines(load: () => unknown, accepted: 'fails' | 'allowed' = 'fails'): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message.split('\n');
  }
  if (accepted === 'allowed') return [];
  throw new Error('expected the document to be rejected');
}

/** The problem lines of the base document plus `changes`, loaded as environments/bad.yaml; fails if it loads. */
export function configProblems(changes: Record<string, any>): string[] {
  return rejectionLines(() => parseEnvironment(stringify(environmentDocument(changes)), 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY }));
}
