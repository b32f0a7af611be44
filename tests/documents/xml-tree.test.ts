import { describe, expect, it } from 'vitest';
import {
  declareNamespaces,
  pairChildren,
  parseXml,
  replaceChildren,
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
  it('replaces children in place of the first one, or before a given sibling', () => {
    const root = xmlElement('r', {}, [textElement('a', '1'), textElement('l', 'old'), textElement('l', 'old'), textElement('e', '')]);
    replaceChildren(root, 'l', [textElement('l', 'new')]);
    replaceChildren(root, 'm', [textElement('m', 'added')], 'e');
    expect(serializeXml(root)).toContain('<a>1</a>\n  <l>new</l>\n  <m>added</m>\n  <e/>');
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

  it('refuses a prefix it has no namespace for', () => {
    expect(() => declareNamespaces(xmlElement('r', {}, [xmlElement('media:content')]), {})).toThrow(/"media"/);
  });
});
