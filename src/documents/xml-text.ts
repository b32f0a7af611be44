/**
 * Strings on their way into documents. `cleanText` applies to every format, so the three read the
 * same; `feedText` and `feedCdata` undo what `feed` 6 (through xml-js 1.6) does wrong to the
 * strings it is given, so that what it writes parses back to exactly the string we meant.
 */

export { cleanText } from '../text/xml-chars.ts';

/**
 * For a string that `feed` writes as element text. xml-js first turns every `&amp;` back into `&`
 * ("to avoid double sanitization") and then escapes: a literal `&amp;` would be read as `&`.
 * Escaping `&` beforehand makes that round trip exact.
 */
export function feedText(text: string): string {
  return text.replaceAll('&', '&amp;');
}

const CDATA_END = ']]>';
const CDATA_SPLIT = ']]]]><![CDATA[>';

/**
 * For a string that `feed` writes as CDATA. xml-js splits only the first `]]>` (a string pattern
 * in `String#replace`); a later one would end the section early and break the document. We split
 * every later one and leave the first to xml-js, so each is split exactly once.
 */
export function feedCdata(text: string): string {
  const first = text.indexOf(CDATA_END);
  if (first === -1) return text;
  const afterFirst = first + CDATA_END.length;
  return text.slice(0, afterFirst) + text.slice(afterFirst).replaceAll(CDATA_END, CDATA_SPLIT);
}

const XML_TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const XML_ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...XML_TEXT_ESCAPES,
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
};

/**
 * Character data as XML, for our own serializer. Markup (HTML bodies, mostly) goes into CDATA,
 * split at every `]]>`: smaller than escaping every `<`, and much faster to parse again; the rest
 * is escaped. A CR must be a reference to survive, so text with one is always escaped.
 */
export function xmlCharacterData(text: string): string {
  if (!text.includes('<') || text.includes('\r')) return escapeXmlText(text);
  return `<![CDATA[${text.replaceAll(CDATA_END, CDATA_SPLIT)}]]>`;
}

const PLAIN_TEXT_ESCAPES: Record<string, string> = { '&': '&#x26;', '<': '&#x3C;', '>': '&gt;', '\r': '&#xD;' };

/**
 * Plain text as the RSS Best Practices Profile asks for it: `&` and `<` as hexadecimal character
 * references, never CDATA, so that a reader which takes the element for HTML still shows text
 * (the W3C validator warns about CDATA or `&amp;` in RSS plain text). Reads back like any escaping.
 */
export function xmlPlainText(text: string): string {
  return text.replace(/[&<>\r]/g, (char) => PLAIN_TEXT_ESCAPES[char] as string);
}

export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (char) => XML_TEXT_ESCAPES[char] as string);
}

/** An attribute value as XML, double-quoted; whitespace as references so normalisation keeps it. */
export function escapeXmlAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (char) => XML_ATTRIBUTE_ESCAPES[char] as string);
}
