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
