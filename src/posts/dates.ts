import { DateTime } from 'luxon';
import { quoted } from './diagnostic.ts';
import { readLenientDate } from './lenient-date.ts';

/** A date from front matter: the instant it names and the calendar day as the author wrote it. */
export interface PostDate {
  /** ISO 8601 UTC, `2017-09-14T00:14:21.000Z`. */
  instant: string;
  /** Zero-padded, from the written value (not from the UTC instant): the permalink tokens. */
  year: string;
  month: string;
  day: string;
}

export type DateOutcome = { ok: true; date: PostDate } | { ok: false; message: string };

const EXAMPLE = 'use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)';

/*
 * One grammar covers RFC 3339, YAML timestamps (`2001-12-14 21:59:43.10 -5`) and Jekyll
 * (`2013-05-06 02:12:52 +0200`, 1-digit hours): date, then optionally a `T` or spaces, a time
 * (seconds optional), and an offset `Z`, `±HH:MM`, `±HHMM` or `±H`. Everything else goes to the
 * slower lenient reader. A year of five digits is read so that it is refused as out of range.
 */
const DATE_RE =
  /^(\d{4,})-(\d{2})-(\d{2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:[ \t]*(?:([Zz])|([+-])(\d{2}):?(\d{2})|([+-])(\d{1,2})))?)?$/;

/** The date as the author wrote it, before any zone is applied. */
export interface WrittenDate {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC; undefined when the value has no offset. */
  offset?: number;
}

/**
 * Parses a front-matter date. A value without an offset is wall-clock time in `timezone`
 * (IANA, DST-aware), never silently UTC. `field` names the key in the message.
 */
export function parseDate(value: string, timezone: string, field = 'date'): DateOutcome {
  const text = value.trim();
  const written = readStrictDate(text) ?? readLenientDate(text);
  if (written === undefined) return { ok: false, message: `${field} ${quoted(text)} is not a date; ${EXAMPLE}` };
  if (!isPlausible(written)) {
    return {
      ok: false,
      message: `${field} ${quoted(text)} is not a calendar date; check the month, day and time`,
    };
  }
  // Checked before the zone too: luxon and Date cannot place a year far out of range at all.
  if (!isFeedYear(written.year)) return { ok: false, message: yearMessage(field, text) };
  const millis = written.offset === undefined ? zonedMillis(written, timezone) : offsetMillis(written);
  if (millis === undefined) {
    return {
      ok: false,
      message:
        `${field} ${quoted(text)} cannot be placed in timezone "${timezone}"; ` +
        'set timezone to an IANA name such as Europe/Berlin',
    };
  }
  const instant = new Date(millis);
  if (!isFeedYear(instant.getUTCFullYear())) return { ok: false, message: yearMessage(field, text) };
  return { ok: true, date: { instant: instant.toISOString(), ...calendarDay(written) } };
}

function readStrictDate(text: string): WrittenDate | undefined {
  const m = DATE_RE.exec(text);
  if (!m) return undefined;
  const written: WrittenDate = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    millisecond: fractionToMillis(m[7]),
  };
  const offset = readOffset(m);
  if (offset !== undefined) written.offset = offset;
  return written;
}

function readOffset(m: RegExpExecArray): number | undefined {
  if (m[8] !== undefined) return 0;
  if (m[9] !== undefined) return signed(m[9], Number(m[10]) * 60 + Number(m[11]));
  if (m[12] !== undefined) return signed(m[12], Number(m[13]) * 60);
  return undefined;
}

function signed(sign: string, minutes: number): number {
  return sign === '-' ? -minutes : minutes;
}

// Sub-millisecond digits cannot be represented in the ISO instant; they are cut, not rounded,
// so a value never moves into the next second.
function fractionToMillis(fraction: string | undefined): number {
  if (fraction === undefined) return 0;
  return Number(fraction.slice(0, 3).padEnd(3, '0'));
}

function isPlausible(d: WrittenDate): boolean {
  return (
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month) &&
    d.hour <= 23 &&
    d.minute <= 59 &&
    d.second <= 59 &&
    (d.offset === undefined || Math.abs(d.offset) < 24 * 60)
  );
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

// toISOString writes a year past 9999 as `+010000-…`, and a year 0 date breaks every feed format.
function isFeedYear(year: number): boolean {
  return year >= 1 && year <= 9999;
}

function yearMessage(field: string, text: string): string {
  return (
    `${field} ${quoted(text)} is out of range: the year must be between 0001 and 9999 (in UTC); ` +
    'correct the year'
  );
}

function offsetMillis(d: WrittenDate): number {
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 onto 1900–1999.
  const utc = new Date(0);
  utc.setUTCFullYear(d.year, d.month - 1, d.day);
  utc.setUTCHours(d.hour, d.minute, d.second, d.millisecond);
  return utc.getTime() - (d.offset ?? 0) * 60_000;
}

function zonedMillis(d: WrittenDate, timezone: string): number | undefined {
  const local = DateTime.fromObject(
    {
      year: d.year,
      month: d.month,
      day: d.day,
      hour: d.hour,
      minute: d.minute,
      second: d.second,
      millisecond: d.millisecond,
    },
    { zone: timezone },
  );
  return local.isValid ? local.toMillis() : undefined;
}

function calendarDay(d: WrittenDate): Pick<PostDate, 'year' | 'month' | 'day'> {
  return {
    year: String(d.year).padStart(4, '0'),
    month: String(d.month).padStart(2, '0'),
    day: String(d.day).padStart(2, '0'),
  };
}
