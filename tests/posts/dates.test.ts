import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/posts/dates.ts';

function instant(value: string, timezone = 'UTC'): string {
  const outcome = parseDate(value, timezone);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.date.instant;
}

function refusal(value: string, timezone = 'UTC'): string {
  const outcome = parseDate(value, timezone);
  if (outcome.ok) throw new Error(`${value} was accepted as ${outcome.date.instant}`);
  return outcome.message;
}

describe('parseDate: shapes real blogs write', () => {
  it.each([
    ['2017-09-14T10:14:21+10:00', '2017-09-14T00:14:21.000Z'],
    ['2023-01-02T03:04:05Z', '2023-01-02T03:04:05.000Z'],
    ['2023-01-02t03:04:05z', '2023-01-02T03:04:05.000Z'],
    ['2019-06-01T12:00:00.123456Z', '2019-06-01T12:00:00.123Z'],
    ['2019-06-01T12:00:00.5+02:00', '2019-06-01T10:00:00.500Z'],
    ['2001-12-14 21:59:43.10 -5', '2001-12-15T02:59:43.100Z'],
    ['2001-12-14t21:59:43.10-05:00', '2001-12-15T02:59:43.100Z'],
    ['2013-05-06 02:12:52 +0200', '2013-05-06T00:12:52.000Z'],
    ['2013-05-06 02:12:52 -0800', '2013-05-06T10:12:52.000Z'],
    ['2013-11-22 5:00:00 +0000', '2013-11-22T05:00:00.000Z'],
    ['2014-09-30T09:45:47-0400', '2014-09-30T13:45:47.000Z'],
    ['2015-03-10T08:30:00+0530', '2015-03-10T03:00:00.000Z'],
    ['2016-03-21 12:00', '2016-03-21T12:00:00.000Z'],
    ['2020-02-29', '2020-02-29T00:00:00.000Z'],
    ['  2020-02-29  ', '2020-02-29T00:00:00.000Z'],
  ])('%s → %s', (value, expected) => {
    expect(instant(value)).toBe(expected);
  });

  it('keeps the calendar day as written for permalinks, not the UTC day', () => {
    const outcome = parseDate('2017-09-14T01:14:21+10:00', 'UTC');
    expect(outcome).toEqual({
      ok: true,
      date: { instant: '2017-09-13T15:14:21.000Z', year: '2017', month: '09', day: '14' },
    });
  });
});

describe('parseDate: values without an offset use the site timezone', () => {
  it('applies summer time in July and winter time in January (Europe/Berlin)', () => {
    expect(instant('2024-07-01 09:00:00', 'Europe/Berlin')).toBe('2024-07-01T07:00:00.000Z');
    expect(instant('2024-01-15 09:00:00', 'Europe/Berlin')).toBe('2024-01-15T08:00:00.000Z');
  });

  it('does not read an offset-less YAML timestamp as UTC', () => {
    expect(instant('2001-12-14 21:59:43.10', 'America/New_York')).toBe('2001-12-15T02:59:43.100Z');
    expect(instant('2001-12-14T21:59:43', 'Asia/Tokyo')).toBe('2001-12-14T12:59:43.000Z');
  });

  it('puts a bare day at midnight in the site timezone', () => {
    expect(instant('2024-07-01', 'Europe/Berlin')).toBe('2024-06-30T22:00:00.000Z');
    expect(instant('2024-07-01', 'UTC')).toBe('2024-07-01T00:00:00.000Z');
  });

  it('ignores the site timezone when the value carries an offset', () => {
    expect(instant('2024-07-01T09:00:00+09:00', 'Europe/Berlin')).toBe('2024-07-01T00:00:00.000Z');
  });

  it('refuses a timezone that is no IANA name, naming the fix', () => {
    expect(refusal('2024-07-01', 'Mars/Olympus_Mons')).toMatch(/timezone "Mars\/Olympus_Mons".*IANA/);
  });
});

describe('parseDate: refusals name the value and the fix', () => {
  it.each([
    ['September 8, 2014', 'date "September 8, 2014" is not a date; use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)'],
    ['2016-07-19 (optional)', 'date "2016-07-19 (optional)" is not a date; use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)'],
    ['2016-03-21 12:00 EDT', 'date "2016-03-21 12:00 EDT" is not a date; use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)'],
    ['2024-4-09', 'date "2024-4-09" is not a date; write the month and day with two digits (2024-04-09)'],
    ['2023-02-30', 'date "2023-02-30" is not a calendar date; check the month, day and time'],
    ['2023-13-01', 'date "2023-13-01" is not a calendar date; check the month, day and time'],
    ['2023-01-01T24:00:00Z', 'date "2023-01-01T24:00:00Z" is not a calendar date; check the month, day and time'],
    ['2023-01-01T10:00:00+020', 'date "2023-01-01T10:00:00+020" is not a date; use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)'],
    ['', 'date "" is not a date; use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)'],
  ])('%j', (value, message) => {
    expect(refusal(value)).toBe(message);
  });

  it('accepts 29 February only in leap years', () => {
    expect(refusal('2023-02-29')).toMatch(/not a calendar date/);
    expect(instant('2000-02-29')).toBe('2000-02-29T00:00:00.000Z');
    expect(refusal('1900-02-29')).toMatch(/not a calendar date/);
  });

  it('names the field it was given', () => {
    expect(refusal('soon')).toMatch(/^date "soon"/);
    const outcome = parseDate('soon', 'UTC', 'lastmod');
    expect(outcome.ok ? '' : outcome.message).toMatch(/^lastmod "soon" is not a date/);
  });
});
