import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/engines.ts';
import { runToEnd, tsxBin } from '../support/process.ts';
import { openSite, seedSite, type Site } from '../operations/support.ts';

/** `npm run portal -- contract set|list` beside the running portal, logged as the CLI. */
describe.each(engines)('contract CLI on %s', (engine) => {
  let site: Site;
  const cli = (...args: string[]) => runToEnd(tsxBin, ['api/src/cli.ts', ...args, '--json'], site.env, 120_000);

  beforeAll(async () => {
    site = await openSite(engine);
    await seedSite(site);
  }, 120_000);
  afterAll(async () => {
    await site?.stop();
    await site?.drop();
  });

  it('sets and lists contracts, refuses what is wrong, and logs as the CLI', async () => {
    const set = await cli('contract', 'set', '--provider', '98000010', '--categories', '54,45', '--from', '2025-01-01');
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({
      providerAgb: '98000010',
      providerName: 'Aanbieder A',
      productCategories: ['45', '54'],
      validFrom: '2025-01-01',
      validUntil: null,
    });
    const second = await cli(
      'contract',
      'set',
      '--provider',
      '98000020',
      '--categories',
      '45',
      '--from',
      '2025-07-01',
      '--until',
      '2026-12-31',
    );
    expect(second.code, second.stderr).toBe(0);

    const list = await cli('contract', 'list');
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).contracts).toEqual([
      { providerAgb: '98000010', providerName: 'Aanbieder A', productCategories: ['45', '54'], validFrom: '2025-01-01', validUntil: null },
      {
        providerAgb: '98000020',
        providerName: 'Aanbieder B',
        productCategories: ['45'],
        validFrom: '2025-07-01',
        validUntil: '2026-12-31',
      },
    ]);

    const unknown = await cli('contract', 'set', '--provider', '98000010', '--categories', '99');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr + unknown.stdout).toContain('99');
    const badDate = await cli('contract', 'set', '--provider', '98000010', '--categories', '45', '--from', '1-1-2025');
    expect(badDate.code).toBe(2);
    const noCategories = await cli('contract', 'set', '--provider', '98000010');
    expect(noCategories.code).toBe(2);
    expect(noCategories.stderr + noCategories.stdout).toContain('--categories');

    const entries = await site.db.sql`select actor_id, action, result, object_id from access_log
      where action in ('contract.set', 'contract.list') order by seq`;
    expect(entries.map((e) => [e.action, e.result, e.objectId])).toEqual([
      ['contract.set', 'allowed', '98000010'],
      ['contract.set', 'allowed', '98000020'],
      ['contract.list', 'allowed', null],
      ['contract.set', 'error', '98000010'],
    ]);
    for (const entry of entries) expect(entry.actorId).toMatch(/^cli:/);
    const verify = await cli('audit', 'verify');
    expect(JSON.parse(verify.stdout), verify.stderr).toMatchObject({ ok: true });
  }, 300_000);
});
