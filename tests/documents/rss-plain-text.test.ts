/**
 * RSS plain text as the RSS Best Practices Profile asks for it (the W3C validator warns "Encode
 * "&" and "<" in plain text using hexadecimal character references" otherwise): `&` as `&#x26;`
 * and `<` as `&#x3C;`, no CDATA, in the channel title and description, item titles, categories
 * and dc:creator. The HTML elements (content:encoded, the item description) keep CDATA or
 * escaping, and every string still reads back exactly. Atom is written as before.
 */
import { describe, expect, it } from 'vitest';
import { xmlCharacterData, xmlPlainText } from '../../src/documents/xml-text.ts';
import { parseXml, serializeXml } from '../../src/documents/xml-tree.ts';
import { NS, TRICKY, child, childText, children, makeFeedDocument, makeFeedItem, readXml, rssChannel } from '../support/feed-checks.ts';
import { renderAtom, renderRss } from './render.ts';

const HOSTILE_TITLE = `${TRICKY.title} ]]> ${TRICKY.literalEntity}`;

function hostileDocument() {
  return makeFeedDocument({
    title: 'Blog: C++ & <templates>',
    description: 'Posts on “C++ & <templates>” ]]>',
    items: [
      makeFeedItem({
        title: HOSTILE_TITLE,
        summary: 'a <b>bold</b> & "c"',
        html: TRICKY.html,
        categories: [TRICKY.category, 'Q&A'],
        authors: [{ name: 'Tom & <Jerry>' }],
      }),
    ],
  });
}

/** The raw inner XML of the first `<name>…</name>` on one line of `xml`. */
function raw(xml: string, name: string): string {
  const match = new RegExp(`<${name}>(.*?)</${name}>`).exec(xml);
  if (!match) throw new Error(`no <${name}> in ${xml}`);
  return match[1] ?? '';
}

describe('xmlPlainText', () => {
  it('writes "&" and "<" as hexadecimal references and ">" as &gt;, never CDATA', () => {
    expect(xmlPlainText('Tom & Jerry <b>]]> AT&amp;T')).toBe('Tom &#x26; Jerry &#x3C;b&gt;]]&gt; AT&#x26;amp;T');
    expect(xmlPlainText('plain')).toBe('plain');
  });

  it('reads back exactly, whatever the string', () => {
    for (const text of [TRICKY.title, TRICKY.html, TRICKY.category, TRICKY.literalEntity, '&#x26; &lt; ]]>]]>', 'a\r\nb']) {
      expect(readXml(`<x>${xmlPlainText(text)}</x>`).text).toBe(text);
    }
  });
});

describe('serializeXml', () => {
  it('writes each element\'s text as the writer chooses for that element, CDATA by default', () => {
    const root = parseXml('<r><a>x &amp; &lt;y&gt;</a><b>x &amp; &lt;y&gt;</b></r>');
    expect(serializeXml(root)).toContain('<a><![CDATA[x & <y>]]></a>');
    const chosen = serializeXml(root, (text, element) => (element.name === 'a' ? xmlPlainText(text) : xmlCharacterData(text)));
    expect(chosen).toContain('<a>x &#x26; &#x3C;y&gt;</a>');
    expect(chosen).toContain('<b><![CDATA[x & <y>]]></b>');
  });
});

describe('renderRss plain text', () => {
  it('writes "&" and "<" in channel title and description, item title, category and dc:creator as hex references', () => {
    const xml = renderRss(hostileDocument());
    const channelPart = xml.slice(0, xml.indexOf('<item>'));
    const itemPart = xml.slice(xml.indexOf('<item>'));
    expect(raw(channelPart, 'title')).toBe('Blog: C++ &#x26; &#x3C;templates&gt;');
    expect(raw(channelPart, 'description')).toBe('Posts on “C++ &#x26; &#x3C;templates&gt;” ]]&gt;');
    expect(raw(itemPart, 'title')).toBe(
      'Tom &#x26; Jerry &#x3C;b&gt;"quoted"&#x3C;/b&gt; \'x\' ]]&gt; AT&#x26;amp;T',
    );
    expect([...itemPart.matchAll(/<category>(.*?)<\/category>/g)].map((match) => match[1])).toEqual([
      'C&#x3C;T &#x26; &#x3C;script&gt;',
      'Q&#x26;A',
    ]);
    expect(raw(itemPart, 'dc:creator')).toBe('Tom &#x26; &#x3C;Jerry&gt;');
  });

  it('uses CDATA only in the HTML elements, content:encoded split at every "]]>"', () => {
    const xml = renderRss(hostileDocument());
    const cdataLines = xml.split('\n').filter((line) => line.includes('<![CDATA['));
    expect(cdataLines.every((line) => line.trimStart().startsWith('<content:encoded>'))).toBe(true);
    expect(raw(xml, 'content:encoded')).toBe('<![CDATA[<p>one ]]]]><![CDATA[> two</p><pre><code>a]]]]><![CDATA[>b]]]]><![CDATA[>c</code></pre>]]>');
    // The item description is escaped HTML, as before: what a reader shows is the summary.
    const itemPart = xml.slice(xml.indexOf('<item>'));
    expect(raw(itemPart, 'description')).toBe('a &amp;lt;b&amp;gt;bold&amp;lt;/b&amp;gt; &amp;amp; "c"');
  });

  it('never leaves "&" or "<" in plain text without a hexadecimal reference on its line (the validator\'s rule)', () => {
    const xml = renderRss(hostileDocument());
    const plain = /^\s*<(title|description|category|dc:creator|guid|link|generator|language)>(.*)<\/\1>$/;
    const itemDescription = raw(xml.slice(xml.indexOf('<item>')), 'description');
    for (const line of xml.split('\n')) {
      const match = plain.exec(line);
      if (!match || match[2] === itemDescription) continue;
      const text = readXml(`<x>${match[2]}</x>`).text;
      if (/[&<]/.test(text)) expect(line, line).toContain('&#x');
      expect(line, line).not.toMatch(/&amp;|&lt;|CDATA/);
    }
  });

  it('reads back exactly: the same strings as before, in well-formed XML', () => {
    const channel = rssChannel(renderRss(hostileDocument()));
    expect(childText(channel, NS.none, 'title')).toBe('Blog: C++ & <templates>');
    expect(childText(channel, NS.none, 'description')).toBe('Posts on “C++ & <templates>” ]]>');
    const [item] = children(channel, NS.none, 'item');
    if (!item) throw new Error('no item');
    expect(childText(item, NS.none, 'title')).toBe(HOSTILE_TITLE);
    expect(childText(item, NS.content, 'encoded')).toBe(TRICKY.html);
    expect(children(item, NS.none, 'category').map((category) => category.text)).toEqual([TRICKY.category, 'Q&A']);
    expect(children(item, NS.dc, 'creator').map((creator) => creator.text)).toEqual(['Tom & <Jerry>']);
  });
});

describe('renderAtom', () => {
  it('is written as before: text with markup in CDATA, no hexadecimal references', () => {
    const xml = renderAtom(hostileDocument());
    expect(xml).toContain('<title><![CDATA[Blog: C++ & <templates>]]></title>');
    expect(xml).toContain('<category term="Q&amp;A"/>');
    expect(xml).toContain(`<title type="text"><![CDATA[Tom & Jerry <b>"quoted"</b> 'x' ]]]]><![CDATA[> AT&amp;T]]></title>`);
    expect(xml).not.toContain('&#x');
    expect(child(readXml(xml), NS.atom, 'title').text).toBe('Blog: C++ & <templates>');
  });
});
