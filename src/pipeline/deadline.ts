import { BuildError } from '../errors.ts';

/** Time kept in hand for writing when a deadline applies (Lambda). */
const WRITE_RESERVE_MS = 10_000;

/** Throws when fewer than the reserve's milliseconds are left before the caller's deadline. */
export function assertTimeLeft(remainingMs: (() => number) | undefined, stage: string): void {
  const left = remainingMs?.();
  if (left !== undefined && left < WRITE_RESERVE_MS) {
    throw new BuildError(
      `stopped before ${stage} with ${Math.round(left / 1000)} s left of the deadline; nothing was half-written. ` +
        'Raise the function timeout, or run a rebuild ({"rebuild": true}) with more time.',
    );
  }
}

