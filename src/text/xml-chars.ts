/**
 * The characters XML 1.0 cannot carry, as one rule for every layer: post parsing drops them from
 * titles, the documents drop them from every string, so the feeds and the index agree.
 */

// XML 1.0 `Char`: anything else cannot be written at all, not even as a character reference.
// With the `u` flag a lone surrogate is one code point outside every range, so it is matched too.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The string without characters XML cannot carry (C0 controls other than tab, LF and CR,
 * U+FFFE, U+FFFF, lone surrogates) and with CR and CRLF as LF, which is what every XML parser
 * would turn them into; JSON gets the same text so that no format reads differently.
 */
export function cleanText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/\r\n?/g, '\n');
}
