import type { MarkdownIt, Token } from 'markdown-it';

/** A span of the body, `[start, end)` in characters. */
export interface Span {
  start: number;
  end: number;
}

/** Offsets where each line of `text` starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line holding `offset`. */
export function lineOf(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Fenced and indented code blocks, as the renderer itself will read them (its block parser,
 * without the inline pass), in order.
 */
export function codeBlocks(body: string, md: MarkdownIt, starts: readonly number[]): Span[] {
  const tokens: Token[] = [];
  md.block.parse(body, md, {}, tokens);
  const spans: Span[] = [];
  for (const token of tokens) {
    if ((token.type !== 'fence' && token.type !== 'code_block') || !token.map) continue;
    const [first, last] = token.map;
    spans.push({ start: starts[first] ?? body.length, end: starts[last] ?? body.length });
  }
  return spans;
}
