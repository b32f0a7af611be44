import { describe, expect, it } from 'vitest';
import { parseDate } from '../../src/posts/dates.ts';

function refusal(value: string, timezone = 'UTC'): string {
  const outcome = parseDate(value, timezone);
  if (outcome.ok) throw new Error(`${value} was accepted as ${outcome.date.instant}`);
  return outcome.message;
}

/** [value, site timezone, instant, calendar day as written (the permalink tokens)] */
const ACCEPTED: [string, string, string, string][] = [
  // RFC 3339, YAML and Jekyll timestamps: the strict grammar.
  ['2017-09-14T10:14:21+10:00', 'UTC', '2017-09-14T00:14:21.000Z', '2017-09-14'],
  ['2023-01-02T03:04:05Z', 'UTC', '2023-01-02T03:04:05.000Z', '2023-01-02'],
  ['2023-01-02t03:04:05z', 'UTC', '2023-01-02T03:04:05.000Z', '2023-01-02'],
  ['2019-06-01T12:00:00.123456Z', 'UTC', '2019-06-01T12:00:00.123Z', '2019-06-01'],
  ['2019-06-01T12:00:00.5+02:00', 'UTC', '2019-06-01T10:00:00.500Z', '2019-06-01'],
  ['2001-12-14 21:59:43.10 -5', 'UTC', '2001-12-15T02:59:43.100Z', '2001-12-14'],
  ['2001-12-14t21:59:43.10-05:00', 'UTC', '2001-12-15T02:59:43.100Z', '2001-12-14'],
  ['2013-05-06 02:12:52 +0200', 'UTC', '2013-05-06T00:12:52.000Z', '2013-05-06'],
  ['2013-05-06 02:12:52 -0800', 'UTC', '2013-05-06T10:12:52.000Z', '2013-05-06'],
  ['2013-11-22 5:00:00 +0000', 'UTC', '2013-11-22T05:00:00.000Z', '2013-11-22'],
  ['2014-09-30T09:45:47-0400', 'UTC', '2014-09-30T13:45:47.000Z', '2014-09-30'],
  ['2015-03-10T08:30:00+0530', 'UTC', '2015-03-10T03:00:00.000Z', '2015-03-10'],
  ['2016-03-21 12:00', 'UTC', '2016-03-21T12:00:00.000Z', '2016-03-21'],
  ['2020-02-29', 'UTC', '2020-02-29T00:00:00.000Z', '2020-02-29'],
  ['2000-02-29', 'UTC', '2000-02-29T00:00:00.000Z', '2000-02-29'],
  ['  2020-02-29  ', 'UTC', '2020-02-29T00:00:00.000Z', '2020-02-29'],
  // The first and last years feeds can carry.
  ['0001-01-01T00:00:00', 'UTC', '0001-01-01T00:00:00.000Z', '0001-01-01'],
  ['9999-12-31T23:59:59.999Z', 'UTC', '9999-12-31T23:59:59.999Z', '9999-12-31'],

  // Without an offset: wall-clock time in the site timezone, summer and winter time, never UTC.
  ['2024-07-01 09:00:00', 'Europe/Berlin', '2024-07-01T07:00:00.000Z', '2024-07-01'],
  ['2024-01-15 09:00:00', 'Europe/Berlin', '2024-01-15T08:00:00.000Z', '2024-01-15'],
  ['2001-12-14 21:59:43.10', 'America/New_York', '2001-12-15T02:59:43.100Z', '2001-12-14'],
  ['2001-12-14T21:59:43', 'Asia/Tokyo', '2001-12-14T12:59:43.000Z', '2001-12-14'],
  ['2024-07-01', 'Europe/Berlin', '2024-06-30T22:00:00.000Z', '2024-07-01'],
  ['2024-07-01', 'UTC', '2024-07-01T00:00:00.000Z', '2024-07-01'],
  ['2024-07-01T09:00:00+09:00', 'Europe/Berlin', '2024-07-01T00:00:00.000Z', '2024-07-01'],

  // Month names, as Jekyll and Hugo read them; a day without a time is midnight, not noon.
  ['September 8, 2014', 'UTC', '2014-09-08T00:00:00.000Z', '2014-09-08'],
  ['September 8, 2014', 'Europe/Berlin', '2014-09-07T22:00:00.000Z', '2014-09-08'],
  ['Sep 8 2014', 'UTC', '2014-09-08T00:00:00.000Z', '2014-09-08'],
  ['8 September 2014', 'UTC', '2014-09-08T00:00:00.000Z', '2014-09-08'],
  ['Sept. 8, 2014', 'UTC', '2014-09-08T00:00:00.000Z', '2014-09-08'],
  ['Monday, September 8, 2014', 'UTC', '2014-09-08T00:00:00.000Z', '2014-09-08'],
  ['2014/09/08', 'UTC', '2014-09-08T00:00:00.000Z', '2014-09-08'],

  // RFC 822/1123 and Hugo's Go layouts.
  ['Mon, 08 Sep 2014 10:00:00 GMT', 'UTC', '2014-09-08T10:00:00.000Z', '2014-09-08'],
  ['Mon, 08 Sep 2014 23:30:00 -0500', 'UTC', '2014-09-09T04:30:00.000Z', '2014-09-08'],
  ['02 Jan 2006', 'UTC', '2006-01-02T00:00:00.000Z', '2006-01-02'],
  ['02 Jan 06 15:04 MST', 'UTC', '2006-01-02T22:04:00.000Z', '2006-01-02'],
  ['Monday, 02-Jan-06 15:04:05 MST', 'UTC', '2006-01-02T22:04:05.000Z', '2006-01-02'],
  ['Mon Jan  2 15:04:05 2006', 'Europe/Berlin', '2006-01-02T14:04:05.000Z', '2006-01-02'],
  ['Mon Jan 2 15:04:05 MST 2006', 'UTC', '2006-01-02T22:04:05.000Z', '2006-01-02'],
  ['Mon Jan 02 15:04:05 -0700 2006', 'UTC', '2006-01-02T22:04:05.000Z', '2006-01-02'],
  ['2006-01-02 15:04:05.123 -0700 MST', 'UTC', '2006-01-02T22:04:05.123Z', '2006-01-02'],

  // Unpadded month, day and hour (an unpadded hour after a padded date was already strict).
  ['2024-4-09', 'UTC', '2024-04-09T00:00:00.000Z', '2024-04-09'],
  ['2017-11-8', 'UTC', '2017-11-08T00:00:00.000Z', '2017-11-08'],
  ['2014-9-8 9:05', 'UTC', '2014-09-08T09:05:00.000Z', '2014-09-08'],
  ['2015-9-21 16:52', 'Europe/Berlin', '2015-09-21T14:52:00.000Z', '2015-09-21'],
  ['2024-3-31 2:30', 'Europe/Berlin', '2024-03-31T01:30:00.000Z', '2024-03-31'],

  // Zone abbreviations; CET stays +01:00 in summer, BST is British Summer Time.
  ['2016-03-21 12:00 EDT', 'Europe/Berlin', '2016-03-21T16:00:00.000Z', '2016-03-21'],
  ['2016-07-21 12:00 UTC', 'Europe/Berlin', '2016-07-21T12:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 GMT', 'Europe/Berlin', '2016-07-21T12:00:00.000Z', '2016-07-21'],
  ['Jul 21 2016 12:00 Z', 'Europe/Berlin', '2016-07-21T12:00:00.000Z', '2016-07-21'],
  ['Thu, 21 Jul 2016 12:00 UT', 'Europe/Berlin', '2016-07-21T12:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 EST', 'UTC', '2016-07-21T17:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 EDT', 'UTC', '2016-07-21T16:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 CST', 'UTC', '2016-07-21T18:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 CDT', 'UTC', '2016-07-21T17:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 MST', 'UTC', '2016-07-21T19:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 MDT', 'UTC', '2016-07-21T18:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 PST', 'UTC', '2016-07-21T20:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 PDT', 'UTC', '2016-07-21T19:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 WET', 'UTC', '2016-07-21T12:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 WEST', 'UTC', '2016-07-21T11:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 BST', 'UTC', '2016-07-21T11:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 CET', 'UTC', '2016-07-21T11:00:00.000Z', '2016-07-21'],
  ['2016-01-21 12:00 CET', 'UTC', '2016-01-21T11:00:00.000Z', '2016-01-21'],
  ['2016-07-21 12:00 CEST', 'UTC', '2016-07-21T10:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 EET', 'UTC', '2016-07-21T10:00:00.000Z', '2016-07-21'],
  ['2016-07-21 12:00 EEST', 'UTC', '2016-07-21T09:00:00.000Z', '2016-07-21'],

  // Offsets in every way Jekyll posts write them, also after a token chrono does not take.
  ['2014-09-30 09:45:47 -400', 'UTC', '2014-09-30T13:45:47.000Z', '2014-09-30'],
  ['Sep 8 2014 10:00 -0400', 'UTC', '2014-09-08T14:00:00.000Z', '2014-09-08'],
  ['Sep 8 2014 10:00 -04:00', 'UTC', '2014-09-08T14:00:00.000Z', '2014-09-08'],
  ['Sep 8 2014 10:00 +2', 'UTC', '2014-09-08T08:00:00.000Z', '2014-09-08'],
  ['Sep 8 2014 10:00 +0530', 'UTC', '2014-09-08T04:30:00.000Z', '2014-09-08'],
  ['Sep 8 2014 10:00 GMT+0200', 'UTC', '2014-09-08T08:00:00.000Z', '2014-09-08'],
  ['2023-01-29 18:30:22 2023 -0800', 'UTC', '2023-01-30T02:30:22.000Z', '2023-01-29'],
  ['Sun Jan 29 18:30:22 2023 -0800', 'UTC', '2023-01-30T02:30:22.000Z', '2023-01-29'],

  // A comment or a weekday name around the date.
  ['2016-07-19 (optional)', 'UTC', '2016-07-19T00:00:00.000Z', '2016-07-19'],
  ['(draft) 2016-07-19', 'UTC', '2016-07-19T00:00:00.000Z', '2016-07-19'],
  ['2016-07-19 Tuesday', 'UTC', '2016-07-19T00:00:00.000Z', '2016-07-19'],
];

