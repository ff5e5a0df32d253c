import { describe, expect, it } from 'vitest';
import { finalFrom, periodPhase } from '../../schemas/period-phase.ts';

describe("a period's phase", () => {
  it('is open up to and including the deadline, provisional in the review window, final after it', () => {
    expect(periodPhase('2026-01-31', 14, '2026-01-30')).toBe('open');
    expect(periodPhase('2026-01-31', 14, '2026-01-31')).toBe('open');
    expect(periodPhase('2026-01-31', 14, '2026-02-01')).toBe('provisional');
    expect(periodPhase('2026-01-31', 14, '2026-02-14')).toBe('provisional');
    expect(periodPhase('2026-01-31', 14, '2026-02-15')).toBe('final');
    expect(finalFrom('2026-01-31', 14)).toBe('2026-02-15');
  });

  it('crosses month ends, leap days and year ends', () => {
    // 2028 is a leap year: 29 February exists.
    expect(finalFrom('2028-02-15', 14)).toBe('2028-03-01');
    expect(periodPhase('2028-02-15', 14, '2028-02-29')).toBe('provisional');
    expect(periodPhase('2028-02-15', 14, '2028-03-01')).toBe('final');
    expect(finalFrom('2027-02-15', 14)).toBe('2027-03-02');
    // A deadline at the end of the year is final in the next year.
    expect(finalFrom('2026-12-31', 14)).toBe('2027-01-15');
    expect(periodPhase('2026-12-31', 14, '2027-01-01')).toBe('provisional');
    expect(periodPhase('2026-12-31', 14, '2027-01-15')).toBe('final');
    expect(finalFrom('2026-12-20', 30)).toBe('2027-01-20');
  });

  it('with a review window of zero days is final the day after the deadline', () => {
    expect(finalFrom('2026-07-31', 0)).toBe('2026-08-01');
    expect(periodPhase('2026-07-31', 0, '2026-07-31')).toBe('open');
    expect(periodPhase('2026-07-31', 0, '2026-08-01')).toBe('final');
  });

  it('with a long review window runs across several months', () => {
    expect(finalFrom('2026-07-31', 180)).toBe('2027-01-28');
    expect(periodPhase('2026-07-31', 180, '2027-01-27')).toBe('provisional');
    expect(periodPhase('2026-07-31', 180, '2027-01-28')).toBe('final');
  });
});
