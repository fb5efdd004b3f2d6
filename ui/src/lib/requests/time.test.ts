import { describe, expect, it } from 'vitest';
import { deadlineLabel, formatLocal, formatLong, formatUtc, relative, usableLocale } from './time';

const now = new Date('2025-03-11T12:00:00Z');

describe('deadline words', () => {
  it('shows local time in the given zone, across daylight saving time', () => {
    expect(formatLocal('2025-03-14T16:00:00Z', 'Europe/Berlin', 'en-GB')).toBe('Fri 14 Mar 17:00');
    expect(formatLocal('2025-07-14T15:00:00Z', 'Europe/Berlin', 'en-GB')).toBe('Mon 14 Jul 17:00');
    expect(formatUtc('2025-03-14T16:00:00Z', 'en-GB')).toBe('16:00 UTC, Fri 14 Mar');
  });

  it("writes dates in the user's locale, not one fixed order", () => {
    expect(formatLocal('2025-03-14T16:00:00Z', 'Europe/Berlin', 'en-US')).toMatch(/^Fri Mar 14 5:00\sPM$/);
    expect(formatLocal('2025-03-14T16:00:00Z', 'Europe/Berlin', 'de-DE')).toBe('Fr. 14. März 17:00');
    expect(formatLong('2026-12-04T16:00:00Z', 'Europe/Berlin', 'en-GB')).toBe('Friday, 4 December 2026 at 17:00');
    expect(formatLong('2026-12-04T16:00:00Z', 'America/New_York', 'en-US')).toMatch(
      /^Friday, December 4, 2026 at 11:00\sAM$/,
    );
  });

  it('a language tag Intl cannot use (a webview under LANG=C) is not used', () => {
    expect(usableLocale('de-DE')).toBe('de-DE');
    for (const tag of ['c', '', 'en_US', undefined]) expect(usableLocale(tag)).toBeUndefined();
  });

  it('says how far away a moment is, both ways', () => {
    expect(relative('2025-03-14T12:00:00Z', now)).toBe('in 3 days');
    expect(relative('2025-03-12T12:00:00Z', now)).toBe('in 1 day');
    expect(relative('2025-03-11T17:00:00Z', now)).toBe('in 5 h');
    expect(relative('2025-03-11T11:30:00Z', now)).toBe('30 min ago');
    expect(relative('2025-03-09T12:00:00Z', now)).toBe('2 days ago');
    expect(relative('2025-03-11T12:00:20Z', now)).toBe('just now');
    expect(relative('2025-06-11T12:00:00Z', now)).toBe('in 3 months');
    expect(relative('2099-03-11T12:00:00Z', now)).toBe('in 74 years');
  });

  it('puts both together for a list row', () => {
    expect(deadlineLabel('2025-03-14T16:00:00Z', now, 'Europe/Berlin', 'en-GB')).toBe(
      'Fri 14 Mar 17:00 · in 3 days',
    );
  });
});
