import type { EventType, State } from 'js-yaml';
import { BlockError, lineAt, type DuplicateKey } from './front-matter-block.ts';

/**
 * js-yaml sets `tag` on every node it composes (its type declarations leave it out); `kind` is
 * null for an alias, which names a node composed before.
 */
interface ComposeState extends State {
  tag: string | null;
}

export interface TopLevelKey {
  name: string;
  /** 1-based block line. */
  line: number;
  /** Where the key's text ends: its `:` follows. */
  end: number;
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * Follows js-yaml as it composes nodes (its `listener` option) to learn what the plain result
 * hides: the line of each top-level key, keys repeated inside nested mappings (the result keeps
 * only the last), how many aliases there are, and where the node an error interrupted began.
 * Asking the parser itself keeps quoted values spanning lines, block scalars and flow
 * collections from passing for keys, as a scan of the lines would have to guess.
 */
export class YamlWatch {
  readonly topKeys: TopLevelKey[] = [];
  readonly nestedDuplicates: DuplicateKey[] = [];
  aliases = 0;
  /** Per open node: where it began, and the keys read so far if it is a nested mapping. */
  private readonly starts: number[] = [];
  private readonly keys: (Map<string, number> | undefined)[] = [];
  private readonly repeats: (DuplicateKey[] | undefined)[] = [];

  constructor(private readonly maxAliases: number) {}

  readonly listener = (event: EventType, state: State): void => {
    if (event === 'open') {
      this.starts.push(state.position);
      this.keys.push(undefined);
      this.repeats.push(undefined);
      return;
    }
    const start = this.starts.pop() ?? 0;
    this.keys.pop();
    const repeats = this.repeats.pop();
    const node = state as ComposeState;
    // A flow sequence's single-pair entries (`[a: 1, a: 2]`) report keys too: not repeats.
    if (repeats !== undefined && node.kind === 'mapping') this.nestedDuplicates.push(...repeats);
    if (node.kind === null && node.tag === null && node.result !== null) this.countAlias(node.input, start);
    else if (node.kind === 'scalar' && node.tag !== MERGE_TAG && followedByColon(node.input, node.position)) {
      this.addKey(String(node.result), node.line + 1, node.position);
    }
  };

  /** Where the innermost node still open began: the one an error interrupted. */
  openedAt(input: string): number | undefined {
    const start = this.starts.at(-1);
    return start === undefined ? undefined : firstToken(input, start);
  }

  private countAlias(input: string, start: number): void {
    this.aliases++;
    if (this.aliases > this.maxAliases) {
      throw new BlockError(
        `front matter uses more than ${this.maxAliases} YAML aliases (*name); write the values out`,
        lineAt(input, firstToken(input, start)),
      );
    }
  }

  private addKey(name: string, line: number, end: number): void {
    const depth = this.starts.length;
    if (depth === 1) {
      this.topKeys.push({ name, line, end });
      return;
    }
    const parent = depth - 1;
    const seen = (this.keys[parent] ??= new Map());
    const firstLine = seen.get(name);
    if (firstLine === undefined) seen.set(name, line);
    else (this.repeats[parent] ??= []).push({ name, line, firstLine });
  }
}

/** A scalar followed by `:` is a key: js-yaml refuses a value followed by one. */
function followedByColon(input: string, position: number): boolean {
  let i = position;
  while (input.charCodeAt(i) === 0x20 || input.charCodeAt(i) === 0x09) i++;
  return input.charCodeAt(i) === 0x3a;
}

/** Past blanks, line breaks and comments. */
function firstToken(input: string, from: number): number {
  const match = /(?:\s|#[^\n]*)*/y;
  match.lastIndex = from;
  match.exec(input);
  return match.lastIndex;
}
