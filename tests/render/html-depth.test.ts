import { describe, expect, it } from 'vitest';
import { htmlDepth, MAX_HTML_DEPTH, textOnly } from '../../src/render/html-depth.ts';
import { renderPost } from '../../src/render/render-post.ts';
import { templateSite } from '../support/template-site.ts';

const POST = { key: '2024/deep.md', url: 'https://blog.example.com/2024/deep/', title: 'Deep', bodyLine: 4, params: {} };

describe('htmlDepth', () => {
  it.each([
    ['<p>text</p>', 1],
    ['<div><p><em>deep</em></p></div>', 3],
    ['<p>a<br>b<img src="x.png"><hr/></p>', 1],
    ['<p><x-icon/></p>', 1],
    ['<b><b><b>never closed', 3],
    ['</p></p><p>closing more than was opened</p>', 1],
    ['<p>a < b and <a href="#" without its end', 1],
    // Tags in a comment count too: the count only ever errs on the deep side.
    ['<!-- <b><b> --> <p>x</p>', 3],
  ])('%s nests %i deep', (html, depth) => {
    expect(htmlDepth(html)).toBe(depth);
  });

  it('reads an unclosed "<a" repeated 200,000 times in one pass', () => {
    expect(htmlDepth('<a'.repeat(200_000))).toBe(0);
  });
});

describe('a post whose HTML nests deeper than a reader shows', () => {
  // The paragraph markdown-it opens, 200,000 <b> and the <script>: 200,002 deep.
  it(`(200,000 unclosed <b>) is published as its text without markup, with a warning that says what to fix`, () => {
    const { rendered, warnings } = renderPost(`${'<b>'.repeat(200_000)}Bold &amp; deep <script>alert(1)</script>\n`, POST, templateSite('hugo'));
    expect(rendered.html).toBe('<p>Bold &amp; deep alert(1)</p>');
    expect(warnings.map((warning) => warning.message)).toEqual([
      `${POST.key}: its HTML nests 200,002 elements deep, more than the ${MAX_HTML_DEPTH} a reader shows; it is published as text without markup; close the tags it opens`,
    ]);
  });

  it(`nesting up to ${MAX_HTML_DEPTH} keeps its markup, made safe as always`, () => {
    const divs = MAX_HTML_DEPTH - 1;
    const { rendered, warnings } = renderPost(`${'<div>'.repeat(divs)}<b onclick="x()">kept</b>${'</div>'.repeat(divs)}\n`, POST, templateSite('hugo'));
    expect(rendered.html).toContain('<b>kept</b>');
    expect(rendered.html).not.toContain('onclick');
    expect(warnings).toEqual([]);
  });

  it('text only: markup gone, entities decoded once and escaped again', () => {
    expect(textOnly('<p>a &lt;tag&gt; &amp; more</p><p></p>')).toBe('<p>a &lt;tag&gt; &amp; more</p>');
    expect(textOnly('<b><i></i></b>')).toBe('');
  });
});
