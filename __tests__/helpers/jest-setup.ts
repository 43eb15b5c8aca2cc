import { skipTokenCreationStacks } from '../../lib/synth/token-creation-stacks';

// Every test file synthesizes as `npm run synth` does (lib/synth/synthesize.ts).
skipTokenCreationStacks();
