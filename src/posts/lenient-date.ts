import { strict } from 'chrono-node/en';
import type { WrittenDate } from './dates.ts';

/*
 * chrono gives CET the DST rule of the date (CET in July would be +02:00), but CET is +01:00 all
 * year, as Ruby reads it; RFC 822's UT is missing from chrono's table.
 */
const ZONES = { CET: 60, UT: 0 };

// chrono reads implied fields from this; they are refused, so it only keeps chrono off the clock.
const REFERENCE = new Date(0);

/*
 * chrono reads no `-400` and no offset after a token it did not take (`18:30:22 2023 -0800`),
 * so a trailing offset is taken off first. Three digits are H MM, as Ruby reads them.
 */
const TRAILING_OFFSET_RE = /\s(?:(Z)|([+-])(\d{1,2})(?::?(\d{2}))?)$/i;

// Ruby reads 08/09/2014 as 8 September, chrono as August 9: no reading of it is safe.
const DAY_MONTH_YEAR_RE = /(?<![\d./-])\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/;

const COMMENT_RE = /\([^()]*\)/g;
const WEEKDAY_RE = /^(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?$/i;

/**
 * Reads what Jekyll (Ruby Time.parse) and Hugo accept beyond the strict grammar: month names,
 * RFC 822 and Go layouts, zone abbreviations, unpadded numbers. Undefined unless the whole text
 * is understood.
 */
export function readLenientDate(text: string): WrittenDate | undefined {
  if (DAY_MONTH_YEAR_RE.test(text)) return undefined;
  const trailing = TRAILING_OFFSET_RE.exec(text);
  const body = trailing ? text.slice(0, trailing.index) : text;
  const [found] = strict.parse(body, REFERENCE, { timezones: ZONES });
  // A range (`10:00 - 12:00`) is no date; chrono also reads `15:04 -07:00` as one.
  if (found === undefined || found.end) return undefined;
  const { start } = found;
  if (!start.isCertain('year') || !start.isCertain('month') || !start.isCertain('day')) return undefined;
  const named = start.isCertain('timezoneOffset');
  if (named && trailing) return undefined;
  // chrono implies noon for a bare day; only what was written counts.
  const written = (component: 'hour' | 'minute' | 'second' | 'millisecond'): number =>
    start.isCertain(component) ? (start.get(component) ?? 0) : 0;
  const date: WrittenDate = {
    year: start.get('year') ?? 0,
    month: start.get('month') ?? 0,
    day: start.get('day') ?? 0,
    hour: written('hour'),
    minute: written('minute'),
    second: written('second'),
    millisecond: written('millisecond'),
  };
  if (trailing) date.offset = offsetMinutes(trailing);
  else if (named) date.offset = start.get('timezoneOffset') ?? 0;
  const rest = body.slice(0, found.index) + ' ' + body.slice(found.index + found.text.length);
  return isIgnorable(rest, date.year) ? date : undefined;
}

function offsetMinutes(m: RegExpExecArray): number {
  if (m[1] !== undefined) return 0;
  const minutes = Number(m[3]) * 60 + Number(m[4] ?? 0);
  return m[2] === '-' ? -minutes : minutes;
}

/**
 * Beside the date only words Ruby skips too may stand: a comment in parentheses, a weekday name,
 * punctuation, the year again (`… 18:30:22 2023 -0800`); any other word was not understood.
 */
function isIgnorable(rest: string, year: number): boolean {
  return rest
    .replace(COMMENT_RE, ' ')
    .split(/[\s,.;]+/)
    .every((word) => word === '' || WEEKDAY_RE.test(word) || word === String(year));
}
