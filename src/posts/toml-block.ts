import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { BlockError, caseDuplicates, type FrontMatterField, type ParsedBlock } from './front-matter-block.ts';

/**
 * Lists and tables inside each other. smol-toml counts only inline ones (`a = [[[…]]]`); dotted
 * keys and table headers (`[a.b.c…]`) nest as deep as they are long, and a walk of 10,000 levels
 * overflows the stack: both are held to the same depth.
 */
const MAX_DEPTH = 64;
const TOML_OPTIONS = { useLegacyDate: true, unsafeKeyBehaviour: 'drop', maxDepth: MAX_DEPTH } as const;
const TOO_DEEP = `TOML error: lists and tables are nested more than ${MAX_DEPTH} levels deep; write them flatter`;

/** TOML forbids repeated keys, so a repeat is a syntax error here, not a warning. */
export function parseTomlBlock(block: string): ParsedBlock {
  let table: Record<string, unknown>;
  try {
    table = parseToml(block, TOML_OPTIONS);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n', 1)[0] ?? '';
      throw new BlockError(/excessively nested/.test(reason) ? TOO_DEEP : `TOML error: ${reason}`, error.line);
    }
    throw error;
  }
  const lines = tomlKeyLines(block);
  const fields = Object.entries(table).map(([name, value]): FrontMatterField => {
    const line = lines.get(name);
    const field: FrontMatterField = { name, value: plainToml(value, 1, line) };
    if (line !== undefined) field.line = line;
    return field;
  });
  return { fields, duplicates: caseDuplicates(fields) };
}

const KEY = String.raw`(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))`;
/** `key =` or `key.more =` before the first table: a top-level key's line. */
const TOML_KEY_LINE = new RegExp(String.raw`^[ \t]*${KEY}[ \t]*[=.]`);
/** `[key]`, `[key.more]`, `[[key…]]`: where a top-level table first appears. */
const TOML_TABLE_LINE = new RegExp(String.raw`^[ \t]*\[\[?[ \t]*${KEY}[ \t]*[.\]]`);

/** smol-toml reports no positions for values; top-level keys and tables are easy to find. */
function tomlKeyLines(block: string): Map<string, number> {
  const lines = new Map<string, number>();
  const rows = block.split('\n');
  let inTables = false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? '';
    // After the first table, `key =` lines belong to a table.
    inTables ||= /^[ \t]*\[/.test(row);
    const m = (inTables ? TOML_TABLE_LINE : TOML_KEY_LINE).exec(row);
    const name = m?.[1] ?? m?.[2] ?? m?.[3];
    if (name !== undefined && !lines.has(name)) lines.set(name, i + 1);
  }
  return lines;
}

/** TOML dates become their text as written; a local date-time stays without an offset. */
function plainToml(value: unknown, depth: number, line: number | undefined): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) throw new BlockError(TOO_DEEP, line);
  if (Array.isArray(value)) return value.map((item) => plainToml(item, depth + 1, line));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = plainToml(v, depth + 1, line);
  return out;
}
