#!/usr/bin/env node
/**
 * The baseline: what a first script does, as plain JavaScript run by node. Read every post, parse
 * it (gray-matter with `yaml`), render every body (markdown-it), hand the newest 20 to `feed`.
 * Same main outputs, none of the engine's care: no term feeds, no checks, no manifest.
 *
 *   node bench/naive.mjs SOURCE OUT
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Feed } from 'feed';
import matter from 'gray-matter';
import markdownIt from 'markdown-it';
import yaml from 'yaml';

const [source, out] = process.argv.slice(2);
const md = markdownIt({ html: true });
const files = (await readdir(source, { recursive: true })).filter((file) => file.endsWith('.md'));
const posts = [];
for (const file of files) {
  const parsed = matter(await readFile(join(source, file), 'utf8'), { engines: { yaml: (text) => yaml.parse(text, { uniqueKeys: false }) } });
  posts.push({ ...parsed.data, html: md.render(parsed.content), file });
}
const published = posts.filter((post) => !post.draft).sort((a, b) => String(b.date).localeCompare(String(a.date)));
const feed = new Feed({ title: 'Bench', id: 'https://example.com/', link: 'https://example.com/', copyright: '', updated: new Date(0) });
for (const post of published.slice(0, 20)) {
  feed.addItem({ title: String(post.title), link: `https://example.com/${post.file}`, date: new Date(String(post.date)), content: post.html });
}
await mkdir(out, { recursive: true });
await writeFile(join(out, 'rss.xml'), feed.rss2());
await writeFile(join(out, 'atom.xml'), feed.atom1());
await writeFile(join(out, 'feed.json'), feed.json1());
