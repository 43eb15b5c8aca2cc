/** Synth stopped by the policy pack or the secret scan; printed as a list, without a stack trace. */
export class GuardrailError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'GuardrailError';
  }
}
