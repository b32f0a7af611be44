/**
 * URL attributes in raw HTML, as authors paste it into Markdown posts: every quoting style the
 * HTML tokenizer accepts, character references, and only the attributes that hold URLs.
 */
import { describe, expect, it } from 'vitest';
import { renderPost } from '../../src/render/render-post.ts';

const POST = 'https://blog.example.com/2024/05/lazy-images/';

function html(body: string): string {
  return renderPost(body, POST).html;
}

describe('raw HTML: unquoted values', () => {
  it('keeps `=` and `&` inside an unquoted value, as a browser does', () => {
    const out = html('A resized screenshot:\n\n<p><img src=shots/home.png?w=640&h=480 alt=Home width=640></p>\n');
    expect(out).toContain('<img src="https://blog.example.com/2024/05/lazy-images/shots/home.png?w=640&amp;h=480" alt=Home width=640>');
  });

  it('reads a value up to `>`, a trailing slash included, and a self-closing slash after a space', () => {
    const out = html('<figure>\n<img src=chart.svg/>\n<img src=chart.png />\n</figure>\n');
    expect(out).toContain('<img src="https://blog.example.com/2024/05/lazy-images/chart.svg/">');
    expect(out).toContain('<img src="https://blog.example.com/2024/05/lazy-images/chart.png" />');
  });

  it('takes linear time over a page of tags that never close', () => {
    const started = performance.now();
    html(`<div>\n${'<a href=x/y title=z '.repeat(20_000)}\n`);
    html(`<div>\n<img src=${'x/'.repeat(100_000)}\n`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('raw HTML: quoting and character references', () => {
  it('resolves double- and single-quoted values and re-quotes them safely', () => {
    const out = html(`<p>See <a href="../../04/part-1/">part 1</a> and <a href='/archive/?tag=it&apos;s'>the archive</a>.</p>\n`);
    expect(out).toContain('<a href="https://blog.example.com/2024/04/part-1/">part 1</a>');
    expect(out).toContain(`<a href="https://blog.example.com/archive/?tag=it%27s">the archive</a>`);
  });

  it('decodes character references as an attribute does: `&copy=` in a query is text, `&amp;` is `&`', () => {
    const out = html('<p><a href="search?q=a&amp;page=2&copy=1&#x26;x=&quot;y&quot;">next page</a></p>\n');
    expect(out).toContain('href="https://blog.example.com/2024/05/lazy-images/search?q=a&amp;page=2&amp;copy=1&amp;x=%22y%22"');
  });

  it('keeps backslashes: raw HTML has no Markdown escapes', () => {
    const out = html(
      [
        '<p>Docs: <a href="https://example.com/search?q=snake\\_case#my\\_anchor">snake_case</a>,',
        '<a href="https://example.com/a\\_b">a_b</a>.</p>',
        '',
      ].join('\n'),
    );
    expect(out).toContain('href="https://example.com/search?q=snake\\_case#my\\_anchor"');
    // What a browser navigates to: its URL parser reads `\` in an http(s) path as `/`.
    expect(out).toContain(`href="${new URL('https://example.com/a\\_b').href}"`);
    expect(out).not.toContain('a_b"');
  });
});

describe('raw HTML: which attributes', () => {
  it('resolves srcset candidates in <picture> <source> and <img>, with upper-case names', () => {
    const out = html(
      [
        '<picture>',
        '  <source type="image/avif" SRCSET="hero-1x.avif 1x, hero-2x.avif 2x">',
        '  <IMG SRC="hero.jpg" srcset=hero-800.jpg&#32;800w ALT="The hero image">',
        '</picture>',
        '',
      ].join('\n'),
    );
    expect(out).toContain(
      'SRCSET="https://blog.example.com/2024/05/lazy-images/hero-1x.avif 1x, https://blog.example.com/2024/05/lazy-images/hero-2x.avif 2x"',
    );
    expect(out).toContain('<IMG SRC="https://blog.example.com/2024/05/lazy-images/hero.jpg"');
    expect(out).toContain('srcset="https://blog.example.com/2024/05/lazy-images/hero-800.jpg 800w" ALT="The hero image">');
  });

  it('resolves <video poster> and <source src>, keeps boolean attributes, and <object data>, <svg xlink:href>', () => {
    const out = html(
      [
        '<figure>',
        '<video controls preload=none poster=media/poster.jpg?v=2 width=640>',
        '  <source src="media/demo.webm" type="video/webm">',
        '</video>',
        '<object data=/files/slides.pdf?page=3 type="application/pdf"></object>',
        '<svg width="24" height="24"><use xlink:href="/icons.svg#rss"></use></svg>',
        '</figure>',
        '',
      ].join('\n'),
    );
    expect(out).toContain('<video controls preload=none poster="https://blog.example.com/2024/05/lazy-images/media/poster.jpg?v=2" width=640>');
    expect(out).toContain('<source src="https://blog.example.com/2024/05/lazy-images/media/demo.webm" type="video/webm">');
    expect(out).toContain('<object data="https://blog.example.com/files/slides.pdf?page=3" type="application/pdf">');
    expect(out).toContain('<use xlink:href="https://blog.example.com/icons.svg#rss">');
  });

  it('leaves other attributes, quoted look-alikes and text alone', () => {
    const body = [
      '<div class="note" data-src="lazy.png" title="src=not-a-url.png">',
      'Write href=page.html in the tag, or src = x.png.',
      '</div>',
      '',
    ].join('\n');
    expect(html(body)).toBe(body);
  });
});
