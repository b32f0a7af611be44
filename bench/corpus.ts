import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const WORDS = 'feed bucket lambda markdown reader atom rss json post blog cloud storage object static site generator'.split(' ');
/** 40 tags and 14 categories: the 54 term feeds of the measurement, beside the main feed. */
const TAGS = Array.from({ length: 40 }, (_, i) => `${WORDS[i % WORDS.length]}-${Math.floor(i / WORDS.length) + 1}`);
const CATEGORIES = Array.from({ length: 14 }, (_, i) => `section-${i + 1}`);

/** Deterministic pseudo-random numbers, so every run benchmarks the same corpus. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function paragraph(next: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

/** Post `i`'s file under the corpus folder, its date and whether it is a draft. */
function corpusPost(i: number): { file: string; date: string; draft: boolean } {
  const year = 2010 + (i % 15);
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = String(1 + (i % 12)).padStart(2, '0');
  return { file: join(String(year), `post-${i}.md`), date: `${year}-${month}-${day}T${String(i % 24).padStart(2, '0')}:00:00Z`, draft: i % 50 === 0 };
}

/** The newest published post of a corpus of `count`: the one an author edits most often (a typo found after publishing). */
export function newestPublished(count: number): string {
  let newest: { file: string; date: string } | undefined;
  for (let i = 0; i < count; i++) {
    const post = corpusPost(i);
    if (!post.draft && (newest === undefined || post.date > newest.date)) newest = post;
  }
  return (newest as { file: string }).file;
}

/** A blog of `count` posts (~4 KiB each) with tags, categories (54 terms), links, code and drafts. */
export async function writeCorpus(dir: string, count: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const next = random(42);
  for (let i = 0; i < count; i++) {
    const { file, date, draft } = corpusPost(i);
    if (i < 15) await mkdir(join(dir, dirname(file)), { recursive: true });
    const body = Array.from({ length: 8 }, () => paragraph(next, 60)).join('\n\n');
    const text = `---
title: "Post ${i}: ${paragraph(next, 4)}"
date: ${date}
tags: [${TAGS[i % 40]}, ${TAGS[(i * 7 + 3) % 40]}]
categories: [${CATEGORIES[i % 14]}]
draft: ${draft}
---
${paragraph(next, 40)} [a link](../other-${i}/) and ![img](img-${i}.png).

<!--more-->

${body}

\`\`\`js
const x = ${i};
\`\`\`
`;
    await writeFile(join(dir, file), text);
  }
}
