/** How a time zone setting is read: each spelling → the zone the build uses, or the error. */
import { describe, expect, it } from 'vitest';
import { siteConfigSchema } from '../../src/config/schema.ts';

const zoneOf = (timezone: string) => {
  const parsed = siteConfigSchema.safeParse({ siteUrl: 'https://blog.example.com/', title: 'T', timezone });
  return parsed.success ? parsed.data.timezone : parsed.error.issues[0]?.message;
};

describe('timezone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['europe/berlin', 'Europe/Berlin'],
    ['  America/New_York ', 'America/New_York'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    // Aliases ICU does not list, kept as written.
    ['US/Eastern', 'US/Eastern'],
    ['Etc/UTC', 'Etc/UTC'],
    ['Mars/Olympus', 'is not an IANA time zone; use a name such as UTC, Europe/Berlin or America/New_York'],
  ])('%j → %j', (given, expected) => {
    expect(zoneOf(given)).toBe(expected);
  });
});
