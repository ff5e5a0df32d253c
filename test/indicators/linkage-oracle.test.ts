import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiClient } from '../../api/src/admin/api-clients.ts';
import { createProvider } from '../../api/src/admin/organisations.ts';
import { systemActor } from '../../api/src/auth/actor.ts';
import { createHttpServer } from '../../api/src/http/node-server.ts';
import { indicatorIds } from '../../schemas/indicators.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { keepFinalPeriodsOpen, loginBody, seedTestRegion, sessionCookieFrom } from '../support/fixtures.ts';
import { csvOf, p1For, validRow } from '../support/records.ts';

/**
 * The membership oracle of issue 14, tried as the attacker would, over real HTTP on both engines.
 * K1 is shared by the region's providers, so provider A can make the pseudonym of any BSN it
 * knows. A uploads one record per target person, each in a cell of its own (and, padded, with nine
 * invented pseudonyms beside it so the cell reaches n = 10), ending on a chosen date; then reads
 * everything the portal gives it; then replaces the upload with other end dates and reads again;
 * then waits for the period to close and for a dialogue, and reads again.
 *
 * Two worlds that differ in one fact only: in the first, provider B started a trajectory for the
 * target person within 182 days after A's end date; in the second, B's same trajectory is of
 * another person. Everything A can read must be identical in both, byte for byte (apart from
 * timestamps and row ids): then no sequence of uploads, replacements and reads tells A more about
 * the target than a guess.
 */
const attacker = '98000010';
const victim = '98000020';
const target = 9001; // the person A knows the BSN of: p1For(9001) is what A computes with K1
const decoy = 9002;

interface Portal {
  db: TestDatabase;
  url: string;
  server: Server;
  bearer: Record<string, string>;
  cookies: Record<string, string>;
}

