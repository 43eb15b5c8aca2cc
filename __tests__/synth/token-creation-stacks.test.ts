import { Lazy } from 'cdktf';
import { replaceCaptureStackTrace, skipTokenCreationStacks, TOKEN_CREATION_STACKS_VARIABLE } from '../../lib/synth/token-creation-stacks';
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

describe('a cdktf (or CDK Terrain) version whose private module has another shape', () => {
  test.each([
    ['no such export', {}],
    ['a read-only export', Object.freeze({ captureStackTrace: () => [] })],
    ['an export that is not a function', { captureStackTrace: true }],
  ])('GIVEN %s THEN synthesis stops with a message naming the module, the export and the docs section', (_shape, module) => {
    expect(() => replaceCaptureStackTrace(module, false)).toThrow(
      /^cdktf internals changed \(cdktf [^)]+\): cdktf\/lib\/tokens\/private\/stack-trace has no writable captureStackTrace function\..*"cdktf internals we touch"/,
    );
  });

  test('GIVEN token classes that no longer read the export at each call THEN synthesis stops instead of silently keeping the traces', () => {
    // A module object the token classes do not read: replacing its export changes nothing for them.
    skipTokenCreationStacks({ [TOKEN_CREATION_STACKS_VARIABLE]: '1' });
    expect(() => replaceCaptureStackTrace({ captureStackTrace: () => ['frame'] }, false)).toThrow(/tokens still record their creation stack/);
  });
});
