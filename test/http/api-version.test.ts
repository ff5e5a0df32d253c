import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { createHttpServer } from '../../api/src/http/node-server.ts';
import { createTestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';

/**
 * Logius API Design Rules, API-57: every answer of the API names its full version in the
 * `API-Version` header, the same as `info.version` in the contract. Over real HTTP: what a client
 * receives, refusals and unknown routes included, and not on the web app beside the API.
 */
describe.each(engines)('the API-Version header over real HTTP on %s', (engine) => {
  let db: TestDatabase;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    const app = createTestApp(db);
    server = createHttpServer(app.fetch, { hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await db?.close();
  });

  it('names the version of the contract (full semver) on answers, refusals, failed validation and unknown API routes', async () => {
    const contract = parse(await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as { info: { version: string } };
    expect(contract.info.version).toMatch(/^\d+\.\d+\.\d+$/);
    const answers = await Promise.all([
      fetch(`${url}/api/v1/healthz`),
      fetch(`${url}/api/v1/me`),
      fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' }),
      fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }),
      fetch(`${url}/api/v1/does-not-exist`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 401, 400, 422, 404]);
    for (const answer of answers) expect(answer.headers.get('api-version')).toBe(contract.info.version);
    await Promise.all(answers.map((a) => a.body?.cancel()));
  });

  it('is not sent by the web app beside the API', async () => {
    const page = await fetch(`${url}/api/docs/`);
    expect(page.headers.get('api-version')).toBeNull();
    await page.body?.cancel();
  });
});