async function openWorld(engine: (typeof engines)[number], member: boolean): Promise<Portal> {
  const db = await openTestDatabase(engine);
  const app = createTestApp(db);
  const region = await seedTestRegion(db.sql, app.keys.secretBoxKey);
  const actor = systemActor('test', 'H10');
  for (const agb of ['98000030', '98000040']) await createProvider(db.sql, actor, { agb, name: `Aanbieder ${agb}`, regionCode: 'H10' });
  await keepFinalPeriodsOpen(db.sql);
  const server = createHttpServer(app.fetch, { hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bearer: Record<string, string> = {};
  for (const agb of [attacker, victim, '98000030', '98000040']) {
    const client = agb === attacker ? region.client : await createApiClient(db.sql, actor, { providerAgb: agb, regionCode: 'H10' });
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    const answer = await fetch(`${url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    bearer[agb] = `Bearer ${(await answer.json()).access_token}`;
  }
  const cookies: Record<string, string> = {};
  for (const role of ['contract_manager', 'admin']) {
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: loginBody(region.users[role]),
    });
    cookies[role] = sessionCookieFrom(login);
  }
  const portal = { db, url, server, bearer, cookies };
  // The peers' ordinary data, the same in both worlds: 30 trajectories each in categories 45 and 54.
  for (const [index, agb] of [victim, '98000030', '98000040'].entries()) {
    const rows = Array.from({ length: 30 }, (_, i) =>
      validRow(1000 * (index + 1) + i, { recordId: `P-${i}`, providerAgb: agb, startDate: '2025-01-10' }),
    );
    // B's one trajectory that starts 78 days after A's first end date: the target's, or another's.
    if (agb === victim)
      rows.push(
        validRow(0, {
          recordId: 'P-start',
          providerAgb: agb,
          clientPseudonym: p1For(member ? target : decoy),
          startDate: '2025-10-01',
          endDate: '2025-12-01',
          productCategory: '45',
        }),
      );
    await upload(portal, agb, '2025-H2', rows);
  }
  // A trajectory of 2026-H2 moves the region's latest data far enough that 2025-H2 counts for re-entry.
  await upload(portal, '98000030', '2026-H2', [
    validRow(5000, { recordId: 'L-1', providerAgb: '98000030', startDate: '2026-03-01', endDate: '2026-11-01' }),
  ]);
  return portal;
}

async function upload(portal: Portal, agb: string, period: string, rows: Array<Record<string, string>>) {
  const response = await fetch(`${portal.url}/api/v1/submissions?period=${period}`, {
    method: 'POST',
    headers: { authorization: portal.bearer[agb], 'content-type': 'text/csv' },
    body: csvOf(rows),
  });
  expect(response.status, await response.clone().text()).toBe(201);
}

/** The probe: the target alone in one cell, and the target padded with nine invented persons in another. */
function probe(endDate: string) {
  const row = (i: number, client: number, municipalityCode: string, productCategory: string) =>
    validRow(i, {
      recordId: `A-${i}`,
      clientPseudonym: p1For(client),
      municipalityCode,
      productCategory,
      startDate: '2025-01-10',
      endDate,
      endReason: '01',
    });
  return [
    row(1, target, '0503', '54'),
    row(2, target, '0518', '45'),
    ...Array.from({ length: 9 }, (_, k) => row(10 + k, 70_000 + k, '0518', '45')),
  ];
}

/** Every answer the attacker can get about the period, over every endpoint, filter and indicator. */
async function everythingAttackerReads(portal: Portal): Promise<unknown[]> {
  const get = async (path: string) => {
    const response = await fetch(`${portal.url}/api/v1${path}`, { headers: { authorization: portal.bearer[attacker] } });
    return { path, status: response.status, body: stripVolatile(await response.json()) };
  };
  const paths = ['/data-quality?period=2025-H2'];
  for (const category of ['45', '54']) {
    for (const municipality of ['', '&municipalityCode=0518', '&municipalityCode=0503']) {
      paths.push(`/indicators?period=2025-H2&productCategory=${category}${municipality}`);
      for (const indicator of indicatorIds) {
        paths.push(`/comparisons/funnel?period=2025-H2&productCategory=${category}&indicator=${indicator}${municipality}`);
        paths.push(`/comparisons/casemix?period=2025-H2&productCategory=${category}&indicator=${indicator}${municipality}`);
      }
    }
    for (const indicator of indicatorIds)
      paths.push(`/comparisons/trend?period=2025-H2&productCategory=${category}&indicator=${indicator}`);
  }
  const answers = await Promise.all(paths.map(get));
  const dialogues = (await get('/dialogues')).body as { dialogues: Array<{ id: string }> };
  for (const { id } of dialogues.dialogues ?? []) answers.push(await get(`/dialogues/${id}`), await get(`/dialogues/${id}/changes`));
  return answers;
}

/** Timestamps and row ids differ between any two runs; nothing else may. */
function stripVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripVolatile);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !/(At|Date)$|^id$|Id$|^otherSources$|^submissions$/.test(key))
        .map(([key, v]) => [key, stripVolatile(v)]),
    );
  }
  return value;
}

async function mutate(portal: Portal, role: 'contract_manager' | 'admin', method: string, path: string, body: unknown) {
  const response = await fetch(`${portal.url}/api/v1${path}`, {
    method,
    headers: { cookie: portal.cookies[role], 'content-type': 'application/json', 'x-portal-request': '1' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
}

/** The whole attack in one world: what the attacker saw at each step. */
async function attack(portal: Portal): Promise<unknown[][]> {
  const seen: unknown[][] = [];
  // The end date, varied by repeated replacements: B's start (2025-10-01) is 3 days before, then 1, 31 and 78 days after.
  for (const endDate of ['2025-10-04', '2025-09-30', '2025-08-31', '2025-07-15']) {
    await upload(portal, attacker, '2025-H2', probe(endDate));
    seen.push(await everythingAttackerReads(portal));
  }
  // The period closes (figures final, peers shown to providers) and a dialogue is prepared.
  await mutate(portal, 'admin', 'PATCH', '/admin/periods/2025-H2', { closed: true });
  await mutate(portal, 'contract_manager', 'POST', '/dialogues', { providerAgb: attacker, period: '2025-H2' });
  seen.push(await everythingAttackerReads(portal));
  return seen;
}

describe.each(engines)('the re-entry membership oracle, over real HTTP, on %s', (engine) => {
  const worlds: Portal[] = [];
  afterAll(async () => {
    for (const world of worlds) {
      world.server.closeAllConnections();
      await new Promise((resolve) => world.server.close(resolve));
      await world.db.close();
    }
  });

  it('tells a provider nothing about whether a person it uploads (alone or padded to n = 10) started care elsewhere, whatever it uploads, replaces or reads', async () => {
    worlds.push(await openWorld(engine, true), await openWorld(engine, false));
    const [inMember, inOther] = await Promise.all(worlds.map(attack));
    // The attack did reach the data: B's trajectory counts as the target's re-entry in the first world.
    const [reentered] = await worlds[0].db
      .sql`select count(*)::int as n from reentry_cells c join organisations o on o.id = c.provider_id where o.code = ${attacker} and c.reentered > 0`;
    expect(reentered.n).toBeGreaterThan(0);
    const [none] = await worlds[1].db
      .sql`select count(*)::int as n from reentry_cells c join organisations o on o.id = c.provider_id where o.code = ${attacker} and c.reentered > 0`;
    expect(none.n).toBe(0);
    for (const [step, answers] of inMember.entries()) {
      for (const [i, answer] of answers.entries())
        expect(answer, `step ${step}: ${(answer as { path: string }).path}`).toEqual(inOther[step][i]);
    }
    // And the attacker did read figures: its own, and its peers' once the period was closed.
    const closedTable = inMember.at(-1)!.find((a) => (a as { path: string }).path === '/indicators?period=2025-H2&productCategory=45') as {
      body: { region: { figures: Array<{ indicator: string; suppressed: boolean }> } };
    };
    expect(closedTable.body.region.figures.find((f) => f.indicator === 'dropout')!.suppressed).toBe(false);
    expect(closedTable.body.region.figures.find((f) => f.indicator === 'noReentry')).toEqual({
      indicator: 'noReentry',
      suppressed: true,
      reason: 'linkage',
    });
  }, 240_000);
});
