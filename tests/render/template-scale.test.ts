/**
 * Template expansion on pathological posts: a megabyte of each shape renders without error in
 * linear time. A quadratic scan of a megabyte takes minutes, far past the per-test timeout;
 * nothing here asserts on measured time.
 */
import { describe, expect, it } from 'vitest';
import { renderPost } from '../../src/render/render-post.ts';
import { templateSite, THIS_POST } from '../support/template-site.ts';

const MEGABYTE = 1 << 20;
const fill = (unit: string, tail = ''): string => unit.repeat(Math.ceil(MEGABYTE / unit.length)) + tail;
const nested = (depth: number): string => `${'{{< box >}}\n'.repeat(depth)}x\n${'{{< /box >}}\n'.repeat(depth)}`;

const SHAPES: [string, string][] = [
  ['Hugo openers that never close', fill('{{< ')],
  ['Hugo escapes that never close', fill('{{</* ')],
  ['Liquid tags whose close is far away', fill('{% a ', ' %}')],
  ['prints whose close is far away', fill('{{ x ', '}}')],
  ['raw blocks that never end', fill('{% raw %}a')],
  ['highlight blocks that never end', fill('{{< highlight go >}}\n')],
  ['backtick runs of every length', fill('` `` ``` ```` a ')],
  ['a hundred thousand shortcodes', fill('{{< youtube w7Ft2ymGmfc >}} ')],
  ['internal links', fill('[a](@/blog/zola-post.md) [b]({{< ref "other-post" >}}) ')],
  ['unknown shortcodes nested ten thousand deep', nested(10_000)],
  ['unclosed code fences between tags', fill('```\n{{< note >}}\n')],
];

describe('template expansion at scale', () => {
  it.each(SHAPES)('%s', (_shape, body) => {
    const { rendered, warnings } = renderPost(body, THIS_POST, templateSite('hugo'));
    expect(rendered.html.length).toBeGreaterThan(0);
    // One warning per distinct thing to fix, however often it occurs.
    expect(warnings.length).toBeLessThan(10);
  }, 20_000);
});
