import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoRegionOnce } from '../../api/src/admin/demo-seed.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import type { Config } from '../../api/src/config.ts';
import { deliveryMonitor } from '../../api/src/deliveries/monitor.ts';
import type { Keys } from '../../api/src/keys.ts';
import { testKeys } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';

/** The demo region runs a cycle out of the box: contracts, a few providers missing in the latest half-year, one late delivery. */
describe.each(engines)('the demo region in the delivery monitor (%s)', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const config = { dataDir: join(mkdtempSync(join(tmpdir(), 'rp-demo-')), 'data') } as Config;
    await seedDemoRegionOnce(db.sql, config, testKeys() as unknown as Keys, pino({ level: 'silent' }));
  }, 240_000);
  afterAll(async () => {
    await db?.close();
  });

  it('expects every demo provider for the categories it delivers, and shows the latest half-year incomplete', async () => {
    const monitor = await deliveryMonitor(db.sql, systemActor('test', 'H10'), { period: '2026-H1' });
    const missing = monitor.providers.filter((p) => p.categories.some((c) => c.status === 'missing')).map((p) => p.providerAgb);
    expect(missing).toEqual(['98000101', '98000102', '98000103']);
    const late = monitor.providers.filter((p) => p.categories.some((c) => c.status === 'late')).map((p) => p.providerAgb);
    expect(late).toEqual(['98774402']);
    expect(monitor.totals.notExpected).toBe(0);
    expect(monitor.totals.missing).toBe(4);
    expect(monitor.totals.completenessPercentage).toBeLessThan(100);
    // Earlier half-years: everything that was expected arrived (a few late).
    for (const point of monitor.trend.filter((p) => p.period !== '2026-H1')) {
      expect(point.totals.completenessPercentage, point.period).toBe(100);
      expect(point.totals.onTimePercentage!, point.period).toBeGreaterThan(90);
    }
    // The same on every start (the seed is deterministic): late provider × category pairs per half-year.
    expect(monitor.trend.map((p) => p.totals.late)).toEqual([4, 1, 5, 2]);
  });
});
