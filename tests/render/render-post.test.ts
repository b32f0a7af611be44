import { describe, expect, it } from 'vitest';
import { renderPost, type Rendering } from '../../src/render/render-post.ts';
import { templateSite } from '../support/template-site.ts';

const POST = { key: '2024/hello.md', url: 'https://blog.example.com/2024/hello/', title: 'Hello', bodyLine: 4, params: {} };

function render(body: string, hints: { summary?: string; excerptSeparator?: string } = {}): Rendering {
  return renderPost(body, { ...POST, ...hints }, templateSite('hugo'));
}

describe('renderPost', () => {
  it('resolves URL attributes of raw HTML, decoding entities first and re-escaping after', () => {
    const { html } = render(
      ['<a href="../other/">x</a>', '', "<a href='q?a=1&amp;b=\"2\"' title=\"keep.html\">q</a>"].join('\n'),
    ).rendered;
    expect(html).toContain('href="https://blog.example.com/2024/other/"');
    expect(html).toContain('href="https://blog.example.com/2024/hello/q?a=1&amp;b=%222%22"');
    expect(html).toContain('title="keep.html"');
  });

  it('leaves mailto: and absolute links as they are, and resolves protocol-relative ones', () => {
    const { html } = render('[m](mailto:a@b.example) [x](https://x.example/p) [p](//cdn.example/i.png)').rendered;
    expect(html).toContain('href="mailto:a@b.example"');
    expect(html).toContain('href="https://x.example/p"');
    expect(html).toContain('href="https://cdn.example/i.png"');
  });

  it('takes the summary from an explicit value, else before <!--more-->, else the first paragraph', () => {
    expect(render('First *para*.\n\nSecond.', { summary: '  Given  summary ' }).rendered.summary).toBe('Given summary');
    expect(render('Intro [ref] &amp; more.\n\nStill teaser.\n\n<!--more-->\n\nRest.\n\n[ref]: /x').rendered.summary).toBe(
      'Intro ref & more. Still teaser.',
    );
    expect(render('# Title\n\nFirst `code` para.\n\nSecond.').rendered.summary).toBe('First code para.');
  });

  it('summarises expanded templates as text, never as template syntax or placeholders', () => {
    const { summary } = render('Watch {{< youtube w7Ft2ymGmfc >}} and read {{< note >}}this{{< /note >}}.').rendered;
    expect(summary).toBe('Watch YouTube video and read this.');
  });

  it('keeps the internal links a rendering resolved, once each, so a moved target can be told', () => {
    const { rendered, warnings } = render('[a]({{< ref "other-post" >}}) [b]({{< ref "other-post" >}}) [c]({{< ref "/nowhere.md" >}})');
    expect(rendered.links).toEqual([
      ['ref', 'other-post', 'https://example.com/blog/posts/other-post/'],
      ['ref', '/nowhere.md', 'https://example.com/blog/nowhere/'],
    ]);
    expect(warnings.map((w) => w.message)).toEqual([
      '2024/hello.md:4: {{< ref "/nowhere.md" >}} names no post in the source; it links to https://example.com/blog/nowhere/',
    ]);
    expect(render('No links here.').rendered.links).toBeUndefined();
  });

  it('names the file line of each template it could not expand', () => {
    const { warnings } = render('One.\n\nTwo {{< unknown >}}.\n\n{% if x %}\nThree.\n{% endif %}\n');
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [6, '2024/hello.md:6: {{< unknown >}}: it is not known, so it was removed; map "unknown" in the "shortcodes" setting to render it'],
      [8, '2024/hello.md:8: {% if %} cannot run without the site: their tags were removed and the text between them kept'],
    ]);
  });

  it('says an unclosed {% raw %} or {% comment %} is never closed (Jekyll stops there), not that it is unknown or nothing', () => {
    const { rendered, warnings } = render('One {% raw %}{{ x }}.\n\nTwo {% comment %}hidden?\n');
    expect(warnings.map((w) => [w.line, w.message])).toEqual([
      [4, '2024/hello.md:4: {% raw %}: it is never closed, so only the tag was removed and the text after it is shown; add {% endraw %} where its text ends'],
      [6, '2024/hello.md:6: {% comment %}: it is never closed, so only the tag was removed and the text after it is shown; add {% endcomment %} where its text ends'],
    ]);
    expect(rendered.html).toBe('<p>One {{ x }}.</p>\n<p>Two hidden?</p>\n');
  });
});
