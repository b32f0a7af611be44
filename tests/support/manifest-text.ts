/**
 * The stored manifest is two JSON lines, the head and then the records (src/pipeline/manifest.ts):
 * as one object, the records under `posts`, for tests that look inside it. Throws as JSON.parse
 * does when either line is not JSON.
 */
export function parseStoredManifest(text: string): Record<string, unknown> {
  const [head = '', records] = text.trimEnd().split('\n');
  const parsed = JSON.parse(head) as Record<string, unknown>;
  return records === undefined ? parsed : { ...parsed, posts: JSON.parse(records) as unknown };
}

/**
 * The stored manifest with the tags its store listed the feed files with taken out (a local
 * folder's are their sizes and write times), as JSON: what must be byte-identical between two
 * builds of the same input whose files were written at other moments.
 */
export function manifestWithoutListedTags(text: string): string {
  const { listed, ...rest } = parseStoredManifest(text);
  return JSON.stringify({ ...rest, listedKeys: Object.keys((listed as Record<string, string> | undefined) ?? {}) });
}
