/** What a CLI run ended with, as data; the exit code and the error line are pure functions of it. */
import { CommanderError } from 'commander';
import { BuildError, ConfigError, DocumentError, StoreError } from '../errors.ts';
import type { BuildSummary } from '../pipeline/types.ts';

/** The command line is wrong in a way commander does not catch (e.g. a stray argument). */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT = {
  /** Feeds were built (some posts may have been skipped), or unpublished on purpose. */
  built: 0,
  /** Nothing could be built (no publishable post, a store failure, a bug), or a document failed its checks. */
  failed: 1,
  /** The command line or the configuration is invalid; nothing was attempted. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type Outcome = { summary: BuildSummary } | { error: unknown };

export function exitCode(outcome: Outcome): ExitCode {
  if ('summary' in outcome) {
    // A document that failed its checks leaves a stale file behind: that is a failure, unlike a
    // skipped post. (A summary with no feed at all unpublished everything, as --allow-shrink asked.)
    return outcome.summary.errors.length === 0 ? EXIT.built : EXIT.failed;
  }
  const { error } = outcome;
  if (error instanceof CommanderError) {
    // `--help` and `--version` end in a CommanderError with exit code 0.
    return error.exitCode === 0 ? EXIT.built : EXIT.usage;
  }
  if (error instanceof UsageError || error instanceof ConfigError) return EXIT.usage;
  if (error instanceof BuildError || error instanceof StoreError || error instanceof DocumentError) return EXIT.failed;
  return EXIT.failed;
}

/** The error in words, one line per problem; anything not one of ours is called unexpected. */
export function describeError(error: unknown): string[] {
  const message = error instanceof Error ? error.message : String(error);
  const lines = (message.trim() || (error instanceof Error ? error.name : 'unknown error')).split('\n');
  if (!isKnown(error)) lines[0] = `unexpected ${error instanceof Error ? error.name : typeof error}: ${lines[0]}`;
  return lines;
}

/** Known errors: their message, one line per problem. Anything else is a bug: say so, and how to see the stack. */
export function formatError(error: unknown, debug = false): string {
  const lines = describeError(error);
  if (!isKnown(error) && !debug) lines.push('set FEEDBUCKET_DEBUG=1 to see the stack trace');
  let text = lines.map((line) => `feedbucket: ${line}`).join('\n');
  if (debug) text += `\n${describeStack(error)}`;
  return `${text}\n`;
}

function isKnown(error: unknown): boolean {
  return (
    error instanceof ConfigError ||
    error instanceof UsageError ||
    error instanceof CommanderError ||
    error instanceof BuildError ||
    error instanceof StoreError ||
    error instanceof DocumentError
  );
}

function describeStack(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 5; depth++) {
    parts.push(`${depth === 0 ? '' : 'caused by: '}${current instanceof Error ? (current.stack ?? current.message) : String(current)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}
