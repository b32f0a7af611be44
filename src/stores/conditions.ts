import type { WriteCondition } from './store.ts';

const unquoted = (tag: string) => tag.replace(/^"|"$/g, '');

/** Why a conditional write must not replace the object now tagged `current` (undefined: none), as S3 decides it. */
export function conditionProblem(condition: WriteCondition, current: string | undefined): string | undefined {
  if ('ifNoneMatch' in condition) return current === undefined ? undefined : 'it exists already (If-None-Match: *)';
  if (current === undefined) return `it no longer exists (If-Match: ${condition.ifMatch})`;
  return unquoted(current) === unquoted(condition.ifMatch) ? undefined : `it changed (If-Match: ${condition.ifMatch}, now ${current})`;
}
