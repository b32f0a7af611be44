import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

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

/** A blog of `count` posts (~4 KiB each) with tags, categories (54 terms), links, code and drafts. */
export async function writeCorpus(dir: string, count: number): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const next = random(42);
  for (let i = 0; i < count; i++) {
    const year = 2010 + (i % 15);
    const folder = join(dir, String(year));
    if (i < 15) await mkdir(folder, { recursive: true });
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    const body = Array.from({ length: 8 }, () => paragraph(next, 60)).join('\n\n');
    const text = `---
title: "Post ${i}: ${paragraph(next, 4)}"
date: ${year}-${month}-${day}T${String(i % 24).padStart(2, '0')}:00:00Z
tags: [${TAGS[i % 40]}, ${TAGS[(i * 7 + 3) % 40]}]
categories: [${CATEGORIES[i % 14]}]
draft: ${i % 50 === 0}
---
${paragraph(next, 40)} [a link](../other-${i}/) and ![img](img-${i}.png).

<!--more-->

${body}

\`\`\`js
const x = ${i};
\`\`\`
`;
    await writeFile(join(folder, `post-${i}.md`), text);
  }
}
