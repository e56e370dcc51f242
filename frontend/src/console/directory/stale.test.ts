import { describe, expect, it } from 'vitest';
import { isUnconfirmed, twelveMonthsBefore, unconfirmedEntries } from './stale';

const now = new Date('2026-12-02T12:00:00Z');

describe('entries not confirmed for twelve months', () => {
  it('counts twelve calendar months back', () => {
    expect(twelveMonthsBefore(now).toISOString()).toBe('2025-12-02T12:00:00.000Z');
    expect(twelveMonthsBefore(new Date('2028-02-29T08:00:00Z')).toISOString()).toBe('2027-02-28T08:00:00.000Z');
  });

  it('includes entries never confirmed', () => {
    expect(isUnconfirmed(null, now)).toBe(true);
  });

  it('includes an entry confirmed exactly twelve months ago, not one confirmed a day later', () => {
    expect(isUnconfirmed('2025-12-02T12:00:00Z', now)).toBe(true);
    expect(isUnconfirmed('2025-12-03T12:00:00Z', now)).toBe(false);
  });

  it('lists the never confirmed first, then the oldest confirmation', () => {
    const items = [
      { slug: 'recent', assured_at: '2026-11-01T00:00:00Z' },
      { slug: 'old', assured_at: '2024-05-01T00:00:00Z' },
      { slug: 'never', assured_at: null },
      { slug: 'older', assured_at: '2023-01-01T00:00:00Z' },
    ];
    expect(unconfirmedEntries(items, now).map((i) => i.slug)).toEqual(['never', 'older', 'old']);
  });
});
