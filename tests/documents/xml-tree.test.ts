import { describe, expect, it } from 'vitest';
import {
  appendSerializedChildren,
  declareNamespaces,
  lastElementAt,
  pairChildren,
  parseXml,
  replaceChildren,
  serializeElement,
  serializeXml,
  textElement,
  xmlElement,
} from '../../src/documents/xml-tree.ts';
import { readXml } from '../support/feed-checks.ts';

describe('parseXml and serializeXml', () => {
  it('re-indents with two spaces and keeps text, CDATA and whitespace-only text exactly', () => {
    const source = '<?xml version="1.0"?>\n<r a="1 &amp; 2">\n    <t><![CDATA[x]]]]><![CDATA[>y <b>]]></t>\n    <s> </s>\n    <e></e>\n</r>';
    expect(serializeXml(parseXml(source))).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<r a="1 &amp; 2">',
        '  <t><![CDATA[x]]]]><![CDATA[>y <b>]]></t>',
        '  <s> </s>',
        '  <e/>',
        '</r>',
        '',
      ].join('\n'),
    );
  });

  it('writes mixed content without adding whitespace to it', () => {
    const root = xmlElement('p', {}, ['a ', textElement('b', 'bold'), ' c']);
    expect(serializeXml(root)).toBe('<?xml version="1.0" encoding="utf-8"?>\n<p>a <b>bold</b> c</p>\n');
  });

  it('throws on input that is not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow();
  });
});

describe('tree edits', () => {
  it('replaces children in place of the first one, else adds them last, and removes them all given none', () => {
    const root = xmlElement('r', {}, [textElement('a', '1'), textElement('l', 'old'), textElement('l', 'old'), textElement('e', '')]);
    replaceChildren(root, 'l', [textElement('l', 'new')]);
    replaceChildren(root, 'm', [textElement('m', 'added')]);
    expect(serializeXml(root)).toContain('<a>1</a>\n  <l>new</l>\n  <e/>\n  <m>added</m>');
    replaceChildren(root, 'l', []);
    expect(serializeXml(root)).toContain('<a>1</a>\n  <e/>\n  <m>added</m>');
  });

  it('pairs children with values and refuses a count mismatch', () => {
    const root = xmlElement('r', {}, [textElement('i', '1'), textElement('i', '2')]);
    expect(pairChildren(root, 'i', ['a', 'b']).map(([element, value]) => [element.children[0], value])).toEqual([
      ['1', 'a'],
      ['2', 'b'],
    ]);
    expect(() => pairChildren(root, 'i', ['a'])).toThrow(/2 <i> for 1/);
  });

  it('declares exactly the prefixes in use, wherever they are used', () => {
    const root = xmlElement('rss', { version: '2.0', 'xmlns:unused': 'urn:x' }, [
      xmlElement('item', {}, [textElement('dc:creator', 'Ada')]),
      xmlElement('x', { 'xml:lang': 'en', 'atom:rel': 'self' }),
    ]);
    declareNamespaces(root, { atom: 'urn:atom', dc: 'urn:dc', unused: 'urn:x' });
    expect([...root.attributes]).toEqual([
      ['version', '2.0'],
      ['xmlns:atom', 'urn:atom'],
      ['xmlns:dc', 'urn:dc'],
    ]);
    expect(() => readXml(serializeXml(root))).not.toThrow();
  });

  it('declares the prefixes of elements to be added as text, given apart', () => {
    const root = xmlElement('rss', { version: '2.0' }, [xmlElement('atom:link')]);
    declareNamespaces(root, { atom: 'urn:atom', dc: 'urn:dc', content: 'urn:content' }, ['dc', 'atom']);
    expect([...root.attributes.keys()]).toEqual(['version', 'xmlns:atom', 'xmlns:dc']);
  });

  it('refuses a prefix it has no namespace for', () => {
    expect(() => declareNamespaces(xmlElement('r', {}, [xmlElement('media:content')]), {})).toThrow(/"media"/);
  });
});

describe('elements serialised apart and added as text', () => {
  const item = (n: string) => xmlElement('item', {}, [textElement('title', `T${n}`), textElement('dc:creator', 'A & B')]);
  const document = (items: string[]) =>
    xmlElement('rss', { version: '2.0' }, [xmlElement('channel', {}, [textElement('title', 'C </channel>\n  </channel>'), ...items.map(item)])]);

  it('gives the bytes of serialising the whole tree', () => {
    const skeleton = document([]);
    const text = appendSerializedChildren(serializeXml(skeleton), skeleton, 2, ['1', '2'].map((n) => serializeElement(item(n), 2))).join('');
    expect(text).toBe(serializeXml(document(['1', '2'])));
  });

  it('leaves the document as it is given no elements', () => {
    const skeleton = document([]);
    expect(appendSerializedChildren(serializeXml(skeleton), skeleton, 2, []).join('')).toBe(serializeXml(skeleton));
  });

  it('adds them only at the end of the chain of last children, whose end tags start lines', () => {
    const root = document(['1']);
    expect(lastElementAt(root, 1).name).toBe('channel');
    expect(() => lastElementAt(xmlElement('rss', {}, [xmlElement('channel')]), 1)).toThrow(/<channel> does not have its children on lines of their own/);
    expect(() => lastElementAt(xmlElement('p', {}, ['text ', xmlElement('b')]), 0)).toThrow(/<p>/);
  });
});
