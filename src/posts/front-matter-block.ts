/*
 * What a front-matter engine (YAML or TOML) hands back to readFrontMatter. Lines here are
 * lines of the block: line 1 is the line after the opening fence.
 */

/** One top-level front-matter key. */
export interface FrontMatterField {
  /** The key as the author wrote it (`PublishDate`). */
  name: string;
  /** Plain data: strings, numbers (TOML), booleans, null, arrays, objects. Dates stay text, YAML numbers too. */
  value: unknown;
  /** 1-based line in the file, when known. */
  line?: number;
  /** How a boolean was spelled (`True`), for values read as text. */
  raw?: string;
}

export interface DuplicateKey {
  name: string;
  line: number;
  firstLine?: number;
}

export interface ParsedBlock {
  /** In the order written; a key written twice is here twice, the later one winning. */
  fields: FrontMatterField[];
  duplicates: DuplicateKey[];
}

/** Why a block cannot be read, in words its author can act on. */
export class BlockError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** The 1-based line of `position` in `text`. */
export function lineAt(text: string, position: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Top-level keys are read without case (as Hugo does), so `Title` repeats `title`. */
export function caseDuplicates(fields: readonly FrontMatterField[]): DuplicateKey[] {
  const seen = new Map<string, FrontMatterField>();
  const duplicates: DuplicateKey[] = [];
  for (const field of fields) {
    const id = field.name.toLowerCase();
    const first = seen.get(id);
    if (first === undefined) seen.set(id, field);
    else if (field.line !== undefined) {
      duplicates.push({ name: field.name, line: field.line, ...(first.line === undefined ? {} : { firstLine: first.line }) });
    }
  }
  return duplicates;
}