const NOT_A_DATE = 'is not a date; use YYYY-MM-DD or RFC 3339 (2014-09-08T10:00:00+02:00)';
const NOT_CALENDAR = 'is not a calendar date; check the month, day and time';
const OUT_OF_RANGE = 'is out of range: the year must be between 0001 and 9999 (in UTC); correct the year';
const NOT_IANA = 'cannot be placed in timezone "Mars/Olympus_Mons"; set timezone to an IANA name such as Europe/Berlin';

/** [value, site timezone, the message after `date "value" `] */
const REFUSED: [string, string, string][] = [
  ['2023-02-30', 'UTC', NOT_CALENDAR],
  ['2023-02-29', 'UTC', NOT_CALENDAR],
  ['1900-02-29', 'UTC', NOT_CALENDAR],
  ['2023-13-01', 'UTC', NOT_CALENDAR],
  ['2023-01-01T24:00:00Z', 'UTC', NOT_CALENDAR],
  ['2023-01-01T10:00:00+020', 'UTC', NOT_A_DATE],
  ['', 'UTC', NOT_A_DATE],
  ['soon', 'UTC', NOT_A_DATE],
  ['2024-07-01', 'Mars/Olympus_Mons', NOT_IANA],

  // A year feeds cannot carry, before or after the zone is applied.
  ['0000-01-01', 'UTC', OUT_OF_RANGE],
  ['0001-01-01T00:00:00', 'Asia/Tokyo', OUT_OF_RANGE],
  ['9999-12-31T23:30:00-05:00', 'UTC', OUT_OF_RANGE],
  ['9999-12-31T23:30:00', 'America/New_York', OUT_OF_RANGE],
  ['10000-01-01', 'UTC', OUT_OF_RANGE],
  ['99999999999999-01-01', 'UTC', OUT_OF_RANGE],
];

