import type { z } from 'zod';

/**
 * `renamedFrom` of the entries of one section (services, EKS node groups): the
 * old name must be gone (an existing entry of that name would have its
 * resources moved away from it), and only one entry can take over an old name.
 */
export function checkRenamedFrom(entries: Readonly<Record<string, { readonly renamedFrom?: string }>>, section: readonly (string | number)[], ctx: z.RefinementCtx): void {
  const takenBy = new Map<string, string>();
  for (const [name, entry] of Object.entries(entries)) {
    const from = entry.renamedFrom;
    if (from === undefined) continue;
    const path = [...section, name, 'renamedFrom'];
    if (from in entries) {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `expected the previous name of ${name}, which no entry has any more, got ${JSON.stringify(from)}, an existing entry${from === name ? ' (this one)' : ''}`,
      });
    } else if (takenBy.has(from)) {
      ctx.addIssue({ code: 'custom', path, message: `expected each old name to be taken over once, got ${JSON.stringify(from)}, already renamedFrom of ${takenBy.get(from)}` });
    } else {
      takenBy.set(from, name);
    }
  }
}
