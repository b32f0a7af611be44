/**
 * The linear `footnote_tail` rule gives exactly what markdown-it-footnote's own rule gives (the
 * plugin copies the whole token list once per footnote: 20,000 footnotes took 10 s to render,
 * which the hostile-input collection in tests/hostile/ now renders in well under a second).
 */
import markdownIt from 'markdown-it';
import footnote from 'markdown-it-footnote';
import { describe, expect, it, vi } from 'vitest';
import { useLinearFootnoteTail } from '../../src/render/footnote-tail.ts';
import { renderPost } from '../../src/render/render-post.ts';
import { templateSite } from '../support/template-site.ts';

const plugin = markdownIt({ html: true }).use(footnote);
const linear = markdownIt({ html: true }).use(footnote);
useLinearFootnoteTail(linear);

const DOCUMENTS: Record<string, string> = {
  'no footnotes': 'Just text.\n',
  'one reference': 'Text[^1].\n\n[^1]: The note.\n',
  'a reference used three times': 'A[^x] b[^x] c[^x].\n\n[^x]: Shared.\n',
  'an inline footnote': 'Text^[inline *note*] here.\n',
  'a definition of several paragraphs and a list': 'T[^long].\n\n[^long]: First.\n\n    Second.\n\n    - item\n',
  'a definition that ends in a code block': 'T[^c].\n\n[^c]: Intro.\n\n        code\n',
  'a definition never used, a reference never defined': 'T[^missing].\n\n[^unused]: Nobody points here.\n',
  'a footnote inside a footnote': 'T[^a].\n\n[^a]: Has its own[^b].\n[^b]: Inner.\n',
  'definitions before the references, in a blockquote': '[^q]: Defined first.\n\n> Quoted[^q].\n',
  'labels that are Object.prototype members': 'A[^constructor] b[^__proto__].\n\n[^constructor]: C.\n[^__proto__]: P.\n',
  'many footnotes of every kind': Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `^[inline ${i}]` : `[^n${i % 50}]`)).join(' ')
    + '\n\n' + Array.from({ length: 50 }, (_, i) => `[^n${i}]: Note ${i}.`).join('\n') + '\n',
};

describe('the linear footnote_tail rule', () => {
  it.each(Object.entries(DOCUMENTS))('renders %s as the plugin does', (_name, source) => {
    expect(linear.render(source)).toBe(plugin.render(source));
    expect(JSON.stringify(linear.parse(source, {}))).toBe(JSON.stringify(plugin.parse(source, {})));
  });

  it('is the rule posts are rendered with: no copy of the token list per footnote (the plugin makes one each)', () => {
    const post = { key: 'notes.md', url: 'https://blog.example.com/notes/', title: 'Notes', bodyLine: 4, params: {} };
    const count = 2000;
    const body = `${Array.from({ length: count }, (_, i) => `[^${i}]`).join(' ')}\n\n${Array.from({ length: count }, (_, i) => `[^${i}]: n${i}`).join('\n')}\n`;
    renderPost('Warm up[^a].\n\n[^a]: x\n', post, templateSite('plain'));
    // Counted, not timed: the plugin's rule calls concat once per footnote, whatever the machine.
    const concat = vi.spyOn(Array.prototype, 'concat');
    try {
      expect(renderPost(body, post, templateSite('plain')).rendered.html).toContain(`n${count - 1}`);
      expect(concat.mock.calls.length).toBeLessThan(count / 10);
    } finally {
      concat.mockRestore();
    }
  });

  it('replaces the plugin rule in place, keeping the rule order', () => {
    const names = (md: typeof plugin) => (md.core.ruler as unknown as { __rules__: { name: string }[] }).__rules__.map((rule) => rule.name);
    expect(names(linear)).toEqual(names(plugin));
  });
});
