/** YAML 1.1's spellings, which Jekyll's parser reads too (`published: no`), and flags' `on`/`off`. */
const WORDS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['on', true],
  ['false', false],
  ['no', false],
  ['off', false],
]);

/** A yes-or-no word as the boolean it says, whatever its case and surrounding space; undefined for any other text. */
export function yesNo(word: string): boolean | undefined {
  return WORDS.get(word.trim().toLowerCase());
}
