/**
 * The byte budget (`maxBytes`) on the sample `content/` folder, its real posts built as a user's
 * `npm start` builds them: a feed over the budget leaves out its oldest items, whole, until every
 * format fits, and the summary says so; under the default budget nothing changes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve.ts';
import type { SiteConfig } from '../../src/model.ts';
import { runBuild } from '../../src/pipeline/build.ts';
import { createLocalStore } from '../../src/stores/local.ts';
import { createMemoryStore, type MemoryStore } from '../../src/stores/memory.ts';
import { jingAtom, jsonFeedSchemaErrors, xmlProblem } from '../support/feed-checks.ts';
import { NOW, REPO, allTexts, formats, readFeedSet } from './helpers.ts';

const CONTENT = join(REPO, 'content');

function sampleConfig(overrides: Partial<SiteConfig> = {}): SiteConfig {
  const file = 'feedbucket.config.json';
  const values = JSON.parse(readFileSync(join(REPO, file), 'utf8')) as Record<string, unknown>;
  return { ...resolveConfig({ file: { path: file, values, dir: REPO } }), source: CONTENT, ...overrides };
}

async function buildSample(overrides: Partial<SiteConfig> = {}, out: MemoryStore = createMemoryStore()) {
  const summary = await runBuild({ config: sampleConfig(overrides), now: NOW, stores: { source: createLocalStore(CONTENT), out } });
  expect(summary.errors).toEqual([]);
  return { summary, out };
}

const bytes = (text: string) => Buffer.byteLength(text);
const budgetWarnings = (warnings: readonly { key: string; warning: string }[]) => warnings.filter((w) => w.warning.includes('maxBytes'));

describe('the byte budget', () => {
  it('changes no byte of any file under the default 5 MiB', async () => {
    const defaults = await buildSample();
    expect(sampleConfig().maxBytes).toBe(5 * 1024 * 1024);
    const unbounded = await buildSample({ maxBytes: Number.MAX_SAFE_INTEGER });
    const feedFiles = (texts: Map<string, string>) => new Map([...texts].filter(([key]) => !key.startsWith('.feedbucket/')));
    expect(feedFiles(await allTexts(defaults.out))).toEqual(feedFiles(await allTexts(unbounded.out)));
    expect(budgetWarnings(defaults.summary.warnings)).toEqual([]);
  });

  it('leaves out the oldest items of every format, whole, until each document fits, and says so', async () => {
    const full = await readFeedSet((await buildSample()).out);
    const total = full.rss.length;
    // A budget the main feed's largest document is well over, whatever the sample's exact sizes.
    const maxBytes = Math.floor(Math.max(...Object.values(full.texts).map(bytes)) * 0.6);
    const { summary, out } = await buildSample({ maxBytes });
    const trimmed = await readFeedSet(out);

    const held = trimmed.rss.length;
    expect(held).toBeGreaterThan(0);
    expect(held).toBeLessThan(total);
    for (const [format, items] of formats(trimmed)) {
      // The newest, whole and unchanged: exactly the first items of the feed without a budget.
      expect(items, format).toEqual(formats(full).find(([name]) => name === format)?.[1].slice(0, held));
    }
    for (const text of Object.values(trimmed.texts)) expect(bytes(text)).toBeLessThanOrEqual(maxBytes);
    // As many as fit: with one more item, some format is over the budget.
    const oneMore = await readFeedSet((await buildSample({ limit: held + 1, maxBytes: Number.MAX_SAFE_INTEGER })).out);
    expect(oneMore.rss).toHaveLength(held + 1);
    expect(Math.max(...Object.values(oneMore.texts).map(bytes))).toBeGreaterThan(maxBytes);
    expect(xmlProblem(trimmed.texts.rss)).toBeUndefined();
    expect(jingAtom(trimmed.texts.atom)).toEqual({ ok: true, output: '' });
    expect(jsonFeedSchemaErrors(trimmed.texts.json)).toEqual([]);

    expect(summary.feeds.filter((feed) => !feed.key.includes('/'))).toEqual(
      ['rss.xml', 'atom.xml', 'feed.json'].map((key) => ({ key, items: held, changed: true })),
    );
    const mainWarning = budgetWarnings(summary.warnings).find((warning) => !warning.key.includes('/'));
    expect(mainWarning?.key).toMatch(/^(rss\.xml|atom\.xml|feed\.json)$/);
    const leftOut = total - held === 1 ? 'the oldest item is' : `the ${total - held} oldest items are`;
    expect(mainWarning?.warning).toMatch(
      new RegExp(`^holds the newest ${held} of its ${total} items: all of them would make [\\d,]+ bytes, over maxBytes \\(${maxBytes.toLocaleString('en')}\\); ${leftOut} left out of every format of this feed and are in its archives; raise maxBytes to keep them in the feed$`),
    );
    // Only the feeds over the budget warn: one warning per feed, not per file.
    const warned = budgetWarnings(summary.warnings).map((warning) => warning.key.slice(0, warning.key.lastIndexOf('/') + 1));
    expect(new Set(warned).size).toBe(warned.length);
  });

  it('keeps the newest item of a feed whose single item is over the budget, and says to shorten it', async () => {
    const { summary, out } = await buildSample({ maxBytes: 1000 });
    const set = await readFeedSet(out);
    for (const [format, items] of formats(set)) expect(items, format).toHaveLength(1);
    const warnings = budgetWarnings(summary.warnings);
    const mainWarning = warnings.find((warning) => !warning.key.includes('/'));
    expect(mainWarning?.warning).toMatch(
      /^holds only the newest of its \d+ items, and with that one alone it is [\d,]+ bytes, over maxBytes \(1,000\), kept as a feed is never empty; the \d+ oldest items are left out of every format of this feed and are in its archives; shorten that post or raise maxBytes$/,
    );
    // A feed of one item over the budget leaves nothing out, and says so.
    const single = summary.feeds.find((feed) => feed.items === 1 && warnings.some((warning) => warning.key === feed.key && /^its one item/.test(warning.warning)));
    expect(warnings.find((warning) => warning.key === single?.key)?.warning).toMatch(
      /^its one item makes [\d,]+ bytes, over maxBytes \(1,000\); it is published all the same \(a feed is never empty\); shorten that post or raise maxBytes$/,
    );
  });

  it('writes nothing again on the next run and reports the same, from the head as the long way does', async () => {
    const maxBytes = 6000;
    const first = await buildSample({ maxBytes });
    expect(budgetWarnings(first.summary.warnings).length).toBeGreaterThan(0);
    const again = await buildSample({ maxBytes }, first.out);
    expect(again.summary.requests.put).toBe(0);
    expect(again.summary.feeds.filter((feed) => feed.changed)).toEqual([]);
    expect(again.summary.feeds.map(({ key, items }) => ({ key, items }))).toEqual(first.summary.feeds.map(({ key, items }) => ({ key, items })));
    expect(budgetWarnings(again.summary.warnings)).toEqual(budgetWarnings(first.summary.warnings).sort((a, b) => (a.key < b.key ? -1 : 1)));

    // A larger budget takes the long way (the configuration changed) and gives the items back.
    const wider = await buildSample({ maxBytes: 5 * 1024 * 1024 }, first.out);
    expect(budgetWarnings(wider.summary.warnings)).toEqual([]);
    expect(wider.summary.feeds.filter((feed) => feed.changed).length).toBeGreaterThan(0);
  });
});
