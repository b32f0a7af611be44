import yaml, { type Type } from 'js-yaml';
import { BlockError, caseDuplicates, type FrontMatterField, type ParsedBlock } from './front-matter-block.ts';
import { explainNonMapping, explainYamlError, nestedTooDeep } from './yaml-message.ts';
import { YamlWatch } from './yaml-watch.ts';

/** Hand-written front matter never needs many; more means a generated or hostile file. */
const MAX_YAML_ALIASES = 100;
/** Values that aliases stand for, counted again at each use as a consumer walking them sees them. */
const MAX_ALIASED_VALUES = 10_000;
/** Lists and mappings inside each other, aliases followed: js-yaml's own limit (`maxDepth`). */
const MAX_NESTING = 100;

/** js-yaml exports the types its schemas are made of; @types/js-yaml leaves them out. */
const { types } = yaml as unknown as { types: Readonly<Record<'null' | 'bool' | 'merge', Type>> };

/** Read as the text written: an explicit `!!timestamp` must not become a UTC Date. */
const keptAsText = (name: string) =>
  new yaml.Type(`tag:yaml.org,2002:${name}`, { kind: 'scalar', construct: (text: string) => text });

/*
 * Only booleans and null are read from plain text: dates stay text for the site timezone to
 * apply later, and `title: 1.10`, `id: 0123` stay as written. `yes`/`on` stay text too (YAML
 * 1.1 booleans), for the reader of each key to decide. Merge keys (`<<: *base`) as Psych reads
 * them.
 */
const SCHEMA = yaml.FAILSAFE_SCHEMA.extend({
  implicit: [types.null, types.bool, types.merge],
  explicit: ['timestamp', 'int', 'float'].map(keptAsText),
});

/** Marks a value whose size is being counted: meeting it again means it contains itself. */
const IN_PROGRESS = -1;

/** A boolean's spelling right after its key's colon. */
const BOOLEAN_AFTER_KEY = /[ \t]*:[ \t]+(true|false)[ \t]*(?:#|$)/imy;

/** Repeated keys are accepted, the last one winning (`json: true`), and reported as warnings. */
export function parseYamlBlock(block: string): ParsedBlock {
  const watch = new YamlWatch(MAX_YAML_ALIASES);
  let data: unknown;
  try {
    data = yaml.load(block, { schema: SCHEMA, json: true, listener: watch.listener });
  } catch (error) {
    if (error instanceof yaml.YAMLException) throw explainYamlError(block, error, watch.openedAt(block));
    throw error;
  }
  if (data === null || data === undefined) return { fields: [], duplicates: [] };
  if (typeof data !== 'object' || Array.isArray(data)) throw explainNonMapping(block, data);
  if (watch.aliases > 0) limitAliasedValues(data);
  const fields = yamlFields(block, data as Record<string, unknown>, watch);
  // The watch learns of a nested mapping's repeats when it closes, after those of mappings inside it.
  const duplicates = [...caseDuplicates(fields), ...watch.nestedDuplicates].sort((a, b) => a.line - b.line);
  return { fields, duplicates };
}

/**
 * In the order written, each with its line. Keys the watch did not see as written (merged in
 * by `<<`, or written as `? key`) come first, without a line: a key written out wins over them.
 */
function yamlFields(block: string, data: Record<string, unknown>, watch: YamlWatch): FrontMatterField[] {
  const written = new Set(watch.topKeys.map((key) => key.name));
  const fields: FrontMatterField[] = Object.keys(data)
    .filter((name) => !written.has(name))
    .map((name) => ({ name, value: data[name] }));
  for (const key of watch.topKeys) {
    const field: FrontMatterField = { name: key.name, value: data[key.name], line: key.line };
    if (typeof field.value === 'boolean') {
      BOOLEAN_AFTER_KEY.lastIndex = key.end;
      const raw = BOOLEAN_AFTER_KEY.exec(block)?.[1];
      if (raw !== undefined) field.raw = raw;
    }
    fields.push(field);
  }
  return fields;
}

/**
 * js-yaml shares an aliased value instead of copying it, so parsing stays cheap; whoever walks
 * the result (JSON.stringify, a template) copies it at each use, which a "billion laughs" block
 * makes exponential. Counts those copies without making them, and refuses an alias inside the
 * value it names, which no walk would finish.
 */
function limitAliasedValues(root: object): void {
  const sizes = new Map<object, number>();
  let reused = 0;
  const sizeOf = (value: unknown, depth: number): number => {
    if (value === null || typeof value !== 'object') return 1;
    const known = sizes.get(value);
    if (known === IN_PROGRESS) {
      throw new BlockError('a YAML alias (*name) stands for a value that contains it; write the values out');
    }
    if (known !== undefined) {
      reused += known;
      if (reused > MAX_ALIASED_VALUES) {
        throw new BlockError(
          `YAML aliases expand too far (more than ${MAX_ALIASED_VALUES} values once written out); write the values out`,
        );
      }
      return known;
    }
    if (depth > MAX_NESTING) throw nestedTooDeep();
    sizes.set(value, IN_PROGRESS);
    let size = 1;
    for (const child of Object.values(value)) size += sizeOf(child, depth + 1);
    sizes.set(value, size);
    return size;
  };
  sizeOf(root, 0);
}
