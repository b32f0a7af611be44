/**
 * The baseline: what a first script does. Read every post, parse it, render every body,
 * hand everything to `feed`. Same outputs (main feeds only), none of the engine's care.
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import matter from 'gray-matter';
import markdownIt from 'markdown-it';
import { Feed } from 'feed';
import yaml from 'yaml';

export async function naiveBuild(source: string, out: string): Promise<void> {
  const md = markdownIt({ html: true });
  const files = (await readdir(source, { recursive: true })).filter((f) => f.endsWith('.md'));
  const posts: { title?: unknown; date?: unknown; draft?: unknown; html: string; file: string }[] = [];
  for (const file of files) {
    const parsed = matter(await readFile(join(source, file), 'utf8'), { engines: { yaml: (s: string) => yaml.parse(s, { uniqueKeys: false }) } });
    posts.push({ ...(parsed.data as Record<string, unknown>), html: md.render(parsed.content), file });
  }
  const published = posts.filter((p) => !p.draft).sort((a, b) => String(b.date).localeCompare(String(a.date)));
  const feed = new Feed({ title: 'Bench', id: 'https://example.com/', link: 'https://example.com/', copyright: '', updated: new Date(0) });
  for (const post of published.slice(0, 20)) {
    feed.addItem({ title: String(post.title), link: `https://example.com/${post.file}`, date: new Date(String(post.date)), content: post.html });
  }
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'rss.xml'), feed.rss2());
  await writeFile(join(out, 'atom.xml'), feed.atom1());
  await writeFile(join(out, 'feed.json'), feed.json1());
}
