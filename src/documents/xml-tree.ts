/**
 * A minimal XML tree: `feed` writes the element layout, we read it back into this tree, add what
 * `feed` cannot express, and serialise it with our own escaping and 2-space indentation: a
 * document without its items, and each item's element, which is then added to it as text.
 */
import { SaxesParser } from 'saxes';
import type { FileText } from '../model.ts';
import { escapeXmlAttribute, xmlCharacterData } from './xml-text.ts';

export interface XmlElement {
  /** Qualified name as written, e.g. `atom:link`. */
  name: string;
  /** In document order; `set` on an existing name keeps its place. */
  attributes: Map<string, string>;
  children: XmlNode[];
}

/** A string is character data (text and CDATA alike). */
export type XmlNode = XmlElement | string;

export function xmlElement(name: string, attributes: Record<string, string> = {}, children: XmlNode[] = []): XmlElement {
  return { name, attributes: new Map(Object.entries(attributes)), children };
}

export function textElement(name: string, text: string, attributes: Record<string, string> = {}): XmlElement {
  return xmlElement(name, attributes, text === '' ? [] : [text]);
}

function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

export function childElements(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((node): node is XmlElement => isElement(node) && node.name === name);
}

/** The first child called `name`; its absence means `feed` changed shape under us. */
export function childElement(parent: XmlElement, name: string): XmlElement {
  const child = childElements(parent, name)[0];
  if (!child) throw new Error(`<${parent.name}> has no <${name}>: the layout written by \`feed\` changed`);
  return child;
}

export function setText(element: XmlElement, text: string): void {
  element.children = text === '' ? [] : [text];
}

/** Puts `replacements` where the first child called `name` was (else last) and removes every child called `name`. */
export function replaceChildren(parent: XmlElement, name: string, replacements: XmlElement[]): void {
  const at = parent.children.findIndex((node) => isElement(node) && node.name === name);
  const kept = parent.children.filter((node) => !isElement(node) || node.name !== name);
  const index = at !== -1 ? at : kept.length;
  parent.children = [...kept.slice(0, index), ...replacements, ...kept.slice(index)];
}

/** Each child called `name` with the value at the same position; their counts must agree. */
export function pairChildren<T>(parent: XmlElement, name: string, values: readonly T[]): [XmlElement, T][] {
  const children = childElements(parent, name);
  if (children.length !== values.length) {
    throw new Error(`<${parent.name}> has ${children.length} <${name}> for ${values.length} values`);
  }
  return children.map((child, index) => [child, values[index] as T]);
}

/**
 * The element `depth` levels down the chain of last children from `root`, where elements
 * serialised at `depth + 1` can be added as its last children by `appendSerializedChildren`:
 * every element on the chain must have element children only, which are written on lines of
 * their own. Throws if it is not so.
 */
export function lastElementAt(root: XmlElement, depth: number): XmlElement {
  let element = root;
  for (let level = 0; ; level++) {
    if (element.children.length === 0 || !element.children.every(isElement)) {
      throw new Error(`<${element.name}> does not have its children on lines of their own, so none can be added after them as text`);
    }
    if (level === depth) return element;
    element = element.children[element.children.length - 1] as XmlElement;
  }
}

/**
 * Declares on `root` exactly the prefixes the document uses (in its tree, or in `alsoUsed`: those
 * of elements spliced in as text), in alphabetical order, so a declaration never depends on which
 * other element happens to be present.
 */
export function declareNamespaces(root: XmlElement, known: Readonly<Record<string, string>>, alsoUsed: Iterable<string> = []): void {
  for (const name of [...root.attributes.keys()]) if (name.startsWith('xmlns:')) root.attributes.delete(name);
  for (const prefix of [...new Set([...usedPrefixes(root), ...alsoUsed])].sort()) {
    const uri = known[prefix];
    if (uri === undefined) throw new Error(`no namespace is known for the prefix "${prefix}"`);
    root.attributes.set(`xmlns:${prefix}`, uri);
  }
}

/** The namespace prefixes of `element` and its descendants, in names and attribute names. */
export function usedPrefixes(element: XmlElement, found = new Set<string>()): Set<string> {
  addPrefix(element.name, found);
  for (const name of element.attributes.keys()) if (name !== 'xmlns' && !name.startsWith('xmlns:')) addPrefix(name, found);
  for (const child of element.children) if (isElement(child)) usedPrefixes(child, found);
  return found;
}

