/** The post parser, loaded once on the first read: a run where nothing changed parses nothing and never loads js-yaml, chrono or smol-toml. */
let parser: Promise<typeof import('../posts/parse-post.ts')> | undefined;

export function loadParser(): Promise<typeof import('../posts/parse-post.ts')> {
  parser ??= import('../posts/parse-post.ts');
  return parser;
}
