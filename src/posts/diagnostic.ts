import type { Diagnostic } from '../model.ts';

/**
 * Builds a diagnostic whose message reads on its own (`posts/a.md:3: …`), so the pipeline can
 * print it as is while keeping `key` and `line` available as data.
 */
export function postDiagnostic(key: string, line: number | undefined, text: string): Diagnostic {
  if (line === undefined) return { key, message: `${key}: ${text}` };
  return { key, line, message: `${key}:${line}: ${text}` };
}

/** A reason to skip a post, raised inside src/posts and always turned into data there. */
export class PostError extends Error {
  override name = 'PostError';
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** Longest value a message quotes whole; past it, its start and its length. */
const QUOTED_CHARS = 80;

/**
 * A front-matter value quoted in a message (`"soon"`). A hostile or broken value can be megabytes
 * long (a whole post on one `date:` line): the message quotes its start and says how long it is,
 * so one problem stays one readable log line.
 */
export function quoted(value: string): string {
  if (value.length <= QUOTED_CHARS) return `"${value}"`;
  // Not between the two halves of a surrogate pair.
  const end = /[\uD800-\uDBFF]/.test(value.charAt(QUOTED_CHARS - 1)) ? QUOTED_CHARS - 1 : QUOTED_CHARS;
  return `"${value.slice(0, end)}…" (${value.length.toLocaleString('en')} characters)`;
}
