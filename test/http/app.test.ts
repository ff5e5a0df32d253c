import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { engines, openTestDatabase, type TestDatabase } from '../support/engines.ts';
import { createTestApp } from '../support/app.ts';

describe.each(engines)('the HTTP app on %s', (engine) => {
  let db: TestDatabase;
  let app: ReturnType<typeof createTestApp>;
  beforeAll(async () => {
    db = await openTestDatabase(engine);
    app = createTestApp(db);
  });
  afterAll(() => db.close());

  it('answers liveness and readiness, naming the database engine', async () => {
    expect(await (await app.request('/api/v1/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.request('/api/v1/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: engine });
  });

  it('answers an unknown API route with a 404 problem document in Dutch and English', async () => {
    const response = await app.request('/api/v1/does-not-exist');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await response.json();
    expect(problem).toMatchObject({ status: 404, code: 'route_not_found', instance: '/api/v1/does-not-exist' });
    expect(problem.message.nl).toContain('Er bestaat geen GET /api/v1/does-not-exist');
    expect(problem.message.en).toContain('There is no GET /api/v1/does-not-exist');
    expect(problem.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('sends the security headers of SPEC §6 and never caches API data', async () => {
    const response = await app.request('/api/v1/healthz');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the contract identical to the committed openapi.yaml', async () => {
    const response = await app.request('/api/v1/openapi.yaml');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
  });

  it('serves a readable API reference built from the contract, with no script and no third-party viewer', async () => {
    expect((await app.request('/api/docs')).headers.get('location')).toBe('/api/docs/');
    const page = await app.request('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/<script|swagger|https?:\/\/(?!eupl|github)/i);
    // Every operation of the committed contract is listed with its method, path and summary.
    const contract = parse(await readFile(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
    let operations = 0;
    expect(contract.servers[0].url).toBe('/api/v1');
    for (const [relativePath, item] of Object.entries(
      contract.paths as Record<string, Record<string, { summary: string; operationId: string }>>,
    )) {
      for (const [method, operation] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operations++;
        const path = `/api/v1${relativePath}`; // as the reader calls it
        expect(html).toContain(`<span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code>`);
        expect(html).toContain(
          operation.summary
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;')
            .replace(/'/g, '&#39;'),
        );
      }
    }
    expect(operations).toBeGreaterThan(30);
    for (const schema of Object.keys(contract.components.schemas)) expect(html).toContain(`id="schema-${schema}"`);
    expect(html).toContain('<td><code>periodCode</code>');
    expect(html).toContain('<td><code>period</code>');
    expect(html).toContain('<a href="#schema-Problem">Problem</a>');
    expect((await app.request('/api/docs/ui/swagger-ui-bundle.js')).status).toBe(404);
  });

  it('answers 503 with Retry-After from readiness when the database is gone, and no stack trace', async () => {
    const gone = await openTestDatabase(engine);
    const goneApp = createTestApp(gone);
    await gone.close();
    const response = await goneApp.request('/api/v1/readyz');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeTruthy();
    const text = await response.text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(JSON.parse(text).code).toBe('service_unavailable');
  });
});
