/** `.md` / `.markdown`, not hidden (`.feedbucket/`), not a Hugo section page (`_index.md`) or a Jekyll `_drafts/` entry. */
export function isPostKey(key: string): boolean {
  if (!/\.(md|markdown)$/i.test(key)) return false;
  return key.split('/').every((segment) => !segment.startsWith('.') && !segment.startsWith('_'));
}

