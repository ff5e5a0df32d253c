import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { inject } from 'vitest';
import { npmRunPortal, npmStart, projectRoot, runToEnd, startPortalProcess } from './support/process.ts';
import { openTestDatabase } from './support/engines.ts';

/**
 * This file starts the portal as `npm start` and `npm run portal` do: the compiled server and CLI
 * in dist/ (the other tests run the TypeScript sources through tsx). Built here, once, with a time
 * limit of its own (a cold web build on a busy machine is slow); the starts below find it up to date.
 */
beforeAll(async () => {
  const build = await runToEnd(process.execPath, ['scripts/build.mjs', '--if-stale'], {}, 240_000);
  expect(build.code, `${build.stdout}${build.stderr}`).toBe(0);
}, 240_000);

const cli = (args: string[], env: Record<string, string>) => runToEnd(npmRunPortal[0], [...npmRunPortal[1], ...args, '--json'], env);

describe('npm start on the embedded database (demo mode)', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'rp-start-')), 'data');
  const env = { DATA_DIR: dataDir };

  it('loads the demo region once, prints the URL and the demo accounts, serves, and stops cleanly on SIGTERM', async () => {
    const portal = await startPortalProcess(env, 90_000, 'npm-start');
    try {
      expect(portal.output()).toMatch(/^build: (web\/dist\/ and dist\/ up to date|compiled dist\/)/m);
      expect(portal.output()).toMatch(/Demo region H10 Haaglanden: \d{5} records \(loaded now\)/);
      for (const role of ['provider', 'contract_manager', 'municipality', 'auditor', 'admin']) {
        expect(portal.output()).toMatch(
          new RegExp(`${role}\\s+\\S+@demo\\.resultaatportaal\\.nl\\s+Demo-\\S+\\s+TOTP secret [A-Z2-7]{32}`),
        );
      }
      const ready = await fetch(`${portal.url}/api/v1/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', database: 'pglite' });
      // The web app from web/dist, found from the project root (not from dist/api/src).
      const page = await fetch(portal.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script type="module"[^>]* src="\/assets\/index-[\w-]+\.js"/);

      // The CLI works while the server runs: it talks to the server's socket.
      const created = await cli(['provider', 'create', '--agb', '98000001', '--name', 'Jeugdhulp Testlaan'], env);
      expect(created.code).toBe(0);
      expect(JSON.parse(created.stdout)).toEqual({ agb: '98000001', name: 'Jeugdhulp Testlaan' });
      const user = await cli(['user', 'create', '--email', 'nieuw@test.nl', '--role', 'provider', '--org', '98000001'], env);
      expect(user.code).toBe(0);
      const account = JSON.parse(user.stdout);
      expect(account.password).toMatch(/^[A-Za-z2-9]{20}$/);
      expect(account.otpauthUri).toContain(`secret=${account.totpSecret}`);
    } finally {
      expect(await portal.stop('SIGTERM')).toBe(0);
    }
    const output = portal.output();
    expect(output).toContain('stopped cleanly');
    // Structured log lines never carry passwords or secrets (the welcome text prints demo credentials on purpose).
    const logLines = output.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toMatch(/Demo-|password|totpSecret|secret/i);
  }, 150_000);

  it('lets the CLI open the data directory itself while the server is stopped, and does not load the demo twice', async () => {
    const client = await cli(['client', 'create', '--provider', '98000001'], env);
    expect(client.code).toBe(0);
    expect(JSON.parse(client.stdout)).toMatchObject({ clientId: expect.stringMatching(/^rp_/), clientSecret: expect.any(String) });
    const duplicate = await cli(['provider', 'create', '--agb', '98000001', '--name', 'Again'], env);
    expect(duplicate.code).toBe(1);
    expect(JSON.parse(duplicate.stdout).error.message.nl).toContain('bestaat al');

    const portal = await startPortalProcess(env, 90_000, 'npm-start');
    try {
      expect(portal.output()).toMatch(/Demo region H10 Haaglanden: \d{5} records\./);
      expect(portal.output()).not.toContain('loaded now');
    } finally {
      expect(await portal.stop()).toBe(0);
    }
  }, 150_000);
});

describe('npm start on a real PostgreSQL', () => {
  it('migrates, serves and reports the engine in readiness', async () => {
    const db = await openTestDatabase('postgres', { migrated: false });
    const dataDir = mkdtempSync(join(tmpdir(), 'rp-start-pg-'));
    const portal = await startPortalProcess({ DATABASE_URL: db.url!, DATA_DIR: dataDir, DEMO: 'true' }, 90_000, 'npm-start');
    try {
      expect(await (await fetch(`${portal.url}/api/v1/readyz`)).json()).toEqual({ status: 'ready', database: 'postgres' });
      const [row] = await db.sql`select count(*)::int as n from outcome_records`;
      expect(row.n).toBeGreaterThan(15_000);
    } finally {
      expect(await portal.stop()).toBe(0);
      await db.close();
    }
  }, 150_000);
});

describe('refusing to start, with one line naming the cause', () => {
  const start = (env: Record<string, string>) => runToEnd(npmStart[0], [...npmStart[1]], { PORT: '0', ...env });

  it('asks for the key files outside demo mode, naming each setting', async () => {
    const db = await openTestDatabase('postgres', { migrated: false });
    const result = await start({ DATABASE_URL: db.url!, DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-bad-')) });
    await db.close();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PSEUDONYM_KEY_FILE: key file .* does not exist/);
    expect(result.stderr).toContain('SECRET_BOX_KEY_FILE');
  });

  it('refuses a production start without DATABASE_URL and DEMO instead of silently becoming a demo', async () => {
    const result = await start({ NODE_ENV: 'production', DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-bad-')) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Resultaatportaal cannot start: Invalid configuration: DATABASE_URL: not set while NODE_ENV=production/);
    expect(result.stderr).toContain('DEMO=true');
    expect(result.stdout).not.toMatch(/Demo-|TOTP secret/);
  });

  it('names a malformed setting', async () => {
    const result = await start({ PORT: 'eighty', DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-bad-')) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Resultaatportaal cannot start: Invalid configuration: PORT: expected a port number/);
  });

  it('names an unreachable DATABASE_URL without printing its password', async () => {
    const result = await start({
      DATABASE_URL: 'postgres://someone:hunter2@127.0.0.1:1/nothing',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'rp-bad-')),
      DEMO: 'true',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach the database at DATABASE_URL (postgres://someone:***@127.0.0.1:1/nothing)');
    expect(result.stderr).not.toContain('hunter2');
  });

  it('names a data directory that is not writable', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rp-bad-')), 'not-a-directory');
    writeFileSync(file, 'x');
    const result = await start({ DATA_DIR: file });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the data directory .*not-a-directory is not writable/);
  });

  it('names a port that is already in use', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const db = await openTestDatabase('postgres', { migrated: false });
      const dataDir = mkdtempSync(join(tmpdir(), 'rp-bad-'));
      const keys = await cli(['keys', 'init'], { DATA_DIR: dataDir, DATABASE_URL: db.url! });
      expect(keys.code).toBe(0);
      const result = await start({ PORT: String(port), DATABASE_URL: db.url!, DATA_DIR: dataDir });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
      // Nothing half-created: the port is claimed before the database is touched.
      const [tables] = await db.sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
      expect(tables.n).toBe(0);
      await db.close();
    } finally {
      blocker.close();
    }
  });
});

describe('the compiled server in dist/ (npm run build)', () => {
  it('imports nothing but Node built-ins and the production dependencies, and needs each of those: it runs after npm prune --omit=dev', () => {
    const { dependencies } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const dist = join(projectRoot, 'dist');
    const imported = new Map<string, string>();
    for (const file of readdirSync(dist, { recursive: true }) as string[]) {
      if (!file.endsWith('.js')) continue;
      for (const { fileName } of ts.preProcessFile(readFileSync(join(dist, file), 'utf8'), true, true).importedFiles) {
        if (fileName.startsWith('.') || fileName.startsWith('node:') || builtinModules.includes(fileName)) continue;
        const name = fileName
          .split('/')
          .slice(0, fileName.startsWith('@') ? 2 : 1)
          .join('/');
        if (!imported.has(name)) imported.set(name, file);
      }
    }
    expect(imported.size).toBeGreaterThan(5);
    expect([...imported].filter(([name]) => !(name in dependencies)).map(([name, file]) => `${name} (${file})`)).toEqual([]);
    // Build tools and the web app's packages are devDependencies: the production image prunes them.
    expect(Object.keys(dependencies).filter((name) => !imported.has(name))).toEqual([]);
  });
});

void inject;
