import { describe, expect, it } from 'vitest';
import { absoluteSrcset } from '../../src/render/absolute-urls.ts';
import { renderPost } from '../../src/render/render-post.ts';

const POST = 'https://blog.example.com/2024/hello/';

describe('renderPost', () => {
  it('resolves URL attributes of raw HTML, decoding entities first and re-escaping after', () => {
    const { html } = renderPost(
      [
        '<object data="movie.swf"></object>',
        '',
        '<svg><a xlink:href="../other/">x</a></svg>',
        '',
        "<a href='q?a=1&amp;b=\"2\"' title=\"keep.html\">q</a>",
      ].join('\n'),
      POST,
    );
    expect(html).toContain('<object data="https://blog.example.com/2024/hello/movie.swf">');
    expect(html).toContain('xlink:href="https://blog.example.com/2024/other/"');
    expect(html).toContain('href="https://blog.example.com/2024/hello/q?a=1&amp;b=%222%22"');
    expect(html).toContain('title="keep.html"');
  });

  it('leaves mailto: and absolute links as they are, and resolves protocol-relative ones', () => {
    const { html } = renderPost('[m](mailto:a@b.example) [x](https://x.example/p) [p](//cdn.example/i.png)', POST);
    expect(html).toContain('href="mailto:a@b.example"');
    expect(html).toContain('href="https://x.example/p"');
    expect(html).toContain('href="https://cdn.example/i.png"');
  });

  it('takes the summary from an explicit value, else before <!--more-->, else the first paragraph', () => {
    expect(renderPost('First *para*.\n\nSecond.', POST, { summary: '  Given  summary ' }).summary).toBe('Given summary');
    expect(renderPost('Intro [ref] &amp; more.\n\nStill teaser.\n\n<!--more-->\n\nRest.\n\n[ref]: /x', POST).summary).toBe(
      'Intro ref & more. Still teaser.',
    );
    expect(renderPost('# Title\n\nFirst `code` para.\n\nSecond.', POST).summary).toBe('First code para.');
  });
});

describe('absoluteSrcset', () => {
  it('resolves each candidate and keeps descriptors and data: URLs whole', () => {
    expect(absoluteSrcset('a.png 1x, /b.png 2x', POST)).toBe('https://blog.example.com/2024/hello/a.png 1x, https://blog.example.com/b.png 2x');
    expect(absoluteSrcset('data:image/gif;base64,R0lGOD 1x,c.png 2x', POST)).toBe(
      'data:image/gif;base64,R0lGOD 1x, https://blog.example.com/2024/hello/c.png 2x',
    );
  });
});