// `xml:` is bound by XML itself and must not be declared.
function addPrefix(name: string, found: Set<string>): void {
  const colon = name.indexOf(':');
  const prefix = name.slice(0, colon);
  if (colon > 0 && prefix !== 'xml') found.add(prefix);
}

/** Parses a document we trust to be well-formed (it comes from `feed`); throws if it is not. */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser();
  const document = xmlElement('#document');
  const stack: XmlElement[] = [document];
  const current = () => stack[stack.length - 1] as XmlElement;
  parser.on('opentag', (tag) => {
    const element = xmlElement(tag.name, tag.attributes);
    current().children.push(element);
    stack.push(element);
  });
  parser.on('text', (data) => appendText(current(), data));
  parser.on('cdata', (data) => appendText(current(), data));
  parser.on('closetag', () => dropIndentation(stack.pop() as XmlElement));
  parser.write(text).close();
  const root = document.children.find(isElement);
  if (!root) throw new Error('the document has no root element');
  return root;
}

function appendText(element: XmlElement, data: string): void {
  const last = element.children.length - 1;
  const previous = element.children[last];
  if (typeof previous === 'string') element.children[last] = previous + data;
  else element.children.push(data);
}

/** Whitespace between child elements is layout, not content: these formats have no mixed content. */
function dropIndentation(element: XmlElement): void {
  if (!element.children.some(isElement)) return;
  element.children = element.children.filter((node) => isElement(node) || node.trim() !== '');
}

/** Writes `text`, a piece of `element`'s character data, as XML. */
export type CharacterDataWriter = (text: string, element: XmlElement) => string;

const INDENT = '  ';

/** `writeText` chooses per element how text is written; by default markup goes into CDATA. */
export function serializeXml(root: XmlElement, writeText: CharacterDataWriter = xmlCharacterData, stylesheet?: string): string {
  // A pseudo-attribute is written as an attribute is: no URL can end the instruction early.
  const styled = stylesheet === undefined ? '' : `<?xml-stylesheet type="text/css" href="${escapeXmlAttribute(stylesheet)}"?>\n`;
  return `<?xml version="1.0" encoding="utf-8"?>\n${styled}${serializeElement(root, 0, writeText)}\n`;
}

/**
 * `element` as `serializeXml` writes it `depth` levels below the root, from its indentation to
 * its end tag: the same text, so that it can be spliced into a document serialised without it.
 */
export function serializeElement(element: XmlElement, depth: number, writeText: CharacterDataWriter = xmlCharacterData): string {
  return writeIndented(element, INDENT.repeat(depth), writeText);
}

/**
 * `text`, which `serializeXml` wrote of `root`, with `elements` (each written by `serializeElement`
 * at `depth`) added as the last children of `lastElementAt(root, depth - 1)`. That parent's end
 * tag starts a line, and after it come only its ancestors' end tags, each less indented: so the
 * last occurrence of that line is the parent's end tag. In pieces, so the elements are not copied.
 */
export function appendSerializedChildren(text: string, root: XmlElement, depth: number, elements: readonly string[]): FileText {
  const parent = lastElementAt(root, depth - 1);
  const at = text.lastIndexOf(`\n${INDENT.repeat(depth - 1)}</${parent.name}>`);
  return [text.slice(0, at), ...elements.flatMap((element) => ['\n', element]), text.slice(at)];
}

function writeIndented(element: XmlElement, indent: string, writeText: CharacterDataWriter): string {
  const { children } = element;
  if (children.length === 0 || !children.every(isElement)) return indent + writeInline(element, writeText);
  const inner = children.map((child) => writeIndented(child, indent + INDENT, writeText)).join('\n');
  return `${indent}${openTag(element)}>\n${inner}\n${indent}</${element.name}>`;
}

/** Without added whitespace, so text (and mixed content, should it ever occur) stays exact. */
function writeInline(element: XmlElement, writeText: CharacterDataWriter): string {
  if (element.children.length === 0) return `${openTag(element)}/>`;
  const inner = element.children.map((node) => (isElement(node) ? writeInline(node, writeText) : writeText(node, element))).join('');
  return `${openTag(element)}>${inner}</${element.name}>`;
}

function openTag(element: XmlElement): string {
  let tag = `<${element.name}`;
  for (const [name, value] of element.attributes) tag += ` ${name}="${escapeXmlAttribute(value)}"`;
  return tag;
}
