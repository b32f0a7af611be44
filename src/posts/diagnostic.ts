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
