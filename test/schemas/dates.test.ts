import { describe, expect, it } from 'vitest';
import { todayInPortal } from '../../schemas/dates.ts';

describe("the portal's today", () => {
  it('is the day in the Netherlands, not in UTC, in winter and in summer time', () => {
    // 23:30 UTC in December is 00:30 the next day in Amsterdam (CET, UTC+1).
    expect(todayInPortal(new Date('2026-12-07T23:30:00Z'))).toBe('2026-12-08');
    expect(todayInPortal(new Date('2026-12-07T22:59:59Z'))).toBe('2026-12-07');
    // 22:30 UTC in July is 00:30 the next day (CEST, UTC+2).
    expect(todayInPortal(new Date('2026-07-14T22:30:00Z'))).toBe('2026-07-15');
    expect(todayInPortal(new Date('2026-07-14T21:59:59Z'))).toBe('2026-07-14');
    // New Year's Eve after 23:00 UTC is already next year here.
    expect(todayInPortal(new Date('2026-12-31T23:00:00Z'))).toBe('2027-01-01');
  });
});
