import { Feed } from 'feed';
import { describe, expect, it } from 'vitest';
import { cleanText, escapeXmlAttribute, escapeXmlText, feedCdata, feedText, xmlCharacterData } from '../../src/documents/xml-text.ts';
import { NS, child, children, readXml } from '../support/feed-checks.ts';

/** Every string over `alphabet` up to `length` characters. */
function allStrings(alphabet: string[], length: number): string[] {
  let level = [''];
  const all = [''];
  for (let size = 1; size <= length; size++) {
    level = level.flatMap((prefix) => alphabet.map((char) => prefix + char));
    all.push(...level);
  }
  return all;
}

/** What a parser reads from the CDATA and text fields `feed` writes for each string. */
function throughFeed(texts: string[], prepare: { cdata: (s: string) => string; text: (s: string) => string }) {
  const feed = new Feed({ title: 'x', link: 'https://example.com/', updated: new Date(0), generator: false });
  for (const text of texts) {
    feed.addItem({
      title: prepare.cdata(text),
      link: 'https://example.com/',
      date: new Date(0),
      guid: prepare.text(`guid ${text}`),
      category: [{ name: prepare.text(`category ${text}`) }],
    });
  }
  const items = children(child(readXml(feed.rss2()), NS.none, 'channel'), NS.none, 'item');
  return items.map((item) => ({
    cdata: child(item, NS.none, 'title').text,
    text: child(item, NS.none, 'guid').text.replace(/^guid /, ''),
    categoryText: child(item, NS.none, 'category').text.replace(/^category /, ''),
  }));
}

describe('cleanText', () => {
  it('removes what XML 1.0 cannot carry', () => {
    const illegal = ['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001f', '\ufffe', '\uffff', '\ud800', '\udfff'];
    for (const char of illegal) expect(cleanText(`a${char}b`)).toBe('ab');
  });

  it('keeps tab, LF, astral characters and well-paired surrogates', () => {
    expect(cleanText('a\tb\nc 😀 \ud83d\ude00 \ue000 \ufffd')).toBe('a\tb\nc 😀 😀 \ue000 \ufffd');
  });

  it('writes CR and CRLF as LF, as an XML parser would read them', () => {
    expect(cleanText('a\r\nb\rc\n')).toBe('a\nb\nc\n');
  });
});

describe('feedCdata', () => {
  it('splits every "]]>" but the first, which xml-js splits itself', () => {
    expect(feedCdata('no end here')).toBe('no end here');
    expect(feedCdata('a]]>b')).toBe('a]]>b');
    expect(feedCdata('a]]>b]]>c]]>')).toBe('a]]>b]]]]><![CDATA[>c]]]]><![CDATA[>');
  });

  it('lets feed write any string of "]", ">" and "x" as CDATA that reads back exactly', () => {
    // feed leaves out an empty title, so the empty string is not among them.
    const texts = allStrings([']', '>', 'x'], 7).filter((text) => text !== '');
    const read = throughFeed(texts, { cdata: feedCdata, text: feedText });
    expect(read.map((item) => item.cdata)).toEqual(texts);
  });

  it('is needed: without it a second "]]>" breaks the document', () => {
    expect(() => throughFeed(['a]]>b]]>c'], { cdata: (s) => s, text: feedText })).toThrow(/]]>/);
  });
});

describe('feedText', () => {
  it('lets feed write text with "&", entities and markup that reads back exactly', () => {
    const texts = ['Tom & Jerry', 'AT&amp;T', '&amp;amp;', '&lt;b&gt;', '<b>"q"</b> \'x\'', '&#38;'];
    const read = throughFeed(texts, { cdata: feedCdata, text: feedText });
    expect(read.map((item) => item.text)).toEqual(texts);
    expect(read.map((item) => item.categoryText)).toEqual(texts);
  });

  it('is needed: without it xml-js reads a literal "&amp;" as "&"', () => {
    const [read] = throughFeed(['AT&amp;T'], { cdata: feedCdata, text: (s) => s });
    expect(read?.text).toBe('AT&T');
  });
});

describe('our escaping', () => {
  it('escapes text so that "]]>" and markup stay text', () => {
    expect(escapeXmlText('a]]>b <c> & \r')).toBe('a]]&gt;b &lt;c&gt; &amp; &#13;');
  });

  it('writes markup as CDATA split at every "]]>", and reads back exactly', () => {
    const text = '<p>a]]>b]]>]]>c & d</p>';
    const written = xmlCharacterData(text);
    expect(written).toBe('<![CDATA[<p>a]]]]><![CDATA[>b]]]]><![CDATA[>]]]]><![CDATA[>c & d</p>]]>');
    expect(readXml(`<x>${written}</x>`).text).toBe(text);
  });

  it('escapes text without markup, and text with a CR, which CDATA would lose', () => {
    expect(xmlCharacterData('Tom & Jerry ]]>')).toBe('Tom &amp; Jerry ]]&gt;');
    expect(readXml(`<x>${xmlCharacterData('<b>\r\n</b>')}</x>`).text).toBe('<b>\r\n</b>');
  });

  it('escapes attribute values, keeping whitespace through attribute normalisation', () => {
    const value = 'a<b & "c"\td\ne\rf';
    const escaped = escapeXmlAttribute(value);
    expect(escaped).toBe('a&lt;b &amp; &quot;c&quot;&#9;d&#10;e&#13;f');
    expect(readXml(`<x a="${escaped}"/>`).attributes.a).toBe(value);
  });
});
