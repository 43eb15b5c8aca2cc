import { Lazy } from 'cdktf';
import { skipTokenCreationStacks, TOKEN_CREATION_STACKS_VARIABLE } from '../../lib/synth/token-creation-stacks';
import { synthEnvironment, testEnvironment } from '../helpers/environment-fixture';

const lazyToken = () => Lazy.anyValue({ produce: () => 'value' });

afterAll(() => skipTokenCreationStacks());

describe('token creation stacks', () => {
  test('GIVEN synthesis settings THEN cdktf records no stack per token (fails if a cdktf upgrade moves the switch)', () => {
    skipTokenCreationStacks({});
    expect(lazyToken().creationStack).toEqual([]);
  });

  test(`GIVEN ${TOKEN_CREATION_STACKS_VARIABLE}=1 THEN each token records where it was created again`, () => {
    skipTokenCreationStacks({ [TOKEN_CREATION_STACKS_VARIABLE]: '1' });
    expect(lazyToken().creationStack.join('\n')).toMatch(/token-creation-stacks\.test\.ts/);
  });

  test('GIVEN either setting THEN the synthesized Terraform is the same', () => {
    const config = testEnvironment();
    skipTokenCreationStacks({ [TOKEN_CREATION_STACKS_VARIABLE]: '1' });
    const recorded = synthEnvironment(config);
    skipTokenCreationStacks({});
    const skipped = synthEnvironment(config);
    expect(skipped.platform.json).toEqual(recorded.platform.json);
    expect(skipped.bootstrap.json).toEqual(recorded.bootstrap.json);
  });
});
