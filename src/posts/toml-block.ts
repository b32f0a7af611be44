import { parse as parseToml, TomlDate, TomlError } from 'smol-toml';
import { BlockError, caseDuplicates, type FrontMatterField, type ParsedBlock } from './front-matter-block.ts';

const TOML_OPTIONS = { useLegacyDate: true, unsafeKeyBehaviour: 'drop', maxDepth: 64 } as const;

/** TOML forbids repeated keys, so a repeat is a syntax error here, not a warning. */
export function parseTomlBlock(block: string): ParsedBlock {
  let table: Record<string, unknown>;
  try {
    table = parseToml(block, TOML_OPTIONS);
  } catch (error) {
    if (error instanceof TomlError) {
      throw new BlockError(`TOML error: ${error.message.split('\n', 1)[0]}`, error.line);
    }
    throw error;
  }
  const lines = tomlKeyLines(block);
  const fields = Object.entries(table).map(([name, value]): FrontMatterField => {
    const field: FrontMatterField = { name, value: plainToml(value) };
    const line = lines.get(name);
    if (line !== undefined) field.line = line;
    return field;
  });
  return { fields, duplicates: caseDuplicates(fields) };
}

const TOML_KEY_LINE = /^[ \t]*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))[ \t]*=/;

/** smol-toml reports no positions for values; top-level `key =` lines are easy to find. */
function tomlKeyLines(block: string): Map<string, number> {
  const lines = new Map<string, number>();
  const rows = block.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? '';
    if (/^[ \t]*\[/.test(row)) break;
    const m = TOML_KEY_LINE.exec(row);
    const name = m?.[1] ?? m?.[2] ?? m?.[3];
    if (name !== undefined && !lines.has(name)) lines.set(name, i + 1);
  }
  return lines;
}

/** TOML dates become their text as written; a local date-time stays without an offset. */
function plainToml(value: unknown): unknown {
  if (value instanceof TomlDate) return value.toISOString();
  if (Array.isArray(value)) return value.map(plainToml);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = plainToml(v);
    return out;
  }
  return value;
}