/*
 * The lenient reader must not widen what is refused: these were refused before it existed, with
 * the same messages, so they pass on the strict-only code too.
 */
const STILL_REFUSED: [string, string, string][] = [
  ['2014-09-08 maybe', 'UTC', NOT_A_DATE],
  ['next week', 'UTC', NOT_A_DATE],
  ['tomorrow', 'UTC', NOT_A_DATE],
  ['2014', 'UTC', NOT_A_DATE],
  ['September 2014', 'UTC', NOT_A_DATE],
  ['10:00 EDT', 'UTC', NOT_A_DATE],
  ['Sep 8 2014 (draft', 'UTC', NOT_A_DATE],
  // Ruby reads these day first, chrono month first.
  ['08/09/2014', 'UTC', NOT_A_DATE],
  ['08.09.2014', 'UTC', NOT_A_DATE],
  // Two zones, or a second year that is not the same.
  ['2014-09-08 12:00 EDT -0400', 'UTC', NOT_A_DATE],
  ['2023-01-29 18:30:22 2022 -0800', 'UTC', NOT_A_DATE],
  // chrono reads `15:04:05 -07:00` as a range of times and drops the offset.
  ['Mon Jan 02 15:04:05 -07:00 2006', 'UTC', NOT_A_DATE],
  ['February 30, 2023', 'UTC', NOT_A_DATE],
  ['2023-01-01 25:00 EDT', 'UTC', NOT_A_DATE],
];

describe('parseDate: accepted values', () => {
  it.each(ACCEPTED)('%j in %s → %s (%s)', (value, timezone, instant, day) => {
    const [year, month, dayOfMonth] = day.split('-');
    expect(parseDate(value, timezone)).toEqual({
      ok: true,
      date: { instant, year, month, day: dayOfMonth },
    });
  });

  it('keeps the calendar day as written for permalinks, not the UTC day', () => {
    const outcome = parseDate('2017-09-14T01:14:21+10:00', 'UTC');
    expect(outcome).toEqual({
      ok: true,
      date: { instant: '2017-09-13T15:14:21.000Z', year: '2017', month: '09', day: '14' },
    });
  });
});

describe('parseDate: refusals name the value and the fix', () => {
  it.each(REFUSED)('%j in %s', (value, timezone, message) => {
    expect(refusal(value, timezone)).toBe(`date "${value}" ${message}`);
  });

  it('names the field it was given', () => {
    expect(refusal('soon')).toMatch(/^date "soon"/);
    const outcome = parseDate('soon', 'UTC', 'lastmod');
    expect(outcome.ok ? '' : outcome.message).toMatch(/^lastmod "soon" is not a date/);
  });
});

describe('parseDate: what the lenient reader leaves refused', () => {
  it.each(STILL_REFUSED)('%j in %s', (value, timezone, message) => {
    expect(refusal(value, timezone)).toBe(`date "${value}" ${message}`);
  });
});
