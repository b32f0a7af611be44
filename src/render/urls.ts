/** `url` resolved against `base` as a browser resolves it, or undefined when the resolver rejects it. */
export function resolveUrl(url: string, base: string): URL | undefined {
  try {
    // An empty href names the document itself, as in a browser.
    return new URL(url.trim(), base);
  } catch {
    return undefined;
  }
}

/**
 * Resolves `url` against `base` as a browser would. Values that are not URLs (or that the
 * resolver rejects) are returned unchanged rather than dropped: the author's text stays theirs.
 */
export function absoluteUrl(url: string, base: string): string {
  return resolveUrl(url, base)?.href ?? url;
}

export interface SrcsetCandidate {
  url: string;
  /** `2x`, `640w`, or '' when the candidate has none; as written, not checked. */
  descriptor: string;
}

/** ASCII whitespace as the HTML spec counts it: no-break and other Unicode spaces belong to the URL. */
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d;
}

const COMMA = 0x2c;

/**
 * Splits a srcset as the HTML spec does: a URL is a run of non-space characters (so a `data:` URL
 * keeps its commas), trailing commas end the candidate, and a descriptor runs to the next comma
 * outside parentheses. One walk with an index and no regular expression: stripping trailing
 * commas with `/,+$/` retries from every comma of a run, which made a 250 KB srcset take ~55 s.
 */
export function parseSrcset(srcset: string): SrcsetCandidate[] {
  const candidates: SrcsetCandidate[] = [];
  const end = srcset.length;
  let at = 0;
  for (;;) {
    while (at < end && (isSpace(srcset.charCodeAt(at)) || srcset.charCodeAt(at) === COMMA)) at++;
    if (at === end) return candidates;
    const start = at;
    while (at < end && !isSpace(srcset.charCodeAt(at))) at++;
    let urlEnd = at;
    while (srcset.charCodeAt(urlEnd - 1) === COMMA) urlEnd--;
    if (urlEnd < at) {
      candidates.push({ url: srcset.slice(start, urlEnd), descriptor: '' });
      continue;
    }
    const descriptorStart = at;
    let inParens = false;
    for (; at < end; at++) {
      const code = srcset.charCodeAt(at);
      if (code === COMMA && !inParens) break;
      if (code === 0x28) inParens = true;
      else if (code === 0x29) inParens = false;
    }
    candidates.push({ url: srcset.slice(start, urlEnd), descriptor: srcset.slice(descriptorStart, at).trim() });
  }
}

/** `srcset="a.png 1x, b.png 2x"`: each candidate's URL is resolved, descriptors kept. */
export function absoluteSrcset(srcset: string, base: string): string {
  return parseSrcset(srcset)
    .map(({ url, descriptor }) => (descriptor ? `${absoluteUrl(url, base)} ${descriptor}` : absoluteUrl(url, base)))
    .join(', ');
}
