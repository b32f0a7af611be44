import sanitizeHtml from 'sanitize-html';
import { embedFromPlayer } from './embeds.ts';
import { absoluteUrl, parseSrcset, resolveUrl } from './urls.ts';

/** Close to what Miniflux, Feedly and NetNewsWire keep: text, tables, lists, media; no forms, scripts, frames or SVG. */
const ALLOWED_TAGS = [
  // Sectioning elements come from sites' own shortcode templates (`<aside>{{inner}}</aside>`).
  'article', 'aside', 'footer', 'header', 'section',
  'a', 'abbr', 'acronym', 'audio', 'b', 'bdi', 'bdo', 'big', 'blockquote', 'br', 'caption', 'cite', 'code', 'col',
  'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'picture', 'pre', 'q', 'rp', 'rt', 'ruby', 's',
  'samp', 'small', 'source', 'span', 'strike', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'time', 'tr', 'tt', 'u', 'ul', 'var', 'video', 'wbr',
];

const HEADING_ANCHOR = ['id'];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  '*': ['title', 'lang', 'dir'],
  // `rel` says what the author vouches for (nofollow, sponsored); `target` is the reader's to choose.
  a: ['href', 'rel'],
  img: ['src', 'srcset', 'sizes', 'alt', 'width', 'height', 'loading'],
  source: ['src', 'srcset', 'sizes', 'media', 'type'],
  video: ['src', 'poster', 'controls', 'width', 'height', 'loop', 'muted', 'playsinline'],
  audio: ['src', 'controls'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  time: ['datetime'],
  q: ['cite'],
  blockquote: ['cite'],
  del: ['cite', 'datetime'],
  ins: ['cite', 'datetime'],
  details: ['open'],
  h1: HEADING_ANCHOR,
  h2: HEADING_ANCHOR,
  h3: HEADING_ANCHOR,
  h4: HEADING_ANCHOR,
  h5: HEADING_ANCHOR,
  h6: HEADING_ANCHOR,
};

/**
 * Dropped with everything inside: code, form controls and frames mean nothing in a reader. Other
 * tags outside the allow-list lose only the tag; `noscript`, `object` and `form` keep their
 * content, since a reader runs no scripts or plugins and the fallback is what it can show.
 */
const DROPPED_WITH_CONTENT = [
  'script', 'style', 'template', 'textarea', 'select', 'option', 'button', 'xmp', 'title', 'iframe', 'frameset', 'svg', 'math',
];

/** Void elements, written `<br />` so the text stays well-formed XML; the library closes the others with an end tag. */
const VOID_TAGS = ['br', 'col', 'hr', 'img', 'source', 'wbr'];

const SCHEMES = ['http', 'https', 'mailto', 'tel'];
const IMAGE_SCHEMES = [...SCHEMES, 'data'];
const IMAGE_TAGS = new Set(['img', 'source']);
/** Raster images only: an SVG or HTML `data:` URL can carry script. */
const IMAGE_DATA = /^image\/(?:png|jpeg|gif|webp|avif)[;,]/i;
const URL_ATTRIBUTES = new Set(['href', 'src', 'poster', 'cite']);

function allowedScheme(url: URL, imageData: boolean): boolean {
  const scheme = url.protocol.slice(0, -1);
  return SCHEMES.includes(scheme) || (imageData && scheme === 'data' && IMAGE_DATA.test(url.pathname));
}

/** `value` made absolute against `base`, or undefined when its scheme is not one a reader may follow. */
function safeUrl(value: string, base: string, imageData: boolean): string | undefined {
  // The resolver drops tabs and newlines and lower-cases the scheme, so `java&#x09;script:` and
  // ` JaVaScRiPt:` reach the check as plain `javascript:`.
  const url = resolveUrl(value, base);
  if (url === undefined || !allowedScheme(url, imageData)) return undefined;
  // The library's scheme check cuts `<!--…-->` out of a URL one pair at a time, re-reading the
  // URL each time: quadratic in pairs. The resolver escapes `<` and `>` in http(s) URLs but not in
  // the body of `mailto:` or `data:`; escaping them there too changes nothing a reader decodes.
  return url.href.replaceAll('<', '%3C').replaceAll('>', '%3E');
}

/** A density (`1.5x`) or non-zero width (`640w`) descriptor, or none: what the library's srcset parser takes silently. */
const DESCRIPTOR = /^(?:(?:\d+|\d*\.\d+)x|0*[1-9]\d*w)?$/;

/**
 * Kept candidates, resolved, or undefined when none is left. The library parses srcset again
 * after this, and logs the whole attribute for each candidate it rejects, so rejected ones (bad
 * descriptor, scheme) go here. ` , ` separates candidates: a URL ending in a comma, which its
 * parser strips with a regular expression that is quadratic in a run of commas, never reaches it.
 */
function safeSrcset(srcset: string, base: string, imageData: boolean): string | undefined {
  const kept: string[] = [];
  for (const { url, descriptor } of parseSrcset(srcset)) {
    const safe = DESCRIPTOR.test(descriptor) ? safeUrl(url, base, imageData) : undefined;
    if (safe !== undefined) kept.push(descriptor ? `${safe} ${descriptor}` : safe);
  }
  return kept.length > 0 ? kept.join(' , ') : undefined;
}

function withSafeUrls(tagName: string, attribs: sanitizeHtml.Attributes, base: string): sanitizeHtml.Attributes {
  const imageData = IMAGE_TAGS.has(tagName);
  const safe: sanitizeHtml.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    const kept =
      name === 'srcset'
        ? safeSrcset(value, base, imageData)
        : URL_ATTRIBUTES.has(name)
          ? safeUrl(value, base, imageData && name === 'src')
          : value;
    if (kept !== undefined) safe[name] = kept;
  }
  return safe;
}

/** A video player's iframe becomes a link to the video's page; any other iframe goes, content and all. */
function iframeToLink(attribs: sanitizeHtml.Attributes, base: string): sanitizeHtml.Tag {
  const embed = attribs.src === undefined ? undefined : embedFromPlayer(absoluteUrl(attribs.src, base), attribs.title);
  return embed ? { tagName: 'a', attribs: { href: embed.url }, text: embed.label } : { tagName: 'iframe', attribs: {} };
}

/**
 * The HTML of one feed item as readers can safely show it: allow-listed tags and attributes only,
 * every URL absolute against `base` (the post's own URL) and of a scheme a reader may follow.
 * The library's parser decodes character references and its serialiser escapes `&`, `<`, `>`
 * and `"` again, so `&amp;` in a query survives and no value can break out of its quotes.
 */
export function safeHtml(html: string, base: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    // markdown-it writes `<pre><code class="language-ruby">`, which highlighters in readers use.
    allowedClasses: { code: ['language-*'], pre: ['language-*'] },
    nonTextTags: DROPPED_WITH_CONTENT,
    selfClosing: VOID_TAGS,
    allowedSchemes: SCHEMES,
    // No style attribute is allowed; the bundles leave the CSS parser this would load out (scripts/build.mjs).
    parseStyleAttributes: false,
    // The library looks srcset schemes up under the attribute's name, not the tag's.
    allowedSchemesByTag: { img: IMAGE_SCHEMES, source: IMAGE_SCHEMES, srcset: IMAGE_SCHEMES },
    transformTags: {
      iframe: (_tagName, attribs) => iframeToLink(attribs, base),
      '*': (tagName, attribs) => ({ tagName, attribs: withSafeUrls(tagName, attribs, base) }),
    },
  });
}
