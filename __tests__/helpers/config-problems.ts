import { stringify } from 'yaml';
import { ConfigError } from '../../lib/config/config-error';
import { parseEnvironment } from '../../lib/config/loader';
import { environmentDocument } from './environment-fixture';
import { FIXTURE_TODAY } from './fixed-clock';

/**
 * The `file:line:col: key: message` lines of the ConfigError `load` throws. When it loads, the test fails,
 * or with `accepted: 'allowed'` the answer is no lines.
 */
export function rejectionLines(load: () => unknown, accepted: 'fails' | 'allowed' = 'fails'): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  if (accepted === 'allowed') return [];
  throw new Error('expected the document to be rejected');
}

/** The problem lines of the base document plus `changes`, loaded as environments/bad.yaml; fails if it loads. */
export function configProblems(changes: Record<string, any>): string[] {
  return rejectionLines(() => parseEnvironment(stringify(environmentDocument(changes)), 'environments/bad.yaml', 'bad', { today: FIXTURE_TODAY }));
}
